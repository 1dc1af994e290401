from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.periods import (
    Notice,
    Term,
    add_months,
    cancel_by,
    end_of_term,
    next_renewal,
    notice_deadline,
    yearly_cost,
)


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_renewals_count_from_the_start_so_month_ends_do_not_drift() -> None:
    term = Term(start=date(2025, 1, 31), term_months=1)
    assert next_renewal(term, date(2025, 3, 1)) == date(2025, 3, 31)


def test_cancel_by_is_the_notice_before_the_next_renewal() -> None:
    term = Term(start=date(2024, 1, 1), term_months=12, notice=Notice(1, "months"))
    assert cancel_by(term, date(2026, 11, 23)) == date(2026, 12, 1)


def test_cancel_by_skips_a_renewal_whose_notice_has_passed() -> None:
    term = Term(start=date(2024, 1, 1), term_months=12, notice=Notice(3, "months"))
    assert cancel_by(term, date(2026, 11, 23)) == date(2027, 10, 1)


def test_minimum_term_then_monthly_renewals() -> None:
    term = Term(date(2025, 3, 15), term_months=24, renewal_months=1, notice=Notice(1, "months"))
    assert next_renewal(term, date(2026, 11, 23)) == date(2027, 3, 15)
    assert next_renewal(term, date(2027, 6, 1)) == date(2027, 6, 15)
    # 15 May has passed, so the next chance is notice by 15 June for the 15 July renewal.
    assert cancel_by(term, date(2027, 6, 1)) == date(2027, 6, 15)


def test_notice_in_weeks_and_days() -> None:
    assert Notice(6, "weeks").before(date(2027, 1, 1)) == date(2026, 11, 20)
    assert Notice(14, "days").before(date(2027, 1, 1)) == date(2026, 12, 18)


def test_open_ended_and_fixed_terms_have_no_cancel_by() -> None:
    assert cancel_by(Term(date(2025, 1, 1)), date(2026, 1, 1)) is None
    fixed = Term(date(2025, 1, 1), term_months=48, auto_renews=False)
    assert cancel_by(fixed, date(2026, 1, 1)) is None
    assert end_of_term(fixed) == date(2029, 1, 1)


def test_unknown_notice_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown notice unit"):
        Notice(1, "fortnights").before(date(2026, 1, 1))


def test_yearly_cost() -> None:
    assert yearly_cost(Decimal("15.99"), "monthly") == Decimal("191.88")
    assert yearly_cost(Decimal("38.50"), "quarterly") == Decimal("154.00")
    with pytest.raises(ValueError, match="unknown billing cycle"):
        yearly_cost(Decimal(1), "hourly")


@given(
    start=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    term=st.integers(1, 36),
    renewal=st.one_of(st.none(), st.integers(1, 24)),
    notice=st.integers(0, 90),
    today=st.dates(date(2000, 1, 1), date(2040, 12, 31)),
)
def test_cancel_by_is_never_in_the_past_and_precedes_a_renewal(
    start: date, term: int, renewal: int | None, notice: int, today: date
) -> None:
    t = Term(start, term_months=term, renewal_months=renewal, notice=Notice(notice, "days"))
    deadline = cancel_by(t, today)
    assert deadline is not None
    assert deadline >= today
    assert deadline + timedelta(days=notice) > today
    renewal_day = next_renewal(t, today)
    assert renewal_day is not None
    assert renewal_day > today


def test_notice_given_too_late_for_the_next_renewal_stops_the_one_after() -> None:
    # A month's notice, monthly renewals: on 3 December, 1 January is too late to stop.
    term = Term(date(2025, 1, 1), term_months=12, renewal_months=1, notice=Notice(1, "months"))
    today = date(2026, 12, 3)
    assert next_renewal(term, today) == date(2027, 1, 1)
    assert notice_deadline(term, today) == (date(2027, 1, 1), date(2027, 2, 1))


@given(
    start=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
    term=st.integers(1, 36),
    renewal=st.one_of(st.none(), st.integers(1, 24)),
    notice=st.integers(0, 400),
    today=st.dates(date(2000, 1, 1), date(2040, 12, 31)),
)
def test_the_deadline_is_the_notice_before_the_renewal_it_stops(
    start: date, term: int, renewal: int | None, notice: int, today: date
) -> None:
    t = Term(start, term_months=term, renewal_months=renewal, notice=Notice(notice, "days"))
    found = notice_deadline(t, today)
    assert found is not None
    deadline, stops = found
    assert deadline == cancel_by(t, today) == stops - timedelta(days=notice)
    following = next_renewal(t, today)
    assert following is not None
    assert stops >= following  # the next renewal, or a later one when its notice date passed
    assert (stops == following) == (following - timedelta(days=notice) >= today)
