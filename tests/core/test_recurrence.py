"""Recurring-payment detection, one behaviour per test; weekdays of the dates noted beside them."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from yourside.core.recurrence import (
    Payment,
    Series,
    all_price_changes,
    detect_series,
    price_changes,
)

START = date(2023, 1, 2)  # a Monday


def pays(
    days: Iterable[date],
    amount: str | Iterable[str] = "-9.99",
    vendor: str = "acme",
    account: str = "current",
) -> list[Payment]:
    amounts = [amount] * 10_000 if isinstance(amount, str) else list(amount)
    return [
        Payment(f"{vendor}-{account}-{k}", account, day, Decimal(a), vendor)
        for k, (day, a) in enumerate(zip(days, amounts, strict=False))
    ]


def months(first: date, n: int, step: int = 1) -> list[date]:
    return [first + relativedelta(months=k * step) for k in range(n)]


def weeks(first: date, n: int, step: int = 1) -> list[date]:
    return [first + timedelta(weeks=k * step) for k in range(n)]


def only(found: list[Series]) -> Series:
    assert len(found) == 1, found
    return found[0]


# --- cadences -------------------------------------------------------------------------------------


def test_monthly_fixed_series_is_found() -> None:
    s = only(detect_series(pays(months(date(2023, 1, 15), 8))))
    assert (s.cadence, s.schedule, s.amount, s.amount_kind, s.count) == (
        "monthly",
        "day 15",
        Decimal("-9.99"),
        "fixed",
        8,
    )


def test_weekly_series_is_found() -> None:
    s = only(detect_series(pays(weeks(date(2023, 1, 6), 10))))  # Fridays
    assert (s.cadence, s.schedule) == ("weekly", "Fridays")


def test_biweekly_series_is_not_taken_for_weekly_with_gaps() -> None:
    assert only(detect_series(pays(weeks(START, 10, step=2)))).cadence == "biweekly"


def test_four_weekly_series_is_not_taken_for_monthly() -> None:
    assert only(detect_series(pays(weeks(START, 13, step=4)))).cadence == "four-weekly"


def test_last_day_of_month_series() -> None:
    days = [date(2023, 1, 31), date(2023, 2, 28), date(2023, 3, 31), date(2023, 4, 30)]
    s = only(detect_series(pays(days), as_of=date(2023, 5, 1)))
    assert (s.schedule, s.next_date) == ("last day", date(2023, 5, 31))


def test_second_tuesday_of_the_month() -> None:
    # 10 Jan, 14 Feb, 14 Mar, 11 Apr, 9 May, 13 Jun 2023: all the second Tuesday.
    days = [date(2023, m, d) for m, d in ((1, 10), (2, 14), (3, 14), (4, 11), (5, 9), (6, 13))]
    s = only(detect_series(pays(days)))
    assert (s.cadence, s.schedule, s.next_date) == ("monthly", "second Tuesday", date(2023, 7, 11))


def test_last_friday_of_the_month() -> None:
    # 27 Jan, 24 Feb, 31 Mar, 28 Apr, 26 May 2023.
    days = [date(2023, m, d) for m, d in ((1, 27), (2, 24), (3, 31), (4, 28), (5, 26))]
    assert only(detect_series(pays(days))).schedule == "last Friday"


def test_quarterly_series() -> None:
    s = only(detect_series(pays(months(date(2022, 2, 20), 5, step=3))))
    assert (s.cadence, s.next_date) == ("quarterly", date(2023, 5, 20))


def test_half_yearly_series() -> None:
    assert only(detect_series(pays(months(date(2021, 1, 1), 4, step=6)))).cadence == "half-yearly"


def test_yearly_series() -> None:
    assert only(detect_series(pays(months(date(2021, 3, 12), 3, step=12)))).cadence == "yearly"


def test_two_identical_yearly_payments_are_a_series() -> None:
    s = only(detect_series(pays([date(2022, 9, 30), date(2023, 10, 2)], "-15.00")))
    assert (s.cadence, s.count) == ("yearly", 2)


def test_two_yearly_payments_among_other_purchases_are_not() -> None:
    days = [date(2022, 9, 30), date(2023, 2, 11), date(2023, 10, 2)]
    assert detect_series(pays(days, ["-15.00", "-42.10", "-15.00"])) == []


# --- amounts --------------------------------------------------------------------------------------


def test_varying_bill_is_a_variable_series() -> None:
    amounts = ["-81.20", "-95.10", "-70.35", "-88.00", "-76.90", "-91.45", "-84.10", "-79.99"]
    s = only(detect_series(pays(months(date(2023, 1, 5), 8), amounts)))
    assert (s.amount_kind, s.amount) == ("variable", Decimal("-81.20"))  # the lower median


def test_weekly_shop_swinging_more_than_a_quarter_is_not_a_series() -> None:
    rng = random.Random(3)  # noqa: S311 - test data, not a secret
    amounts = [f"-{rng.uniform(30, 160):.2f}" for _ in range(20)]
    assert detect_series(pays(weeks(date(2023, 1, 7), 20), amounts)) == []


def test_steady_weekly_basket_is_a_series() -> None:
    rng = random.Random(3)  # noqa: S311 - test data, not a secret
    amounts = [f"-{26 * rng.uniform(0.88, 1.12):.2f}" for _ in range(20)]
    assert only(detect_series(pays(weeks(date(2023, 1, 4), 20), amounts))).cadence == "weekly"


def test_credits_and_debits_are_separate_series() -> None:
    salary = pays(months(date(2023, 1, 28), 6), "2400.00", vendor="employer")
    refunds = pays([date(2023, 2, 3), date(2023, 5, 9)], "-12.00", vendor="employer")
    s = only(detect_series(salary + refunds))
    assert s.amount == Decimal("2400.00")


# --- timing ---------------------------------------------------------------------------------------


def test_late_payment_stays_in_the_series() -> None:
    days = months(date(2023, 1, 10), 8)
    days[4] += timedelta(days=4)
    assert only(detect_series(pays(days))).count == 8


def test_one_missed_payment_does_not_split_the_series() -> None:
    days = months(date(2023, 1, 10), 8)
    del days[3]
    assert only(detect_series(pays(days))).count == 7


def test_two_missed_in_a_row_split_the_series() -> None:
    days = months(date(2023, 1, 10), 10)
    del days[4:6]
    assert [s.count for s in detect_series(pays(days))] == [4, 4]


def test_series_overdue_by_two_periods_has_ended() -> None:
    s = only(detect_series(pays(months(date(2023, 1, 10), 6)), as_of=date(2023, 8, 20)))
    assert (s.status, s.next_date) == ("ended", date(2023, 7, 10))


def test_series_with_one_payment_overdue_is_still_active() -> None:
    s = only(detect_series(pays(months(date(2023, 1, 10), 6)), as_of=date(2023, 8, 1)))
    assert s.status == "active"


def test_payments_after_as_of_are_ignored() -> None:
    s = only(detect_series(pays(months(date(2023, 1, 10), 12)), as_of=date(2023, 6, 30)))
    assert s.last_date == date(2023, 6, 10)


# --- accounts and price changes -------------------------------------------------------------------


def test_series_moving_to_another_account_is_one_series() -> None:
    days = months(date(2023, 1, 3), 10)
    payments = pays(days[:6], account="current") + pays(days[6:], account="joint")
    s = only(detect_series(payments))
    assert (s.accounts, s.count) == (("current", "joint"), 10)


def test_series_paid_from_two_accounts_in_turn_is_one_series() -> None:
    days = months(date(2023, 1, 3), 10)
    payments = pays(days[::2], account="current") + pays(days[1::2], account="joint")
    assert only(detect_series(payments)).count == 10


def test_quarterly_series_paid_from_two_accounts_in_turn_is_one_quarterly_series() -> None:
    days = months(date(2021, 1, 20), 8, step=3)
    payments = pays(days[::2], account="current") + pays(days[1::2], account="joint")
    s = only(detect_series(payments))
    assert (s.cadence, s.count) == ("quarterly", 8)


def test_two_identical_subscriptions_on_two_accounts_are_two_series() -> None:
    days = months(date(2023, 1, 3), 6)
    payments = pays(days, account="current") + pays(days, account="joint")
    assert [s.accounts for s in detect_series(payments)] == [("current",), ("joint",)]


def test_two_lines_at_one_vendor_are_two_series() -> None:
    payments = pays(months(date(2023, 1, 9), 6), "-15.00") + pays(
        months(date(2023, 1, 9), 6), "-25.00", account="joint"
    )
    assert sorted(s.amount for s in detect_series(payments)) == [Decimal(-25), Decimal(-15)]


def test_price_rise_does_not_split_the_series() -> None:
    amounts = ["-12.99"] * 5 + ["-15.49"] * 7
    s = only(detect_series(pays(months(date(2023, 1, 14), 12), amounts)))
    assert (s.count, s.amount, s.amount_kind) == (12, Decimal("-15.49"), "fixed")


def test_price_rise_is_reported_with_its_yearly_cost() -> None:
    amounts = ["-12.99"] * 5 + ["-15.49"] * 7
    s = only(detect_series(pays(months(date(2023, 1, 14), 12), amounts)))
    (change,) = price_changes(s)
    assert (change.old_amount, change.new_amount, change.date) == (
        Decimal("-12.99"),
        Decimal("-15.49"),
        date(2023, 6, 14),
    )
    assert (change.percent, change.yearly_cost_delta) == (Decimal("19.2"), Decimal("30.00"))


def test_price_rise_seen_in_the_last_payment_only_is_reported() -> None:
    amounts = ["-9.99"] * 7 + ["-10.99"]
    s = only(detect_series(pays(months(date(2023, 1, 3), 8), amounts)))
    assert [(c.old_amount, c.new_amount) for c in price_changes(s)] == [
        (Decimal("-9.99"), Decimal("-10.99"))
    ]


def test_all_price_changes_are_in_date_order() -> None:
    a = pays(months(date(2023, 1, 3), 8), ["-5"] * 4 + ["-6"] * 4, vendor="a")
    b = pays(months(date(2023, 1, 9), 8), ["-7"] * 2 + ["-8"] * 6, vendor="b")
    changes = all_price_changes(detect_series(a + b))
    assert [c.series.vendor_key for c in changes] == ["b", "a"]


# --- look-alikes ----------------------------------------------------------------------------------


def test_three_random_supermarket_purchases_are_not_a_series() -> None:
    days = [date(2023, 2, 3), date(2023, 2, 19), date(2023, 4, 7)]
    assert detect_series(pays(days, ["-33.10", "-12.50", "-80.30"])) == []


def test_one_price_on_random_dates_is_not_a_series() -> None:
    rng = random.Random(5)  # noqa: S311 - test data, not a secret
    days = sorted(date(2022, 1, 1) + timedelta(days=rng.randrange(1000)) for _ in range(10))
    assert detect_series(pays(days, "-12.50")) == []


def test_coffee_at_one_price_several_times_a_week_is_not_a_series() -> None:
    rng = random.Random(8)  # noqa: S311 - test data, not a secret
    days = [START + timedelta(days=k) for k in range(365) if rng.random() < 0.3]
    assert detect_series(pays(days, "-3.20")) == []


def test_subscription_among_one_off_purchases_at_the_vendor_is_found() -> None:
    rng = random.Random(2)  # noqa: S311 - test data, not a secret
    noise = [START + timedelta(days=rng.randrange(365)) for _ in range(40)]
    payments = pays(months(date(2023, 1, 23), 12), "-8.99") + pays(
        noise, [f"-{rng.uniform(5, 150):.2f}" for _ in noise], account="joint"
    )
    assert only(detect_series(payments)).amount == Decimal("-8.99")


# --- the result -----------------------------------------------------------------------------------


def test_empty_input_finds_nothing() -> None:
    assert detect_series([]) == []


def test_payment_ids_are_in_date_order() -> None:
    payments = pays(months(date(2023, 1, 15), 5))
    s = only(detect_series(reversed(payments)))
    assert s.payment_ids == tuple(p.id for p in payments)


def test_yearly_cost_of_a_monthly_series() -> None:
    assert only(detect_series(pays(months(START, 6), "-10.00"))).yearly_cost == Decimal(120)


def test_confidence_is_higher_for_a_longer_cleaner_series() -> None:
    short = only(detect_series(pays(months(START, 3))))
    long = only(detect_series(pays(months(START, 12))))
    assert 0 < short.confidence < long.confidence <= 1


# --- properties -----------------------------------------------------------------------------------


# From seven months on: a four-week cycle drifts 2-3 days a month from the calendar, so over fewer
# months a series three days early here and three days late there fits a four-week grid as well as
# a monthly one, and nothing can tell them apart (a tie goes to the month, the commoner cycle).
@settings(max_examples=300, deadline=None)
@given(
    day=st.integers(1, 28),
    first=st.dates(date(2000, 1, 1), date(2030, 1, 1)),
    n=st.integers(7, 36),
    data=st.data(),
)
def test_monthly_series_with_jitter_and_one_missing_month_is_one_series(
    day: int, first: date, n: int, data: st.DataObject
) -> None:
    start = first.replace(day=day)
    missing = data.draw(st.integers(1, n - 2), label="missing")
    jitter = data.draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n), label="jitter")
    days = [d + timedelta(days=j) for d, j in zip(months(start, n), jitter, strict=True)]
    del days[missing]
    payments = pays(days, "-42.00")
    s = only(detect_series(payments))
    assert (s.cadence, s.count, s.payment_ids) == ("monthly", n - 1, tuple(p.id for p in payments))


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_the_order_of_the_input_changes_nothing(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data, not a secret
    payments = (
        pays(months(date(2023, 1, 9), 12), ["-15.00"] * 6 + ["-17.00"] * 6, vendor="phone")
        + pays(weeks(date(2023, 1, 6), 30), "-45.00", vendor="cleaner")
        + pays([START + timedelta(days=rng.randrange(365)) for _ in range(60)], "-3.20", "cafe")
    )
    shuffled = payments[:]
    rng.shuffle(shuffled)
    assert detect_series(shuffled) == detect_series(payments)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(date(2020, 1, 1), date(2024, 12, 31)),
            st.decimals(Decimal("-500"), Decimal("500"), places=2),
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from(["x", "y"]),
        ),
        max_size=80,
    )
)
def test_any_input_gives_consistent_series(rows: list[tuple[date, Decimal, str, str]]) -> None:
    payments = [Payment(str(k), acct, d, a, v) for k, (d, a, v, acct) in enumerate(rows)]
    found = detect_series(payments)
    ids = [i for s in found for i in s.payment_ids]
    assert len(ids) == len(set(ids))  # a payment is in one series at most
    for s in found:
        assert s.first_date <= s.last_date < s.next_date
        assert s.count == len(s.payment_ids) >= 2
        assert 0 <= s.confidence <= 1


def _daily_shop(rng: random.Random, days: int, per_day: int) -> list[Payment]:
    """A shop visited several times a day for years, baskets of 5 to 60 at random cents."""
    return [
        Payment(f"shop-{d}-{k}", "current", START + timedelta(days=d), amount, "shop")
        for d in range(days)
        for k in range(per_day)
        for amount in [-Decimal(rng.randrange(500, 6000)) / 100]
    ]


def test_a_shop_visited_every_day_has_no_series_by_chance() -> None:
    # 11,000 baskets: each cent amount near the usual basket repeats by chance, and some of
    # those repeats fall a month or a year apart.
    shop = _daily_shop(random.Random(7), 5 * 365, 6)  # noqa: S311
    assert detect_series(shop) == []


def test_a_subscription_paid_at_a_shop_visited_every_day_is_still_found() -> None:
    shop = _daily_shop(random.Random(7), 3 * 365, 6)  # noqa: S311
    plan = pays(months(START, 30), "-7.99", vendor="shop")
    (series,) = detect_series(shop + plan)
    assert (series.cadence, series.amount, series.count) == ("monthly", Decimal("-7.99"), 30)


def test_payments_all_after_the_as_of_date_are_no_series() -> None:
    later = pays(months(date(2026, 1, 5), 6))
    assert (
        detect_series(
            later + pays(months(date(2020, 1, 5), 1), vendor="x"), as_of=date(2025, 12, 31)
        )
        == []
    )
