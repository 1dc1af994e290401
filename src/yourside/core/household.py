"""A generated household's payments with its recurring series labelled, to evaluate detection.

Three years (2022-2024) of two accounts ("current" and "joint"): every cadence the detector knows,
fixed and variable amounts, price rises, missed and late payments, bank payments moved off weekends,
series that end, start late, move between or alternate across the accounts, two series at one
vendor, income, and the look-alikes a detector must leave alone (a weekly shop whose basket swings
widely, random supermarket, fuel and restaurant spending, a coffee at one price several times a
week, cinema tickets at one price on random dates, a hairdresser every five to seven weeks).

Everything comes from one ``random.Random(seed)``, so a seed always gives the same household.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from yourside.core.recurrence import AmountKind, CadenceName, Payment

SEED = 1999
START = date(2022, 1, 1)
END = date(2024, 12, 31)
AS_OF = date(2025, 1, 6)
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class LabelledSeries:
    """What the generator made: a recurring series and the ids of its payments."""

    vendor_key: str
    cadence: CadenceName
    amount_kind: AmountKind
    payment_ids: frozenset[str]
    ended: bool
    price_changes: tuple[tuple[date, Decimal, Decimal], ...]  # (date, old signed, new signed)
    note: str


@dataclass(frozen=True, slots=True)
class Household:
    """A household's payments (in date order), the series among them, and the day it is seen."""

    payments: tuple[Payment, ...]
    series: tuple[LabelledSeries, ...]
    as_of: date


# --- schedules ------------------------------------------------------------------------------------


def _monthly(day: int, start: date, end: date, every: int = 1) -> Iterator[date]:
    """Day ``day`` (31 is the last day) of every ``every`` months from ``start``'s month."""
    month = start.replace(day=1)
    while month <= end:
        last = (month + relativedelta(months=1) - timedelta(days=1)).day
        when = month.replace(day=min(day, last))
        if start <= when <= end:
            yield when
        month += relativedelta(months=every)


def _nth_weekday(n: int, weekday: int, start: date, end: date) -> Iterator[date]:
    """The ``n``-th (-1: last) ``weekday`` of every month."""
    month = start.replace(day=1)
    while month <= end:
        first = month + timedelta(days=(weekday - month.weekday()) % 7)
        if n > 0:
            when = first + timedelta(weeks=n - 1)
        else:
            last = month + relativedelta(months=1) - timedelta(days=1)
            when = last - timedelta(days=(last.weekday() - weekday) % 7)
        if start <= when <= end:
            yield when
        month += relativedelta(months=1)


def _every(first: date, days: int, end: date) -> Iterator[date]:
    when = first
    while when <= end:
        yield when
        when += timedelta(days=days)


def _next_working_day(day: date) -> date:
    # Banks book a transfer due on a weekend on the Monday after.
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _previous_working_day(day: date) -> date:
    # Employers pay a salary due on a weekend on the Friday before.
    return day - timedelta(days=day.weekday() - 4 if day.weekday() >= 5 else 0)


# --- the household --------------------------------------------------------------------------------


