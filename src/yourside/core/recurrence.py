"""Recurring payments (subscriptions, bills, standing orders, income) found in a payment history.

Plain Python over plain records, no Django, so it can be tested, fuzzed and benchmarked alone.

The input is one customer's (or one household's) payments across all their accounts; the output is
the series found in them and the price changes inside each series. Payments are grouped by
``vendor_key`` and direction (money out, money in) and sorted by date once; then, per vendor:

1. **Fixed amounts.** Payments of one amount, to the cent, are fitted to each plausible cadence: a
   schedule (a weekday grid, a day of the month, the last day, the n-th weekday) is chosen and each
   payment is put on its nearest scheduled date. A payment may be a few days off (the tolerance
   grows with the period), one scheduled payment in a row may be missing, and a payment off the
   schedule is an *extra*. An amount is fitted on each account first (two identical subscriptions
   on two accounts stay two series), then across accounts (a subscription that moves to the other
   account, or alternates, stays one series).
2. **Price changes.** Fixed series of one vendor and cadence on one schedule, one starting where the
   other ends, are one series whose price changed; one or two payments on the schedule just past
   either end, at one new amount within 1.5x of the old, join it the same way.
3. **Variable amounts.** The vendor's remaining payments are fitted the same way and kept when at
   least 80 % of the on-schedule payments lie within ±25 % of their median. A fixed fit that sits in
   the empty slots of a variable series at its amounts is a piece of it and joins it.

A fit is reported only when it has enough payments (3, a weekly one 4, a half-yearly or yearly one 2
if identical, at most 3 days off and with nothing else from the vendor between; a variable amount
4, weekly 6), few gaps (none among 3 payments, then at most one in three), payments close to their
dates (on average within 60 % of the tolerance for a fixed amount, 35 % for a variable one: a
schedule is kept within a day or two, random dates spread over the window), and when it is most of
what it was fitted from: at least half of the payments at that amount (or of the vendor's remaining
payments), with at most half as many extras in its span as it has payments. That keeps look-alikes
out: three purchases at a supermarket on irregular dates fail the timing, a coffee bought several
times a week at one price or three of ten cinema tickets a month apart fail the share, a weekly shop
whose basket swings more than ±25 % fails the amount rule (a veg box at a steady price is reported).

Everything is O(n log n) in the number of payments: grouping is one pass, each vendor is sorted
once, and a fit is tried only for the cadences whose period is near the typical gap between
payments.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import compress, pairwise, repeat
from math import exp
from operator import add, sub
from typing import Literal

from yourside.core.ledger import Ledger, Lines, dates_of, ledger

CadenceName = Literal[
    "weekly", "biweekly", "four-weekly", "monthly", "quarterly", "half-yearly", "yearly"
]
AmountKind = Literal["fixed", "variable"]
Status = Literal["active", "ended"]

CADENCES: tuple[CadenceName, ...] = (
    "weekly",
    "biweekly",
    "four-weekly",
    "monthly",
    "quarterly",
    "half-yearly",
    "yearly",
)


@dataclass(frozen=True, slots=True)
class Payment:
    """One booked payment. ``amount`` is signed: negative is money out, positive is money in.

    ``vendor_key`` is the normalised counterparty (a vendor id or a normalised descriptor); payments
    with the same key are the same vendor whichever account they were made from.
    """

    id: str
    account: str
    date: date
    amount: Decimal
    vendor_key: str


@dataclass(frozen=True, slots=True)
class Level:
    """A price level of a fixed series: the amount charged from ``since`` on."""

    since: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Series:
    """A recurring payment: a vendor charging (or paying) on a regular schedule.

    ``amount`` is the typical signed amount: the current price of a fixed series, the (lower) median
    of a variable one. ``schedule`` says when in the period it falls ("day 15", "last day",
    "second Tuesday", "Fridays"). ``next_date`` is the next scheduled date after ``last_date``; it
    lies before the ``as_of`` date when a payment is late or missed. ``levels`` are the price levels
    of a fixed series in date order (one level when the price never changed).
    """

    vendor_key: str
    accounts: tuple[str, ...]
    cadence: CadenceName
    schedule: str
    amount: Decimal
    amount_kind: AmountKind
    first_date: date
    last_date: date
    next_date: date
    count: int
    status: Status
    payment_ids: tuple[str, ...]
    confidence: float
    levels: tuple[Level, ...]

    @property
    def per_year(self) -> Decimal:
        """How many payments a year this cadence makes (52 weekly, 12 monthly, ...)."""
        return _CADENCE_BY_NAME[self.cadence].per_year

    @property
    def yearly_cost(self) -> Decimal:
        """The typical amount (unsigned) times the payments a year."""
        return abs(self.amount) * self.per_year


@dataclass(frozen=True, slots=True)
class PriceChange:
    """The amount of a fixed series stepping from ``old_amount`` to ``new_amount`` on ``date``.

    ``percent`` is the change of the unsigned amount (positive is a rise); ``yearly_cost_delta`` is
    the change of the unsigned amount times the payments a year, so a positive value is what the
    rise costs (or, for income, adds) a year.
    """

    series: Series
    old_amount: Decimal
    new_amount: Decimal
    date: date
    percent: Decimal
    yearly_cost_delta: Decimal


def detect_series(payments: Iterable[Payment], *, as_of: date | None = None) -> list[Series]:
    """The recurring series in ``payments``, sorted by vendor and first date.

    ``as_of`` is "today": payments after it are ignored, and a series whose next payments are
    overdue by more than the one missed payment a series tolerates is ``ended``. It defaults to the
    date of the latest payment. The order of ``payments`` does not matter.
    """
    return series_in(ledger(payments), as_of=as_of)


def series_in(book: Ledger, *, as_of: date | None = None) -> list[Series]:
    """:func:`detect_series` over a book already grouped by payee and sorted (a ledger)."""
    limit = date.max.toordinal() if as_of is None else as_of.toordinal()
    vendors = []
    for vendor, lines in book.items():
        n = len(lines)
        if n < 2:
            continue
        if lines.days[-1] > limit:
            n = bisect_right(lines.days, limit)  # one search a vendor, not a comparison a line
            if n < 2:
                continue
        days, amounts = lines.days, lines.amounts
        if n < len(lines):
            days, amounts = days[:n], amounts[:n]
        if min(amounts) > 0 or max(amounts) < 0:
            vendors.append((vendor, _Vendor(lines, range(n), days, list(map(abs, amounts)))))
            continue
        # Money out and money in are separate series (a refund is not a charge).
        for keep in ([a < 0 for a in amounts], [a > 0 for a in amounts]):
            if sum(keep) >= 2:
                v = _Vendor(
                    lines,
                    list(compress(range(n), keep)),
                    list(compress(days, keep)),
                    [abs(a) for a in compress(amounts, keep)],
                )
                vendors.append((vendor, v))
    limit_day = (
        max((v.days[-1] for _, v in vendors), default=date.min.toordinal())
        if as_of is None
        else as_of.toordinal()
    )
    found = [s for vendor, v in vendors for s in _detect_vendor(vendor, v, limit_day)]
    found.sort(key=lambda s: (s.vendor_key, s.first_date, s.amount, s.payment_ids))
    return found


def price_changes(series: Series) -> list[PriceChange]:
    """The price changes of one series, one per step between its levels."""
    changes = []
    for old, new in pairwise(series.levels):
        before, after = abs(old.amount), abs(new.amount)
        changes.append(
            PriceChange(
                series=series,
                old_amount=old.amount,
                new_amount=new.amount,
                date=new.since,
                percent=((after - before) * 100 / before).quantize(Decimal("0.1")),
                yearly_cost_delta=((after - before) * series.per_year).quantize(Decimal("0.01")),
            )
        )
    return changes


def all_price_changes(series: Iterable[Series]) -> list[PriceChange]:
    """The price changes of all ``series``, oldest first."""
    changes = [change for s in series for change in price_changes(s)]
    changes.sort(key=lambda c: (c.date, c.series.vendor_key))
    return changes


# --- cadences and schedules -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cadence:
    name: CadenceName
    days: int  # step in days, 0 when the step is in calendar months
    months: int  # step in calendar months, 0 when the step is in days
    tol: int  # how many days a payment may sit from its scheduled date
    per_year: Decimal
    nominal: float  # mean length of the period in days, to choose which cadences to try


# Tolerances: a weekly payment moves a day or two at most; a monthly one can be a weekend plus a
# bank holiday plus "a few days" late; yearly renewals drift more (billed on a different weekday,
# trial periods). Each is well under half the period, so a payment has one nearest scheduled date.
_CADENCE_LIST = (
    _Cadence("weekly", 7, 0, 2, Decimal(52), 7.0),
    _Cadence("biweekly", 14, 0, 3, Decimal(26), 14.0),
    _Cadence("four-weekly", 28, 0, 3, Decimal(13), 28.0),
    _Cadence("monthly", 0, 1, 5, Decimal(12), 30.44),
    _Cadence("quarterly", 0, 3, 7, Decimal(4), 91.3),
    _Cadence("half-yearly", 0, 6, 10, Decimal(2), 182.6),
    _Cadence("yearly", 0, 12, 14, Decimal(1), 365.25),
)
_CADENCE_BY_NAME = {c.name: c for c in _CADENCE_LIST}

MAX_MISSED = 1  # scheduled payments in a row that may be missing inside a series
FIXED_BAND = 0.01  # the payments of one price level differ at most this much (rounding)
VARIABLE_BAND = 0.25  # a variable amount stays within this much of the series' median ...
VARIABLE_SHARE = 0.8  # ... for at least this share of its payments
EXTRAS_RATIO = 0.5  # off-schedule payments in the series' span, per payment of the series
POOL_SHARE = 0.5  # the least share of the payments being fitted that the series must explain
# An amount repeated no more often than chance repeats the vendor's amounts near it is no price:
# a shop visited every day charges each cent amount near its usual bill many times by chance.
CHANCE_BAND = 0.1  # "near": within this share of the amount (and at least CHANCE_MIN_WIDTH) ...
CHANCE_MIN_WIDTH = 1.0
CHANCE_P = 1e-4  # ... and a price repeats more often than chance would but this rarely (Poisson)
# Mean distance from the scheduled date, as a share of the tolerance, for a fixed amount and a
# variable one: a schedule is kept to within a day or two, random dates spread over the window.
# An identical amount is itself evidence, so its timing may be looser (a payment 3 days early, the
# next 3 days late); a variable amount has only its timing to go on.
TIMING_FIXED = 0.6
TIMING_VARIABLE = 0.35
# A new price level: two runs of three or more payments may differ up to 3x (a plan upgrade); one
# or two payments joining a series at its end may differ up to 1.5x (a price rise), so that a
# purchase of half or twice the price that lands on the schedule is not taken for one.
PRICE_STEP = 3.0
PRICE_STEP_EDGE = 1.5
_FAR = 1 << 20  # a residual that never fits

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def _min_count(cad: _Cadence, fixed: bool) -> int:
    """How many payments a series of this cadence needs before it is reported."""
    if fixed:
        if cad.months >= 6:
            # A yearly bill is seen only twice in two years of statements; an identical amount on
            # the same date a year apart, nothing else between, is strong evidence (_acceptable).
            return 2
        # Three payments of one amount in two weeks happen by chance; a weekly series shows a month.
        return 4 if cad.days == 7 else 3
    # A variable amount says little by itself: three restaurant bills half a year apart happen.
    return 6 if cad.days == 7 else 4


@functools.lru_cache(maxsize=8192)
def _month(index: int) -> tuple[int, int, int]:
    """(ordinal of the 1st, days, weekday of the 1st) of month ``index`` (year * 12 + month - 1)."""
    year, month = divmod(index, 12)
    start = date(year, month + 1, 1).toordinal()
    nxt = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1).toordinal()
    return start, nxt - start, date.fromordinal(start).weekday()


@functools.lru_cache(maxsize=65536)
def _rule_date(kind: str, a: int, wd: int, month: int) -> int:
    """The scheduled ordinal in ``month`` of a day-of-month (``a``) or n-th weekday rule."""
    start, length, wd0 = _month(month)
    if kind == "dom":
        return start + min(a, length) - 1  # day 31 is the last day of every month
    if a > 0:
        return start + (wd - wd0) % 7 + 7 * (a - 1)
    last = start + length - 1
    return last - (wd0 + length - 1 - wd) % 7


@dataclass(frozen=True, slots=True)
class _Schedule:
    cad: _Cadence
    kind: str  # "days" (a weekday grid), "dom" (day of month) or "nth" (n-th weekday)
    a: int  # days: anchor ordinal; dom: day of month 1-31; nth: week 1-4, or -1 for the last
    wd: int = 0  # nth: the weekday, Monday 0
    phase: int = 0  # months: month index modulo cad.months of the scheduled months

    def when(self, slot: int) -> int:
        """The scheduled ordinal of slot number ``slot``."""
        if self.kind == "days":
            return self.a + slot * self.cad.days
        return _rule_date(self.kind, self.a, self.wd, slot * self.cad.months + self.phase)

    def locate(self, day: int, month: int) -> tuple[int, int]:
        """(slot, signed days from its scheduled date) of the slot nearest to ordinal ``day``."""
        if self.kind == "days":
            step = self.cad.days
            slot = (day - self.a + step // 2) // step
            return slot, day - self.a - slot * step
        step = self.cad.months
        best = (0, _FAR)
        for m in (month - 1, month, month + 1):
            if (m - self.phase) % step:
                continue
            res = day - _rule_date(self.kind, self.a, self.wd, m)
            if abs(res) < abs(best[1]):
                best = ((m - self.phase) // step, res)
        return best

    def describe(self) -> str:
        """The schedule in words: "Fridays", "day 15", "last day", "second Tuesday"."""
        if self.kind == "days":
            return f"{_WEEKDAYS[date.fromordinal(self.a).weekday()]}s"
        if self.kind == "dom":
            return "last day" if self.a >= 31 else f"day {self.a}"
        return f"{_ORDINALS[self.a]} {_WEEKDAYS[self.wd]}"


# --- one vendor -----------------------------------------------------------------------------------


class _Vendor:
    """One vendor's payments in one direction, in date order, with the numbers the fits need."""

    __slots__ = (
        "_accounts",
        "_dates",
        "_ids",
        "amounts",
        "days",
        "free",
        "lines",
        "positions",
        "sorted_amounts",
    )

    def __init__(
        self, lines: Lines, positions: Sequence[int], days: list[int], amounts: list[float]
    ) -> None:
        self.lines, self.positions = lines, positions  # where these payments are in ``lines``
        self.days = days  # ordinals
        self.amounts = amounts  # unsigned, as floats: only to compare, never to report
        self.free = [True] * len(days)
        self.sorted_amounts: list[float] | None = None  # made when needed, by _chances
        self._dates: list[date] | None = None
        self._ids: list[str] | None = None
        self._accounts: list[str] | None = None

    @property
    def dates(self) -> list[date]:
        """The payments' dates; made when first asked for (only month cadences need them)."""
        if self._dates is None:
            self._dates = dates_of(self.days)
        return self._dates

    @property
    def ids(self) -> list[str]:
        """The payments' ids; made when first asked for (most vendors have no series)."""
        if self._ids is None:
            self._ids = self._mine(self.lines.ids)
        return self._ids

    @property
    def accounts(self) -> list[str]:
        """The payments' accounts; made when first asked for."""
        if self._accounts is None:
            self._accounts = self._mine(self.lines.accounts)
        return self._accounts

    def _mine(self, column: list[str]) -> list[str]:
        """This direction's values of one of the payee's columns."""
        return [column[p] for p in self.positions]

    def decimal(self, i: int) -> Decimal:
        """Payment ``i``'s exact amount, signed."""
        return self.lines.decimal_of(self.positions[i])

    def month(self, i: int) -> int:
        """Month index (year * 12 + month - 1) of payment ``i``."""
        day = self.dates[i]
        return day.year * 12 + day.month - 1

    def months(self, pool: list[int]) -> list[int]:
        """Month indices of the payments of ``pool``; only month cadences need them, for few."""
        return [d.year * 12 + d.month - 1 for d in map(self.dates.__getitem__, pool)]


