"""Moves between the customer's own accounts: which two lines are one, and which look-alikes not."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from yourside.core.transfers import (
    WINDOW_DAYS,
    Line,
    key_ids,
    names_account,
    pair_key,
    pairs,
    reads_as_move,
)

DAY = date(2026, 3, 3)
GIRO, CARD, SAVINGS = 1, 2, 3
HINTS = {GIRO: "4821", CARD: "9013", SAVINGS: ""}


def line(id: int, account: int, amount: str, text: str, day: date = DAY) -> Line:
    return Line(id, account, day, Decimal(amount), "EUR", text)


def test_a_card_bill_settled_from_the_current_account_is_one_transfer() -> None:
    giro = line(1, GIRO, "-685.50", "NORDBANK VISA ABRECHNUNG KARTE 9013")
    card = line(2, CARD, "685.50", "NORDBANK AUSGLEICH GIROKONTO 4821", DAY + timedelta(days=1))
    assert pairs([card], [giro], HINTS) == [(1, 2)]
    assert pairs([giro, card], [], HINTS) == [(1, 2)]


def test_the_other_account_named_by_one_line_is_enough() -> None:
    giro = line(1, GIRO, "-200.00", "KREDITKARTENABRECHNUNG 9013")
    card = line(2, CARD, "200.00", "THANK YOU")  # says nothing of a move
    assert pairs([giro], [card], HINTS) == [(1, 2)]


def test_without_the_number_both_lines_must_read_as_a_move() -> None:
    out = line(1, GIRO, "-500.00", "Umbuchung Tagesgeld")
    into = line(2, SAVINGS, "500.00", "Umbuchung vom Girokonto")
    assert pairs([out], [into], HINTS) == [(1, 2)]
    # One purchase and one refund of the same amount on two accounts are no move.
    shop = line(3, GIRO, "-59.95", "ZALANDO SE BESTELLUNG 123")
    refund = line(4, CARD, "59.95", "ZALANDO GUTSCHRIFT RETOURE")
    assert pairs([shop], [refund], HINTS) == []
    # One line reading as a move is not enough when the other names nothing.
    assert pairs([line(5, GIRO, "-70.00", "Umbuchung")], [line(6, SAVINGS, "70.00", "x")], {}) == []


def test_what_is_no_move() -> None:
    out = line(1, GIRO, "-100.00", "UMBUCHUNG KARTE 9013")
    # The same account, the same direction, another amount, another currency, too far apart.
    assert pairs([out], [line(2, GIRO, "100.00", "UMBUCHUNG")], HINTS) == []
    assert pairs([out], [line(3, CARD, "-100.00", "UMBUCHUNG")], HINTS) == []
    assert pairs([out], [line(4, CARD, "100.01", "UMBUCHUNG")], HINTS) == []
    usd = Line(5, CARD, DAY, Decimal("100.00"), "USD", "UMBUCHUNG")
    assert pairs([out], [usd], HINTS) == []
    late = DAY + timedelta(days=WINDOW_DAYS + 1)
    assert pairs([out], [line(6, CARD, "100.00", "UMBUCHUNG", late)], HINTS) == []
    edge = DAY + timedelta(days=WINDOW_DAYS)
    assert pairs([out], [line(7, CARD, "100.00", "UMBUCHUNG", edge)], HINTS) == [(1, 7)]
    # Nothing moves with a zero amount.
    assert pairs([line(8, GIRO, "0", "UMBUCHUNG")], [line(9, CARD, "0", "UMBUCHUNG")], HINTS) == []


def test_each_line_is_in_one_transfer_the_nearest_in_time() -> None:
    out = line(1, GIRO, "-300.00", "UEBERTRAG SPAREN")
    far = line(2, SAVINGS, "300.00", "UEBERTRAG SPAREN", DAY + timedelta(days=3))
    near = line(3, SAVINGS, "300.00", "UEBERTRAG SPAREN", DAY + timedelta(days=1))
    assert pairs([out], [far, near], HINTS) == [(1, 3)]
    # Two moves of one amount in a week: two transfers, each with its nearest.
    second = line(4, GIRO, "-300.00", "UEBERTRAG SPAREN", DAY + timedelta(days=3))
    assert pairs([out, second], [far, near], HINTS) == [(1, 3), (4, 2)]


def test_a_line_naming_the_account_wins_over_one_that_only_reads_as_a_move() -> None:
    out = line(1, GIRO, "-80.00", "TRANSFER")
    plain = line(2, SAVINGS, "80.00", "TRANSFER")
    named = line(3, CARD, "80.00", "TRANSFER FROM 4821")
    assert pairs([out], [plain, named], HINTS) == [(1, 3)]


def test_an_account_number_stands_alone_or_ends_a_longer_number() -> None:
    assert names_account("VISA ABRECHNUNG KARTE 9013", "9013")
    assert names_account("AN DE12 3456 7890 1234 4821", "4821")
    assert names_account("KONTO DE89370400440532014821 GUTSCHRIFT", "4821")
    assert names_account("CARD XXXX9013", "9013")
    assert not names_account("RECHNUNG 90131", "9013")  # inside a longer number
    # The end of a date or of a reference is no account number.
    assert not names_account("STROM 01.02.2025", "2025")
    assert not names_account("RECHNUNG 2024/4821", "4821")
    assert not names_account("Ref RF18539007544821", "4821")
    assert not names_account("KARTE 9013", "")
    assert not names_account("KARTE 13", "13")  # too short to name an account
    assert reads_as_move("Eigenübertrag auf Sparkonto")
    assert reads_as_move("PAYMENT THANK YOU")
    assert not reads_as_move("REWE SAGT DANKE")
    # The words of any payment are no evidence of a move between one's own accounts.
    assert not reads_as_move("CARD PAYMENT TO TESCO STORES")
    assert not reads_as_move("SEPA Credit Transfer from J SMITH")
    assert reads_as_move("TRANSFER TO SAVINGS")
    assert not reads_as_move("Transferwise fee")  # a word of its own, not inside another


def test_the_key_holds_both_ids() -> None:
    assert pair_key(12, 13) == "12:13"
    assert key_ids("12:13") == (12, 13)
    assert key_ids("no") == ()
    assert key_ids("") == ()


@st.composite
def books(draw: st.DrawFn) -> list[Line]:
    """Lines on three accounts with few amounts and days, so that candidates compete."""
    count = draw(st.integers(0, 40))
    amounts = ["-50.00", "50.00", "-20.00", "20.00", "0.00"]
    texts = ["UMBUCHUNG", "KARTE 9013", "GIROKONTO 4821", "REWE"]
    return [
        line(
            i + 1,
            draw(st.sampled_from([GIRO, CARD, SAVINGS])),
            draw(st.sampled_from(amounts)),
            draw(st.sampled_from(texts)),
            DAY + timedelta(days=draw(st.integers(0, 12))),
        )
        for i in range(count)
    ]


@given(books(), st.integers(0, 40), st.randoms())
def test_every_transfer_keeps_the_rules_and_the_order_of_the_lines_does_not_matter(
    book: list[Line], split: int, shuffle: random.Random
) -> None:
    new, others = book[:split], book[split:]
    found = pairs(new, others, HINTS)
    by_id = {x.id: x for x in book}
    ids = [i for pair in found for i in pair]
    assert len(ids) == len(set(ids))  # one transfer a line at most
    for out_id, in_id in found:
        out, into = by_id[out_id], by_id[in_id]
        assert out.amount < 0
        assert into.amount == -out.amount
        assert out.account != into.account
        assert out.currency == into.currency
        assert abs((out.date - into.date).days) <= WINDOW_DAYS
        assert out_id in {x.id for x in new} or in_id in {x.id for x in new}
    shuffle.shuffle(new)
    shuffle.shuffle(others)
    assert pairs(new, others, HINTS) == found
