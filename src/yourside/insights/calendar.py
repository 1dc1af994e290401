"""Every deadline as an ICS calendar, at a secret address the customer can rotate."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import TYPE_CHECKING

from icalendar import Alarm, Calendar, Event

from yourside.book.models import LATEST, Agreement, Holding
from yourside.cases.models import Case
from yourside.insights.models import CalendarFeed

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def feed_for(owner: User) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(owner=owner).first()
    return feed or CalendarFeed.objects.create(owner=owner, token=secrets.token_urlsafe(32))


def rotate(owner: User) -> CalendarFeed:
    """A new secret address; calendar apps still using the old one get nothing more."""
    feed = feed_for(owner)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "created_at"])
    return feed


def _event(uid: str, day: date, summary: str, description: str, remind_days: int) -> Event:
    event = Event()
    event.add("uid", f"{uid}@yourside")
    event.add("dtstamp", day)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(days=-remind_days))
    event.add_component(alarm)
    return event


def deadlines_calendar(owner: User, today: date) -> bytes:
    """Cancel-by dates, warranty ends and case replies due, from today on."""
    calendar = Calendar()
    calendar.add("prodid", "-//Yourside//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Yourside deadlines")
    for agreement in Agreement.objects.owned_by(owner).select_related("vendor"):
        cancel_by = agreement.cancel_by(today)
        if cancel_by is not None:
            calendar.add_component(
                _event(
                    f"cancel-by-{agreement.pk}-{cancel_by}",
                    cancel_by,
                    f"Last day to cancel {agreement.name} ({agreement.vendor})",
                    f"{agreement.name} renews on {agreement.renewal_stopped_by_notice(today)} "
                    "unless you give "
                    "notice by today.",
                    7,
                )
            )
    # A date after LATEST (stored before the book refused them) has no day after it to end on.
    for holding in Holding.objects.owned_by(owner).filter(
        warranty_end__gte=today, warranty_end__lte=LATEST
    ):
        assert holding.warranty_end is not None
        calendar.add_component(
            _event(
                f"warranty-{holding.pk}",
                holding.warranty_end,
                f"Warranty of {holding.name} ends",
                "Claim anything wrong with it before today.",
                30,
            )
        )
    cases = (
        Case.objects.owned_by(owner)
        .filter(status__in=[Case.Status.SENT, Case.Status.ESCALATED], due_date__isnull=False)
        .select_related("vendor")
    )
    for case in cases:
        assert case.due_date is not None
        calendar.add_component(
            _event(
                f"case-{case.pk}-{case.due_date}",
                case.due_date,
                f"{case.vendor} must answer {case.reference}",
                f"{case.subject}. {case.deadline_rule}",
                1,
            )
        )
    return bytes(calendar.to_ical())
