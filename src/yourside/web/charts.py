"""Bar geometry for the server-rendered SVG charts (no JavaScript needed to read them)."""

from __future__ import annotations

from dataclasses import dataclass
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
