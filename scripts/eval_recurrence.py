"""Measure recurring-payment detection: real bank data, a labelled household, and speed.

    .venv/bin/python scripts/eval_recurrence.py            # all three, the figures in the docs
    .venv/bin/python scripts/eval_recurrence.py --details  # and every miss and false positive

1. PKDD'99 (``../shared/data/pkdd99``): the transactions of the 1993 slice become payments,
   detection runs per account as of the slice's last day, and the debit series found are scored
   against the bank's standing orders (``order.asc``). docs/ACCURACY-recurrence.md has the rules.
2. The generated household (``yourside.core.household``, fixed seed, and a spread of other seeds).
3. Speed: detection over 1,000,000 generated payments at 2,000 vendors, in this one process.

tests/core/test_recurrence_eval.py imports this file and asserts the targets.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta

from yourside.core.household import SEED, Household, LabelledSeries, generate_household
from yourside.core.recurrence import Payment, Series, detect_series, price_changes

PKDD99 = Path(__file__).resolve().parents[2] / "shared" / "data" / "pkdd99"
SLICE_END = date(1994, 3, 31)
# The bank's own charges: a statement fee and penalty interest are debited by the bank itself, so
# no standing order can ever stand behind them (the data's README says so for statement fees).
BANK_CHARGES = frozenset({"SLUZBY", "SANKC. UROK"})


# --- PKDD'99 --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    account: str
    vendor_key: str
    amount: Decimal
    k_symbol: str


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(newline="", encoding="ascii") as f:
        yield from csv.DictReader(f, delimiter=";")


def _k(symbol: str) -> str:
    return symbol.strip() or "(none)"


def load_payments(directory: Path = PKDD99) -> tuple[list[Payment], dict[str, str]]:
    """The slice's transactions as payments, and the k_symbol of each payment id.

    The counterparty of a transfer is its bank and account ("YZ/87144583"); anything else (cash,
    fees, interest) is keyed by its k_symbol, or by its operation when that is empty ("VYBER" is a
    cash withdrawal). Credits (PRIJEM) are positive, debits negative.
    """
    payments, symbols = [], {}
    for row in _rows(directory / "trans-1993-slice.asc"):
        yymmdd = row["date"]
        day = date(1900 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
        amount = Decimal(row["amount"])
        if row["type"] != "PRIJEM":
            amount = -amount
        if row["bank"] and row["account"]:
            vendor = f"{row['bank']}/{row['account']}"
        else:
            vendor = row["k_symbol"].strip() or row["operation"].strip() or row["type"]
        payments.append(Payment(row["trans_id"], row["account_id"], day, amount, vendor))
        symbols[row["trans_id"]] = _k(row["k_symbol"])
    return payments, symbols


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
    false_positives: list[Series] = field(default_factory=list)
    bank_charges: list[Series] = field(default_factory=list)
    bank_charges_as_described: int = 0
    accounts: int = 0
    accounts_in_scope: int = 0
    all_accounts_series: int = 0  # debit series on all accounts, bank charges aside
    all_accounts_ok: int = 0  # ... of which match an order
    other_accounts_false: list[Series] = field(default_factory=list)
    accounts_charged_monthly: int = 0
    seconds: float = 0.0
    payments: int = 0

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


def evaluate_pkdd99(directory: Path = PKDD99) -> Pkdd99Result:
    """Detect per account as of the slice's last day and score the debits against the orders."""
    payments, symbols = load_payments(directory)
    orders = load_orders(directory)
    result = Pkdd99Result(payments=len(payments))
    by_account: dict[str, list[Payment]] = defaultdict(list)
    for p in payments:
        by_account[p.account].append(p)
    started = time.perf_counter()
    series = {a: detect_series(ps, as_of=SLICE_END) for a, ps in by_account.items()}
    result.accounts = len(series)
    result.seconds = time.perf_counter() - started

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
            s
            for s in series[o.account]
            if s.vendor_key == o.vendor_key and -s.amount == o.amount and s.amount < 0
        ]
        if hits:
            result.found[o.k_symbol] += 1
        else:
            result.missed.append((o, _why_missed(o, series[o.account], by_account[o.account])))

    result.accounts_in_scope = len(in_scope_accounts)
    # The same count over every account of the slice, in scope or not.
    for account, found in series.items():
        for s in found:
            if s.amount < 0 and s.vendor_key not in BANK_CHARGES:
                matched = (account, s.vendor_key, -s.amount) in order_keys
                result.all_accounts_ok += matched
                result.all_accounts_series += 1
                if not matched and account not in in_scope_accounts:
                    result.other_accounts_false.append(s)
    for account in sorted(in_scope_accounts, key=int):
        monthly_fees = {p.date.month for p in by_account[account] if p.vendor_key == "SLUZBY"}
        result.accounts_charged_monthly += len(monthly_fees) >= 3
        for s in series[account]:
            if s.amount > 0:
                continue
            order = order_keys.get((account, s.vendor_key, -s.amount))
            if order is not None:
                result.series_ok[order.k_symbol] += 1
                result.series_all[order.k_symbol] += 1
                continue
            # A transfer without an order goes under its k_symbol; anything else (cash, fees)
            # under its own key, so that a cash withdrawal is not counted as an order's symbol.
            symbol = s.vendor_key
            if "/" in s.vendor_key:
                symbol = Counter(symbols[i] for i in s.payment_ids).most_common(1)[0][0]
            result.series_all[symbol] += 1
            if s.vendor_key in BANK_CHARGES:
                result.bank_charges.append(s)
                # The fee is described as monthly on the last day, one amount.
                result.bank_charges_as_described += (
                    s.cadence == "monthly" and s.schedule == "last day" and len(s.levels) == 1
                )
            else:
                result.false_positives.append(s)
    return result