@dataclass(slots=True)
class _Fit:
    sched: _Schedule
    members: list[int]  # indices into the vendor's payments, in date order
    slots: list[int]  # the slot of each member
    res: list[int]  # days from the scheduled date, per member
    fixed: bool
    extras: int = 0

    @property
    def missed(self) -> int:
        return self.slots[-1] - self.slots[0] + 1 - len(self.slots)

    def key(self) -> tuple[int, int, int, int]:
        # More payments explained first; then fewer gaps (a biweekly series also fits a weekly
        # grid with every other week missing); then closer to the scheduled dates. A few payments
        # a month apart, some days early or late, also fit a four-week grid: the calendar month is
        # the commoner cycle, so four weeks must be closer by more than a day a payment.
        distance = sum(abs(r) for r in self.res)
        if self.sched.cad.days == 28:
            distance += len(self.res) + 1
        return (len(self.members), -self.missed, -distance, self.sched.cad.months)


def _detect_vendor(vendor: str, v: _Vendor, as_of: int) -> list[Series]:
    fits: list[_Fit] = []
    for cluster in _amount_clusters(v):
        if len({v.accounts[i] for i in cluster}) > 1:
            fits.extend(_fit_accounts(v, cluster))
        else:
            fits.extend(_fit_all(v, cluster, fixed=True))
    fits = _join_levels(v, fits)
    fits.extend(_fit_all(v, [i for i in range(len(v.days)) if v.free[i]], fixed=False))
    if len(fits) > 1:
        fits = _absorb(v, fits)
    return [_series(vendor, v, f, as_of) for f in fits]