class _Builder:
    def __init__(self, seed: int) -> None:
        # A reproducible household for evaluation, not a secret.
        self.rng = random.Random(seed)  # noqa: S311
        # date, account, amount, vendor, and the index of the series in self.labels (or None)
        self.rows: list[tuple[date, str, Decimal, str, int | None]] = []
        self.labels: list[LabelledSeries] = []  # their payment ids are filled in by build()

    def series(
        self,
        vendor: str,
        cadence: CadenceName,
        dates: Iterator[date],
        amount: Decimal | Callable[[date], Decimal],
        *,
        account: str | Callable[[int], str] = "current",
        rises: tuple[tuple[date, Decimal], ...] = (),
        variable: bool = False,
        shift: Callable[[date], date] | None = None,
        late: int = 0,
        miss: bool = False,
        ended: bool = False,
        note: str = "",
    ) -> None:
        """Add a labelled series; ``late`` is the most days a payment is late (8 % of them)."""
        days = list(dates)
        missing = self.rng.randrange(2, len(days) - 2) if miss else -1
        tag = len(self.labels)
        # A change is dated by the first payment booked at the new price, as a statement shows it.
        changes: list[tuple[date, Decimal, Decimal]] = []
        previous: Decimal | None = None
        for k, due in enumerate(days):
            if k == missing:
                continue
            price = amount(due) if callable(amount) else amount
            for when, new in rises:
                if due >= when:
                    price = new
            booked = shift(due) if shift else due
            if late and self.rng.random() < 0.08:
                booked += timedelta(days=self.rng.randint(1, late))
            acct = account(k) if callable(account) else account
            price = price.quantize(CENT)
            if rises and previous is not None and price != previous:
                changes.append((booked, previous, price))
            previous = price
            self.rows.append((booked, acct, price, vendor, tag))
        kind: AmountKind = "variable" if variable else "fixed"
        self.labels.append(
            LabelledSeries(vendor, cadence, kind, frozenset(), ended, tuple(changes), note)
        )

    def noise(self, vendor: str, day: date, amount: Decimal, account: str = "current") -> None:
        self.rows.append((day, account, amount.quantize(CENT), vendor, None))

    def random_day(self, start: date = START, end: date = END) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def build(self) -> Household:
        self.rows.sort(key=lambda r: (r[0], r[1], r[3], r[2]))
        payments = []
        members: list[set[str]] = [set() for _ in self.labels]
        for n, (day, account, amount, vendor, tag) in enumerate(self.rows):
            pid = f"p{n:05d}"
            payments.append(Payment(pid, account, day, amount, vendor))
            if tag is not None:
                members[tag].add(pid)
        series = tuple(
            replace(label, payment_ids=frozenset(ids))
            for label, ids in zip(self.labels, members, strict=True)
        )
        return Household(tuple(payments), series, AS_OF)


