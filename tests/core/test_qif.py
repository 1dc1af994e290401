from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.formats.ofx import AccountStatement
from yourside.core.formats.qif import parse_decimal, read_qif
from yourside.core.records import ParseError

QIF_DIR = Path(__file__).resolve().parents[1] / "data" / "qif"


def read(name: str) -> list[AccountStatement]:
    return read_qif((QIF_DIR / name).read_bytes(), name)


def qif(*records: str, header: str = "!Type:Bank") -> bytes:
    return "\n".join([header, *(f"{r}\n^" for r in records)]).encode()


def test_quicken_us_dates_and_amounts() -> None:
    [bank] = read("us_checking.qif")
    assert bank.account_type == "bank"
    assert [(line.date, line.amount) for line in bank.lines] == [
        (date(2024, 3, 1), Decimal("-1250.00")),
        (date(2024, 3, 15), Decimal("2480.16")),
        (date(2024, 3, 18), Decimal("-86.43")),
        (date(2024, 3, 29), Decimal("-15.49")),
    ]


def test_payee_memo_and_cheque_number_make_the_description() -> None:
    rent = read("us_checking.qif")[0].lines[0]
    assert rent.description == "Greenfield Property Mgmt / Rent March (no. 1042)"
    assert (rent.counterparty, rent.line_no) == ("Greenfield Property Mgmt", 2)


def test_memo_that_repeats_the_payee_is_not_doubled() -> None:
    netflix = read("us_checking.qif")[0].lines[3]
    assert netflix.description == "NETFLIX.COM 866-579-7172 CA"


def test_split_lines_do_not_change_the_total() -> None:
    comcast = read("us_checking.qif")[0].lines[2]
    assert comcast.amount == Decimal("-86.43")


def test_accounts_registers_and_day_first_dates() -> None:
    card, cash = read("de_card_and_cash.qif")
    assert (card.name, card.account_type, card.balance) == (
        "Visa Gold",
        "creditcard",
        Decimal("-1234.56"),
    )
    assert card.lines[0].date == date(2024, 3, 1)  # 01/03/2024, day first: 15/03 says so
    assert card.lines[0].amount == Decimal("-1234.56")
    assert card.lines[0].description == "MediaMarkt Köln / Fernseher"  # CP1252 decoded
    assert (cash.name, cash.account_type) == ("Geldbörse", "cash")
    assert cash.lines[0].date == date(2024, 3, 2)


def test_ambiguous_dates_default_to_month_first_with_a_note() -> None:
    [bank] = read_qif(qif("D01/02/2024\nT-1.00"))
    assert bank.lines[0].date == date(2024, 1, 2)
    assert "month/day" in bank.notes[0]


def test_dotted_ambiguous_dates_are_day_first() -> None:
    [bank] = read_qif(qif("D01.02.2024\nT-1,00"))
    assert bank.lines[0].date == date(2024, 2, 1)


def test_day_first_can_be_forced() -> None:
    [bank] = read_qif(qif("D01/02/2024\nT-1.00"), day_first=True)
    assert (bank.lines[0].date, bank.notes) == (date(2024, 2, 1), ())


def test_contradicting_dates_are_an_error() -> None:
    with pytest.raises(ParseError, match="disagree"):
        read_qif(qif("D13/01/2024\nT1", "D01/13/2024\nT1"))


def test_two_digit_years() -> None:
    [bank] = read_qif(qif("D1/ 5' 4\nT1", "D12/31/99\nT1"))
    assert [line.date for line in bank.lines] == [date(2004, 1, 5), date(1999, 12, 31)]


def test_u_amount_is_used_without_t() -> None:
    [bank] = read_qif(qif("D1/5/2024\nU-12.34\nPShop"))
    assert bank.lines[0].amount == Decimal("-12.34")


def test_missing_amount_names_the_line() -> None:
    with pytest.raises(ParseError) as caught:
        read_qif(qif("D1/5/2024\nT-1.00", "D1/6/2024\nPNo amount"))
    assert (caught.value.line, caught.value.field) == (5, "T")


def test_bad_date_names_the_field() -> None:
    with pytest.raises(ParseError, match="'31/31/2024'") as caught:
        read_qif(qif("D31/31/2024\nT-1.00"))
    assert caught.value.field == "D"


def test_category_lists_are_not_statements() -> None:
    with pytest.raises(ParseError, match="no bank, card or cash register"):
        read_qif(qif("NGroceries\nE", header="!Type:Cat"))


def test_last_record_without_caret_is_read() -> None:
    [bank] = read_qif(b"!Type:Bank\nD1/5/2024\nT-2.50\nPShop\n")
    assert bank.lines[0].amount == Decimal("-2.50")
    assert bank.notes


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("-12,5", "-12.5"),
        ("1,299", "1299"),
        ("0,125", "0.125"),
        ("1'234.50", "1234.50"),
        ("12.3.4", None),
        ("abc", None),
    ],
)
def test_parse_decimal(text: str, value: Any) -> None:
    assert parse_decimal(text) == (Decimal(value) if value else None)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_us_and_european_amounts_agree(amount: Any) -> None:
    us = f"{amount:,.2f}"
    european = us.replace(",", " ").replace(".", ",").replace(" ", ".")
    assert parse_decimal(us) == parse_decimal(european) == amount


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_escape_as_another_exception(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        read_qif(b"!Type:Bank\n" + data)


def test_investment_register_is_skipped_with_a_note() -> None:
    data = b"!Type:Invst\nD1/3/2024\nNBuy\nYACME\nT100\n^\n" + qif("D1/2/2024\nT-5")
    [bank] = read_qif(data)
    assert bank.lines[0].amount == Decimal("-5")
    assert "Invst" in bank.notes[0]