def _why_missed(order: Order, found: Sequence[Series], payments: Sequence[Payment]) -> str:
    same = [s for s in found if s.vendor_key == order.vendor_key]
    dates = sorted(p.date for p in payments if p.vendor_key == order.vendor_key and p.amount < 0)
    return f"series found: {[(s.cadence, s.amount, s.count) for s in same]}; paid on {dates}"


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


def report_pkdd99(details: bool) -> None:
    if not PKDD99.is_dir():
        print(f"PKDD'99: data not found at {PKDD99}, skipped")
        return
    r = evaluate_pkdd99()
    print(f"PKDD'99: {r.payments} payments, detection per account in {r.seconds:.2f} s")
    print(f"  orders in scope: {r.orders_in_scope} on {r.accounts_in_scope} accounts")
    for why, n in sorted(r.out_of_scope.items()):
        print(f"  out of scope: {n:5d}  {why}")
    print("  k_symbol    orders  found  recall | debit series  of an order  precision")
    for k in sorted(set(r.scope) | set(r.series_all)):
        recall = _pct(r.found[k] / r.scope[k]) if r.scope[k] else "     -"
        precision = _pct(r.series_ok[k] / r.series_all[k]) if r.series_all[k] else "-"
        print(
            f"  {k:11s} {r.scope[k]:6d} {r.found[k]:6d}  {recall} | "
            f"{r.series_all[k]:12d} {r.series_ok[k]:12d}  {precision}"
        )
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
    if details:
        for s in r.false_positives:
            print(
                f"    FP account {s.accounts} {s.vendor_key} {s.cadence} {s.schedule} {s.amount} "
                f"{s.amount_kind} x{s.count} {s.first_date}..{s.last_date}"
            )
        for o, why in r.missed:
            print(f"    MISS order {o.id} account {o.account} {o.vendor_key} {o.amount}: {why}")
        for s in r.other_accounts_false:
            print(
                f"    FP (account out of scope) {s.accounts} {s.vendor_key} {s.cadence} "
                f"{s.schedule} {s.amount} {s.amount_kind} x{s.count} {s.first_date}..{s.last_date}"
            )
        odd = [s for s in r.bank_charges if s.cadence != "monthly" or s.schedule != "last day"]
        for s in odd:
            print(f"    CHARGE {s.accounts} {s.vendor_key} {s.cadence} {s.schedule} x{s.count}")


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
    args = parser.parse_args(argv)
    report_pkdd99(args.details)
    report_household(args.details, args.seeds)
    if not args.skip_speed:
        report_speed(args.payments, args.vendors)


if __name__ == "__main__":
    main()