def generate_household(seed: int = SEED) -> Household:
    """The labelled household of ``seed`` (the default seed is the one the figures quote)."""
    b = _Builder(seed)
    rng = b.rng
    d = Decimal

    def vary(base: str, spread: float, seasonal: float = 0.0) -> Callable[[date], Decimal]:
        """A bill around ``base``, higher in winter by up to ``seasonal``, noisy by ``spread``."""

        def amount(day: date) -> Decimal:
            winter = seasonal * (
                1 if day.month in (11, 12, 1, 2) else -1 if 5 <= day.month <= 8 else 0
            )
            factor = 1 + winter + rng.uniform(-spread, spread)
            return -(d(base) * d(str(round(factor, 5))))

        return amount

    def alternate(k: int) -> str:
        return "current" if k % 2 == 0 else "joint"

    def switch(month: date) -> Callable[[int], str]:
        first = sum(1 for _ in _monthly(3, START, month))
        return lambda k: "current" if k < first else "joint"

    # Monthly on a day of the month, bank transfers moved off weekends.
    b.series(
        "landlord",
        "monthly",
        _monthly(1, START, END),
        d("-950"),
        rises=((date(2023, 7, 1), d("-990")),),
        shift=_next_working_day,
        late=3,
        miss=True,
        note="rent, day 1, price rise, a missed month",
    )
    b.series(
        "employer",
        "monthly",
        _monthly(31, START, END),
        d("2400"),
        rises=((date(2024, 4, 1), d("2520")),),
        shift=_previous_working_day,
        note="salary on the last working day, a raise",
    )
    b.series(
        "netflix",
        "monthly",
        _monthly(14, START, END),
        d("-12.99"),
        rises=((date(2023, 10, 1), d("-15.49")),),
        late=3,
        note="card, price rise",
    )
    b.series(
        "spotify",
        "monthly",
        _monthly(3, START, END),
        d("-9.99"),
        rises=((date(2023, 5, 1), d("-10.99")),),
        account=switch(date(2023, 9, 1)),
        note="moves from the current to the joint account, price rise",
    )
    b.series(
        "broadband",
        "monthly",
        _monthly(31, START, END),
        d("-30"),
        late=2,
        note="last day of the month",
    )
    b.series(
        "streaming-plus",
        "monthly",
        _monthly(18, START, END),
        d("-7.99"),
        account=alternate,
        note="paid from the two accounts in turn",
    )
    b.series("cloud", "monthly", _monthly(27, START, END), d("-2.99"), account="joint")
    b.series(
        "mobile-co",
        "monthly",
        _monthly(9, START, END),
        d("-15"),
        miss=True,
        note="line one at a vendor with two lines",
    )
    b.series(
        "mobile-co",
        "monthly",
        _monthly(9, date(2023, 3, 1), END),
        d("-25"),
        account="joint",
        note="line two, same day, another amount",
    )
    b.series("vet-plan", "monthly", _monthly(15, START, END), d("-18.50"), late=4, miss=True)
    b.series(
        "amazon-prime",
        "monthly",
        _monthly(23, START, END),
        d("-8.99"),
        note="subscription at a vendor with many one-off purchases",
    )
    b.series(
        "newspaper",
        "monthly",
        _monthly(7, START, date(2023, 8, 31)),
        d("-19.99"),
        ended=True,
        note="cancelled in August 2023",
    )
    b.series(
        "loan-bank",
        "monthly",
        _monthly(20, START, date(2024, 5, 31)),
        d("-310"),
        shift=_next_working_day,
        ended=True,
        note="loan paid off in May 2024",
    )
    b.series(
        "new-phone",
        "monthly",
        _monthly(12, date(2024, 8, 1), END),
        d("-20"),
        note="started five months ago",
    )
    b.series(
        "electric-co",
        "monthly",
        _monthly(5, START, END),
        vary("85", 0.06, 0.12),
        variable=True,
        shift=_next_working_day,
        note="variable, seasonal",
    )
    # Monthly on the n-th weekday.
    b.series(
        "gym-fitx",
        "monthly",
        _nth_weekday(1, 0, START, date(2024, 6, 30)),
        d("-35"),
        ended=True,
        note="first Monday, cancelled in June 2024",
    )
    b.series(
        "piano-teacher", "monthly", _nth_weekday(-1, 4, START, END), d("-80"), note="last Friday"
    )
    b.series(
        "charity",
        "monthly",
        _nth_weekday(3, 3, START, END),
        d("-10"),
        account="joint",
        note="third Thursday",
    )
    # Weekly, every two weeks, every four weeks.
    b.series(
        "cleaner",
        "weekly",
        _every(date(2022, 1, 7), 7, END),
        d("-45"),
        late=1,
        miss=True,
        note="Fridays, a missed week, a day late now and then",
    )
    b.series(
        "veg-box",
        "weekly",
        _every(date(2022, 1, 5), 7, END),
        vary("26", 0.12),
        variable=True,
        account="joint",
        note="Wednesdays, a steady basket",
    )
    b.series("pocket-money", "biweekly", _every(date(2022, 1, 8), 14, END), d("-20"))
    b.series(
        "childminder",
        "biweekly",
        _every(date(2022, 1, 10), 14, END),
        d("-180"),
        rises=((date(2024, 1, 1), d("-195")),),
        late=2,
        miss=True,
    )
    b.series(
        "side-gig",
        "biweekly",
        _every(date(2022, 3, 4), 14, END),
        lambda day: -vary("350", 0.12)(day),
        variable=True,
        note="variable income",
    )
    b.series(
        "meal-kit",
        "four-weekly",
        _every(date(2022, 1, 6), 28, date(2023, 11, 30)),
        d("-59.99"),
        ended=True,
        note="every 4 weeks, ended November 2023",
    )
    b.series(
        "child-benefit",
        "four-weekly",
        _every(date(2022, 1, 3), 28, END),
        d("96.25"),
        account="joint",
    )
    # Quarterly, half-yearly, yearly.
    b.series(
        "water-co",
        "quarterly",
        _monthly(10, START, END, 3),
        vary("95", 0.12),
        variable=True,
        shift=_next_working_day,
        late=3,
    )
    b.series("magazine", "quarterly", _monthly(20, date(2022, 2, 1), END, 3), d("-24"), late=3)
    b.series(
        "home-insurer",
        "half-yearly",
        _monthly(1, START, END, 6),
        d("-210"),
        shift=_next_working_day,
    )
    b.series("dentist-plan", "half-yearly", _monthly(25, date(2022, 3, 1), END, 6), d("-95"))
    b.series(
        "car-insurer",
        "yearly",
        (date(y, 3, 12) for y in (2022, 2023, 2024)),
        d("-480"),
        rises=((date(2024, 1, 1), d("-520")),),
        note="yearly, rise in the third year",
    )
    b.series(
        "tv-licence",
        "yearly",
        (date(y, 4, 1) for y in (2022, 2023, 2024)),
        d("-159"),
        rises=((date(2023, 1, 1), d("-169.50")),),
        shift=_next_working_day,
    )
    b.series("domains", "yearly", (date(y, 9, 30) for y in (2022, 2023, 2024)), d("-15"))

    b.series(
        "savings",
        "monthly",
        _monthly(25, START, END),
        d("-200"),
        rises=((date(2024, 1, 1), d("-250")),),
        shift=_next_working_day,
    )
    b.series("patreon", "monthly", _monthly(1, START, END), d("-5"))
    b.series(
        "phone-insurance",
        "monthly",
        _nth_weekday(2, 1, START, END),
        d("-7.50"),
        note="second Tuesday",
    )
    b.series(
        "gas-co",
        "monthly",
        _monthly(12, START, END),
        vary("60", 0.05, 0.1),
        variable=True,
        shift=_next_working_day,
        late=2,
    )
    b.series(
        "pension",
        "monthly",
        _monthly(28, START, END),
        d("610"),
        account="joint",
        rises=((date(2023, 4, 1), d("641.50")),),
        shift=_previous_working_day,
    )
    b.series(
        "tutoring",
        "weekly",
        _every(date(2023, 9, 5), 7, date(2024, 6, 30)),
        d("-30"),
        ended=True,
        note="Tuesdays for a school year",
    )
    b.series(
        "bike-lease", "four-weekly", _every(date(2022, 2, 1), 28, END), d("-32"), account="joint"
    )
    b.series(
        "window-cleaner", "four-weekly", _every(date(2022, 1, 15), 28, END), d("-15"), miss=True
    )
    b.series(
        "boiler-cover", "quarterly", _monthly(1, START, END, 3), d("-36"), shift=_next_working_day
    )
    b.series("software", "yearly", (date(y, 11, 20) for y in (2022, 2023, 2024)), d("-99"))

    # Look-alikes and everyday spending: none of these is a series.
    for saturday in _every(date(2022, 1, 1), 7, END):
        if rng.random() < 0.9:  # a weekly shop whose basket swings far more than a bill does
            b.noise("tesco", saturday, -d(str(round(rng.uniform(30, 160), 2))))
    for day in _every(START, 1, END):
        if rng.random() < 0.2:
            b.noise(
                "lidl", day, -d(str(round(rng.uniform(4, 60), 2))), rng.choice(("current", "joint"))
            )
        if rng.random() < 0.28:
            b.noise("coffee-bean", day, d("-3.20"))  # one price, several times a week
        if rng.random() < 0.08:
            b.noise("amazon-prime", day, -d(str(round(rng.uniform(5, 150), 2))))
        if rng.random() < 0.07:
            b.noise("shell", day, -d(str(round(rng.uniform(40, 70), 2))))
        if rng.random() < 0.05:
            b.noise("uber", day, -d(str(round(rng.uniform(6, 25), 2))))
    for _ in range(3):  # three purchases at one supermarket, different amounts, irregular dates
        b.noise("aldi", b.random_day(), -d(str(round(rng.uniform(10, 90), 2))))
    for _ in range(10):  # cinema tickets at one price on random dates
        b.noise("cinema", b.random_day(), d("-12.50"))
    b.noise("amazon-prime", date(2023, 6, 2), d("-8.99"))  # the subscription's price, off schedule
    b.noise("amazon-prime", date(2024, 2, 11), d("23.50"))  # a refund
    cut = START + timedelta(days=rng.randint(0, 20))
    while cut <= END:  # a hairdresser every five to seven weeks, at one price
        b.noise("hairdresser", cut, d("-35"))
        cut += timedelta(days=rng.randint(35, 49))
    for n in range(40):  # restaurants, one to four visits each
        for _ in range(rng.randint(1, 4)):
            b.noise(f"restaurant-{n}", b.random_day(), -d(str(round(rng.uniform(15, 90), 2))))
    return b.build()
