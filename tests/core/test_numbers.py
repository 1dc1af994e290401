"""Amounts as banks write them: every locale's way of writing a value reads back as that value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal, get_decimal_symbol
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.formats.numbers import (
    AmountError,
    NumberFormat,
    looks_like_amount,
    parse_amount,
    sniff_number_format,
)

LOCALES = ["en_US", "en_GB", "de_DE", "de_CH", "fr_FR", "nl_NL", "cs_CZ", "hu_HU", "sv_SE", "pl_PL"]

money = st.decimals(
    min_value=Decimal("-9999999.99"), max_value=Decimal("9999999.99"), places=2
).filter(lambda d: d.is_finite())


def written(value: Decimal, locale: str) -> str:
    return format_decimal(value, format="#,##0.00", locale=locale)


@given(value=money, locale=st.sampled_from(LOCALES))
def test_locale_formatted_amount_reads_back(value: Decimal, locale: str) -> None:
    text = written(value, locale)
    assert parse_amount(text, get_decimal_symbol(locale)).value == value


@given(values=st.lists(money, min_size=1, max_size=30), locale=st.sampled_from(LOCALES))
def test_column_format_is_sniffed_from_its_values(values: list[Decimal], locale: str) -> None:
    column = [written(v, locale) for v in values]
    number = sniff_number_format(column)
    assert number.decimal == get_decimal_symbol(locale)
    assert [number.parse(t) for t in column] == values


@given(value=money.map(abs), style=st.sampled_from(["-{}", "{}-", "({})", "- {}", "\u2212{}"]))
def test_every_way_of_writing_negative(value: Decimal, style: str) -> None:
    assert parse_amount(style.format(value)).value == -value


@given(value=money, prefix=st.sampled_from(["", "£", "€ ", "EUR ", "$"]))
def test_currency_before_or_after_is_accepted(value: Decimal, prefix: str) -> None:
    assert parse_amount(f"{prefix}{value}").value == value
    assert parse_amount(f"{value} CZK").currency == "CZK"


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("+ £1,100.00", ".", "1100.00"),
        ("12.00 CR", ".", "12.00"),
        ("12.00 DR", ".", "-12.00"),
        ("1 234,56 Kč", ",", "1234.56"),
        ("-0,47", ",", "-0.47"),
        ("1'234.50", ".", "1234.50"),
    ],
)
def test_bank_spellings(text: str, decimal: str, value: str) -> None:
    assert parse_amount(text, decimal).value == Decimal(value)


@pytest.mark.parametrize("text", ["12,3,4", "1.2.3,4,5", "EUR", "12 XYZ", "--5", "1e3", "NaN", "²"])
def test_not_an_amount(text: str) -> None:
    with pytest.raises(AmountError):
        NumberFormat(",").parse(text)


def test_grouped_integer_alone_leaves_the_decimal_to_the_default() -> None:
    assert sniff_number_format(["1,234"], default=".").decimal == "."
    assert sniff_number_format(["1,234", "5,50"], default=".").decimal == ","


@pytest.mark.parametrize(
    ("text", "expected"),
    [("-350", True), ("6,666.66", True), ("3228446118", False), ("000000000000009565", False)],
)
def test_ids_do_not_look_like_amounts(text: str, expected: bool) -> None:
    assert looks_like_amount(text) is expected
