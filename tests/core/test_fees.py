"""Fees found by their bank description, in five languages, with their look-alikes kept out."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared_data import SHARED_DATA, needs_shared_data
from yourside.core import fees
from yourside.core.fees import (
    EXPLANATIONS,
    FEE_KINDS,
    Fee,
    FeeKind,
    Txn,
    classify,
    fee_of,
    fee_totals,
    find_fees,
)


def txn(description: str, amount: str = "-4.90", day: date = date(2024, 3, 28), **kw: str) -> Txn:
    return Txn(
        kw.get("id", description),
        "current",
        day,
        Decimal(amount),
        kw.get("vendor", "bank"),
        description,
    )


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        ("KONTOFUEHRUNGSENTGELT", "account"),
        ("Entgelt Kontoführung", "account"),
        ("Entgelt KontofÃ¼hrung", "account"),  # UTF-8 read as Latin-1 by the bank's export
        ("Buchungsentgelt", "account"),
        ("frais de tenue de compte", "account"),
        ("Kosten OranjePakket", "account"),
        ("Poplatek za vedení účtu", "account"),
        ("SLUZBY", "account"),  # PKDD'99 statement fee
        ("Jahresgebühr Karte", "card"),
        ("annual fee", "card"),
        ("COTISATION CARTE VISA PREMIER", "card"),
        ("Auslandseinsatzentgelt", "foreign"),
        ("FOREIGN TRANSACTION FEE", "foreign"),
        ("NON-STERLING TRANSACTION FEE", "foreign"),
        ("Frais sur opération à l'étranger", "foreign"),
        ("CCY CONVERSION FEE", "conversion"),
        ("CASH WITHDRAWAL FEE", "atm"),
        ("Geldautomat Gebühr", "atm"),
        ("Poplatek za výběr z bankomatu", "atm"),
        ("Sollzinsen", "overdraft-interest"),
        ("Überziehungszinsen", "overdraft-interest"),
        ("UEBERZIEHUNGSZINSEN 01.01.-31.03.", "overdraft-interest"),
        ("COMMISSION D'INTERVENTION", "overdraft-interest"),
        ("Debetrente", "overdraft-interest"),
        ("SANKC. UROK", "penalty-interest"),  # PKDD'99 penalty interest
        ("LATE PAYMENT FEE", "late"),
        ("Mahngebühr Rechnung 4711", "late"),
        ("Rücklastschriftgebühr", "returned-debit"),
        ("RETURNED DIRECT DEBIT FEE", "returned-debit"),
        ("Kosten", "other-fee"),
        ("commission", "other-fee"),
        ("FEE", "other-fee"),
    ],
)
def test_description_names_its_fee(description: str, kind: FeeKind) -> None:
    assert classify(description) == kind


@pytest.mark.parametrize(
    "description",
    [
        "COSTA COFFEE 4412 LONDON",
        "TOFFEE & CO",
        "PETS AT HOME FEED",
        "GEBÜHRENFREI",
        "Bargeldauszahlung gebührenfrei",
        "CASH WITHDRAWAL",  # the withdrawal itself
        "Rücklastschrift",  # the returned debit itself: money back, not a fee
        "0,0625 % p.a. Habenzinsen ab 01.07.17",  # credit interest
        "UROK",  # PKDD'99 credit interest
        "Platba za služby Vodafone",  # "services", paid to a vendor
        "SCHOOL FEES ST MARYS",
        "Versandkosten",
        "Nebenkosten Abrechnung 2023",
        "Rundfunkgebühr",
        "Poplatek za odpad",
        "EUROPEAN COMMISSION",
        "POD POINT CHARGE",
        "PAIEMENT CB HORS ZONE EURO AMAZON",  # the foreign purchase, not its fee
        "GYM ANNUAL FEE",
    ],
)
def test_look_alike_is_not_a_fee(description: str) -> None:
    assert classify(description) is None


def test_coffee_shops_never_count_as_fees() -> None:
    lines = [txn("COFFEE REPUBLIC"), txn("CAFFE NERO COFFEE"), txn("COFFEE#1 CARDIFF")]
    assert find_fees(lines).fees == []


def test_fee_refund_is_reported_apart() -> None:
    report = find_fees([txn("Erstattung Kontoführungsentgelt", "4.90")])
    assert report.fees == []
    assert [(f.kind, f.amount) for f in report.refunded] == [("account", Decimal("4.90"))]


def test_credit_with_generic_fee_word_needs_a_refund_word() -> None:
    report = find_fees([txn("Kosten", "2.00", id="a"), txn("Storno Kosten", "2.00", id="b")])
    assert [f.txn_id for f in report.refunded] == ["b"]


def test_salary_is_not_a_fee_refund() -> None:
    assert find_fees([txn("Arbeitsentgelt 03/2024", "2450.00")]).refunded == []


def test_zero_amount_is_neither_fee_nor_refund() -> None:
    report = find_fees([txn("Kontoführungsentgelt", "0.00")])
    assert (report.fees, report.refunded) == ([], [])


def test_fee_says_what_it_is_and_how_to_avoid_it() -> None:
    (fee,) = find_fees([txn("FOREIGN TRANSACTION FEE", "-1.23")]).fees
    assert fee == Fee(
        "FOREIGN TRANSACTION FEE",
        "bank",
        date(2024, 3, 28),
        "foreign",
        Decimal("-1.23"),
        EXPLANATIONS["foreign"],
    )
    assert "a card without foreign fees avoids it" in fee.explanation


def test_every_kind_is_explained() -> None:
    assert set(EXPLANATIONS) == set(FEE_KINDS)


def test_totals_are_per_vendor_year_and_kind() -> None:
    fees = find_fees(
        [
            txn("Sollzinsen", "-3.10", date(2023, 12, 29), id="1"),
            txn("Sollzinsen", "-2.40", date(2024, 3, 28), id="2"),
            txn("Sollzinsen", "-1.00", date(2024, 6, 28), id="3"),
            txn("Kontoführungsentgelt", "-4.90", date(2024, 6, 28), id="4"),
            txn("LATE PAYMENT FEE", "-12.00", date(2024, 5, 2), id="5", vendor="energy"),
        ]
    ).fees
    assert [(t.vendor_key, t.year, t.kind, t.total, t.count) for t in fee_totals(fees)] == [
        ("bank", 2023, "overdraft-interest", Decimal("-3.10"), 1),
        ("bank", 2024, "account", Decimal("-4.90"), 1),
        ("bank", 2024, "overdraft-interest", Decimal("-3.40"), 2),
        ("energy", 2024, "late", Decimal("-12.00"), 1),
    ]


@needs_shared_data
def test_pkdd99_fee_codes_are_the_only_fees() -> None:
    """In the real Czech bank data only the statement fee and penalty interest are fees."""
    with (SHARED_DATA / "pkdd99" / "trans-1993-slice.asc").open() as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    found = {(row["k_symbol"], classify(row["k_symbol"] or row["operation"])) for row in rows}
    kinds = {kind for _, kind in found if kind}
    assert kinds == {"account", "penalty-interest"}
    assert {code for code, kind in found if kind} == {"SLUZBY", "SANKC. UROK"}


# --- properties -----------------------------------------------------------------------------------

KNOWN = ["Sollzinsen", "Mahngebühr", "CASH WITHDRAWAL FEE", "Auslandseinsatzentgelt", "Kosten"]
MERCHANTS = ["COSTA COFFEE", "REWE SAGT DANKE", "ALBERT HEIJN 1234", "TESCO STORES", "Lidl"]

fees_st = st.lists(
    st.builds(
        Fee,
        txn_id=st.uuids().map(str),
        vendor_key=st.sampled_from(["bank", "card", "energy"]),
        date=st.dates(date(2020, 1, 1), date(2025, 12, 31)),
        kind=st.sampled_from(FEE_KINDS),
        amount=st.decimals("-99.99", "-0.01", places=2),
        explanation=st.just(""),
    ),
    max_size=40,
)


@given(fees_st)
def test_totals_add_up_to_the_fees(fees: list[Fee]) -> None:
    totals = fee_totals(fees)
    assert sum((t.total for t in totals), Decimal(0)) == sum((f.amount for f in fees), Decimal(0))
    assert sum(t.count for t in totals) == len(fees)


@given(st.sampled_from(KNOWN), st.sampled_from([str.lower, str.upper, str.title]))
def test_case_does_not_change_the_kind(description: str, case: Callable[[str], str]) -> None:
    assert classify(case(description)) == classify(description)


@given(st.lists(st.sampled_from(KNOWN + MERCHANTS), max_size=20), st.sampled_from(MERCHANTS))
def test_purchases_never_change_the_fees_found(lines: list[str], merchant: str) -> None:
    before = [txn(d, id=str(k)) for k, d in enumerate(lines)]
    after = [*before, txn(merchant, "-30.00", id="extra")]
    assert find_fees(after).fees == find_fees(before).fees


# Each pattern a fee can be found by, for the prefilter test below.
_FEE_PATTERNS = [fees._FEE, *(pattern for _, pattern in fees._SPECIFIC)]


@pytest.mark.parametrize("pattern", _FEE_PATTERNS, ids=lambda p: p.pattern[:30])
@given(data=st.data())
def test_every_text_a_fee_pattern_matches_passes_the_cheap_prefilter(
    pattern: re.Pattern[str], data: st.DataObject
) -> None:
    # The prefilter skips the patterns for most lines: it must never skip a line they match.
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text)
    assert fees._may_be_fee(text), text


def test_a_fee_word_next_to_digits_is_classified_whatever_the_digits() -> None:
    # Classifications are cached per shape (digits as 0): the digits never change the answer.
    assert classify("KONTOFÜHRUNG 03/2025") == classify("KONTOFÜHRUNG 11/2026") == "account"
    assert classify("REWE 1234 KARTE 99") is None


REFUNDS = ["Erstattung Kontoführungsentgelt", "Rückerstattung Gebühr", "Storno Kosten", "Gebühr"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(KNOWN + MERCHANTS + REFUNDS),
            st.sampled_from(["-4.90", "0.00", "4.90", "-120.00", "0.01"]),
        ),
        max_size=20,
    )
)
def test_a_lines_stored_fee_kind_is_what_find_fees_reports_it_as(
    lines: list[tuple[str, str]],
) -> None:
    # The book stores fee_of with each line; the insights total those instead of find_fees.
    txns = [txn(text, amount, id=str(k)) for k, (text, amount) in enumerate(lines)]
    report = find_fees(txns)
    reported = {fee.txn_id: fee.kind for fee in [*report.fees, *report.refunded]}
    assert {t.id: fee_of(t.description, t.amount) for t in txns} == {
        t.id: reported.get(t.id, "") for t in txns
    }


def test_a_generic_fee_word_on_a_credit_is_no_fee_without_a_refund_word() -> None:
    assert fee_of("Arbeitsentgelt Oktober", Decimal("2500.00")) == ""
    assert fee_of("Storno Gebühr", Decimal("4.90")) == "other-fee"
    assert fee_of("Gebühr", Decimal("-4.90")) == "other-fee"
    assert fee_of("Kontoführungsentgelt", Decimal("0")) == ""
