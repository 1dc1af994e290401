"""Spend over time: monthly totals of money out and in, ready for a chart or a table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from yourside.core.periods import add_months


@dataclass(frozen=True, slots=True)
class MonthTotal:
    month: date  # the first day of the month
    spent: Decimal  # money out, as a positive number
    received: Decimal  # money in (refunds, payouts)


def month_start(day: date) -> date:
    return day.replace(day=1)


def monthly_totals(
    amounts: Iterable[tuple[date, Decimal]], *, last_month: date, months: int = 24
) -> list[MonthTotal]:
    """Totals for each of the ``months`` months ending with ``last_month``, empty months included.

    Amounts are signed (negative is money out); amounts outside the window are ignored.
    """
    first = add_months(month_start(last_month), -(months - 1))
    spent = {add_months(first, i): Decimal(0) for i in range(months)}
    received = dict(spent)
    for day, amount in amounts:
        key = month_start(day)
        if key not in spent:
            continue
        if amount < 0:
            spent[key] -= amount
        else:
            received[key] += amount
    return [MonthTotal(m, spent[m], received[m]) for m in spent]
