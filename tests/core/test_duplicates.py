"""Duplicate charges: one vendor and amount twice within days, and the look-alikes that are not."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.duplicates import Duplicate, find_duplicates
from yourside.core.recurrence import Level, Payment, Series, detect_series
from yourside.core.wording import render

DAY = date(2024, 5, 6)  # a Monday


def pay(
    id: str, day: date, amount: str = "-49.99", vendor: str = "shop", account: str = "c"
) -> Payment:
    return Payment(id, account, day, Decimal(amount), vendor)


def pairs(found: list[Duplicate]) -> list[tuple[str, str]]:
    return [(d.first_id, d.second_id) for d in found]


def test_same_charge_twice_in_two_days_is_a_duplicate() -> None:
    (dup,) = find_duplicates([pay("a", DAY), pay("b", DAY + timedelta(days=2))]).open
    assert (dup.first_id, dup.second_id, dup.amount, dup.days_apart) == (
        "a",
        "b",
        Decimal("-49.99"),
        2,
    )
    assert render(dup.explanation, "en_US").startswith("49.99 charged twice 2 days apart")
    assert render(dup.explanation, "de_DE").startswith("49,99 charged twice")


def test_charges_further_apart_than_the_window_are_not_duplicates() -> None:
    assert find_duplicates([pay("a", DAY), pay("b", DAY + timedelta(days=4))]).open == []


def test_window_is_configurable() -> None:
    found = find_duplicates([pay("a", DAY), pay("b", DAY + timedelta(days=4))], window_days=5)
    assert pairs(found.open) == [("a", "b")]


def test_two_coffees_on_one_day_are_not_duplicates() -> None:
    coffees = [pay("a", DAY, "-3.20", "cafe"), pay("b", DAY, "-3.20", "cafe")]
    assert find_duplicates(coffees).open == []


def test_two_dinners_on_one_day_are_a_duplicate() -> None:
    dinners = [pay("a", DAY, "-38.50", "bistro"), pay("b", DAY, "-38.50", "bistro")]
    assert pairs(find_duplicates(dinners).open) == [("a", "b")]


def test_minimum_is_configurable() -> None:
    coffees = [pay("a", DAY, "-3.20", "cafe"), pay("b", DAY, "-3.20", "cafe")]
    assert pairs(find_duplicates(coffees, minimum=Decimal(2)).open) == [("a", "b")]


def test_other_amount_or_vendor_is_not_a_duplicate() -> None:
    found = find_duplicates([pay("a", DAY), pay("b", DAY, "-49.98"), pay("c", DAY, vendor="other")])
    assert found.open == []


def test_refunds_are_not_charges() -> None:
    assert find_duplicates([pay("a", DAY, "49.99"), pay("b", DAY, "49.99")]).open == []


def test_same_amount_written_differently_is_the_same_amount() -> None:
    found = find_duplicates([pay("a", DAY, "-12.3"), pay("b", DAY, "-12.30")])
    assert pairs(found.open) == [("a", "b")]


def test_weekday_lunch_at_one_price_is_a_habit() -> None:
    lunches = [pay(f"l{k}", DAY + timedelta(days=k), "-6.50", "canteen") for k in range(12)]
    lunches.append(pay("second", DAY + timedelta(days=5), "-6.50", "canteen"))
    assert find_duplicates(lunches).open == []


def test_charge_taken_three_times_is_two_pairs() -> None:
    found = find_duplicates([pay("c", DAY), pay("a", DAY), pay("b", DAY)])
    assert pairs(found.open) == [("a", "b"), ("b", "c")]


def test_monthly_subscription_charged_twice_is_a_duplicate() -> None:
    days = [date(2024, 1, 15) + relativedelta(months=k) for k in range(6)]
    payments = [pay(f"m{k}", d, "-12.99", "stream") for k, d in enumerate(days)]
    payments.append(pay("extra", date(2024, 4, 16), "-12.99", "stream"))
    found = find_duplicates(payments, detect_series(payments))
    assert pairs(found.open) == [("m3", "extra")]


def test_two_scheduled_payments_are_not_duplicates() -> None:
    # The same subscription paid from two accounts: two series, not a double charge.
    days = [date(2024, 1, 15) + relativedelta(months=k) for k in range(6)]
    payments = [
        pay(f"{acc}{k}", d, "-12.99", "stream", acc) for acc in "xy" for k, d in enumerate(days)
    ]
    series = detect_series(payments)
    assert len(series) == 2
    assert find_duplicates(payments, series).open == []
    assert len(find_duplicates(payments).open) == 6


def test_pair_within_a_weekly_series_is_a_moved_week() -> None:
    weekly = Series(
        vendor_key="vegbox",
        accounts=("c",),
        cadence="weekly",
        schedule="Mondays",
        amount=Decimal("-24.00"),
        amount_kind="fixed",
        first_date=DAY - timedelta(weeks=8),
        last_date=DAY,
        next_date=DAY + timedelta(weeks=1),
        count=9,
        status="active",
        payment_ids=("w",),
        confidence=0.9,
        levels=(Level(DAY - timedelta(weeks=8), Decimal("-24.00")),),
    )
    pair = [
        pay("w", DAY, "-24.00", "vegbox"),
        pay("late", DAY + timedelta(days=2), "-24.00", "vegbox"),
    ]
    assert find_duplicates(pair, [weekly]).open == []
    assert pairs(find_duplicates(pair).open) == [("w", "late")]


def test_reversed_duplicate_is_resolved() -> None:
    refund = pay("r", DAY + timedelta(days=6), "49.99")
    found = find_duplicates([pay("a", DAY), pay("b", DAY + timedelta(days=1)), refund])
    assert found.open == []
    (dup,) = found.resolved
    assert (dup.first_id, dup.second_id, dup.reversed_by) == ("a", "b", "r")
    assert "refunded one on May 12, 2024" in render(dup.explanation, "en_US")


def test_credit_before_the_charges_does_not_resolve_them() -> None:
    earlier = pay("r", DAY - timedelta(days=1), "49.99")
    found = find_duplicates([earlier, pay("a", DAY), pay("b", DAY)])
    assert (pairs(found.open), found.resolved) == ([("a", "b")], [])


def test_credit_long_after_does_not_resolve() -> None:
    late = pay("r", DAY + timedelta(days=45), "49.99")
    assert len(find_duplicates([pay("a", DAY), pay("b", DAY), late]).open) == 1


def test_one_credit_resolves_one_pair() -> None:
    charges = [pay(k, DAY) for k in "abc"]
    found = find_duplicates([*charges, pay("r", DAY + timedelta(days=2), "49.99")])
    assert (pairs(found.resolved), pairs(found.open)) == ([("a", "b")], [("b", "c")])


# --- properties -----------------------------------------------------------------------------------

charges_st = st.lists(
    st.builds(
        pay,
        id=st.uuids().map(str),
        day=st.dates(DAY, DAY + timedelta(days=40)),
        amount=st.sampled_from(["-9.99", "-25.00", "-3.50", "9.99", "-120.00"]),
        vendor=st.sampled_from(["shop", "cafe", "airline"]),
    ),
    max_size=30,
)


@given(charges_st)
def test_each_pair_is_reported_once_first_before_second(payments: list[Payment]) -> None:
    found = find_duplicates(payments)
    by_id = {p.id: p for p in payments}
    reported = pairs(found.open + found.resolved)
    assert len(set(reported)) == len(reported)
    assert len({second for _, second in reported}) == len(reported)
    for first, second in reported:
        a, b = by_id[first], by_id[second]
        assert (a.date, a.id) < (b.date, b.id)
        assert (a.vendor_key, a.amount) == (b.vendor_key, b.amount)


@given(charges_st, charges_st)
def test_unrelated_payments_never_remove_a_duplicate(
    payments: list[Payment], other: list[Payment]
) -> None:
    unrelated = [Payment(f"x{p.id}", p.account, p.date, p.amount, "elsewhere") for p in other]
    before = find_duplicates(payments)
    after = find_duplicates(payments + unrelated)
    assert set(pairs(before.open)) <= set(pairs(after.open))
    assert set(pairs(before.resolved)) <= set(pairs(after.resolved))


@given(charges_st, st.randoms())
def test_input_order_does_not_change_the_result(
    payments: list[Payment], rnd: random.Random
) -> None:
    shuffled = list(payments)
    rnd.shuffle(shuffled)
    assert find_duplicates(shuffled) == find_duplicates(payments)


def test_a_repeat_that_chance_explains_at_a_busy_shop_is_no_duplicate() -> None:
    # Twenty baskets a day between 5 and 40: the same basket to the cent within three days
    # happens by chance, again and again.
    rng = random.Random(3)  # noqa: S311 - test data
    busy = [
        pay(f"{d}-{k}", DAY + timedelta(days=d), str(-Decimal(rng.randrange(500, 4000)) / 100))
        for d in range(365)
        for k in range(20)
    ]
    assert find_duplicates(busy).open == []
    # A vendor charged now and then still has its double charge found.
    other = [pay("x", DAY, vendor="gym"), pay("y", DAY + timedelta(days=1), vendor="gym")]
    assert pairs(find_duplicates(busy + other).open) == [("x", "y")]
