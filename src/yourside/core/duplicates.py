"""Duplicate charges: one vendor charging the same amount twice within a few days, unexplained.

Plain Python over plain records, no Django. The input is the customer's payments
(:class:`~yourside.core.recurrence.Payment`, or :class:`~yourside.core.fees.Txn`) and the recurring
series :func:`~yourside.core.recurrence.detect_series` found in them. The rule:

1. **Same vendor, same amount, close together.** Two charges (money out) with the same
   ``vendor_key`` and exactly the same amount, at most ``window_days`` apart (3 by default), on any
   of the customer's accounts. In a run of such charges each is paired with the one before it, so
   each pair is reported once, first before second, and a charge taken three times is two pairs.
2. **Not small.** Charges under ``minimum`` (5.00 by default) are left out: two coffees or two bus
   fares on one day are normal, and a duplicate that small costs less than the customer's time to
   check it. Above it, two identical charges on one day are reported, because a double charge looks
   exactly like that.
3. **Not a habit.** When the same vendor charged the same amount on at least
   ``HABIT_OTHER_DAYS`` (3) other days within ``HABIT_DAYS`` (14) days either side of the pair, the
   amount is something the customer buys often (a canteen lunch, a commuter ticket): a second one
   close by is not evidence of a double charge. A burst of identical charges on one or two days is
   still reported.
4. **No cadence explains it.** A pair of two payments that both belong to recurring series is
   scheduled, not doubled. A pair inside the span of a weekly or biweekly series of that vendor and
   amount is a week moved or caught up. But one charge of a monthly series and an extra one at the
   same amount days later is the classic double billing and is reported.
5. **Not chance.** At a vendor charged so often, at amounts so close together, that two charges
   of one amount to the cent within the window happen by chance (expected ``CHANCE_LIMIT`` times or
   more: the vendor's charges within 10 % of the amount, spread over that band's cent amounts and
   over the vendor's days), a pair is no evidence of anything.
6. **Reversed ones are resolved.** A credit from the vendor of exactly the charged amount, on or
   after the first charge and at most ``reversal_days`` (30) after the second, reverses the pair:
   it is reported as resolved, with the credit's id. Each credit reverses one pair.

Every rule looks only at the payments of one vendor and amount, so payments of other vendors or
amounts can never add or remove a duplicate. The payments come grouped by vendor and sorted
(:mod:`yourside.core.ledger`); a vendor none of whose charges are within the window of one another
costs one pass over its amounts and dates, the others one more.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import compress, count
from operator import sub
from typing import Final

from yourside.core import wording
from yourside.core.ledger import Ledger, Lines, ledger
from yourside.core.recurrence import Payment, Series

HABIT_DAYS: Final = 14
HABIT_OTHER_DAYS: Final = 3
CHANCE_LIMIT: Final = 0.01
_CHANCE_BAND: Final = 0.1
_CHANCE_MIN_WIDTH: Final = 1.0
_SHORT_CADENCE_DAYS: Final = {"weekly": 7, "biweekly": 14}


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two charges that look like one charge taken twice; ``amount`` is signed (negative).

    ``reversed_by`` is the id of the credit that gave the money back, when there was one.
    """

    first_id: str
    second_id: str
    vendor_key: str
    amount: Decimal
    days_apart: int
    explanation: str
    reversed_by: str | None = None


@dataclass(frozen=True, slots=True)
class DuplicateReport:
    """Open duplicates (money still to ask back) and resolved ones (reversed), by date."""

    open: list[Duplicate]
    resolved: list[Duplicate]


def find_duplicates(
    payments: Iterable[Payment],
    series: Iterable[Series] = (),
    *,
    window_days: int = 3,
    minimum: Decimal = Decimal("5.00"),
    reversal_days: int = 30,
) -> DuplicateReport:
    """The duplicate charges in ``payments`` that the recurring ``series`` do not explain."""
    return duplicates_in(
        ledger(payments),
        series,
        window_days=window_days,
        minimum=minimum,
        reversal_days=reversal_days,
    )


def duplicates_in(
    book: Ledger,
    series: Iterable[Series] = (),
    *,
    window_days: int = 3,
    minimum: Decimal = Decimal("5.00"),
    reversal_days: int = 30,
) -> DuplicateReport:
    """:func:`find_duplicates` over a book already grouped by payee and sorted (a ledger)."""
    scheduled: set[str] = set()
    short: dict[tuple[str, Decimal], list[tuple[date, date]]] = defaultdict(list)
    for s in series:
        scheduled.update(s.payment_ids)
        step = _SHORT_CADENCE_DAYS.get(s.cadence)
        if step:
            for level in s.levels:
                short[(s.vendor_key, level.amount)].append(
                    (s.first_date, s.last_date + timedelta(days=step))
                )

    limit = -float(minimum)
    pairs: list[tuple[Payment, Payment]] = []
    for vendor, lines in book.items():
        # Maps and compress run in C: these lines run for every line of the book.
        charges = list(compress(count(), map(limit.__ge__, lines.amounts)))
        if len(charges) < 2:
            continue
        # The lines are in date order: most vendors have no two charges close together, whatever
        # their amounts, and cost no more than this.
        days = list(map(lines.days.__getitem__, charges))
        if min(map(sub, days[1:], days)) > window_days:
            continue
        amounts = list(map(lines.amounts.__getitem__, charges))
        chance = _Chance(amounts, days, window_days)
        for j, i in _close_pairs(amounts, days, window_days):
            # The cheap rules first: a pair becomes two payments only when it passes them.
            if chance.expected(amounts[i]) >= CHANCE_LIMIT:
                continue
            a, b = _payment(vendor, lines, charges[j]), _payment(vendor, lines, charges[i])
            spans = short.get((vendor, b.amount), ())
            if any(start <= a.date and b.date <= end for start, end in spans):
                continue
            if a.id in scheduled and b.id in scheduled:
                continue
            pairs.append((a, b))

    pairs.sort(key=lambda ab: (ab[1].date, ab[0].date, ab[1].id))
    return _settle(pairs, book, reversal_days)


