"""How a vendor treats the customer, from the customer's own cases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What one case says about the vendor."""

    sent: date | None
    due: date | None
    first_response: date | None  # acknowledged, replied or resolved, whichever came first
    outcome: str  # "", "favourable", "partial", "unfavourable"
    escalated: bool
    closed: bool


@dataclass(frozen=True, slots=True)
class Scorecard:
    cases: int
    sent: int
    median_response_days: float | None
    deadlines_missed: int
    resolved_in_favour: int
    decided: int
    escalations: int

    @property
    def favour_rate(self) -> float | None:
        """Share of decided cases that went the customer's way, 0 to 1."""
        return self.resolved_in_favour / self.decided if self.decided else None


def score(cases: Iterable[CaseFacts], today: date) -> Scorecard:
    """A vendor's record: a deadline is missed when the answer came after it, or never came."""
    items = list(cases)
    waits = [
        (c.first_response - c.sent).days
        for c in items
        if c.sent is not None and c.first_response is not None
    ]
    missed = sum(
        1
        for c in items
        if c.due is not None and ((c.first_response or (today if not c.closed else c.due)) > c.due)
    )
    decided = [c for c in items if c.outcome]
    return Scorecard(
        cases=len(items),
        sent=sum(1 for c in items if c.sent is not None),
        median_response_days=float(median(waits)) if waits else None,
        deadlines_missed=missed,
        resolved_in_favour=sum(1 for c in decided if c.outcome == "favourable"),
        decided=len(decided),
        escalations=sum(1 for c in items if c.escalated),
    )