def _amount_clusters(v: _Vendor) -> list[list[int]]:
    """The vendor's payments grouped by identical amount, each group in date order.

    Identical to the cent: a subscription or standing order charges the same amount every time, and
    a looser band lets a few similar amounts of a variable bill pass for a fixed series. An amount
    that drifts (a price in a foreign currency) is found by the variable pass instead.
    """
    # Floats of distinct cent amounts are distinct, and hash far faster than Decimals; counting
    # first keeps the per-payment work in C for the many amounts that occur once.
    counts = Counter(v.amounts)
    repeated = {a for a, n in counts.items() if n >= 2}
    if not repeated:
        return []
    # An amount that repeats no more often than chance would repeat it is no price (CHANCE_BAND).
    amounts = list(repeated)
    repeated = {
        a
        for a, chance in zip(amounts, _chances(v, amounts), strict=True)
        if counts[a] >= _least_count(chance)
    }
    if not repeated:
        return []
    by_amount: dict[float, list[int]] = defaultdict(list)
    for i, a in enumerate(v.amounts):
        if a in repeated:
            by_amount[a].append(i)
    return list(by_amount.values())


def _chances(v: _Vendor, amounts: list[float]) -> list[float]:
    """How often the vendor's payments would hit each of ``amounts`` to the cent by chance: the
    payments within ``CHANCE_BAND`` of it, spread evenly over the cent amounts of that band.

    Rounded, for _least_count's cache. The searches run in C by map: a busy shop has thousands of
    amounts that repeat.
    """
    if v.sorted_amounts is None:
        v.sorted_amounts = sorted(v.amounts)
    ordered = repeat(v.sorted_amounts)
    widths = [w if (w := CHANCE_BAND * a) > CHANCE_MIN_WIDTH else CHANCE_MIN_WIDTH for a in amounts]
    above = map(bisect_right, ordered, map(add, amounts, widths))
    below = map(bisect_left, ordered, map(sub, amounts, widths))
    nears = map(sub, above, below)
    return [round(near / (200 * w + 1), 2) for near, w in zip(nears, widths, strict=True)]


