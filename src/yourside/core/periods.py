"""Terms of agreements: renewals, notice periods and cancel-by dates; yearly cost of a price.

Pure functions over plain values. Months are calendar months with the end-of-month clamp
(31 Jan + 1 month = 28 or 29 Feb), as contracts and the law count them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

CYCLES_PER_YEAR: dict[str, Decimal] = {
    "weekly": Decimal(52),
    "monthly": Decimal(12),
    "quarterly": Decimal(4),
    "half-yearly": Decimal(2),
    "yearly": Decimal(1),
}


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice period such as 30 days, 6 weeks or 3 months."""

    amount: int = 0
    unit: str = "days"

    def before(self, day: date) -> date:
        """The last day on which notice can be given for it to take effect on ``day``."""
        if self.unit == "months":
            return day - relativedelta(months=self.amount)
        if self.unit == "weeks":
            return day - timedelta(weeks=self.amount)
        if self.unit == "days":
            return day - timedelta(days=self.amount)
        raise ValueError(f"unknown notice unit {self.unit!r}: use days, weeks or months")


@dataclass(frozen=True, slots=True)
class Term:
    """How long an agreement runs and how it renews."""

    start: date
    term_months: int | None = None
    auto_renews: bool = True
    renewal_months: int | None = None
    notice: Notice = Notice()


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months, clamped to the end of a shorter month."""
    return day + relativedelta(months=months)


def renewals(term: Term, after: date | None = None) -> Iterator[date]:
    """Dates on which the agreement renews or ends, in order, from the first one after ``after``.

    Empty for an open-ended agreement. Counts from the start each time so that month-end clamping
    never drifts (31 Jan, 28 Feb, 31 Mar rather than 31 Jan, 28 Feb, 28 Mar).
    """
    if not term.term_months:
        return
    first = add_months(term.start, term.term_months)
    if not term.auto_renews:
        if after is None or first > after:
            yield first
        return
    step = term.renewal_months or term.term_months
    k = 0
    if after is not None and after >= first:
        # Jump close to ``after`` instead of walking every renewal since the start.
        elapsed = (after.year - first.year) * 12 + after.month - first.month
        k = max(0, elapsed // step - 1)
    while True:
        day = add_months(term.start, term.term_months + k * step)
        if after is None or day > after:
            yield day
        k += 1


def next_renewal(term: Term, today: date) -> date | None:
    """The first renewal strictly after ``today``, or None when it ends without renewing."""
    if not term.auto_renews:
        return None
    return next(renewals(term, after=today), None)


def cancel_by(term: Term, today: date) -> date | None:
    """The last day to give notice so that the agreement does not renew again.

    Skips renewals whose notice date has already passed: the customer wants the next date they
    can still act on. None for an open-ended agreement or one that ends by itself.
    """
    found = notice_deadline(term, today)
    return None if found is None else found[0]


def notice_deadline(term: Term, today: date) -> tuple[date, date] | None:
    """The last day to give notice (:func:`cancel_by`) and the renewal that notice stops.

    That renewal is the next one only while its notice date is still ahead: a month's notice
    given on 3 December stops the renewal of 1 February, not the one of 1 January. Say the two
    together, never the cancel-by date with :func:`next_renewal`.
    """
    if not term.auto_renews:
        return None
    for day in renewals(term, after=today):
        deadline = term.notice.before(day)
        if deadline >= today:
            return deadline, day
    return None


def end_of_term(term: Term) -> date | None:
    """When an agreement that does not renew comes to an end."""
    if term.auto_renews or not term.term_months:
        return None
    return add_months(term.start, term.term_months)


def yearly_cost(price: Decimal, cycle: str) -> Decimal:
    """What a price charged every ``cycle`` costs over a year."""
    try:
        return price * CYCLES_PER_YEAR[cycle]
    except KeyError:
        raise ValueError(f"unknown billing cycle {cycle!r}") from None
