"""Measure recurring-payment detection: real bank data, a labelled household, and speed.

    .venv/bin/python scripts/eval_recurrence.py            # all three, the figures in the docs
    .venv/bin/python scripts/eval_recurrence.py --details  # and every miss and false positive

1. PKDD'99 (``../shared/data/pkdd99``), through the product: the transactions of the 1993 slice
   become one CSV statement per account, each account is imported (``import_file``, what
   ``yourside import`` runs) into the book of its own customer in a throwaway store, the insights
   are refreshed as of the slice's last day (``refresh_insights``), and the recurring debits stored
   are scored against the bank's standing orders (``order.asc``). The same scoring of detection run
   directly on the transactions is printed beside it. docs/ACCURACY-recurrence.md has the rules.
2. The generated household (``yourside.core.household``, fixed seed, and a spread of other seeds).
3. Speed: detection over 1,000,000 generated payments at 2,000 vendors, in this one process.

tests/test_recurrence_eval.py imports this file and asserts the targets.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from yourside.core.household import SEED, Household, LabelledSeries, generate_household
from yourside.core.recurrence import Payment, Series, detect_series, price_changes

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PKDD99 = Path(__file__).resolve().parents[2] / "shared" / "data" / "pkdd99"
SLICE_END = date(1994, 3, 31)
# The bank's own charges: a statement fee and penalty interest are debited by the bank itself, so
# no standing order can ever stand behind them (the data's README says so for statement fees).
BANK_CHARGES = frozenset({"SLUZBY", "SANKC. UROK"})
# Each PKDD'99 account is one customer of the store, named after it.
CUSTOMER_PREFIX = "pkdd99-"
# The converted statements: a header the importer knows (English, the currency in the amount's
# header), dates day first, decimal commas, ";" between fields, as Czech banks export them.
STATEMENT_HEADER = ("Date", "Amount (CZK)", "Description", "Balance (CZK)")


# --- PKDD'99: the data ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    account: str
    vendor_key: str
    amount: Decimal
    k_symbol: str


@dataclass(frozen=True, slots=True)
class Booking:
    """One transaction of the slice: the payment, its k_symbol, and its statement line."""

    payment: Payment
    k_symbol: str
    description: str
    balance: Decimal


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(newline="", encoding="ascii") as f:
        yield from csv.DictReader(f, delimiter=";")


def _k(symbol: str) -> str:
    return symbol.strip() or "(none)"


def describe(row: Mapping[str, str]) -> str:
    """The statement text of a transaction, as the bank would print it.

    A transfer: its operation, k_symbol and the counterparty account written the Czech way,
    number/bank (``PREVOD NA UCET SIPO 87144583/YZ``). Anything else: its k_symbol (``SLUZBY``,
    ``SANKC. UROK``, ``UROK``, ``SIPO`` paid in cash), else its operation (``VYBER``, ``VKLAD``,
    ``VYBER KARTOU``), else its type. It carries exactly what :func:`vendor_key` is made of.
    """
    k_symbol, operation = row["k_symbol"].strip(), row["operation"].strip()
    if row["bank"] and row["account"]:
        parts = (operation, k_symbol, f"{row['account']}/{row['bank']}")
        return " ".join(p for p in parts if p)
    return k_symbol or operation or row["type"]


def vendor_key(row: Mapping[str, str]) -> str:
    """The counterparty of a transfer is its bank and account ("YZ/87144583"); anything else (cash,
    fees, interest) is keyed by its k_symbol, or by its operation when that is empty ("VYBER" is a
    cash withdrawal)."""
    if row["bank"] and row["account"]:
        return f"{row['bank']}/{row['account']}"
    return row["k_symbol"].strip() or row["operation"].strip() or row["type"]


def load_bookings(directory: Path = PKDD99) -> list[Booking]:
    """The slice's transactions. Credits (PRIJEM) are positive, debits negative."""
    bookings = []
    for row in _rows(directory / "trans-1993-slice.asc"):
        yymmdd = row["date"]
        day = date(1900 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
        amount = Decimal(row["amount"])
        if row["type"] != "PRIJEM":
            amount = -amount
        payment = Payment(row["trans_id"], row["account_id"], day, amount, vendor_key(row))
        bookings.append(
            Booking(payment, _k(row["k_symbol"]), describe(row), Decimal(row["balance"]))
        )
    return bookings


def load_orders(directory: Path = PKDD99) -> list[Order]:
    """The standing orders: each is a monthly debit of ``amount`` to ``bank_to/account_to``."""
    return [
        Order(
            row["order_id"],
            row["account_id"],
            f"{row['bank_to']}/{row['account_to']}",
            Decimal(row["amount"]),
            _k(row["k_symbol"]),
        )
        for row in _rows(directory / "order.asc")
    ]


def _czech(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def write_statements(bookings: Sequence[Booking], folder: Path) -> dict[str, Path]:
    """One CSV statement per account in ``folder``, its lines in the slice's order."""
    by_account: dict[str, list[Booking]] = defaultdict(list)
    for b in bookings:
        by_account[b.payment.account].append(b)
    files = {}
    for account, lines in by_account.items():
        path = folder / f"pkdd99-account-{account}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
            writer.writerow(STATEMENT_HEADER)
            for b in lines:
                day, amount = b.payment.date, b.payment.amount
                writer.writerow(
                    (f"{day:%d.%m.%Y}", _czech(amount), b.description, _czech(b.balance))
                )
        files[account] = path
    return files


# --- PKDD'99: detection, directly and through the product -----------------------------------------


@dataclass(frozen=True, slots=True)
class Detected:
    """A recurring series found on one account, in the conversion's terms.

    ``payee`` is the key it was found under (through the product ``d:<normalised description>``
    or ``v<vendor id>``); ``vendor_key`` the conversion's key of its payments (``YZ/87144583``,
    ``SLUZBY``), several joined by ``+`` when the payee holds payments of more than one;
    ``k_symbol`` the most common k_symbol of its payments; ``amounts`` how many different amounts
    its payments have.
    """

    account: str
    payee: str
    vendor_key: str
    k_symbol: str
    cadence: str
    schedule: str
    amount: Decimal
    amount_kind: str
    count: int
    first_date: date
    last_date: date
    status: str
    amounts: int

    def line(self) -> str:
        payee = f" (payee {self.payee})" if self.payee != self.vendor_key else ""
        return (
            f"account {self.account} {self.vendor_key}{payee} {self.cadence} {self.schedule} "
            f"{self.amount} {self.amount_kind} x{self.count} {self.first_date}..{self.last_date}"
        )


def _detected(
    account: str,
    payee: str,
    payments: Sequence[Booking],
    fields: Mapping[str, object],
) -> Detected:
    keys = sorted({b.payment.vendor_key for b in payments})
    symbol = Counter(b.k_symbol for b in payments).most_common(1)[0][0]
    return Detected(
        account=account,
        payee=payee,
        vendor_key="+".join(keys),
        k_symbol=symbol,
        cadence=str(fields["cadence"]),
        schedule=str(fields["schedule"]),
        amount=Decimal(str(fields["amount"])),
        amount_kind=str(fields["amount_kind"]),
        count=int(str(fields["count"])),
        first_date=date.fromisoformat(str(fields["first_date"])),
        last_date=date.fromisoformat(str(fields["last_date"])),
        status=str(fields["status"]),
        amounts=len({b.payment.amount for b in payments}),
    )


def detect_directly(bookings: Sequence[Booking]) -> tuple[dict[str, list[Detected]], float]:
    """``detect_series`` per account on the transactions as they are: no file, no import."""
    by_account: dict[str, list[Payment]] = defaultdict(list)
    by_id = {b.payment.id: b for b in bookings}
    for b in bookings:
        by_account[b.payment.account].append(b.payment)
    started = time.perf_counter()
    series = {a: detect_series(ps, as_of=SLICE_END) for a, ps in by_account.items()}
    seconds = time.perf_counter() - started
    found: dict[str, list[Detected]] = defaultdict(list)
    for account, account_series in series.items():
        for s in account_series:
            fields = {
                "cadence": s.cadence,
                "schedule": s.schedule,
                "amount": s.amount,
                "amount_kind": s.amount_kind,
                "count": s.count,
                "first_date": s.first_date.isoformat(),
                "last_date": s.last_date.isoformat(),
                "status": s.status,
            }
            payments = [by_id[i] for i in s.payment_ids]
            found[account].append(_detected(account, s.vendor_key, payments, fields))
    return found, seconds


@dataclass(slots=True)
class Pipeline:
    """What going through the product took: files, lines, customers, seconds per step."""

    statements: int = 0
    lines_imported: int = 0
    customers: int = 0
    recurring_insights: int = 0
    # Lines that did not come back as written (date, amount, description), per account.
    lost: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def detect_through_import(
    bookings: Sequence[Booking], statements: Path
) -> tuple[dict[str, list[Detected]], Pipeline]:
    """Convert, import and refresh insights; read the stored recurring series back.

    Needs Django set up with a migrated database: :func:`throwaway_store` makes one, the tests use
    their test database. Each PKDD'99 account belongs to a different client of the bank, so each
    becomes a customer of its own (``pkdd99-<account>``) whose book holds that one account, named
    by its PKDD'99 id. (One book holding all 1,229 accounts would be one household to the detector,
    which joins a payee's payments across a book's accounts.)
    """
    from django.contrib.auth.models import User

    from yourside.book.models import Account, Transaction
    from yourside.ingest.services import import_file
    from yourside.insights.models import Insight
    from yourside.insights.services import refresh_insights

    pipeline = Pipeline()
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        pipeline.seconds[step] = now - clock
        clock = now

    files = write_statements(bookings, statements)
    pipeline.statements = len(files)
    lap("convert")
    customers: list[User] = []
    for account, path in files.items():
        # No password: nobody signs in, and hashing 1,229 of them would take ten minutes.
        customer = User.objects.create_user(f"{CUSTOMER_PREFIX}{account}")
        with path.open("rb") as stream:
            result = import_file(customer, stream, path.name, account_name=account)
        pipeline.lines_imported += result.added
        customers.append(customer)
    pipeline.customers = len(customers)
    lap("import")
    for customer in customers:
        refresh_insights(customer, today=SLICE_END)
    lap("detect")

    owners = User.objects.filter(username__startswith=CUSTOMER_PREFIX)
    names = dict(Account.objects.filter(owner__in=owners).values_list("pk", "name"))
    by_description = {b.description: b for b in bookings}
    lines: dict[str, Booking] = {}
    stored: Counter[tuple[str, date, Decimal, str]] = Counter()
    rows = Transaction.objects.filter(owner__in=owners).values_list(
        "pk", "account_id", "date", "amount", "description"
    )
    for pk, account_pk, day, amount, description in rows.iterator(chunk_size=10000):
        account = names[account_pk]
        stored[(account, day, amount, description)] += 1
        # The payments of a series as the conversion knows them: same text, same key and symbol
        # (a text the conversion never wrote is counted below and keys a payee of its own).
        known = by_description.get(description)
        key, symbol = (known.payment.vendor_key, known.k_symbol) if known else (description, "?")
        lines[str(pk)] = Booking(
            Payment(str(pk), account, day, amount, key), symbol, description, Decimal(0)
        )
    written = Counter(
        (b.payment.account, b.payment.date, b.payment.amount, b.description) for b in bookings
    )
    for (account, day, amount, description), n in (written - stored).items():
        pipeline.lost.append(f"account {account}: {n} x {day} {amount} {description!r} not stored")
    for (account, day, amount, description), n in (stored - written).items():
        pipeline.lost.append(f"account {account}: {n} x {day} {amount} {description!r} not written")

    found: dict[str, list[Detected]] = defaultdict(list)
    insights = Insight.objects.filter(owner__in=owners, kind=Insight.Kind.RECURRING, current=True)
    for data, evidence in insights.values_list("data", "evidence"):
        pipeline.recurring_insights += 1
        payments = [lines[str(pk)] for pk in evidence]
        for account_pk in data["accounts"]:
            account = names[int(account_pk)]
            mine = [b for b in payments if b.payment.account == account]
            found[account].append(_detected(account, data["payee"], mine, data))
    lap("read back")
    return found, pipeline


# --- PKDD'99: scoring -----------------------------------------------------------------------------


@dataclass(slots=True)
class Pkdd99Result:
    orders_in_scope: int = 0
    out_of_scope: Counter[str] = field(default_factory=Counter)  # why, e.g. "LEASING: 0 payments"
    found: Counter[str] = field(default_factory=Counter)  # per k_symbol
    scope: Counter[str] = field(default_factory=Counter)
    missed: list[tuple[Order, str]] = field(default_factory=list)
    # Debit series on the in-scope accounts, per k_symbol: matched to an order or not.
    series_ok: Counter[str] = field(default_factory=Counter)
    series_all: Counter[str] = field(default_factory=Counter)
    false_positives: list[Detected] = field(default_factory=list)
    bank_charges: list[Detected] = field(default_factory=list)
    bank_charges_as_described: int = 0
    accounts: int = 0
    accounts_in_scope: int = 0
    all_accounts_series: int = 0  # debit series on all accounts, bank charges aside
    all_accounts_ok: int = 0  # ... of which match an order
    other_accounts_false: list[Detected] = field(default_factory=list)
    accounts_charged_monthly: int = 0
    # Series whose payee holds payments of more than one counterparty or key of the conversion.
    mixed: list[Detected] = field(default_factory=list)
    seconds: float = 0.0  # detection alone (directly), or all but the store (through the import)
    payments: int = 0
    debit_series: list[Detected] = field(default_factory=list)  # on every account
    pipeline: Pipeline | None = None  # through the import: what it took
    direct: Pkdd99Result | None = None  # through the import: the same scoring, directly

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / self.orders_in_scope

    @property
    def precision(self) -> float:
        """Series matched to an order / debit series on in-scope accounts, bank charges aside."""
        charges = len(self.bank_charges)
        return sum(self.series_ok.values()) / (sum(self.series_all.values()) - charges)

    @property
    def strict_precision(self) -> float:
        """The same with the bank's own charges counted as false positives."""
        return sum(self.series_ok.values()) / sum(self.series_all.values())


def score_pkdd99(
    detected: Mapping[str, Sequence[Detected]],
    payments: Sequence[Payment],
    orders: Sequence[Order],
) -> Pkdd99Result:
    """Score the debit series found per account against the standing orders."""
    result = Pkdd99Result(payments=len(payments))
    by_account: dict[str, list[Payment]] = defaultdict(list)
    for p in payments:
        by_account[p.account].append(p)
    result.accounts = len(by_account)
    series = {a: [s for s in detected.get(a, ()) if s.amount < 0] for a in by_account}
    result.debit_series = [s for found in series.values() for s in found]
    result.mixed = [s for s in result.debit_series if "+" in s.vendor_key]

    # An order is in scope when its account is in the slice with three payments of it or more.
    paid: Counter[tuple[str, str, Decimal]] = Counter(
        (p.account, p.vendor_key, -p.amount) for p in payments if p.amount < 0
    )
    in_scope_accounts = set()
    order_keys = {(o.account, o.vendor_key, o.amount): o for o in orders}
    for o in orders:
        n = paid[(o.account, o.vendor_key, o.amount)]
        if o.account not in by_account:
            result.out_of_scope["account not in the slice"] += 1
            continue
        if n < 3:
            result.out_of_scope[f"{o.k_symbol}: {n} payment(s) in the slice"] += 1
            continue
        result.orders_in_scope += 1
        result.scope[o.k_symbol] += 1
        in_scope_accounts.add(o.account)
        hits = [
            s for s in series[o.account] if (s.vendor_key, -s.amount) == (o.vendor_key, o.amount)
        ]
        if hits:
            result.found[o.k_symbol] += 1
        else:
            result.missed.append((o, _why_missed(o, series[o.account], by_account[o.account])))

    result.accounts_in_scope = len(in_scope_accounts)
    # The same count over every account of the slice, in scope or not.
    for account, found in series.items():
        for s in found:
            if s.vendor_key not in BANK_CHARGES:
                matched = (account, s.vendor_key, -s.amount) in order_keys
                result.all_accounts_ok += matched
                result.all_accounts_series += 1
                if not matched and account not in in_scope_accounts:
                    result.other_accounts_false.append(s)
    for account in sorted(in_scope_accounts, key=int):
        monthly_fees = {p.date.month for p in by_account[account] if p.vendor_key == "SLUZBY"}
        result.accounts_charged_monthly += len(monthly_fees) >= 3
        for s in series[account]:
            order = order_keys.get((account, s.vendor_key, -s.amount))
            if order is not None:
                result.series_ok[order.k_symbol] += 1
                result.series_all[order.k_symbol] += 1
                continue
            # A transfer without an order goes under its k_symbol; anything else (cash, fees)
            # under its own key, so that a cash withdrawal is not counted as an order's symbol.
            symbol = s.k_symbol if "/" in s.vendor_key else s.vendor_key
            result.series_all[symbol] += 1
            if s.vendor_key in BANK_CHARGES:
                result.bank_charges.append(s)
                # The fee is described as monthly on the last day, one amount.
                result.bank_charges_as_described += (
                    s.cadence == "monthly" and s.schedule == "last day" and s.amounts == 1
                )
            else:
                result.false_positives.append(s)
    return result


def _why_missed(order: Order, found: Sequence[Detected], payments: Sequence[Payment]) -> str:
    same = [s for s in found if order.vendor_key in s.vendor_key.split("+")]
    dates = sorted(p.date for p in payments if p.vendor_key == order.vendor_key and p.amount < 0)
    return f"series found: {[(s.cadence, s.amount, s.count) for s in same]}; paid on {dates}"


def evaluate_pkdd99(directory: Path = PKDD99, statements: Path | None = None) -> Pkdd99Result:
    """Convert, import, refresh insights, and score the stored recurring debits; see the module
    docstring. ``result.direct`` is the same scoring of detection run directly.

    Needs Django set up with a migrated database (:func:`throwaway_store`, or the test database);
    the converted statements are written to ``statements`` (kept) or to a temporary folder.
    """
    started = time.perf_counter()
    bookings = load_bookings(directory)
    orders = load_orders(directory)
    if statements is None:
        with tempfile.TemporaryDirectory(prefix="pkdd99-statements-") as folder:
            found, pipeline = detect_through_import(bookings, Path(folder))
    else:
        statements.mkdir(parents=True, exist_ok=True)
        found, pipeline = detect_through_import(bookings, statements)
    payments = [b.payment for b in bookings]
    result = score_pkdd99(found, payments, orders)
    result.pipeline = pipeline
    result.seconds = time.perf_counter() - started
    direct, seconds = detect_directly(bookings)
    result.direct = score_pkdd99(direct, payments, orders)
    result.direct.seconds = seconds
    return result


@contextmanager
def throwaway_store() -> Iterator[None]:
    """Set Django up on an empty store in a temporary folder, for as long as the block runs."""
    with tempfile.TemporaryDirectory(prefix="yourside-eval-") as folder:
        # A store of its own whatever the environment says: SQLite in the folder, never a
        # database or a data folder configured for real use.
        os.environ.pop("YOURSIDE_DATABASE_URL", None)
        os.environ["YOURSIDE_DATA_DIR"] = folder
        os.environ["DJANGO_SETTINGS_MODULE"] = "yourside.settings"
        os.environ.setdefault("YOURSIDE_SECRET_KEY", "eval-recurrence-only")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        try:
            yield
        finally:
            connections.close_all()


# --- the household --------------------------------------------------------------------------------


@dataclass(slots=True)
class HouseholdResult:
    labelled: int = 0
    detected: int = 0
    matched: int = 0
    kind_right: int = 0
    status_right: int = 0
    changes_right: int = 0
    changes_labelled: int = 0
    misses: list[LabelledSeries] = field(default_factory=list)
    false_positives: list[Series] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.labelled

    @property
    def precision(self) -> float:
        return self.matched / self.detected if self.detected else 1.0


def _same(found: Series, label: LabelledSeries) -> bool:
    """The same series with the cadence right: same vendor and cadence, 80 % of payments shared."""
    ids = set(found.payment_ids)
    shared = len(ids & label.payment_ids)
    return (
        found.vendor_key == label.vendor_key
        and found.cadence == label.cadence
        and shared >= 0.8 * len(label.payment_ids)
        and shared >= 0.8 * len(ids)
    )


def evaluate_household(household: Household) -> HouseholdResult:
    """Score detection on a labelled household: recall and precision of series, cadence right."""
    found = detect_series(household.payments, as_of=household.as_of)
    result = HouseholdResult(labelled=len(household.series), detected=len(found))
    used: set[int] = set()
    for label in household.series:
        match = next((s for k, s in enumerate(found) if k not in used and _same(s, label)), None)
        if match is None:
            result.misses.append(label)
            continue
        used.add(found.index(match))
        result.matched += 1
        result.kind_right += match.amount_kind == label.amount_kind
        result.status_right += (match.status == "ended") == label.ended
        steps = [(c.date, c.old_amount, c.new_amount) for c in price_changes(match)]
        result.changes_labelled += len(label.price_changes)
        result.changes_right += len(set(steps) & set(label.price_changes))
        if steps != list(label.price_changes) or match.amount_kind != label.amount_kind:
            result.wrong.append(f"{label.vendor_key}: {steps} {match.amount_kind}")
    result.false_positives = [s for k, s in enumerate(found) if k not in used]
    return result


# --- speed ----------------------------------------------------------------------------------------


def load_test(n_payments: int = 1_000_000, n_vendors: int = 2_000, seed: int = 7) -> list[Payment]:
    """``n_payments`` over ten years at ``n_vendors``, in date order as a statement import gives
    them: a third of the vendors bill on a cadence (weekly to yearly, fixed or varying amounts,
    now and then a day or two late), the rest take everyday purchases on random days."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    start = date(2015, 1, 1)
    days = 3652
    rows: list[tuple[int, str, int, str]] = []  # day, account, cents, vendor
    recurring = n_vendors // 3
    for v in range(recurring):
        weeks, months = rng.choice(
            ((1, 0), (2, 0), (4, 0), (0, 1), (0, 1), (0, 3), (0, 6), (0, 12))
        )
        cents = rng.randint(300, 20000)
        variable = rng.random() < 0.3
        first = start + timedelta(days=rng.randrange(28))
        k = 0
        while (due := first + timedelta(weeks=k * weeks) + relativedelta(months=k * months)) < (
            start + timedelta(days=days)
        ):
            late = rng.randint(1, 2) if rng.random() < 0.1 else 0
            amount = round(cents * rng.uniform(0.85, 1.15)) if variable else cents
            rows.append(((due - start).days + late, "a", amount, f"v{v}"))
            k += 1
    per_vendor = (n_payments - len(rows)) // (n_vendors - recurring)
    for v in range(recurring, n_vendors):
        count = per_vendor if v < n_vendors - 1 else n_payments - len(rows)
        for _ in range(count):
            rows.append((rng.randrange(days), rng.choice("ab"), rng.randint(100, 15000), f"v{v}"))
    rows.sort()
    return [
        Payment(f"p{n}", account, start + timedelta(days=day), Decimal(-cents) / 100, vendor)
        for n, (day, account, cents, vendor) in enumerate(rows)
    ]


def time_detection(payments: Sequence[Payment], repeat: int = 3) -> tuple[float, float, int]:
    """The best of ``repeat`` runs of detection over ``payments``: wall and CPU seconds, series."""
    wall = cpu = float("inf")
    found = 0
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        found = len(detect_series(payments, as_of=date(2025, 1, 1)))
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu, found


# --- report ---------------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{x:.4f}"


def _table(r: Pkdd99Result) -> None:
    print("  k_symbol    orders  found  recall | debit series  of an order  precision")
    for k in sorted(set(r.scope) | set(r.series_all)):
        recall = _pct(r.found[k] / r.scope[k]) if r.scope[k] else "     -"
        precision = _pct(r.series_ok[k] / r.series_all[k]) if r.series_all[k] else "-"
        print(
            f"  {k:11s} {r.scope[k]:6d} {r.found[k]:6d}  {recall} | "
            f"{r.series_all[k]:12d} {r.series_ok[k]:12d}  {precision}"
        )


def _headline(r: Pkdd99Result) -> str:
    ok, all_ = sum(r.series_ok.values()), sum(r.series_all.values()) - len(r.bank_charges)
    return (
        f"recall {_pct(r.recall)} ({sum(r.found.values())}/{r.orders_in_scope}), precision "
        f"{_pct(r.precision)} ({ok}/{all_}), strict precision {_pct(r.strict_precision)}, "
        f"{len(r.false_positives)} false positives, {len(r.missed)} misses"
    )


def _same_series(s: Detected) -> tuple[str, str, str, Decimal, int, date]:
    return (s.account, s.vendor_key, s.cadence, s.amount, s.count, s.first_date)


def report_pkdd99(details: bool, statements: Path | None = None) -> None:
    if not PKDD99.is_dir():
        print(f"PKDD'99: data not found at {PKDD99}, skipped")
        return
    started = time.perf_counter()
    with throwaway_store():
        store = time.perf_counter() - started
        r = evaluate_pkdd99(PKDD99, statements)
    total = time.perf_counter() - started
    p, d = r.pipeline, r.direct
    assert p is not None
    assert d is not None
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in p.seconds.items())
    print(
        f"PKDD'99 through the product: {r.payments} transactions of {r.accounts} accounts -> "
        f"{p.statements} CSV statements -> {p.lines_imported} lines imported for {p.customers} "
        f"customers -> {p.recurring_insights} recurring insights"
    )
    print(
        f"  time: {total:.1f} s (empty store {store:.1f} s, {steps}, reading the data and scoring "
        f"{r.seconds - sum(p.seconds.values()):.1f} s)"
    )
    print(
        f"  lines that did not come back as written: {len(p.lost)}; series whose payee mixes "
        f"counterparties: {len(r.mixed)}"
    )
    print(f"  orders in scope: {r.orders_in_scope} on {r.accounts_in_scope} accounts")
    for why, n in sorted(r.out_of_scope.items()):
        print(f"  out of scope: {n:5d}  {why}")
    _table(r)
    print(f"  recall {_pct(r.recall)}")
    print(
        f"  precision {_pct(r.precision)} (bank's own charges set aside: {len(r.bank_charges)} "
        f"series, {r.bank_charges_as_described} monthly on the last day at one amount; "
        f"{r.accounts_charged_monthly} of the {r.accounts_in_scope} accounts are charged a "
        f"statement fee in 3+ months)"
    )
    print(f"  strict precision {_pct(r.strict_precision)} (bank's own charges counted as false)")
    print(
        f"  all {r.accounts} accounts of the slice: {r.all_accounts_ok} of "
        f"{r.all_accounts_series} debit series (bank charges aside) match an order, precision "
        f"{_pct(r.all_accounts_ok / r.all_accounts_series)}"
    )
    print(f"  false positives: {len(r.false_positives)}, misses: {len(r.missed)}")
    through = Counter(map(_same_series, r.debit_series))
    directly = Counter(map(_same_series, d.debit_series))
    print(f"  through the import: {_headline(r)}")
    print(f"  directly (detect_series on the transactions, {d.seconds:.2f} s): {_headline(d)}")
    print(
        f"  debit series: {sum(through.values())} through the import, {sum(directly.values())} "
        f"directly, {sum((through & directly).values())} the same (account, counterparty, "
        f"cadence, amount, count, first date)"
    )
    if details:
        for line in p.lost:
            print(f"    LOST {line}")
        for s in r.mixed:
            print(f"    MIXED {s.line()}")
        for s in r.false_positives:
            print(f"    FP {s.line()}")
        for o, why in r.missed:
            print(f"    MISS order {o.id} account {o.account} {o.vendor_key} {o.amount}: {why}")
        for s in r.other_accounts_false:
            print(f"    FP (account out of scope) {s.line()}")
        odd = [
            s
            for s in r.bank_charges
            if s.cadence != "monthly" or s.schedule != "last day" or s.amounts != 1
        ]
        for s in odd:
            print(f"    CHARGE {s.line()}")
        only = {_same_series(s): s for s in r.debit_series if _same_series(s) not in directly}
        for s in only.values():
            print(f"    ONLY THROUGH THE IMPORT {s.line()}")
        for s in d.debit_series:
            if _same_series(s) not in through:
                print(f"    ONLY DIRECTLY {s.line()}")


def report_household(details: bool, seeds: int) -> None:
    r = evaluate_household(generate_household(SEED))
    print(f"Household (seed {SEED}): {r.labelled} labelled series, {r.detected} detected")
    print(f"  recall {_pct(r.recall)}  precision {_pct(r.precision)} (cadence right)")
    print(
        f"  amount kind right {r.kind_right}/{r.matched}, ended/active right "
        f"{r.status_right}/{r.matched}, price changes right {r.changes_right}/{r.changes_labelled}"
    )
    if details:
        for label in r.misses:
            print(f"    MISS {label.vendor_key} {label.cadence} ({label.note})")
        for s in r.false_positives:
            print(f"    FP {s.vendor_key} {s.cadence} {s.schedule} {s.amount} x{s.count}")
        for line in r.wrong:
            print(f"    WRONG {line}")
    if seeds:
        totals = [evaluate_household(generate_household(seed)) for seed in range(seeds)]
        labelled = sum(t.labelled for t in totals)
        detected = sum(t.detected for t in totals)
        matched = sum(t.matched for t in totals)
        worst = min(min(t.recall, t.precision) for t in totals)
        print(
            f"  seeds 0-{seeds - 1}: recall {_pct(matched / labelled)}  precision "
            f"{_pct(matched / detected)}  worst household {_pct(worst)}"
        )
        if details:
            for seed, t in enumerate(totals):
                for label in t.misses:
                    print(f"    seed {seed} MISS {label.vendor_key} {label.cadence}")
                for s in t.false_positives:
                    print(f"    seed {seed} FP {s.vendor_key} {s.cadence} {s.amount} x{s.count}")


def report_speed(n: int, vendors: int) -> None:
    payments = load_test(n, vendors)
    wall, cpu, found = time_detection(payments)
    print(
        f"Speed: {len(payments):,} payments at {vendors:,} vendors: {wall:.2f} s wall, {cpu:.2f} s "
        f"CPU (best of 3, one process, Python {sys.version.split()[0]}, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs), {found} series"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Print the figures of docs/ACCURACY-recurrence.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list every miss and FP")
    parser.add_argument("--seeds", type=int, default=50, help="other households to score")
    parser.add_argument("--payments", type=int, default=1_000_000)
    parser.add_argument("--vendors", type=int, default=2_000)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument(
        "--statements", type=Path, help="keep PKDD'99's converted CSV statements in this folder"
    )
    args = parser.parse_args(argv)
    report_pkdd99(args.details, args.statements)
    report_household(args.details, args.seeds)
    if not args.skip_speed:
        report_speed(args.payments, args.vendors)


if __name__ == "__main__":
    main()