@functools.lru_cache(maxsize=4096)
def _least_count(expected: float) -> int:
    """The least number of payments at one amount that chance (Poisson, ``expected`` a cent
    amount) reaches with a probability under ``CHANCE_P``; 2 when chance hardly repeats one."""
    expected = expected or 0.005
    term = cdf = exp(-expected)
    n = 0
    while 1.0 - cdf >= CHANCE_P:
        n += 1
        term *= expected / n
        cdf += term
    return max(n + 1, 2)


def _fit_accounts(v: _Vendor, cluster: list[int]) -> list[_Fit]:
    """The fixed series in one amount paid from several accounts.

    Fitted across the accounts first and on each account first, keeping whichever explains more
    payments (then with fewer series): two identical subscriptions on two accounts are two series,
    a subscription that moves to the other account or alternates between them is one (paid from
    each account in turn, a quarterly one would otherwise look like two half-yearly ones).
    """
    accounts = sorted({v.accounts[i] for i in cluster})
    own = [[i for i in cluster if v.accounts[i] == a] for a in accounts]
    trials = []
    for pools in ([cluster, *own], [*own, cluster]):
        fits = [
            f for pool in pools for f in _fit_all(v, [i for i in pool if v.free[i]], fixed=True)
        ]
        trials.append(fits)
        for fit in fits:
            for i in fit.members:
                v.free[i] = True
    best = max(trials, key=lambda fits: (sum(len(f.members) for f in fits), -len(fits)))
    for fit in best:
        for i in fit.members:
            v.free[i] = False
    return best


