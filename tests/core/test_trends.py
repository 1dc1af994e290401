"""Spend per vendor per month and year, and its trend."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.recurrence import Payment
from yourside.core.trends import PeriodSpend, spend_by_period, trend
from yourside.core.wording import render

START = date(2022, 1, 1)


def pay(day: date, amount: str, vendor: str = "grocer", id: str = "") -> Payment:
    return Payment(id or f"{vendor}-{day}-{amount}", "current", day, Decimal(amount), vendor)


def monthly(amounts: list[str], first: date = START) -> list[PeriodSpend]:
    """A monthly series with ``amounts`` spent in consecutive months from ``first``."""
    days = [first + relativedelta(months=k) for k in range(len(amounts))]
    return spend_by_period([pay(d, f"-{a}") for d, a in zip(days, amounts, strict=True)])["grocer"]


def test_spend_by_month_splits_money_out_and_in() -> None:
    spend = spend_by_period(
        [
            pay(date(2024, 1, 3), "-20.00"),
            pay(date(2024, 1, 28), "-5.50"),
            pay(date(2024, 1, 30), "5.50"),
            pay(date(2024, 3, 1), "-10.00"),
            pay(date(2024, 3, 1), "-99.00", "airline"),
        ]
    )
    assert spend["grocer"] == [
        (date(2024, 1, 1), Decimal("25.50"), Decimal("5.50")),
        (date(2024, 3, 1), Decimal("10.00"), Decimal(0)),
    ]
    assert spend["airline"] == [(date(2024, 3, 1), Decimal("99.00"), Decimal(0))]


def test_spend_by_year_starts_on_the_first_of_january() -> None:
    spend = spend_by_period(
        [pay(date(2023, 7, 9), "-1.00"), pay(date(2023, 12, 31), "-2.00")], "year"
    )
    assert spend == {"grocer": [PeriodSpend(date(2023, 1, 1), Decimal("3.00"), Decimal(0))]}


def test_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown period 'week'"):
        spend_by_period([], "week")  # type: ignore[arg-type]


def test_two_years_compare_the_last_12_months_with_the_12_before() -> None:
    t = trend(monthly(["100"] * 12 + ["120"] * 12))
    assert (t.direction, t.change_percent, t.window_months) == ("up", Decimal("20.0"), 12)
    assert (t.recent, t.earlier) == (Decimal(1440), Decimal(1200))
    assert render(t.explanation, "en_US") == (
        "You spent 1,440.00 from Jan 2023 to Dec 2023, 20.0% more than in the 12 months before "
        "(1,200.00)."
    )
    assert render(t.explanation, "de_DE").startswith("You spent 1.440,00 from Jan 2023")
    assert "20,0\xa0% more" in render(t.explanation, "de_DE")


def test_spending_less_is_down() -> None:
    t = trend(monthly(["100"] * 12 + ["50"] * 12))
    assert (t.direction, t.change_percent) == ("down", Decimal("-50.0"))
    assert "50.0% less" in render(t.explanation, "en_US")


def test_small_change_is_flat() -> None:
    t = trend(monthly(["100"] * 12 + ["104"] * 12))
    assert (t.direction, t.change_percent) == ("flat", Decimal("4.0"))
    assert "about the same" in t.explanation


def test_less_history_compares_the_same_three_months_a_year_earlier() -> None:
    # July 2022 to December 2023, with more spent from October to December each year: against the
    # three months just before, the last three would look like a rise; a year apart, they are level.
    amounts = ["100"] * 18
    for k in (3, 4, 5, 15, 16, 17):
        amounts[k] = "300"
    t = trend(monthly(amounts, date(2022, 7, 1)))
    assert (t.window_months, t.direction, t.change_percent) == (3, "flat", Decimal("0.0"))
    assert render(t.explanation, "en_US") == (
        "You spent 900.00 from Oct 2023 to Dec 2023, about the same as in the same months a year "
        "earlier (900.00)."
    )


def test_too_little_history_has_no_trend() -> None:
    t = trend(monthly(["100"] * 14))
    assert (t.direction, t.change_percent) == ("flat", None)
    assert t.explanation == "Only 14 months of history: a trend needs 15."


def test_new_vendor_within_long_history_is_up() -> None:
    t = trend(monthly(["30"] * 5, date(2024, 1, 1)), since=date(2022, 1, 1))
    assert (t.direction, t.change_percent, t.window_months) == ("up", None, 12)
    assert "nothing in the 12 months before" in t.explanation


def test_months_without_spend_count_as_nothing() -> None:
    # The vendor was dropped: a year of spending, then nothing for a year.
    t = trend(monthly(["80"] * 12), as_of=date(2023, 12, 1))
    assert (t.direction, t.change_percent) == ("down", Decimal("-100.0"))


def test_no_spend_at_all_is_flat() -> None:
    assert trend([]).direction == "flat"


# --- properties -----------------------------------------------------------------------------------

payments_st = st.lists(
    st.builds(
        pay,
        day=st.dates(date(2021, 1, 1), date(2024, 12, 31)),
        amount=st.decimals("-500", "200", places=2).map(str),
        vendor=st.sampled_from(["grocer", "airline", "employer"]),
        id=st.uuids().map(str),
    ),
    max_size=60,
)


@given(payments_st)
def test_each_year_is_the_sum_of_its_months(payments: list[Payment]) -> None:
    months = spend_by_period(payments, "month")
    years = spend_by_period(payments, "year")
    assert months.keys() == years.keys()
    for vendor, periods in years.items():
        for year in periods:
            inside = [m for m in months[vendor] if m.start.year == year.start.year]
            assert year.spent == sum((m.spent for m in inside), Decimal(0))
            assert year.received == sum((m.received for m in inside), Decimal(0))


@given(payments_st)
def test_periods_hold_every_payment_once(payments: list[Payment]) -> None:
    spent = sum(
        (s.spent - s.received for v in spend_by_period(payments).values() for s in v), Decimal(0)
    )
    assert spent == -sum((p.amount for p in payments), Decimal(0))