def _payment(vendor: str, lines: Lines, i: int) -> Payment:
    return Payment(
        lines.id_of(i), lines.account_of(i), lines.date_of(i), lines.decimal_of(i), vendor
    )


def _close_pairs(amounts: list[float], days: list[int], window: int) -> list[tuple[int, int]]:
    """(earlier, later) indexes of charges of one amount at most ``window`` days apart, each
    charge with the one of its amount just before it, leaving out habits; ``amounts`` are one
    vendor's charges by date and ``days`` their dates."""
    # The amounts are floats, as the ledger has them: distinct amounts of cents are distinct
    # floats, and a float hashes cheaply where a Decimal's hash is computed afresh every time. (One
    # pass with a dict beats sorting by amount: a sort compares floats scattered in memory.)
    found = []
    latest: dict[float, int] = {}
    for i, amount in enumerate(amounts):
        j = latest.get(amount)
        latest[amount] = i
        if j is not None and days[i] - days[j] <= window:
            found.append((j, i))
    if not found:
        return found
    # The dates of each amount that has a close pair, for the habit rule.
    chains: dict[float, list[int]] = {amounts[i]: [] for _, i in found}
    for amount, day in zip(amounts, days, strict=True):
        chain = chains.get(amount)
        if chain is not None:
            chain.append(day)
    return [(j, i) for j, i in found if not _habit(chains[amounts[i]], days[j], days[i])]


class _Chance:
    """How often one vendor's charges repeat an amount to the cent within the window by chance."""

    def __init__(self, charges: list[float], days: list[int], window: int) -> None:
        self.charges = charges
        self.share = (2 * window + 1) / (days[-1] - days[0] + 2 * window + 1)
        self.amounts: list[float] | None = None

    def expected(self, amount: float) -> float:
        if self.amounts is None:
            self.amounts = sorted([-a for a in self.charges])
        value = -amount
        width = max(_CHANCE_BAND * value, _CHANCE_MIN_WIDTH)
        near = bisect_right(self.amounts, value + width) - bisect_left(self.amounts, value - width)
        return near / (200 * width + 1) * self.share


def _habit(chain: list[int], first: int, second: int) -> bool:
    """Whether ``chain`` (the sorted dates of one vendor's charges of one amount) has charges on at
    least HABIT_OTHER_DAYS days other than ``first`` and ``second`` within HABIT_DAYS of them."""
    lo = bisect_left(chain, first - HABIT_DAYS)
    hi = bisect_right(chain, second + HABIT_DAYS)
    return len(set(chain[lo:hi]) - {first, second}) >= HABIT_OTHER_DAYS


def _settle(
    pairs: list[tuple[Payment, Payment]], book: Ledger, reversal_days: int
) -> DuplicateReport:
    """Split ``pairs`` (in date order) into open and resolved; the earliest fitting credit that no
    earlier pair took reverses a pair."""
    # Each vendor's credits (their places in its lines) by date, with their dates as ordinals to
    # search from the first charge.
    dated: dict[str, tuple[Lines, list[int], list[int]]] = {}
    for vendor in {b.vendor_key for _, b in pairs}:
        lines = book[vendor]
        got = list(compress(count(), map((0.0).__lt__, lines.amounts)))
        dated[vendor] = lines, got, list(map(lines.days.__getitem__, got))
    used: set[str] = set()
    found: list[Duplicate] = []
    resolved: list[Duplicate] = []
    for a, b in pairs:
        lines, got, got_days = dated[b.vendor_key]
        last = (b.date + timedelta(days=reversal_days)).toordinal()
        refund = -b.amount
        credit = None
        for k in range(bisect_left(got_days, a.date.toordinal()), len(got)):
            if got_days[k] > last:
                break
            if lines.decimal_of(got[k]) == refund and lines.id_of(got[k]) not in used:
                credit = _payment(b.vendor_key, lines, got[k])
                break
        days_apart = (b.date - a.date).days
        when = "on the same day" if days_apart == 0 else f"{_days(days_apart)} apart"
        # The payee is named where it is shown; the amount is in the reader's words there too.
        what = f"{wording.number(refund)} charged twice {when}"
        if credit is None:
            explanation = f"{what}, and no regular schedule explains it; ask for one back."
            found.append(Duplicate(a.id, b.id, b.vendor_key, b.amount, days_apart, explanation))
        else:
            used.add(credit.id)
            explanation = f"{what}; the vendor refunded one on {wording.day(credit.date)}."
            resolved.append(
                Duplicate(a.id, b.id, b.vendor_key, b.amount, days_apart, explanation, credit.id)
            )
    return DuplicateReport(found, resolved)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"
