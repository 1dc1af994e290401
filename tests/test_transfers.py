"""Moves between the customer's own accounts: paired by the import, left out of spend and
insights, and counted again when the customer says no or one line goes."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.test_api import call
from yourside.book.models import Account, Transaction, Vendor
from yourside.book.services import delete_record, not_a_transfer, update_record
from yourside.ingest.services import import_file, undo_import
from yourside.insights.models import Insight, Refreshed
from yourside.insights.services import refresh_after_import, refresh_insights

GIRO = (
    "Date,Description,Amount\n"
    "2026-03-03,NORDBANK VISA ABRECHNUNG KARTE 9013,-685.50\n"
    "2026-03-04,REWE SAGT DANKE,-23.10\n"
)
CARD = (
    "Date,Description,Amount\n"
    "2026-02-10,MEDIAMARKT MUENCHEN,-685.50\n"
    "2026-03-04,NORDBANK AUSGLEICH GIROKONTO 4821,685.50\n"
)


def accounts(owner: User) -> tuple[Account, Account]:
    giro = Account.objects.create(owner=owner, name="Girokonto", number_hint="4821")
    card = Account.objects.create(owner=owner, name="Visa", kind="card", number_hint="9013")
    return giro, card


def load(owner: User, text: str, account: str, name: str) -> list[int]:
    result = import_file(owner, io.BytesIO(text.encode()), name, account_name=account)
    batches = [b.pk for b in result.batches if b.pk]
    refresh_after_import(owner, batches, date(2026, 3, 20))
    return batches


def line(owner: User, text: str) -> Transaction:
    return Transaction.objects.owned_by(owner).get(description=text)


def test_an_import_pairs_a_card_bill_with_its_settlement_on_the_card(alice: User) -> None:
    accounts(alice)
    load(alice, GIRO, "Girokonto", "giro.csv")
    assert not Transaction.objects.owned_by(alice).exclude(transfer="").exists()
    load(alice, CARD, "Visa", "card.csv")
    out = line(alice, "NORDBANK VISA ABRECHNUNG KARTE 9013")
    into = line(alice, "NORDBANK AUSGLEICH GIROKONTO 4821")
    assert out.transfer == into.transfer == f"{out.pk}:{into.pk}"
    assert out.is_transfer
    assert into.is_transfer
    # The purchase of the same amount on the card is no move; nor is the shopping.
    assert line(alice, "MEDIAMARKT MUENCHEN").transfer == ""
    assert line(alice, "REWE SAGT DANKE").transfer == ""
    # Importing either file again changes nothing.
    load(alice, CARD, "Visa", "card.csv")
    load(alice, GIRO, "Girokonto", "giro.csv")
    assert Transaction.objects.owned_by(alice).filter(transfer=out.transfer).count() == 2


def test_only_lines_another_account_mirrors_are_read(alice: User) -> None:
    from yourside.book.services import _pairable

    giro, card = accounts(alice)

    def add(account: Account, amount: str, text: str) -> int:
        return Transaction.objects.create(
            owner=alice, account=account, date=date(2026, 3, 3), amount=Decimal(amount),
            currency="EUR", description=text, fingerprint=text,
        ).pk  # fmt: skip

    bill = add(giro, "-685.50", "bill")
    add(giro, "685.50", "refund")  # mirrored by its own account only
    add(giro, "-10.00", "coffee")
    settled = add(card, "685.50", "settled")
    add(card, "-20.00", "book")
    book = Transaction.objects.owned_by(alice)
    lines, fresh = _pairable(book, book.filter(account=giro))
    assert sorted(line.id for line in lines) == [bill, settled]
    assert [line.id for line in fresh] == [bill]
    assert {line.text for line in lines} == {"bill", "settled"}


def test_a_book_of_one_account_has_no_transfers(alice: User) -> None:
    load(alice, GIRO + CARD.split("\n", 1)[1], "Girokonto", "both.csv")
    assert not Transaction.objects.owned_by(alice).exclude(transfer="").exists()


def test_another_owners_accounts_are_never_the_other_side(alice: User, bob: User) -> None:
    Account.objects.create(owner=alice, name="Girokonto", number_hint="4821")
    Account.objects.create(owner=alice, name="Savings")
    accounts(bob)
    load(bob, CARD, "Visa", "card.csv")
    load(alice, GIRO, "Girokonto", "giro.csv")
    assert not Transaction.objects.exclude(transfer="").exists()


def test_undoing_one_side_counts_the_other_again(alice: User) -> None:
    accounts(alice)
    load(alice, GIRO, "Girokonto", "giro.csv")
    (card,) = load(alice, CARD, "Visa", "card.csv")
    from yourside.ingest.models import ImportBatch

    undo_import(ImportBatch.objects.get(pk=card))
    assert line(alice, "NORDBANK VISA ABRECHNUNG KARTE 9013").transfer == ""
    # Imported again, the pair is found again.
    load(alice, CARD, "Visa", "card.csv")
    assert line(alice, "NORDBANK VISA ABRECHNUNG KARTE 9013").is_transfer


def test_deleting_or_changing_one_line_counts_the_other_again(alice: User) -> None:
    giro, card = accounts(alice)
    load(alice, GIRO, "Girokonto", "giro.csv")
    load(alice, CARD, "Visa", "card.csv")
    out = line(alice, "NORDBANK VISA ABRECHNUNG KARTE 9013")
    into = line(alice, "NORDBANK AUSGLEICH GIROKONTO 4821")
    # A change that keeps date, amount and account keeps the pair.
    update_record(out, {"description": "VISA ABRECHNUNG 9013"})
    out.refresh_from_db()
    assert out.is_transfer
    update_record(out, {"amount": Decimal("-685.00")})
    out.refresh_from_db()
    into.refresh_from_db()
    assert (out.transfer, into.transfer) == ("", "")

    Transaction.objects.filter(pk__in=[out.pk, into.pk]).update(transfer=f"{out.pk}:{into.pk}")
    out.refresh_from_db()
    delete_record(out)
    into.refresh_from_db()
    assert into.transfer == ""

    Transaction.objects.filter(pk=into.pk).update(transfer=f"1:{into.pk}")
    other = Transaction.objects.create(
        owner=alice, account=giro, date=date(2026, 3, 3), amount=Decimal("-685.50"),
        currency="EUR", description="x", transfer=f"1:{into.pk}",
    )  # fmt: skip
    delete_record(giro)  # the account goes, and its lines with it
    into.refresh_from_db()
    assert into.transfer == ""
    assert not Transaction.objects.filter(pk=other.pk).exists()
    assert card.transactions.count() == 2


def test_an_edit_keeps_a_pairing_made_after_the_line_was_read(alice: User) -> None:
    accounts(alice)
    load(alice, GIRO, "Girokonto", "giro.csv")
    out = line(alice, "NORDBANK VISA ABRECHNUNG KARTE 9013")  # read, as a form or the API does
    load(alice, CARD, "Visa", "card.csv")  # meanwhile the card statement pairs it
    into = line(alice, "NORDBANK AUSGLEICH GIROKONTO 4821")
    key = into.transfer
    assert key
    assert out.transfer == ""  # what was read is stale
    update_record(out, {"description": "VISA ABRECHNUNG 9013"})
    assert line(alice, "VISA ABRECHNUNG 9013").transfer == key
    assert line(alice, "NORDBANK AUSGLEICH GIROKONTO 4821").transfer == key
    # A stale read that changes the amount undoes the pairing it did not see.
    stale = Transaction.objects.get(pk=out.pk)
    stale.transfer = ""
    update_record(stale, {"amount": Decimal("-685.00")})
    assert line(alice, "VISA ABRECHNUNG 9013").transfer == ""
    assert line(alice, "NORDBANK AUSGLEICH GIROKONTO 4821").transfer == ""


def test_a_line_edited_while_the_import_pairs_stays_unpaired(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yourside.core import transfers

    accounts(alice)
    load(alice, GIRO, "Girokonto", "giro.csv")
    found = transfers.pairs

    def edited_meanwhile(*args: object, **kwargs: object) -> list[tuple[int, int]]:
        pairs = found(*args, **kwargs)  # type: ignore[arg-type]
        # The customer changes the bill's amount after the import read it.
        Transaction.objects.filter(description__startswith="NORDBANK VISA").update(
            amount=Decimal("-600.00")
        )
        return pairs

    monkeypatch.setattr(transfers, "pairs", edited_meanwhile)
    load(alice, CARD, "Visa", "card.csv")
    assert line(alice, "NORDBANK VISA ABRECHNUNG KARTE 9013").transfer == ""
    assert line(alice, "NORDBANK AUSGLEICH GIROKONTO 4821").transfer == ""


def test_not_a_transfer_counts_both_again_and_for_good(alice: User) -> None:
    accounts(alice)
    load(alice, GIRO, "Girokonto", "giro.csv")
    load(alice, CARD, "Visa", "card.csv")
    out = line(alice, "NORDBANK VISA ABRECHNUNG KARTE 9013")
    not_a_transfer(alice, out)
    into = line(alice, "NORDBANK AUSGLEICH GIROKONTO 4821")
    assert out.transfer == into.transfer == Transaction.NOT_A_TRANSFER
    assert line(alice, "NORDBANK VISA ABRECHNUNG KARTE 9013").transfer == "no"
    with pytest.raises(ValidationError, match="not in a transfer"):
        not_a_transfer(alice, out)
    # A later statement that could pair with the giro line does not.
    Account.objects.create(owner=alice, name="Savings")
    load(alice, "Date,Description,Amount\n2026-03-05,UMBUCHUNG 4821,685.50\n", "Savings", "s.csv")
    assert line(alice, "UMBUCHUNG 4821").transfer == ""


def _savings(count: int) -> tuple[str, str]:
    """A standing order to savings on the 1st of each month, booked there a day later."""
    first = date(2025, 1, 1)
    days = [date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1)
            for n in range(count)]  # fmt: skip
    giro = "".join(f"{d},DAUERAUFTRAG UMBUCHUNG SPARKONTO,-200.00\n" for d in days)
    savings = "".join(f"{d + timedelta(days=1)},UMBUCHUNG VOM GIROKONTO,200.00\n" for d in days)
    header = "Date,Description,Amount\n"
    return header + giro, header + savings


def test_a_monthly_move_to_savings_is_no_subscription(alice: User) -> None:
    giro, savings = _savings(10)
    Account.objects.create(owner=alice, name="Girokonto")
    load(alice, giro, "Girokonto", "giro.csv")
    today = date(2025, 10, 20)
    refresh_insights(alice, today)
    # Before its other side is in the book, it looks like a standing order to somebody.
    assert Insight.objects.owned_by(alice).filter(kind="recurring", current=True).count() == 1
    Account.objects.create(owner=alice, name="Savings")
    result = import_file(alice, io.BytesIO(savings.encode()), "s.csv", account_name="Savings")
    refresh_after_import(alice, [b.pk for b in result.batches], today)
    assert Transaction.objects.owned_by(alice).exclude(transfer="").count() == 20
    assert not Insight.objects.owned_by(alice).filter(kind="recurring", current=True).exists()
    refresh_insights(alice, today)  # and a whole refresh agrees
    assert not Insight.objects.owned_by(alice).filter(kind="recurring", current=True).exists()


def test_the_vendor_page_leaves_the_moves_out_of_what_was_paid(alice: User) -> None:
    accounts(alice)
    bank = Vendor.objects.create(owner=alice, name="Nordbank", aliases=["NORDBANK"])
    load(alice, GIRO, "Girokonto", "giro.csv")
    load(alice, CARD, "Visa", "card.csv")
    Transaction.objects.owned_by(alice).filter(description__startswith="NORDBANK").update(
        vendor=bank
    )
    Transaction.objects.create(
        owner=alice, account=Account.objects.get(name="Girokonto"), date=date(2026, 3, 1),
        amount=Decimal("-4.95"), currency="EUR", description="NORDBANK KONTOFUEHRUNG",
        vendor=bank,
    )  # fmt: skip
    client = Client()
    client.login(username="alice", password=PASSWORD)
    page = client.get(f"/vendors/{bank.pk}/").content.decode()
    section = page[page.index("Paid in all") : page.index('id="spend"')]
    assert "4.95" in section
    assert "685.50" not in section
    assert "690.45" not in section
    assert "2 of them move money between your own accounts" in section
    assert ">3<" in section  # all three lines are listed
    listed = client.get("/transactions/").content.decode()
    assert listed.count("Between your accounts, not counted as spend") == 2
    assert listed.count("Not a transfer</button>") == 2


def test_the_web_button_says_not_a_transfer(alice: User) -> None:
    accounts(alice)
    load(alice, GIRO, "Girokonto", "giro.csv")
    load(alice, CARD, "Visa", "card.csv")
    out = line(alice, "NORDBANK VISA ABRECHNUNG KARTE 9013")
    client = Client()
    client.login(username="alice", password=PASSWORD)
    response = client.post(f"/transactions/{out.pk}/not-a-transfer/", follow=True)
    assert "both of its lines count as spend and income again" in response.content.decode()
    assert line(alice, "NORDBANK AUSGLEICH GIROKONTO 4821").transfer == "no"
    again = client.post(f"/transactions/{out.pk}/not-a-transfer/", follow=True)
    assert "not in a transfer between your accounts" in again.content.decode()
    assert client.get(f"/transactions/{out.pk}/not-a-transfer/").status_code == 405


def test_the_api_shows_the_transfer_and_takes_a_no(
    client: Client, alice: User, alice_token: str
) -> None:
    accounts(alice)
    load(alice, GIRO, "Girokonto", "giro.csv")
    load(alice, CARD, "Visa", "card.csv")
    out = line(alice, "NORDBANK VISA ABRECHNUNG KARTE 9013")
    got = call(client, "GET", f"/api/transactions/{out.pk}", alice_token).json()
    assert got["transfer"] == out.transfer
    said = call(client, "POST", f"/api/transactions/{out.pk}/not-a-transfer", alice_token)
    assert said.status_code == 200
    assert said.json()["transfer"] == "no"
    again = call(client, "POST", f"/api/transactions/{out.pk}/not-a-transfer", alice_token)
    assert again.status_code == 422
    assert "not in a transfer" in again.json()["detail"]
    # Not a field the API takes.
    call(client, "PATCH", f"/api/transactions/{out.pk}", alice_token, {"transfer": "1:2"})
    out.refresh_from_db()
    assert out.transfer == "no"


def test_the_demo_settles_its_card_with_transfers(alice: User) -> None:
    """Every card settlement of the demo book is paired, and nothing else is."""
    from yourside.demo import load_demo

    assert load_demo(alice, timezone.localdate())
    moved = Transaction.objects.owned_by(alice).filter(transfer__contains=":")
    texts = set(moved.values_list("description", flat=True))
    assert texts == {"NORDBANK VISA ABRECHNUNG KARTE 9013", "NORDBANK AUSGLEICH GIROKONTO 4821"}
    assert moved.count() % 2 == 0
    assert moved.count() >= 20
    data = json.dumps(list(moved.values_list("transfer", flat=True)))
    assert '"no"' not in data


@pytest.mark.django_db(transaction=True)
def test_the_migration_pairs_the_moves_of_books_imported_before() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("book", "0007_vendor_order_stable"), ("insights", "0004_insight_vendor_set_null")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    owner = old.get_model("auth", "User").objects.create(username="olga")
    account = old.get_model("book", "Account")
    giro = account.objects.create(owner=owner, name="Giro", number_hint="4821")
    card = account.objects.create(owner=owner, name="Card", number_hint="9013")
    line = old.get_model("book", "Transaction")
    old.get_model("insights", "Refreshed").objects.create(owner=owner, day=date(2026, 3, 3))
    for acc, amount, text in [
        (giro, "-685.50", "VISA ABRECHNUNG KARTE 9013"),
        (card, "685.50", "AUSGLEICH"),
        (card, "-685.50", "MEDIAMARKT"),
    ]:
        line.objects.create(
            owner=owner, account=acc, date=date(2026, 3, 3), amount=Decimal(amount),
            currency="EUR", description=text,
        )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    out = Transaction.objects.get(description="VISA ABRECHNUNG KARTE 9013")
    into = Transaction.objects.get(description="AUSGLEICH")
    assert out.transfer == into.transfer == f"{out.pk}:{into.pk}"
    assert Transaction.objects.get(description="MEDIAMARKT").transfer == ""
    # The insights found in those moves end on the next look, not the next day's.
    assert not Refreshed.objects.filter(owner_id=out.owner_id).exists()
