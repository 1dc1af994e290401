"""Find insights in a customer's book, keep them, and answer them.

``refresh_insights`` runs the framework-free detectors over the book and stores what they find
under a stable key, so an insight the customer confirmed, dismissed or snoozed keeps that answer
when a later import finds it again. Given vendor ids, it refreshes only those vendors' payment
insights: an import of a thousand lines does not re-read a million.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import chain, count
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Aggregate, F, Min, Q, QuerySet, TextField, When
from django.db.models.expressions import RawSQL

from yourside.book.models import (
    TRANSFERS,
    Account,
    Agreement,
    Holding,
    Source,
    Transaction,
    Vendor,
)
from yourside.book.services import add_vendor, file_payees, touched_by, transfer_lines
from yourside.cases.models import Case
from yourside.core import wording
from yourside.core.descriptors import PayeeKeys
from yourside.core.duplicates import duplicates_in
from yourside.core.fees import EXPLANATIONS, FEE_KINDS, Fee, FeeKind, fee_totals
from yourside.core.ledger import Ledger, from_columns, ordinals
from yourside.core.recurrence import Payment, Series, all_price_changes, series_in
from yourside.core.refunds import Promise, refunds_owed
from yourside.errors import UserError
from yourside.insights.models import Insight, Refreshed

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

CANCEL_HORIZON = timedelta(days=60)
WARRANTY_HORIZON = timedelta(days=90)
CASE_HORIZON = timedelta(days=7)
SNOOZE = timedelta(days=30)
CADENCE_WORDS = {
    "weekly": "every week",
    "biweekly": "every two weeks",
    "four-weekly": "every four weeks",
    "monthly": "every month",
    "quarterly": "every quarter",
    "half-yearly": "every half year",
    "yearly": "every year",
}
AGREEMENT_CYCLES = {
    "weekly": "weekly",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "half-yearly": "half-yearly",
    "yearly": "yearly",
}


@dataclass
class Found:
    kind: str
    key: str
    title: str
    explanation: str
    amount: Decimal
    currency: str = "EUR"
    vendor_id: int | None = None
    due: date | None = None
    evidence: tuple[str, ...] = ()
    data: dict[str, Any] | None = None


# The date and the amount as the ledger takes them: from SQLite the ISO text (cast, or Django's
# converter would parse each) and a float (or an integer) as stored, converted once per distinct
# value; PostgreSQL is asked for the ordinal and a float rather than making a date and a Decimal a
# line.
# A line's date as _book reads it: SQLite's ISO text, or PostgreSQL's day ordinal (Python's).
_DAY_SQL = {"sqlite": "date", "postgresql": "(date - DATE '0001-01-01' + 1)"}


def _scoped(
    owner: User, vendor_ids: Iterable[int] | None, payees: Iterable[str] = ()
) -> QuerySet[Transaction]:
    """The owner's transactions: all, or those of some vendors and of some payees filed under no
    vendor."""
    # A move between the customer's own accounts is neither a payment nor income.
    rows = Transaction.objects.owned_by(owner).exclude(TRANSFERS)
    if vendor_ids is not None:
        rows = rows.filter(
            Q(vendor_id__in=list(vendor_ids)) | Q(vendor__isnull=True, payee__in=list(payees))
        )
    return rows


def _book(rows: QuerySet[Transaction]) -> Ledger:
    """Some transactions (:func:`_scoped`) as the detectors take them, grouped by payee. A line's
    payee key is its vendor (``v12``), else its cleaned description (``d:netflix``).

    The database groups the lines and gives each payee's ids, accounts, dates and amounts as one
    text each (:class:`_Joined`), split here: a book of a million lines is then a thousand rows,
    not a million rows of eight values, each of them a Python object to make, look up and file.
    """
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # The grouping sorts the lines: in memory, not in files (a million lines 1.2 → 0.8 s).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
    groups: dict[str, list[list[Any]]] = {}
    stray = False  # lines stored before payees were (an older export) have none
    for vendor_id, payee, ids, accounts, days, amounts, currency in (
        rows.order_by()
        .values("vendor_id", payee_key=models.Case(When(vendor__isnull=True, then=F("payee"))))
        .annotate(
            ids=_Joined("pk"),
            accounts=_Joined("account_id"),
            days=_Joined(RawSQL(_DAY_SQL[connection.vendor], ())),  # noqa: S611 - constant SQL
            amounts=_Joined("amount"),
            currency=Min("currency"),
        )
        .values_list("vendor_id", "payee_key", "ids", "accounts", "days", "amounts", "currency")
    ):
        if vendor_id is None and not payee:
            stray = True  # read line by line below
            continue
        columns: list[list[Any]] = [
            list(map(int, ids.split(","))),
            accounts.split(","),
            _ordinals(days.split(",")),
            list(map(float, amounts.split(","))),
            [currency],
        ]
        groups[_key_of(vendor_id or payee)] = columns
    older = PayeeKeys()
    strays = rows.filter(vendor__isnull=True, payee="") if stray else rows.none()
    for pk, account, day, amount, description, currency in strays.values_list(
        "pk", "account_id", "date", "amount", "description", "currency"
    ):
        line = (pk, str(account), day.toordinal(), float(amount), currency)
        for column, value in zip(
            groups.setdefault(_key_of(older(description)), [[], [], [], [], []]), line, strict=True
        ):
            column.append(value)
    return from_columns(
        (
            (key, ids, accounts, days, amounts, min(currencies))
            for key, (ids, accounts, days, amounts, currencies) in groups.items()
        ),
        _exact,
    )


class _Joined(Aggregate):
    """A group's values as one text, comma-separated, in no particular order: SQLite's
    ``group_concat``, PostgreSQL's ``string_agg``."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra,
        )


