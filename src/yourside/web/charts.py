"""Bar geometry for the server-rendered SVG charts (no JavaScript needed to read them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from yourside.core.spend import MonthTotal

WIDTH = 720
HEIGHT = 180


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    total: MonthTotal
    label: str


def chart_top(totals: list[MonthTotal]) -> Decimal:
    """The largest monthly spend, which the top of the chart stands for."""
    return max((t.spent for t in totals), default=Decimal(0))


def spend_bars(totals: list[MonthTotal]) -> list[Bar]:
    if not totals:
        return []
    top = chart_top(totals) or Decimal(1)
    slot = WIDTH / len(totals)
    bars = []
    for i, total in enumerate(totals):
        height = float(total.spent / top) * (HEIGHT - 20)
        # Label each January, and the first bar unless a January follows too closely to fit both.
        if total.month.month == 1 or (i == 0 and total.month.month < 11):
            label = total.month.strftime("%b %Y")
        else:
            label = ""
        bars.append(
            Bar(
                x=i * slot + 2,
                y=HEIGHT - 20 - height,
                width=max(slot - 4, 1),
                height=height,
                total=total,
                label=label,
            )
        )
    return bars


@dataclass(frozen=True, slots=True)
class PriceChart:
    points: str  # an SVG polyline's points
    low: Decimal
    high: Decimal
    first: date
    last: date


def price_history(payments: list[tuple[date, Decimal]]) -> PriceChart | None:
    """A step line of what one subscription charged, payment by payment."""
    if len(payments) < 2:
        return None
    payments = sorted(payments)
    amounts = [abs(a) for _, a in payments]
    low, high = min(amounts), max(amounts)
    span = (high - low) or Decimal(1)
    first, last = payments[0][0], payments[-1][0]
    days = max((last - first).days, 1)
    coords: list[str] = []
    for (day, _), amount in zip(payments, amounts, strict=True):
        x = (day - first).days / days * (WIDTH - 10) + 5
        y = 70 - float((amount - low) / span) * 60 if high != low else 40.0
        if coords:
            coords.append(f"{x:.1f},{coords[-1].split(',')[1]}")  # hold the old price until now
        coords.append(f"{x:.1f},{y:.1f}")
    return PriceChart(" ".join(coords), low, high, first, last)