def _fit_all(v: _Vendor, pool: list[int], *, fixed: bool) -> list[_Fit]:
    """Every series in ``pool``, best first; their payments are no longer free."""
    found = []
    while len(pool) >= 2:
        fit = _best_fit(v, pool, fixed)
        if fit is None:
            break
        found.append(fit)
        for i in fit.members:
            v.free[i] = False
        pool = [i for i in pool if v.free[i]]
    return found


def _best_fit(v: _Vendor, pool: list[int], fixed: bool) -> _Fit | None:
    if len(pool) == 2 and _between(v, pool[0], pool[1]):
        return None  # what _acceptable asks of two payments, checked before any work
    days = list(map(v.days.__getitem__, pool))
    span = days[-1] - days[0]
    gaps = sorted(map(sub, days[1:], days))
    typical = max(gaps[(len(gaps) - 1) // 2], 1)  # the lower median: a missed payment doubles a gap
    best: _Fit | None = None
    for cad in _CADENCE_LIST:
        need = _min_count(cad, fixed)
        # Only periods near the typical gap can explain most of the pool: extra payments shorten
        # the gaps, a missed one lengthens a few. And the span must hold enough periods.
        if len(pool) < need or not 0.6 * typical <= cad.nominal <= 2.6 * typical:
            continue
        if (need - 1) * cad.nominal - 2 * cad.tol > span:
            continue
        fit = _fit(v, pool, days, cad, fixed)
        if fit is not None and (best is None or fit.key() > best.key()):
            best = fit
    return best


def _fit(v: _Vendor, pool: list[int], days: list[int], cad: _Cadence, fixed: bool) -> _Fit | None:
    sched = _schedule(v, pool, cad)
    members = _on_schedule(v, pool, sched)
    if len(members) < _min_count(cad, fixed) or len(members) < POOL_SHARE * len(pool):
        return None  # _acceptable would say no; this saves the work before it
    if not fixed:
        # Keep the payments near the median; too many far from it and this is not one bill.
        ordered = sorted([v.amounts[i] for i, _, _ in members])
        median = ordered[len(ordered) // 2]
        near = [m for m in members if abs(v.amounts[m[0]] - median) <= VARIABLE_BAND * median]
        if len(near) < VARIABLE_SHARE * len(members):
            return None
        members = _longest_run(near)
    fit = _Fit(
        sched, [m[0] for m in members], [m[1] for m in members], [m[2] for m in members], fixed
    )
    # Extras: the pool's payments in the series' span that are not in it (days is in date order).
    lo, hi = v.days[fit.members[0]] - cad.tol, v.days[fit.members[-1]] + cad.tol
    fit.extras = bisect_right(days, hi) - bisect_left(days, lo) - len(fit.members)
    return fit if _acceptable(v, fit, len(pool)) else None


def _acceptable(v: _Vendor, fit: _Fit, pool: int) -> bool:
    cad = fit.sched.cad
    n = len(fit.members)
    # Three payments with a gap among them are too easily chance; more may miss one in three.
    if n < _min_count(cad, fit.fixed) or fit.missed > (n - 2) // 2:
        return False
    # Most of the pool must be the series: three of ten cinema tickets at one price falling a
    # quarter apart, or five of seventy fuel stops a week apart, are chance.
    if n < POOL_SHARE * pool or fit.extras > EXTRAS_RATIO * n:
        return False
    if n == 2:
        # Two payments only: the same amount on (almost) the same date, and nothing else from the
        # vendor in between (one yearly renewal among many purchases is not told from chance).
        first, second = fit.members
        same = v.decimal(first) == v.decimal(second)
        return same and not _between(v, first, second) and max(abs(r) for r in fit.res) <= 3
    ratio = TIMING_FIXED if fit.fixed else TIMING_VARIABLE
    return sum(abs(r) for r in fit.res) <= ratio * cad.tol * n


def _between(v: _Vendor, first: int, last: int) -> int:
    """How many of the vendor's payments fall between payments ``first`` and ``last``."""
    return bisect_right(v.days, v.days[last]) - bisect_left(v.days, v.days[first]) - 2


def _schedule(v: _Vendor, pool: list[int], cad: _Cadence) -> _Schedule:
    """The schedule of ``cad`` on which most payments of ``pool`` sit, closest to their dates."""
    if cad.days:
        return _weekday_grid(v, pool, cad)
    dates, days, months = v.dates, v.days, v.months(pool)
    needed = {m + k for m in set(months) for k in (-1, 0, 1)}
    scores: dict[tuple[str, int, int], tuple[tuple[int, int], int, int]] = {}

    def score(kind: str, a: int, rule_wd: int) -> tuple[tuple[int, int], int, int]:
        """((payments within the tolerance, -their distance), phase, mean signed distance)."""
        when = {m: _rule_date(kind, a, rule_wd, m) for m in needed}
        tally: dict[int, list[int]] = {}
        for i, m in zip(pool, months, strict=True):
            day = days[i]
            # The nearest of the scheduled dates in the payment's month and either side of it.
            res = day - when[m]
            for near in (m - 1, m + 1):
                if abs(day - when[near]) < abs(res):
                    res, m = day - when[near], near
            # Within the tolerance a payment counts; within twice of it, it pulls the centre.
            if -2 * cad.tol <= res <= 2 * cad.tol:
                t = tally.setdefault(m % cad.months, [0, 0, 0, 0])
                t[2] += res
                t[3] += 1
                if -cad.tol <= res <= cad.tol:
                    t[0] += 1
                    t[1] += abs(res)
        if not tally:
            return (0, 0), 0, 0
        phase, (hits, total, signed, near) = max(tally.items(), key=lambda t: (t[1][0], -t[1][1]))
        return (hits, -total), phase, round(signed / near)

    def consider(kind: str, a: int, rule_wd: int = 0) -> None:
        if (kind, a, rule_wd) not in scores:
            scores[(kind, a, rule_wd)] = score(kind, a, rule_wd)

    doms = Counter([dates[i].day for i in pool])
    for dom, _ in doms.most_common(2):
        consider("dom", dom)
    if any(d >= 28 for d in doms):
        consider("dom", 31)
    rule = max(scores, key=lambda r: scores[r][0])
    (hits, distance), _, shift = scores[rule]
    if hits < len(pool) or distance:
        if shift:
            # Payments spread around a day (a few days early or late in turn) are best measured
            # from the middle of the spread, not from the day that happens to be most common.
            # The middle may lie across the month end (late on the 31st is early in the month);
            # the mean is only near the best day when some payments fall outside the tolerance.
            for k in (-1, 0, 1):
                consider("dom", (rule[1] + shift + k - 1) % 30 + 1)
        # An n-th weekday rule is only worth trying when the payments keep to one weekday.
        weekdays = Counter([dates[i].weekday() for i in pool])
        wd, count = weekdays.most_common(1)[0]
        if count >= 0.6 * len(pool) and len(doms) > 1:
            weeks = Counter([(dates[i].day - 1) // 7 + 1 for i in pool if dates[i].weekday() == wd])
            consider("nth", min(weeks.most_common(1)[0][0], 4), wd)
            consider("nth", -1, wd)
    # The best score; on a tie the rule considered first (a day of the month before a weekday).
    kind, a, rule_wd = max(scores, key=lambda r: scores[r][0])
    result, phase, _ = scores[(kind, a, rule_wd)]
    if result[0] == 0:
        return _Schedule(cad, "dom", dates[pool[0]].day, 0, months[0] % cad.months)
    return _Schedule(cad, kind, a, rule_wd, phase)


def _weekday_grid(v: _Vendor, pool: list[int], cad: _Cadence) -> _Schedule:
    """The grid of every ``cad.days`` days holding the most payments within the tolerance, closest
    to their dates."""
    step = cad.days
    phases = Counter([v.days[i] % step for i in pool])
    best_phase, best_score = 0, (-1, 0)
    # The tolerance is under half the step, so the phases within it of ``phase`` are distinct.
    near = [(d, abs(d)) for d in range(-cad.tol, cad.tol + 1)]
    for phase in sorted(phases):
        count = total = 0
        for d, distance in near:
            c = phases.get((phase + d) % step)
            if c:
                count += c
                total += c * distance
        if (count, -total) > best_score:
            best_phase, best_score = phase, (count, -total)
    anchor = v.days[pool[0]] - (v.days[pool[0]] - best_phase) % step
    return _Schedule(cad, "days", anchor)


def _on_schedule(v: _Vendor, pool: list[int], sched: _Schedule) -> list[tuple[int, int, int]]:
    """The longest run of (index, slot, residual) on ``sched``, one payment per slot.

    The pool is in date order, so the slots come in order too; the payment nearest its date holds a
    slot, the earlier one on a tie, whatever order the caller gave. Both branches inline
    _Schedule.locate: this loop is most of the running time.
    """
    tol = sched.cad.tol
    days = v.days
    out: list[tuple[int, int, int]] = []
    last = None
    if sched.kind == "days":
        step, anchor = sched.cad.days, sched.a
        half = step // 2
        for i in pool:
            slot, res = divmod(days[i] - anchor + half, step)
            res -= half
            if -tol <= res <= tol:
                if slot != last:
                    out.append((i, slot, res))
                    last = slot
                elif res * res < out[-1][2] ** 2:
                    out[-1] = (i, slot, res)
    else:
        step, phase, months = sched.cad.months, sched.phase, v.months(pool)
        needed = {m + k for m in set(months) for k in (-1, 0, 1)}
        when = {
            m: _rule_date(sched.kind, sched.a, sched.wd, m)
            for m in needed
            if (m - phase) % step == 0
        }
        for i, m in zip(pool, months, strict=True):
            day = days[i]
            best, res = 0, _FAR
            for near in (m - 1, m, m + 1):
                due = when.get(near)
                if due is not None and abs(day - due) < abs(res):
                    best, res = near, day - due
            if -tol <= res <= tol:
                slot = (best - phase) // step
                if slot != last:
                    out.append((i, slot, res))
                    last = slot
                elif res * res < out[-1][2] ** 2:
                    out[-1] = (i, slot, res)
    return _longest_run(out)


def _longest_run(members: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The longest stretch of ``members`` (in slot order) with at most MAX_MISSED slots missing in
    a row; the latest on a tie."""
    best_start, best_len, start = 0, 0, 0
    for k in range(1, len(members) + 1):
        if k == len(members) or members[k][1] - members[k - 1][1] > MAX_MISSED + 1:
            if k - start >= best_len:
                best_start, best_len = start, k - start
            start = k
    return list(members[best_start : best_start + best_len])


# --- price levels ---------------------------------------------------------------------------------


def _join_levels(v: _Vendor, fits: list[_Fit]) -> list[_Fit]:
    """Join fixed fits that continue one another on one schedule (a price change or an account
    switch), and let a series take the one or two payments at a new level at either end."""
    fits = _merge(v, fits)
    for fit in fits:
        _extend(v, fit, forward=True)
        _extend(v, fit, forward=False)
    return _merge(v, fits)


def _merge(v: _Vendor, fits: list[_Fit]) -> list[_Fit]:
    fits = sorted(fits, key=lambda f: v.days[f.members[0]])
    merged = True
    while merged:
        merged = False
        for a in fits:
            for b in fits:
                if a is not b and _continues(v, a, b):
                    a.members += b.members
                    a.slots += [a.sched.locate(v.days[i], v.month(i))[0] for i in b.members]
                    a.res += [a.sched.locate(v.days[i], v.month(i))[1] for i in b.members]
                    fits.remove(b)
                    merged = True
                    break
            if merged:
                break
    return fits


def _continues(v: _Vendor, a: _Fit, b: _Fit) -> bool:
    """Whether ``b`` starts where ``a`` ends, on ``a``'s schedule, at a plausible new price."""
    if a.sched.cad is not b.sched.cad or v.days[b.members[0]] <= v.days[a.members[-1]]:
        return False
    located = [a.sched.locate(v.days[i], v.month(i)) for i in b.members]
    if any(abs(res) > a.sched.cad.tol for _, res in located):
        return False
    if not 0 < located[0][0] - a.slots[-1] <= MAX_MISSED + 1:
        return False
    ratio = v.amounts[b.members[0]] / v.amounts[a.members[-1]]
    return 1 / PRICE_STEP <= ratio <= PRICE_STEP


def _extend(v: _Vendor, fit: _Fit, *, forward: bool) -> None:
    """Add the free payments that carry the schedule on past one end of ``fit`` at one amount."""
    sched, tol = fit.sched, fit.sched.cad.tol
    edge = fit.members[-1] if forward else fit.members[0]
    slot = fit.slots[-1] if forward else fit.slots[0]
    free = [i for i in range(len(v.days)) if v.free[i]]
    free_days = [v.days[i] for i in free]
    taken: list[tuple[int, int, int]] = []
    missed = 0
    while missed <= MAX_MISSED:
        slot += 1 if forward else -1
        due = sched.when(slot)
        lo, hi = bisect_left(free_days, due - tol), bisect_right(free_days, due + tol)
        near = free[lo:hi]
        if not near:
            missed += 1
            continue
        level = v.amounts[taken[0][0]] if taken else None
        ratio = v.amounts[near[0]] / v.amounts[edge]
        if (
            len(near) > 1  # two candidates for one date: not clearly the series
            or (level is not None and abs(v.amounts[near[0]] - level) > FIXED_BAND * level)
            or not 1 / PRICE_STEP_EDGE <= ratio <= PRICE_STEP_EDGE
        ):
            break
        taken.append((near[0], slot, v.days[near[0]] - due))
        missed = 0
    for i, _, _ in taken:
        v.free[i] = False
    if not taken:
        return
    members = sorted(zip(fit.members, fit.slots, fit.res, strict=True)) + taken
    members.sort(key=lambda m: m[1])
    fit.members = [m[0] for m in members]
    fit.slots = [m[1] for m in members]
    fit.res = [m[2] for m in members]


def _absorb(v: _Vendor, fits: list[_Fit]) -> list[_Fit]:
    """Let each variable series take back the fits that are really pieces of it.

    A few payments of a variable bill can share an amount and happen to sit on a coarser grid
    (every sixth electricity bill at one amount looks half-yearly); and a variable series with such
    a piece taken out may have been split in two. A fit whose payments all fall in the empty slots
    of a variable series' schedule, at amounts within its band, next to it, is one series with it.
    """
    changed = True
    while changed:
        changed = False
        for whole in fits:
            if whole.fixed:
                continue
            median = sorted(v.amounts[i] for i in whole.members)[len(whole.members) // 2]
            for piece in fits:
                if piece is not whole and _fills(v, whole, piece, median):
                    placed = [whole.sched.locate(v.days[i], v.month(i)) for i in piece.members]
                    members = sorted(
                        [*zip(whole.members, whole.slots, whole.res, strict=True)]
                        + [(i, s, r) for i, (s, r) in zip(piece.members, placed, strict=True)],
                        key=lambda m: m[1],
                    )
                    whole.members = [m[0] for m in members]
                    whole.slots = [m[1] for m in members]
                    whole.res = [m[2] for m in members]
                    fits.remove(piece)
                    changed = True
                    break
            if changed:
                break
    return fits


def _fills(v: _Vendor, whole: _Fit, piece: _Fit, median: float) -> bool:
    """Whether ``piece`` sits in empty slots of ``whole``, in or next to it, at its amounts."""
    if any(abs(v.amounts[i] - median) > VARIABLE_BAND * median for i in piece.members):
        return False
    placed = [whole.sched.locate(v.days[i], v.month(i)) for i in piece.members]
    slots = [s for s, _ in placed]
    if any(abs(r) > whole.sched.cad.tol for _, r in placed) or len(set(slots)) < len(slots):
        return False
    if set(slots) & set(whole.slots):
        return False
    every = sorted([*whole.slots, *slots])
    return all(b - a <= MAX_MISSED + 1 for a, b in pairwise(every))


# --- results --------------------------------------------------------------------------------------


def _levels(v: _Vendor, fit: _Fit) -> tuple[Level, ...]:
    if not fit.fixed:
        amounts = sorted((v.decimal(i) for i in fit.members), key=abs)
        return (Level(v.dates[fit.members[0]], amounts[(len(amounts) - 1) // 2]),)
    runs: list[list[int]] = []
    for i in fit.members:
        if runs and abs(v.amounts[i] - v.amounts[runs[-1][0]]) <= FIXED_BAND * v.amounts[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    levels = []
    for run in runs:
        # The amount charged most often in the run; on a tie the latest.
        counts = Counter(v.decimal(i) for i in run)
        amount = max(run, key=lambda i: (counts[v.decimal(i)], i))
        levels.append(Level(v.dates[run[0]], v.decimal(amount)))
    return tuple(levels)


def _series(vendor: str, v: _Vendor, fit: _Fit, as_of: int) -> Series:
    cad = fit.sched.cad
    first, last = fit.members[0], fit.members[-1]
    # Ended once more scheduled payments are overdue than a series may miss in a row.
    overdue = fit.sched.when(fit.slots[-1] + MAX_MISSED + 1) + cad.tol
    levels = _levels(v, fit)
    return Series(
        vendor_key=vendor,
        accounts=tuple(sorted({v.accounts[i] for i in fit.members})),
        cadence=cad.name,
        schedule=fit.sched.describe(),
        amount=levels[-1].amount,
        amount_kind="fixed" if fit.fixed else "variable",
        first_date=v.dates[first],
        last_date=v.dates[last],
        next_date=date.fromordinal(fit.sched.when(fit.slots[-1] + 1)),
        count=len(fit.members),
        status="ended" if as_of > overdue else "active",
        payment_ids=tuple(v.ids[i] for i in fit.members),
        confidence=_confidence(v, fit),
        levels=levels,
    )


def _confidence(v: _Vendor, fit: _Fit) -> float:
    """A score in [0, 1] from the length of the series, its timing, its amounts and the extras."""
    n = len(fit.members)
    cad = fit.sched.cad
    length = min(1.0, n / (3 if cad.months >= 6 else 6))
    timing = 1 - sum(abs(r) for r in fit.res) / (n * cad.tol)
    amounts = sorted(v.amounts[i] for i in fit.members)
    median = amounts[n // 2]
    spread = sum(abs(a - median) for a in amounts) / (n * median)
    steadiness = 1.0 if fit.fixed else max(0.0, 1 - spread / VARIABLE_BAND)
    gaps = 1 - fit.missed / (n + fit.missed)
    score = (0.4 * length + 0.3 * timing + 0.3 * steadiness) * gaps / (1 + fit.extras / n)
    return round(max(0.0, min(1.0, score)), 2)