def _ordinals(days: list[str]) -> list[int]:
    """Date ordinals from the texts SQLite gives (ISO dates) or PostgreSQL was asked for
    (ordinals)."""
    if connection.vendor == "sqlite":
        return ordinals(days)
    return list(map(int, days))


def _key_of(payee: object) -> str:
    """A vendor's id as ``v12``, a cleaned description as ``d:netflix``."""
    return f"v{payee}" if isinstance(payee, int) else f"d:{payee}"


def _exact(amount: float | Decimal) -> Decimal:
    """The stored amount (two decimal places) of its float."""
    return Decimal(f"{amount:.2f}")


def _money(amount: Decimal, currency: str) -> str:
    """The amount, unsigned, in the reader's words where it is shown (``core.wording``)."""
    return wording.money(abs(amount), currency)


_day = wording.day


def _recurring(series: Series, name: str, currency: str) -> Found:
    every = CADENCE_WORDS.get(series.cadence, series.cadence)
    state = "has stopped" if series.status == "ended" else f"next on {_day(series.next_date)}"
    varies = " (the amount varies)" if series.amount_kind == "variable" else ""
    return Found(
        kind=Insight.Kind.RECURRING,
        key=f"recurring:{series.vendor_key}:{series.cadence}",
        title=f"{name}: {_money(series.amount, currency)} {every}",
        explanation=(
            f"{series.count} payments to {name} since {_day(series.first_date)}, "
            f"{every}{varies}, {series.schedule}; {state}. "
            f"That is {_money(series.yearly_cost, currency)} a year."
        ),
        amount=abs(series.yearly_cost) if series.status != "ended" else Decimal(0),
        currency=currency,
        evidence=series.payment_ids,
        data={
            "cadence": series.cadence,
            "schedule": series.schedule,
            "amount": str(series.amount),
            "amount_kind": series.amount_kind,
            "first_date": series.first_date.isoformat(),
            "last_date": series.last_date.isoformat(),
            "next_date": series.next_date.isoformat(),
            "count": series.count,
            "status": series.status,
            "accounts": list(series.accounts),
        },
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a while. A book of a million lines is a million row tuples
    that every collection would walk again (a seventh of the detectors' time); nothing the
    detectors make holds a cycle, and what they leave is freed by reference counting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _detect_payments(
    owner: User, vendor_ids: Iterable[int] | None, payees: Iterable[str], today: date
) -> list[Found]:
    with _collector_paused():
        return _detect_in(owner, vendor_ids, payees, today)


def _detect_in(
    owner: User, vendor_ids: Iterable[int] | None, payees: Iterable[str], today: date
) -> list[Found]:
    rows = _scoped(owner, vendor_ids, payees)
    book = _book(rows)
    currencies = {key: lines.currency for key, lines in book.items()}
    series = [s for s in series_in(book, as_of=today) if s.amount < 0]
    names = dict(Vendor.objects.owned_by(owner).values_list("pk", "name"))
    found = []

    def name_of(key: str) -> str:
        return names.get(int(key[1:]), key) if key.startswith("v") else key[2:].title()

    def vendor_of(key: str) -> int | None:
        return int(key[1:]) if key.startswith("v") else None

    for s in series:
        item = _recurring(s, name_of(s.vendor_key), currencies.get(s.vendor_key, "EUR"))
        item.vendor_id = vendor_of(s.vendor_key)
        assert item.data is not None
        item.data["payee"] = s.vendor_key
        found.append(item)
    for change in all_price_changes(series):
        if abs(change.new_amount) <= abs(change.old_amount):
            continue
        key, currency = change.series.vendor_key, currencies.get(change.series.vendor_key, "EUR")
        name = name_of(key)
        found.append(
            Found(
                kind=Insight.Kind.PRICE_RISE,
                key=f"price-rise:{key}:{change.date.isoformat()}",
                title=f"{name} raised its price by {change.percent:.0f}%",
                explanation=(
                    f"From {_money(change.old_amount, currency)} to "
                    f"{_money(change.new_amount, currency)} on {_day(change.date)}: "
                    f"{_money(change.yearly_cost_delta, currency)} more a year. "
                    "Did you agree to it?"
                ),
                amount=abs(change.yearly_cost_delta),
                currency=currency,
                vendor_id=vendor_of(key),
                evidence=change.series.payment_ids[-3:],
                data={
                    "payee": key,
                    "old": str(change.old_amount),
                    "new": str(change.new_amount),
                    "date": change.date.isoformat(),
                    "percent": str(change.percent),
                },
            )
        )
    found += _fees(rows, currencies, name_of, vendor_of)
    found += _duplicates(book, series, currencies, name_of, vendor_of)
    found += _refunds(owner, book, today, name_of, vendor_ids)
    return found


# A stored fee kind as the detectors name it; one no longer known (a rule renamed) is "other-fee".
_FEE_KINDS: dict[str, FeeKind] = {kind: kind for kind in FEE_KINDS}


def _fees(
    rows: QuerySet[Transaction], currencies: dict[str, str], name_of: Any, vendor_of: Any
) -> list[Found]:
    """The fees charged, totalled per payee, year and kind: from the lines the book marked as fees
    when they were written (``Transaction.fee``), read through their partial index."""
    older = PayeeKeys()
    fees = []
    # Sorted here: ordered by date, the database would rather walk its date index.
    for pk, vendor_id, payee, description, day, amount, stored in sorted(
        rows.exclude(fee="")
        .filter(amount__lt=0)
        .order_by()
        .values_list("pk", "vendor_id", "payee", "description", "date", "amount", "fee"),
        key=itemgetter(4, 0),
    ):
        kind = _FEE_KINDS.get(stored, "other-fee")
        key = _key_of(vendor_id or payee or older(description))
        fees.append(Fee(str(pk), key, day, kind, amount, EXPLANATIONS[kind]))
    by_total: dict[tuple[str, int, str], list[str]] = {}
    for fee in fees:
        by_total.setdefault((fee.vendor_key, fee.date.year, fee.kind), []).append(fee.txn_id)
    found = []
    for total in fee_totals(fees):
        currency = currencies.get(total.vendor_key, "EUR")
        name = name_of(total.vendor_key)
        found.append(
            Found(
                kind=Insight.Kind.FEE,
                key=f"fee:{total.vendor_key}:{total.year}:{total.kind}",
                title=f"{name}: {_money(total.total, currency)} in {total.kind.replace('-', ' ')} "
                f"fees in {total.year}",
                explanation=f"{total.count} charge{'s' if total.count != 1 else ''}. "
                + EXPLANATIONS[total.kind],
                amount=abs(total.total),
                currency=currency,
                vendor_id=vendor_of(total.vendor_key),
                evidence=tuple(by_total.get((total.vendor_key, total.year, total.kind), ())),
                data={"payee": total.vendor_key, "year": total.year, "fee_kind": total.kind},
            )
        )
    return found


def _duplicates(
    book: Ledger,
    series: list[Series],
    currencies: dict[str, str],
    name_of: Any,
    vendor_of: Any,
) -> list[Found]:
    found = []
    for dup in duplicates_in(book, series).open:
        currency = currencies.get(dup.vendor_key, "EUR")
        found.append(
            Found(
                kind=Insight.Kind.DUPLICATE,
                key=f"duplicate:{dup.first_id}:{dup.second_id}",
                title=f"{name_of(dup.vendor_key)} charged {_money(dup.amount, currency)} twice",
                explanation=dup.explanation,  # it says what to do: ask for one back
                amount=abs(dup.amount),
                currency=currency,
                vendor_id=vendor_of(dup.vendor_key),
                evidence=(dup.first_id, dup.second_id),
                data={"payee": dup.vendor_key, "days_apart": dup.days_apart},
            )
        )
    return found


def _refunds(
    owner: User, book: Ledger, today: date, name_of: Any, scope: Iterable[int] | None
) -> list[Found]:
    """Refunds a vendor promised in a case (its reply or acknowledgement) that never came."""
    promises = []
    cases = (
        Case.objects.owned_by(owner)
        .filter(kind=Case.Kind.REFUND)
        .exclude(status=Case.Status.DRAFT)
        .prefetch_related("events")
    )
    if scope is not None:
        cases = cases.filter(vendor_id__in=list(scope))
    for case in cases:
        answered = [e.date for e in case.events.all() if e.kind in {"reply", "acknowledged"}]
        if not answered:
            continue
        promises.append(
            Promise(
                id=str(case.pk),
                vendor_key=f"v{case.vendor_id}",
                amount=None,
                promised_on=min(answered),
                due_by=None,
                kind="case",
            )
        )
    if not promises:
        return []
    # Only the promising vendors' lines can be the refunds.
    payments = [
        Payment(lines.id_of(i), lines.account_of(i), lines.date_of(i), lines.decimal_of(i), key)
        for key in {p.vendor_key for p in promises}
        if (lines := book.get(key)) is not None
        for i in range(len(lines))
    ]
    found = []
    for owed in refunds_owed(promises, payments, today=today).owed:
        case_id = int(owed.promise_id)
        found.append(
            Found(
                kind=Insight.Kind.REFUND,
                key=f"refund:case{case_id}",
                title=f"{name_of(owed.vendor_key)} has not paid the refund it promised",
                explanation=owed.explanation,
                amount=abs(owed.amount or Decimal(0)),
                vendor_id=int(owed.vendor_key[1:]) if owed.vendor_key.startswith("v") else None,
                due=owed.promised_on + timedelta(days=14),
                data={"payee": owed.vendor_key, "case": case_id},
            )
        )
    return found


def _detect_deadlines(owner: User, today: date) -> list[Found]:
    found = []
    for agreement in Agreement.objects.owned_by(owner).select_related("vendor"):
        cancel_by = agreement.cancel_by(today)
        if cancel_by is None or cancel_by > today + CANCEL_HORIZON:
            continue
        renewal = agreement.renewal_stopped_by_notice(today)
        assert renewal is not None  # a cancel-by date is the notice date of a renewal
        found.append(
            Found(
                kind=Insight.Kind.DEADLINE,
                key=f"cancel-by:{agreement.pk}:{cancel_by.isoformat()}",
                title=f"Cancel {agreement.name} by {_day(cancel_by)} or it renews",
                explanation=(
                    f"{agreement.name} with {agreement.vendor} renews on "
                    f"{_day(renewal)} unless you give notice by {_day(cancel_by)}. "
                    f"It costs {_money(agreement.yearly_cost(), agreement.currency)} a year."
                ),
                amount=agreement.yearly_cost(),
                currency=agreement.currency,
                vendor_id=agreement.vendor_id,
                due=cancel_by,
                data={"agreement": agreement.pk},
            )
        )
    holdings = Holding.objects.owned_by(owner).filter(
        warranty_end__gte=today, warranty_end__lte=today + WARRANTY_HORIZON
    )
    for holding in holdings:
        assert holding.warranty_end is not None
        found.append(
            Found(
                kind=Insight.Kind.DEADLINE,
                key=f"warranty:{holding.pk}:{holding.warranty_end.isoformat()}",
                title=f"The warranty of {holding.name} ends on {_day(holding.warranty_end)}",
                explanation=(
                    f"If anything is wrong with {holding.name}, claim before "
                    f"{_day(holding.warranty_end)}: after that the repair is yours to pay."
                ),
                amount=holding.purchase_price or Decimal(0),
                currency=holding.currency,
                vendor_id=holding.vendor_id,
                due=holding.warranty_end,
                data={"holding": holding.pk},
            )
        )
    cases = (
        Case.objects.owned_by(owner)
        .filter(
            status__in=[Case.Status.SENT, Case.Status.ESCALATED],
            due_date__lte=today + CASE_HORIZON,
        )
        .select_related("vendor")
    )
    for case in cases:
        assert case.due_date is not None
        late = case.due_date < today
        found.append(
            Found(
                kind=Insight.Kind.DEADLINE,
                key=f"case-due:{case.pk}:{case.due_date.isoformat()}",
                title=(
                    f"{case.vendor} missed the deadline for {case.reference}"
                    if late
                    else f"{case.vendor} must answer {case.reference} by {_day(case.due_date)}"
                ),
                explanation=(
                    f"{case.subject}: the answer {'was' if late else 'is'} due on "
                    f"{_day(case.due_date)}. "
                    + (
                        "Send the reminder, or complain to the supervisory authority."
                        if late
                        else "Yourside will remind you if it does not come."
                    )
                ),
                amount=Decimal(0),
                vendor_id=case.vendor_id,
                due=case.due_date,
                data={"case": case.pk},
            )
        )
    return found


def _assign_keys(found: list[Found], stored: Mapping[str, Insight]) -> list[Found]:
    """Make every key unique, each insight staying under the key it is stored under.

    A payee may have two series of one cadence (two plans at one vendor; a payee filed under a
    vendor that had its own) or two price rises on one day: one plain key
    (``recurring:v12:monthly``) for several. Each goes to the stored insight of that key, or of a
    variant of it (``recurring:v12:monthly:2026-01-05``), that holds the most of its evidence (the
    same payments), so that each keeps the customer's answer to it. One that shares no evidence
    with any takes the plain key if it is free, else its first date (or a count) added.
    """
    groups: dict[str, list[Found]] = {}
    for item in found:
        groups.setdefault(item.key, []).append(item)
    ordered = sorted(stored)
    used: set[str] = set()
    for base, items in groups.items():
        prefix, variants = f"{base}:", []
        for key in ordered[bisect_left(ordered, prefix) :]:
            if not key.startswith(prefix):
                break
            variants.append(key)
        if len(items) == 1 and not variants:
            used.add(base)
            continue
        candidates = ([base] if base in stored else []) + variants
        shared = sorted(
            (
                (len(set(item.evidence) & set(map(str, stored[key].evidence))), -n, key)
                for n, item in enumerate(items)
                for key in candidates
            ),
            reverse=True,
        )
        chosen: dict[int, str] = {}
        for overlap, minus_n, key in shared:
            if overlap and -minus_n not in chosen and key not in chosen.values():
                chosen[-minus_n] = key
        used.update(chosen.values())
        for n, item in enumerate(items):
            if n in chosen:
                item.key = chosen[n]
                continue
            since = (item.data or {}).get("first_date")
            dated = [f"{base}:{since}"] if since else []
            tried = chain([base], dated, (f"{base}:{k}" for k in count(2)))
            item.key = next(key for key in tried if key not in used)
            used.add(item.key)
    return found


@transaction.atomic
def refresh_insights(
    owner: User,
    today: date,
    vendor_ids: Iterable[int] | None = None,
    payees: Iterable[str] = (),
) -> int:
    """Detect insights and store them; returns how many are current. See the module docstring.

    With ``vendor_ids`` (and the ``payees`` of lines filed under no vendor), only those vendors'
    and payees' payment insights are looked at; deadlines always are. With neither, only the
    deadlines are: what the calendar moves.
    """
    # One refresh of a book at a time: two at once (the day's first looks from two tabs) would
    # both create the insights neither found stored. PostgreSQL waits on this row's lock; SQLite
    # lets one writer in at a time anyway.
    Refreshed.objects.get_or_create(owner=owner, defaults={"day": date.min})
    Refreshed.objects.select_for_update().filter(owner=owner).get()
    scope_vendors = None if vendor_ids is None else set(vendor_ids)
    scope_payees = set(payees)
    deadlines_only = scope_vendors is not None and not scope_vendors and not scope_payees
    found = _detect_deadlines(owner, today)
    if not deadlines_only:
        found = _detect_payments(owner, scope_vendors, scope_payees, today) + found
    existing_rows = Insight.objects.owned_by(owner)
    if deadlines_only:
        existing_rows = existing_rows.filter(kind=Insight.Kind.DEADLINE)
    existing = list(existing_rows)
    if scope_vendors is not None:
        # Payment insights of other payees were not looked at: leave them as they are.
        keys = {f"d:{payee}" for payee in scope_payees}
        existing = [
            i
            for i in existing
            if i.kind == Insight.Kind.DEADLINE
            or (i.vendor_id in scope_vendors)
            or (i.vendor_id is None and i.data.get("payee") in keys)
        ]
    by_key = {insight.key: insight for insight in existing}
    found = _assign_keys(found, by_key)
    if scope_vendors is not None:
        # An insight found now may be kept under another payee's name: the lines of a payee the
        # customer just filed under a vendor, whose insights went with them (carry_answers).
        missing = [item.key for item in found if item.key not in by_key]
        for start in range(0, len(missing), 500):
            by_key.update(
                (insight.key, insight)
                for insight in Insight.objects.owned_by(owner).filter(
                    key__in=missing[start : start + 500]
                )
            )
    # A series the customer already recorded as an agreement needs no confirming.
    agreed = set(
        Agreement.objects.owned_by(owner)
        .filter(status=Agreement.Status.ACTIVE)
        .values_list("vendor_id", flat=True)
    )
    seen = set()
    creates, updates = [], []
    fields = [
        "title",
        "explanation",
        "amount",
        "currency",
        "due",
        "evidence",
        "data",
        "vendor_id",
        "current",
        "status",
    ]
    for item in found:
        seen.add(item.key)
        insight = by_key.get(item.key)
        if insight is None:
            insight = Insight(
                owner=owner,
                kind=item.kind,
                key=item.key,
                source=Source.IMPORT,
                source_ref="detected",
            )
            if item.kind == Insight.Kind.RECURRING and item.vendor_id in agreed:
                insight.status = Insight.Status.CONFIRMED
            creates.append(insight)
        before = [getattr(insight, name) for name in fields]
        insight.title, insight.explanation = item.title[:300], item.explanation
        insight.amount, insight.currency, insight.due = item.amount, item.currency, item.due
        # As stored: JSON has lists, not tuples, and a data dict of plain values.
        insight.evidence, insight.data = list(item.evidence), item.data or {}
        insight.vendor_id, insight.current = item.vendor_id, True
        if insight.status == Insight.Status.SNOOZED and (insight.snoozed_until or today) <= today:
            insight.status = Insight.Status.NEW
        if insight.pk is not None and before != [getattr(insight, name) for name in fields]:
            # Only what changed is written: a page view that refreshes the deadlines, or an
            # import that touched a vendor, rewrites no unchanged row.
            updates.append(insight)
    Insight.objects.bulk_create(creates, batch_size=1000)
    Insight.objects.bulk_update(updates, fields, batch_size=1000)
    gone = [i.pk for key, i in by_key.items() if key not in seen and i.current]
    Insight.objects.filter(pk__in=gone).update(current=False)
    if scope_vendors is None:
        Refreshed.objects.filter(owner=owner).update(day=today)
    return len(found)


def keep_current(owner: User, today: date) -> None:
    """Bring the insights up to ``today`` before they are shown: the whole book on the first look
    of a day, as what a refresh finds depends on the date (a series that has stopped, a promised
    refund now overdue); later the same day only the deadlines, as every write that changes what
    the insights are made of has refreshed what it touched."""
    last = Refreshed.objects.filter(owner=owner).values_list("day", flat=True).first()
    if last == today:
        refresh_insights(owner, today, vendor_ids=())
    else:
        refresh_insights(owner, today)


URGENCY = ((timedelta(days=7), 4), (timedelta(days=30), 2))


def attention_feed(owner: User, today: date, limit: int | None = 20) -> list[Insight]:
    """What needs the customer's attention: what is overdue, then what is due within a week (a
    reply due in two days comes before a price rise, whatever the money), then the most money at
    stake, a nearer deadline weighing more. ``limit=None`` gives all of it."""
    insights = list(
        Insight.objects.owned_by(owner)
        .filter(current=True)
        .exclude(status__in=[Insight.Status.DISMISSED, Insight.Status.CONFIRMED])
        .exclude(kind=Insight.Kind.RECURRING, status=Insight.Status.NEW, amount=0)
        .select_related("vendor")
    )
    insights = [
        i
        for i in insights
        if i.status != Insight.Status.SNOOZED or (i.snoozed_until or today) <= today
    ]

    def weight(insight: Insight) -> tuple[bool, bool, Decimal]:
        factor = 1
        if insight.due is not None:
            for horizon, value in URGENCY:
                if insight.due - today <= horizon:
                    factor = value
                    break
        overdue = insight.due is not None and insight.due < today
        soon = insight.due is not None and insight.due - today <= URGENCY[0][0]
        return overdue, soon, insight.amount * factor

    insights.sort(key=weight, reverse=True)
    return insights if limit is None else insights[:limit]


class UnknownAction(UserError):
    """An answer to an insight that is none of confirm, dismiss and snooze."""


@transaction.atomic
def answer_insight(insight: Insight, action: str, today: date) -> Insight:
    """Confirm, dismiss or snooze an insight; confirming a recurring payment records it."""
    if action == "dismiss":
        insight.status = Insight.Status.DISMISSED
    elif action == "snooze":
        insight.status, insight.snoozed_until = Insight.Status.SNOOZED, today + SNOOZE
    elif action == "confirm":
        if insight.kind == Insight.Kind.RECURRING:
            if insight.vendor is None:
                vendor = _vendor_for_payee(insight)
                insight.refresh_from_db()  # filing its payee moved it under the vendor
                insight.vendor = insight.vendor or vendor
            _agreement_from(insight)
        insight.status = Insight.Status.CONFIRMED
    else:
        raise UnknownAction(f"unknown action {action!r}: use confirm, dismiss or snooze")
    insight.save(update_fields=["status", "snoozed_until", "updated_at"])
    return insight


def _vendor_for_payee(insight: Insight) -> Vendor:
    """A vendor for the payee of a series filed under none: the one of its name, else a new one;
    the payee's lines are filed there and learned, as if the customer had filed one of them."""
    payee = str(insight.data.get("payee", ""))[2:]
    name = payee.title()[:200]
    owner = insight.owner
    vendor = Vendor.objects.owned_by(owner).filter(name__iexact=name).first()
    try:
        vendor = vendor or add_vendor(owner, name)
        file_payees(owner, {payee: vendor})
    except ValidationError:
        raise UserError(
            f"“{name}” names nobody a subscription can be with: file one of its payments under"
            " the vendor on the Transactions page, then confirm it"
        ) from None
    return vendor


def _agreement_from(insight: Insight) -> None:
    data = insight.data
    assert insight.vendor is not None
    cycle = AGREEMENT_CYCLES.get(data.get("cadence", ""), "monthly")
    name = f"{insight.vendor.name} ({CADENCE_WORDS.get(data.get('cadence', ''), 'recurring')})"
    if Agreement.objects.owned_by(insight.owner).filter(vendor=insight.vendor, name=name).exists():
        return
    Agreement.objects.create(
        owner=insight.owner,
        vendor=insight.vendor,
        name=name,
        kind=Agreement.Kind.SUBSCRIPTION,
        price=abs(Decimal(data.get("amount", "0"))),
        currency=insight.currency,
        billing_cycle=cycle,
        start_date=date.fromisoformat(data["first_date"]),
        source=Source.IMPORT,
        source_ref=f"confirmed from insight {insight.pk}",
    )


def carry_answers(owner: User, renamed: Mapping[str, str]) -> int:
    """Give the payment insights of payees that now stand for another (``{"d:netflix": "v12"}``:
    the payee's lines were filed under vendor 12) that one's keys, so the customer's answers to
    them (a dismissal, a confirmation) carry over. Where the new key is taken by an insight still
    current, that one keeps its own answer and the next refresh ends the other; one no longer
    current (a series of an undone import) gives its key up. Returns how many moved."""
    if not renamed:
        return 0
    gone = [old for old, new in renamed.items() if not new]
    if gone:
        Insight.objects.owned_by(owner).filter(data__payee__in=gone).update(current=False)
        renamed = {old: new for old, new in renamed.items() if new}
    moving = []
    for insight in Insight.objects.owned_by(owner).filter(data__payee__in=list(renamed)):
        old = insight.data["payee"]
        kind, _, rest = insight.key.partition(":")
        if rest.startswith(f"{old}:"):  # recurring:d:netflix:monthly → recurring:v12:monthly
            moving.append((insight, f"{kind}:{renamed[old]}{rest[len(old) :]}", renamed[old]))
    # Where the plain key is taken, the variant a refresh would give a series (its first date).
    wanted = [
        [key, *([f"{key}:{since}"] if (since := insight.data.get("first_date")) else [])]
        for insight, key, _ in moving
    ]
    holders = Insight.objects.owned_by(owner).filter(key__in=[k for keys in wanted for k in keys])
    taken = set(holders.filter(current=True).values_list("key", flat=True))
    holders.filter(current=False).delete()
    moved = []
    for (insight, _, payee), keys in zip(moving, wanted, strict=True):
        key = next((k for k in keys if k not in taken), None)
        if key is None:
            continue
        taken.add(key)
        insight.key, insight.data = key, {**insight.data, "payee": payee}
        insight.vendor_id = int(payee[1:]) if payee.startswith("v") else None
        moved.append(insight)
    Insight.objects.bulk_update(moved, ["key", "data", "vendor_id"], batch_size=500)
    return len(moved)


def refresh_after_import(owner: User, batch_ids: Iterable[int | None], today: date) -> int:
    """Refresh the insights of the vendors an import touched, and every deadline. The other
    lines of the transfers the import completed (``pair_transfers``) are touched too: they no
    longer count as spend."""
    lines = Transaction.objects.filter(batch_id__in=[b for b in batch_ids if b])
    touched = touched_by(lines)
    # Read first: with none (most imports), no query looks for their other lines.
    for paired in transfer_lines(lines.filter(TRANSFERS).values_list("transfer", flat=True)):
        touched |= touched_by(paired)
    return refresh_insights(owner, today, touched.vendor_ids, touched.payees)


def insight_json(insight: Insight) -> dict[str, Any]:
    """The JSON of an insight for the CLI and the API: its evidence and, for a series, its
    cadence, amounts and dates at the top level."""
    out: dict[str, Any] = {
        "id": insight.pk,
        "kind": insight.kind,
        "title": insight.shown_title,
        "explanation": insight.shown_explanation,
        "vendor": insight.vendor.name if insight.vendor else None,
        "amount_at_stake": str(insight.amount),
        "currency": insight.currency,
        "due": insight.due.isoformat() if insight.due else None,
        "status": insight.status,
        "evidence": insight.evidence,
    }
    data = dict(insight.data)
    if insight.kind == Insight.Kind.RECURRING:
        accounts = data.pop("accounts", [])
        names = dict(
            Account.objects.filter(pk__in=[int(a) for a in accounts]).values_list("pk", "name")
        )
        out.update(
            account=", ".join(names.get(int(a), a) for a in accounts),
            cadence=data.get("cadence"),
            amount=data.get("amount"),
            first_date=data.get("first_date"),
            last_date=data.get("last_date"),
            next_date=data.get("next_date"),
            count=data.get("count"),
            status=data.get("status"),
            answer=insight.status,
        )
    out["details"] = data
    return out
