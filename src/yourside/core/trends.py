"""Spend per vendor per month or year, and whether it is going up or down.

Plain Python over plain records, no Django. :func:`spend_by_period` totals money out and money in
per vendor and period in one pass; :func:`trend` reads one vendor's monthly totals.

How the trend is measured (money out only: a refund is money in, shown beside it, not netted):

- With at least 24 months of history, the **last 12 months against the 12 before**: a whole year
  each, so seasons and yearly bills weigh the same on both sides.
- With 15 to 23 months, the **last 3 months against the same 3 months a year earlier**: still the
  same season on both sides (December against December), which comparing with the 3 months just
  before would not be.
- With less, no trend: ``flat`` with no percentage, and an explanation saying so.

"History" starts at ``since`` (when the customer's records begin) or, by default, at the vendor's
first month; months without payments count as zero. The change is ``flat`` within ±5 %
(``flat_within``), and ``up`` without a percentage when nothing was spent in the earlier window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final, Literal, NamedTuple

from yourside.core import wording
from yourside.core.recurrence import Payment

Period = Literal["month", "year"]
Direction = Literal["up", "down", "flat"]

FLAT_WITHIN: Final = Decimal(5)


class PeriodSpend(NamedTuple):
    """One vendor's totals in one period: ``(start, spent, received)``, both unsigned."""

    start: date  # the first day of the month or year
    spent: Decimal  # money out
    received: Decimal  # money in (refunds, payouts)


@dataclass(frozen=True, slots=True)
class Trend:
    """Where spend is heading: the last window against the earlier one.

    ``window_months`` is 12 or 3 (0 when there was too little history), ``recent`` and ``earlier``
    the money out in each window, ``change_percent`` the change rounded to 0.1 (None when there is
    nothing to compare with).
    """

    direction: Direction
    change_percent: Decimal | None
    explanation: str
    window_months: int = 0
    recent: Decimal = Decimal(0)
    earlier: Decimal = Decimal(0)


def spend_by_period(
    txns: Iterable[Payment], period: Period = "month"
) -> dict[str, list[PeriodSpend]]:
    """Money out and in per vendor and period, each vendor's periods in date order.

    Only periods with payments are listed; amounts are signed in ``txns`` (negative is money out).
    """
    if period not in ("month", "year"):
        raise ValueError(f"unknown period {period!r}: use month or year")
    yearly = period == "year"
    zero = Decimal(0)
    # Periods as small integers, computed once per distinct date: an int hashes and compares
    # faster than a date, and date.replace is slower than a dict look-up.
    periods: dict[date, int] = {}
    # Two dicts of Decimals per vendor rather than a [spent, received] list per cell: Decimals are
    # not tracked by the garbage collector, so hundreds of thousands of cells add no GC passes.
    spent: dict[str, dict[int, Decimal]] = {}
    received: dict[str, dict[int, Decimal]] = {}
    for t in txns:
        day = t.date
        index = periods.get(day)
        if index is None:
            index = periods[day] = day.year if yearly else day.year * 12 + day.month - 1
        amount = t.amount
        if amount < zero:
            cells = spent.get(t.vendor_key)
            if cells is None:
                cells = spent[t.vendor_key] = {}
            cells[index] = cells.get(index, zero) - amount
        else:
            cells = received.get(t.vendor_key)
            if cells is None:
                cells = received[t.vendor_key] = {}
            cells[index] = cells.get(index, zero) + amount
    out: dict[str, list[PeriodSpend]] = {}
    for vendor in sorted(spent.keys() | received.keys()):
        out_cells = spent.get(vendor, {})
        in_cells = received.get(vendor, {})
        out[vendor] = [
            PeriodSpend(
                date(index, 1, 1) if yearly else date(index // 12, index % 12 + 1, 1),
                out_cells.get(index, zero),
                in_cells.get(index, zero),
            )
            for index in sorted(out_cells.keys() | in_cells.keys())
        ]
    return out


def trend(
    series: Sequence[PeriodSpend],
    *,
    as_of: date | None = None,
    since: date | None = None,
    flat_within: Decimal = FLAT_WITHIN,
) -> Trend:
    """The trend of one vendor's **monthly** ``series`` (from ``spend_by_period(..., "month")``).

    ``as_of`` picks the last month of the recent window (default: the series' last month);
    ``since`` is when the customer's history begins (default: the series' first month).
    """
    if not series:
        return Trend("flat", None, "Nothing spent here yet.")
    spent = {_month(p.start): p.spent for p in series}
    last = _month(as_of) if as_of else max(spent)
    first = _month(since) if since else min(spent)
    history = last - first + 1
    if history >= 24:
        window, gap = 12, 0
    elif history >= 15:
        window, gap = 3, 9  # the same 3 months a year earlier: 9 months between the windows
    else:
        return Trend(
            "flat",
            None,
            f"Only {history} month{'s' if history != 1 else ''} of history: a trend needs 15.",
        )
    recent = sum((spent.get(m, Decimal(0)) for m in range(last - window + 1, last + 1)), Decimal(0))
    earlier_last = last - window - gap
    earlier = sum(
        (spent.get(m, Decimal(0)) for m in range(earlier_last - window + 1, earlier_last + 1)),
        Decimal(0),
    )
    # The months named: "the last 12 months" read as a different sum beside the vendor page's
    # "paid in the last 12 months", which counts back from today.
    now = f"from {_name(last - window + 1)} to {_name(last)}"
    then = "in the 12 months before" if window == 12 else "in the same months a year earlier"
    if not earlier:
        if not recent:
            return Trend("flat", Decimal(0), f"Nothing spent {now} nor {then}.", window)
        return Trend(
            "up",
            None,
            f"You spent {wording.number(recent)} {now} and nothing {then}.",
            window,
            recent,
        )
    change = ((recent - earlier) * 100 / earlier).quantize(Decimal("0.1"))
    direction: Direction = (
        "up" if change >= flat_within else "down" if change <= -flat_within else "flat"
    )
    if direction == "flat":
        how = f"about the same as {then} ({wording.number(earlier)})"
    else:
        more = "more" if change > 0 else "less"
        how = f"{wording.percent(abs(change))} {more} than {then} ({wording.number(earlier)})"
    return Trend(
        direction,
        change,
        f"You spent {wording.number(recent)} {now}, {how}.",
        window,
        recent,
        earlier,
    )


def _month(day: date) -> int:
    """Months since year 0, so that month arithmetic is integer arithmetic."""
    return day.year * 12 + day.month - 1


_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def _name(month: int) -> str:
    year, index = divmod(month, 12)
    return f"{_MONTHS[index]} {year}"
