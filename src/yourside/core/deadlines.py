"""Statutory deadlines for data-rights requests (access, rectification, erasure, ...).

Framework-free: plain dates in, plain dates and a plain-words explanation out.

The rules, and where they come from:

GDPR and UK GDPR (Art. 12(3))
    One calendar month from receipt, extendable by two further months. The month runs from the day
    of receipt to the same date in the following month, or to that month's last day when it has no
    such date (Regulation 1182/71 Art. 3(2)(c); ICO, "Right of access: how long do we have to
    comply?"). When that day is a Saturday, Sunday or public holiday the period ends on the next
    working day (Regulation 1182/71 Art. 3(4); same ICO guidance). The extension is counted from
    receipt as well — three months from receipt, not two months from the first due date.
    Holidays are the vendor's country's (Regulation 1182/71 Art. 2(1): those of the state where the
    act is to be done). UK GDPR always uses the UK calendar, England and Wales unless a nation is
    given.

CCPA (Civ. Code 1798.130(a)(2); CCPA Regulations, 11 CCR 7021(b))
    45 calendar days after receipt, extendable by 45 more (90 from receipt). The regulation counts
    calendar days but says nothing about a last day that falls on a weekend or holiday, so
    California's general computation-of-time statutes apply: Code Civ. Proc. 12 and Civ. Code 10
    exclude the first day and include the last, and Code Civ. Proc. 12a extends a period whose last
    day is a Saturday or holiday "to and including the next day that is not a holiday", expressly
    for deadlines in "any other code or statute, ... rule, or regulation". So CCPA deadlines roll to
    the next working day too, on California's calendar (the ``holidays`` package's US-CA public
    holidays). That calendar has a few days that are not court holidays (Susan B. Anthony Day,
    Diwali); the error can only make a due date later, never earlier, so the customer is never told
    a vendor is late when it is not.

Receipt
    Email, web forms and phone calls are received the day they are sent. No data-protection rule
    fixes when a letter arrives; procedural rules disagree (England and Wales CPR 6.26: the second
    business day after posting; Germany, VwVfG 41(2): the fourth day; US FRCP 6(d): three days
    added). We deem a letter received ``post_days`` *calendar* days after posting, default 3: the
    middle of those readings, and simple to check by hand. When the real delivery date is known
    (tracked post), pass it to :func:`response_due` instead.

Calendars are cached per (country, subdivision, year), so computing many deadlines costs a dict
lookup per day looked at.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

import holidays
from dateutil.relativedelta import relativedelta

__all__ = [
    "Channel",
    "Deadline",
    "Law",
    "Reminder",
    "ReminderKind",
    "add_months",
    "compute_deadline",
    "extend",
    "is_working_day",
    "next_working_day",
    "received_on",
    "reminders",
    "response_due",
]


class Law(StrEnum):
    """The data-protection law a request is made under."""

    GDPR = "gdpr"
    UK_GDPR = "uk-gdpr"
    CCPA = "ccpa"


class Channel(StrEnum):
    """How the request was sent to the vendor."""

    EMAIL = "email"
    POST = "post"
    WEB = "web"
    PHONE = "phone"


ReminderKind = Literal["upcoming", "due", "overdue"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a vendor must answer a data-rights request, and why.

    ``due`` is the first deadline; ``extended_due`` is set once the vendor has extended it.
    ``country`` and ``subdiv`` name the holiday calendar that was used (for example ``"GB"`` and
    ``"ENG"``), so that :func:`extend` can recompute without asking again.
    """

    law: Law
    channel: Channel
    sent: date
    received: date
    due: date
    extended_due: date | None
    rule: str
    country: str
    subdiv: str | None = None

    @property
    def effective_due(self) -> date:
        """The date that counts now: the extended one if the vendor extended, else the first."""
        return self.extended_due if self.extended_due is not None else self.due


@dataclass(frozen=True, slots=True)
class Reminder:
    """A date to nudge the customer; ``offset`` is days from the due date (negative = before)."""

    on: date
    kind: ReminderKind
    offset: int


# Month counts and day counts per law: (first period, with extension).
_MONTHS: Mapping[Law, tuple[int, int]] = {Law.GDPR: (1, 3), Law.UK_GDPR: (1, 3)}
_DAYS: Mapping[Law, tuple[int, int]] = {Law.CCPA: (45, 90)}
_LAW_LABEL: Mapping[Law, str] = {
    Law.GDPR: "GDPR Art. 12(3)",
    Law.UK_GDPR: "UK GDPR Art. 12(3)",
    Law.CCPA: "CCPA Civ. Code 1798.130(a)(2)",
}
# Names people use that the holidays package does not: the EU writes Greece as EL, and the UK is
# commonly written UK.
_COUNTRY_ALIASES: Mapping[str, str] = {"UK": "GB", "EL": "GR"}
# England and Wales share one calendar; the UK-wide calendar lacks Easter Monday (not a holiday in
# Scotland), which would put English due dates a day early.
_DEFAULT_SUBDIV: Mapping[str, str] = {"GB": "ENG"}
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAME = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAY_NAME = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBER_WORD = {1: "one", 2: "two", 3: "three"}
_CHANNEL_WORDS: Mapping[Channel, str] = {
    Channel.EMAIL: "by email",
    Channel.POST: "by post",
    Channel.WEB: "through a web form",
    Channel.PHONE: "by phone",
}


