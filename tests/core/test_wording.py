"""Sentences written once with their money and dates as tokens, read in the reader's locale."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.wording import day, money, number, render


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en_US", "Netflix: €1,234.50 monthly since Mar 5, 2026; 12.50 back"),
        ("de_DE", "Netflix: 1.234,50\xa0€ monthly since 05.03.2026; 12,50 back"),
        ("en_GB", "Netflix: €1,234.50 monthly since 5 Mar 2026; 12.50 back"),
    ],
)
def test_tokens_are_said_in_the_readers_locale(locale: str, said: str) -> None:
    text = (
        f"Netflix: {money(Decimal('1234.5'), 'eur')} monthly since {day(date(2026, 3, 5))};"
        f" {number(Decimal('12.5'))} back"
    )
    assert render(text, locale) == said


def test_a_text_without_tokens_is_itself() -> None:
    # Sentences stored before tokens were written still read.
    assert render("Netflix: 15.99 EUR monthly", "de_DE") == "Netflix: 15.99 EUR monthly"


def test_a_spoilt_token_says_its_value() -> None:
    assert render("due \u27e6d|2026-13-45\u27e7", "de_DE") == "due 2026-13-45"


def test_a_locale_babel_does_not_know_keeps_the_currency() -> None:
    assert render(money(Decimal("15.99"), "EUR"), "xx_YY") == "15.99 EUR"


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    st.dates(),
    st.sampled_from(["EUR", "USD", "GBP", "CZK"]),
)
def test_every_amount_and_date_comes_back_in_words(
    amount: Decimal, when: date, currency: str
) -> None:
    text = f"{money(amount, currency)} on {day(when)}, {number(amount)}"
    said = render(text, "en_US")
    assert "\u27e6" not in said
    assert said.endswith(f"{amount:,.2f}")
