"""Scorecards of the customer's vendors, built from their cases."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from yourside.book.models import Vendor
from yourside.cases.models import Case, CaseEvent
from yourside.core.scorecard import CaseFacts, Scorecard, score

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RESPONSES = {CaseEvent.Kind.ACKNOWLEDGED, CaseEvent.Kind.REPLY, CaseEvent.Kind.RESOLVED}


def _facts(case: Case) -> CaseFacts:
    events = list(case.events.all())
    responses = [e.date for e in events if e.kind in RESPONSES]
    return CaseFacts(
        sent=case.sent_date,
        due=case.due_date,
        first_response=min(responses) if responses else None,
        outcome=case.outcome,
        escalated=case.status == Case.Status.ESCALATED
        or any(e.kind == CaseEvent.Kind.ESCALATED for e in events),
        closed=case.status in {Case.Status.RESOLVED, Case.Status.CLOSED},
    )


def scorecards(
    owner: User, today: date, vendor: Vendor | None = None
) -> list[tuple[Vendor, Scorecard]]:
    """Each vendor with at least one case, and its scorecard; worst records first."""
    cases = Case.objects.owned_by(owner).select_related("vendor").prefetch_related("events")
    if vendor is not None:
        cases = cases.filter(vendor=vendor)
    by_vendor: dict[int, list[Case]] = defaultdict(list)
    vendors: dict[int, Vendor] = {}
    for case in cases:
        by_vendor[case.vendor_id].append(case)
        vendors[case.vendor_id] = case.vendor
    cards = [
        (vendors[pk], score((_facts(c) for c in items), today)) for pk, items in by_vendor.items()
    ]
    cards.sort(key=lambda pair: (-pair[1].deadlines_missed, -pair[1].escalations, pair[0].name))
    return cards