# --- Dates ---------------------------------------------------------------------------------------


def add_months(d: date, n: int) -> date:
    """Add ``n`` calendar months, clamping to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    _require_date(d)
    result: date = d + relativedelta(months=n)
    return result


def received_on(sent: date, channel: Channel | str, post_days: int = 3) -> date:
    """The day a request is taken to reach the vendor.

    Email, web form and phone: the day it was sent. Post: ``post_days`` calendar days later
    (default 3; see the module docstring for why calendar days and why 3).
    """
    _require_date(sent)
    if post_days < 0:
        raise ValueError(f"post_days must be zero or more, not {post_days}")
    if _parse_channel(channel) is Channel.POST:
        return sent + timedelta(days=post_days)
    return sent


# --- Calendars -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Calendar:
    """A resolved holiday calendar; ``country`` is None when only weekends are known."""

    country: str | None
    subdiv: str | None
    label: str
    note: str = ""


@functools.cache
def _supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


@functools.cache
def _resolve_calendar(country: str, subdiv: str | None) -> _Calendar:
    code = country.strip().upper()
    code = _COUNTRY_ALIASES.get(code, code)
    if code not in _supported_countries():
        return _Calendar(None, None, code, f"weekends only: no public-holiday calendar for {code}")
    wanted = subdiv.strip() if subdiv else _DEFAULT_SUBDIV.get(code)
    if not wanted:
        return _Calendar(code, None, code)
    # Codes are upper case ("ENG"); the package also knows names ("England") as given.
    for candidate in dict.fromkeys((wanted.upper(), wanted)):
        try:
            holidays.country_holidays(code, subdiv=candidate, years=2000)
        except NotImplementedError:
            continue
        return _Calendar(code, candidate, f"{code}-{candidate}")
    return _Calendar(
        code, None, code, f"national holidays only: {code} has no subdivision {wanted}"
    )


@functools.cache
def _holidays_in(country: str, subdiv: str | None, year: int) -> Mapping[date, str]:
    # Build the neighbouring years too: an observed day can cross New Year (US: 1 Jan 2022, a
    # Saturday, is observed on Fri 31 Dec 2021). observed=True makes substitute days holidays.
    calendar = holidays.country_holidays(
        country, subdiv=subdiv, years=(year - 1, year, year + 1), observed=True
    )
    return MappingProxyType({d: name for d, name in calendar.items() if d.year == year})


def _holiday_name(d: date, cal: _Calendar) -> str | None:
    if cal.country is None:
        return None
    return _holidays_in(cal.country, cal.subdiv, d.year).get(d)


def _is_working(d: date, cal: _Calendar) -> bool:
    return d.weekday() < 5 and _holiday_name(d, cal) is None


def _roll(d: date, cal: _Calendar) -> date:
    while not _is_working(d, cal):
        d += timedelta(days=1)
    return d


def is_working_day(d: date, country: str, subdiv: str | None = None) -> bool:
    """Whether ``d`` is neither a weekend day nor a public (or substitute) holiday in ``country``.

    An unknown country counts weekends only.
    """
    _require_date(d)
    return _is_working(d, _resolve_calendar(country, subdiv))


def next_working_day(d: date, country: str, subdiv: str | None = None) -> date:
    """``d`` itself if it is a working day in ``country``, else the first working day after it."""
    _require_date(d)
    return _roll(d, _resolve_calendar(country, subdiv))


# --- Deadlines -----------------------------------------------------------------------------------


def _calendar_for(law: Law, country: str, subdiv: str | None) -> _Calendar:
    # The law decides whose holidays count: the vendor's country for the GDPR, the UK for UK GDPR,
    # California for the CCPA (its computation-of-time statutes use California's holidays).
    if law is Law.UK_GDPR:
        return _resolve_calendar("GB", subdiv)
    if law is Law.CCPA:
        return _resolve_calendar("US", "CA")
    return _resolve_calendar(country, subdiv)


def _due(law: Law, received: date, cal: _Calendar, *, extended: bool) -> tuple[date, str]:
    """The due date and the sentence that explains it."""
    if law in _MONTHS:
        first, longer = _MONTHS[law]
        months = longer if extended else first
        base = add_months(received, months)
        period = f"{_NUMBER_WORD[months]} calendar month{'s' if months > 1 else ''}"
        if base.day != received.day:
            period_end = (
                f"{_fmt(base)} ({_MONTH_NAME[base.month - 1]} has no {_ordinal(received.day)})"
            )
        else:
            period_end = _fmt(base)
    else:
        first, longer = _DAYS[law]
        days = longer if extended else first
        base = received + timedelta(days=days)
        period = f"{days} calendar days"
        period_end = _fmt(base)
    due = _roll(base, cal)
    text = f"{period} from receipt on {_fmt(received)} is {period_end}, "
    if due == base:
        return due, text + f"a working day in {_where(cal)}"
    return due, text + f"{_describe(base, cal)}; next working day in {_where(cal)}: {_fmt(due)}"


def response_due(
    law: Law | str,
    received: date,
    country: str,
    *,
    extended: bool = False,
    subdiv: str | None = None,
) -> date:
    """The last day the vendor may answer a request received on ``received``.

    ``country`` (ISO 3166 alpha-2) and ``subdiv`` pick the holiday calendar for the GDPR. UK GDPR
    always uses the UK's (``subdiv`` one of ENG, NIR, SCT, WLS; England and Wales by default) and
    the CCPA California's, whatever ``country`` says. With ``extended`` the date is counted from
    receipt over the extended period (three months, or 90 days).
    """
    _require_date(received)
    parsed = _parse_law(law)
    return _due(parsed, received, _calendar_for(parsed, country, subdiv), extended=extended)[0]


def compute_deadline(
    law: Law | str,
    sent: date,
    channel: Channel | str,
    country: str,
    *,
    extended: bool = False,
    post_days: int = 3,
    subdiv: str | None = None,
) -> Deadline:
    """Receipt, due date (and extended due date) of a request, with the reasoning in plain words.

    See :func:`received_on` for receipt and :func:`response_due` for ``country`` and ``subdiv``.
    """
    parsed_law = _parse_law(law)
    parsed_channel = _parse_channel(channel)
    received = received_on(sent, parsed_channel, post_days)
    cal = _calendar_for(parsed_law, country, subdiv)
    if received == sent:
        receipt = f"sent {_CHANNEL_WORDS[parsed_channel]} and received on {_fmt(sent)}"
    else:
        receipt = (
            f"sent by post on {_fmt(sent)}, deemed received {post_days} calendar "
            f"day{'s' if post_days != 1 else ''} later on {_fmt(received)}"
        )
    due, why = _due(parsed_law, received, cal, extended=False)
    deadline = Deadline(
        law=parsed_law,
        channel=parsed_channel,
        sent=sent,
        received=received,
        due=due,
        extended_due=None,
        rule=f"{_LAW_LABEL[parsed_law]}: {receipt}; {why}",
        country=cal.country or cal.label,
        subdiv=cal.subdiv,
    )
    return extend(deadline) if extended else deadline


def extend(deadline: Deadline) -> Deadline:
    """The deadline after the vendor has used its extension, counted again from receipt.

    Extending an already extended deadline changes nothing.
    """
    if deadline.extended_due is not None:
        return deadline
    cal = _calendar_for(deadline.law, deadline.country, deadline.subdiv)
    due, why = _due(deadline.law, deadline.received, cal, extended=True)
    return replace(deadline, extended_due=due, rule=f"{deadline.rule}; extended: {why}")


def reminders(
    deadline: Deadline, *, before: Iterable[int] = (7,), after: Iterable[int] = (1,)
) -> tuple[Reminder, ...]:
    """Reminder dates around the effective due date, earliest first.

    ``before`` and ``after`` are whole days (positive); one reminder always falls on the due date
    itself. The defaults give a week's warning, the day, and an "overdue" nudge the day after.
    """
    before, after = tuple(before), tuple(after)
    if any(days <= 0 for days in (*before, *after)):
        raise ValueError("reminder offsets must be positive numbers of days")
    due = deadline.effective_due
    offsets = {0, *(-days for days in before), *after}
    return tuple(
        Reminder(
            on=due + timedelta(days=offset),
            kind="upcoming" if offset < 0 else "due" if offset == 0 else "overdue",
            offset=offset,
        )
        for offset in sorted(offsets)
    )


# --- Parsing and wording -------------------------------------------------------------------------


def _parse_law(value: Law | str) -> Law:
    try:
        return Law(str(value).strip().lower())
    except ValueError:
        expected = ", ".join(law.value for law in Law)
        raise ValueError(f"unknown law {value!r}; expected one of {expected}") from None


def _parse_channel(value: Channel | str) -> Channel:
    try:
        return Channel(str(value).strip().lower())
    except ValueError:
        expected = ", ".join(channel.value for channel in Channel)
        raise ValueError(f"unknown channel {value!r}; expected one of {expected}") from None


def _require_date(d: date) -> None:
    # A datetime is a date subclass, but its local date depends on a time zone we do not know and
    # it would not match the holiday calendars' date keys.
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"expected a date, not {type(d).__name__}")


def _fmt(d: date) -> str:
    # Not strftime("%b"): that follows the process locale.
    return f"{d.day} {_MONTH_ABBR[d.month - 1]} {d.year}"


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _where(cal: _Calendar) -> str:
    return f"{cal.label} ({cal.note})" if cal.note else cal.label


def _describe(d: date, cal: _Calendar) -> str:
    name = _holiday_name(d, cal)
    weekend = f"a {_DAY_NAME[d.weekday()]}" if d.weekday() >= 5 else ""
    holiday = f"a public holiday ({name})" if name else ""
    return " and ".join(part for part in (weekend, holiday) if part)
