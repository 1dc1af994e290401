"""Statutory deadlines for data-rights requests.

Every expected date below was checked by hand against ``calendar.TextCalendar`` and the ``holidays``
package (0.109); the weekday is noted beside each.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yourside.core import deadlines
from yourside.core.deadlines import (
    Channel,
    Deadline,
    Law,
    Reminder,
    add_months,
    compute_deadline,
    extend,
    is_working_day,
    next_working_day,
    received_on,
    reminders,
    response_due,
)

# --- add_months ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no 31 Feb
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # across the year end
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# --- the first due date --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("law", "received", "country", "subdiv", "expected"),
    [
        # 10 Apr 2026 is an ordinary Friday.
        ("gdpr", date(2026, 3, 10), "DE", None, date(2026, 4, 10)),
        # 28 Feb 2026 (clamped) is a Saturday -> Monday 2 Mar.
        ("gdpr", date(2026, 1, 31), "DE", None, date(2026, 3, 2)),
        # 2028 is a leap year: 29 Feb 2028, a Tuesday.
        ("gdpr", date(2028, 1, 31), "DE", None, date(2028, 2, 29)),
        # 1 Mar 2026 is a Sunday.
        ("gdpr", date(2026, 2, 1), "DE", None, date(2026, 3, 2)),
        # Fri 3 Oct 2025, German Unity Day -> Monday 6 Oct.
        ("gdpr", date(2025, 9, 3), "DE", None, date(2025, 10, 6)),
        # Fri 25 Dec 2026, Sat 26 (holiday), Sun 27; Germany has no substitute days -> Mon 28.
        ("gdpr", date(2026, 11, 25), "DE", None, date(2026, 12, 28)),
        # Easter Monday 6 Apr 2026 is a bank holiday in England, not in Scotland.
        ("uk-gdpr", date(2026, 3, 6), "GB", None, date(2026, 4, 7)),
        ("uk-gdpr", date(2026, 3, 6), "GB", "SCT", date(2026, 4, 6)),
        # Sat 25 Dec 2027, Sun 26, substitute days Mon 27 and Tue 28 -> Wed 29.
        ("uk-gdpr", date(2027, 11, 25), "GB", None, date(2027, 12, 29)),
        # Fri 25 Dec 2026, Sat 26, Sun 27, Boxing Day substitute Mon 28 -> Tue 29.
        ("uk-gdpr", date(2026, 11, 25), "GB", None, date(2026, 12, 29)),
        # Sat 1 Jan 2022, Sun 2, substitute Mon 3 -> Tue 4: the roll crosses the year end.
        ("uk-gdpr", date(2021, 12, 1), "GB", None, date(2022, 1, 4)),
        # 45 days after 2 Mar 2026 is Thu 16 Apr 2026.
        ("ccpa", date(2026, 3, 2), "US", None, date(2026, 4, 16)),
        # 45 days after 2 Jan 2026 is Mon 16 Feb 2026, Presidents' Day -> Tue 17 Feb.
        ("ccpa", date(2026, 1, 2), "US", None, date(2026, 2, 17)),
    ],
)
def test_response_due(
    law: str, received: date, country: str, subdiv: str | None, expected: date
) -> None:
    assert response_due(law, received, country, subdiv=subdiv) == expected


def test_gb_substitute_days_are_not_working_days() -> None:
    assert not is_working_day(date(2027, 12, 27), "GB")
    assert not is_working_day(date(2027, 12, 28), "GB")
    assert next_working_day(date(2027, 12, 25), "GB") == date(2027, 12, 29)


def test_uk_gdpr_uses_the_uk_calendar_whatever_the_country() -> None:
    # Fri 3 Oct 2025 is German Unity Day, an ordinary working day in the UK.
    assert response_due("uk-gdpr", date(2025, 9, 3), "DE") == date(2025, 10, 3)


def test_ccpa_uses_the_california_calendar_whatever_the_country() -> None:
    assert response_due("ccpa", date(2026, 1, 2), "DE") == date(2026, 2, 17)


def test_unknown_country_counts_weekends_only() -> None:
    # GB would skip to Wed 29 Dec 2027; with no calendar only the weekend is skipped.
    deadline = compute_deadline("gdpr", date(2027, 11, 25), "email", "ZZ")
    assert deadline.due == date(2027, 12, 27)
    assert "weekends only: no public-holiday calendar for ZZ" in deadline.rule


def test_unknown_subdivision_falls_back_to_national_holidays() -> None:
    deadline = compute_deadline("gdpr", date(2025, 9, 3), "email", "DE", subdiv="XX")
    assert deadline.due == date(2025, 10, 6)
    assert "national holidays only: DE has no subdivision XX" in deadline.rule


@pytest.mark.parametrize(("alias", "code"), [("uk", "GB"), ("EL", "GR"), (" de ", "DE")])
def test_country_codes_are_normalised(alias: str, code: str) -> None:
    deadline = compute_deadline("gdpr", date(2026, 3, 10), "email", alias)
    assert deadline.country == code


# --- extension -----------------------------------------------------------------------------------


def test_extension_is_counted_from_receipt_not_from_the_first_due_date() -> None:
    # First due Mon 2 Mar 2026; 2 months after that would be Sat 2 May -> Mon 4 May.
    # Three months from receipt on 31 Jan is Thu 30 Apr 2026.
    deadline = compute_deadline("gdpr", date(2026, 1, 31), "email", "DE", extended=True)
    assert deadline.due == date(2026, 3, 2)
    assert deadline.extended_due == date(2026, 4, 30)


@pytest.mark.parametrize(
    ("law", "received", "expected"),
    [
        # Sat 6 Jun 2026 -> Mon 8 Jun.
        ("uk-gdpr", date(2026, 3, 6), date(2026, 6, 8)),
        # Fri 25 Feb 2028.
        ("uk-gdpr", date(2027, 11, 25), date(2028, 2, 25)),
        # 90 days after 2 Mar 2026 is Sun 31 May -> Mon 1 Jun.
        ("ccpa", date(2026, 3, 2), date(2026, 6, 1)),
    ],
)
def test_extended_response_due(law: str, received: date, expected: date) -> None:
    assert response_due(law, received, "GB", extended=True) == expected


def test_extend_matches_computing_with_extension() -> None:
    first = compute_deadline("ccpa", date(2026, 3, 2), "post", "US")
    assert extend(first) == compute_deadline("ccpa", date(2026, 3, 2), "post", "US", extended=True)


def test_extending_twice_changes_nothing() -> None:
    once = extend(compute_deadline("gdpr", date(2026, 1, 31), "email", "DE"))
    assert extend(once) is once


def test_extend_keeps_the_unknown_country_fallback() -> None:
    deadline = extend(compute_deadline("gdpr", date(2027, 9, 25), "email", "ZZ"))
    # Sat 25 Dec 2027 -> Mon 27 Dec: weekends only, as for the first date.
    assert deadline.extended_due == date(2027, 12, 27)


# --- receipt -------------------------------------------------------------------------------------


@pytest.mark.parametrize("channel", ["email", "web", "phone", Channel.EMAIL])
def test_electronic_and_oral_requests_arrive_the_same_day(channel: str) -> None:
    assert received_on(date(2026, 1, 29), channel) == date(2026, 1, 29)


def test_post_is_received_three_calendar_days_later_by_default() -> None:
    # Thu 29 Jan 2026 + 3 calendar days = Sun 1 Feb: calendar days, not working days.
    assert received_on(date(2026, 1, 29), "post") == date(2026, 2, 1)
    assert received_on(date(2026, 1, 29), "post", post_days=5) == date(2026, 2, 3)
    assert received_on(date(2026, 1, 29), "post", post_days=0) == date(2026, 1, 29)


def test_post_days_cannot_be_negative() -> None:
    with pytest.raises(ValueError, match="post_days"):
        received_on(date(2026, 1, 29), "post", post_days=-1)


def test_post_allowance_moves_the_due_date() -> None:
    # Received Sun 1 Feb 2026; one month is Sun 1 Mar -> Mon 2 Mar.
    deadline = compute_deadline("gdpr", date(2026, 1, 29), "post", "DE")
    assert (deadline.received, deadline.due) == (date(2026, 2, 1), date(2026, 3, 2))


# --- the deadline record -------------------------------------------------------------------------


def test_rule_explains_the_date_in_plain_words() -> None:
    deadline = compute_deadline("gdpr", date(2026, 1, 31), "email", "DE")
    assert deadline.rule == (
        "GDPR Art. 12(3): sent by email and received on 31 Jan 2026; one calendar month from "
        "receipt on 31 Jan 2026 is 28 Feb 2026 (February has no 31st), a Saturday; "
        "next working day in DE: 2 Mar 2026"
    )


def test_rule_names_the_holiday_and_the_extension() -> None:
    deadline = compute_deadline("uk-gdpr", date(2026, 3, 6), "web", "GB", extended=True)
    assert "6 Apr 2026, a public holiday (Easter Monday); next working day in GB-ENG: 7 Apr" in (
        deadline.rule
    )
    assert deadline.rule.endswith(
        "extended: three calendar months from receipt on 6 Mar 2026 is 6 Jun 2026, a Saturday; "
        "next working day in GB-ENG: 8 Jun 2026"
    )


def test_deadline_records_what_it_was_computed_from() -> None:
    deadline = compute_deadline(Law.UK_GDPR, date(2026, 1, 29), Channel.POST, "GB", subdiv="SCT")
    assert deadline.law is Law.UK_GDPR
    assert deadline.channel is Channel.POST
    assert (deadline.sent, deadline.received) == (date(2026, 1, 29), date(2026, 2, 1))
    assert (deadline.country, deadline.subdiv) == ("GB", "SCT")
    assert deadline.extended_due is None
    assert deadline.effective_due == deadline.due


@pytest.mark.parametrize(
    ("law", "channel", "message"),
    [
        ("hipaa", "email", "unknown law 'hipaa'; expected one of gdpr, uk-gdpr, ccpa"),
        ("gdpr", "fax", "unknown channel 'fax'; expected one of email, post, web, phone"),
    ],
)
def test_unknown_law_or_channel_is_a_one_line_error(law: str, channel: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        compute_deadline(law, date(2026, 1, 1), channel, "DE")


def test_law_and_channel_accept_any_case() -> None:
    assert compute_deadline("UK-GDPR", date(2026, 1, 1), "Email", "GB").law is Law.UK_GDPR


def test_datetimes_are_refused() -> None:
    with pytest.raises(TypeError, match="expected a date"):
        response_due("gdpr", datetime(2026, 1, 1, 12), "DE")


def test_holiday_calendars_are_built_once_per_year() -> None:
    deadlines._holidays_in.cache_clear()
    start = date(2026, 1, 1)
    for day in range(365):
        compute_deadline("gdpr", start + timedelta(days=day), "email", "FR")
    # Due dates run into 2027, so at most two calendars for one country.
    assert deadlines._holidays_in.cache_info().misses <= 2


# --- reminders -----------------------------------------------------------------------------------


def _deadline(due: date, extended_due: date | None = None) -> Deadline:
    return Deadline(
        law=Law.GDPR,
        channel=Channel.EMAIL,
        sent=date(2026, 2, 1),
        received=date(2026, 2, 1),
        due=due,
        extended_due=extended_due,
        rule="",
        country="DE",
    )


def test_default_reminders_are_a_week_before_on_the_day_and_the_day_after() -> None:
    assert reminders(_deadline(date(2026, 3, 2))) == (
        Reminder(date(2026, 2, 23), "upcoming", -7),
        Reminder(date(2026, 3, 2), "due", 0),
        Reminder(date(2026, 3, 3), "overdue", 1),
    )


def test_reminders_are_configurable_and_sorted() -> None:
    result = reminders(_deadline(date(2026, 3, 2)), before=(1, 14, 1), after=(7,))
    assert [(r.on, r.kind) for r in result] == [
        (date(2026, 2, 16), "upcoming"),
        (date(2026, 3, 1), "upcoming"),
        (date(2026, 3, 2), "due"),
        (date(2026, 3, 9), "overdue"),
    ]


def test_reminders_follow_the_extended_date() -> None:
    result = reminders(_deadline(date(2026, 3, 2), extended_due=date(2026, 4, 30)), before=())
    assert [r.on for r in result] == [date(2026, 4, 30), date(2026, 5, 1)]


@pytest.mark.parametrize("offsets", [(0,), (-3,)])
def test_reminder_offsets_must_be_positive(offsets: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="positive"):
        reminders(_deadline(date(2026, 3, 2)), after=offsets)


# --- properties ----------------------------------------------------------------------------------

_laws = st.sampled_from(list(Law))
_receipts = st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31))
_countries = st.sampled_from(["DE", "FR", "GB", "IE", "IT", "NL", "PL", "US", "ZZ"])


def _calendar(law: Law, country: str) -> tuple[str, str | None]:
    """The calendar the law uses: see ``deadlines._calendar_for``."""
    if law is Law.UK_GDPR:
        return "GB", None
    if law is Law.CCPA:
        return "US", "CA"
    return country, None


def _period_end(law: Law, received: date, *, extended: bool) -> date:
    if law is Law.CCPA:
        return received + timedelta(days=90 if extended else 45)
    return add_months(received, 3 if extended else 1)


@given(law=_laws, received=_receipts, country=_countries, extended=st.booleans())
def test_due_is_a_working_day_shortly_after_the_period_end(
    law: Law, received: date, country: str, extended: bool
) -> None:
    due = response_due(law, received, country, extended=extended)
    assert is_working_day(due, *_calendar(law, country))
    # Never early; and no run of weekends and holidays in these countries is a week long.
    assert 0 <= (due - _period_end(law, received, extended=extended)).days < 7


@given(law=_laws, received=_receipts, country=_countries)
def test_extension_never_shortens(law: Law, received: date, country: str) -> None:
    assert response_due(law, received, country, extended=True) > response_due(
        law, received, country
    )


@given(law=_laws, a=_receipts, b=_receipts, country=_countries, extended=st.booleans())
def test_a_later_receipt_never_gives_an_earlier_due_date(
    law: Law, a: date, b: date, country: str, extended: bool
) -> None:
    earlier, later = sorted((a, b))
    assert response_due(law, earlier, country, extended=extended) <= response_due(
        law, later, country, extended=extended
    )
