"""Refunds owed: money a vendor promised back (a case, a returned order) that never arrived.

Plain Python over plain records, no Django. A promise is settled by a matching credit:

- money in (a positive amount) from the promise's ``vendor_key``,
- booked on or after ``promised_on`` (a refund cannot come before the promise; the same day is
  common when the vendor refunds while answering) and no later than ``window_days`` (60) after the
  due date: a credit much later than that is more likely something else,
- of exactly the promised amount, or of any amount when the promise did not say how much,
- and not already taken by another promise: each credit settles one promise.

Promises with an amount choose first (their credits are unambiguous), then those without; within
each, the earliest promise takes the earliest fitting credit. A promise with no credit is *owed*
once its due date has passed (``due_by``, or ``promised_on`` plus ``DEFAULT_DUE_DAYS`` (14) when
the vendor named none: the usual time a shop or a refund law gives) and *waiting* until then.

Only credits of the promised vendors are looked at, so a million transactions cost one pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Final, Literal

from yourside.core import wording
from yourside.core.recurrence import Payment

DEFAULT_DUE_DAYS: Final = 14

PromiseKind = Literal["case", "return"]


@dataclass(frozen=True, slots=True)
class Promise:
    """Money a vendor promised back: in answer to a case, or for a returned order.

    ``amount`` is the sum promised (unsigned), None when the vendor did not say; ``due_by`` the date
    by which it was promised, None when no date was given.
    """

    id: str
    vendor_key: str
    amount: Decimal | None
    promised_on: date
    due_by: date | None
    kind: PromiseKind

    @property
    def due(self) -> date:
        """The date the money should have arrived by."""
        return self.due_by or self.promised_on + timedelta(days=DEFAULT_DUE_DAYS)


@dataclass(frozen=True, slots=True)
class RefundOwed:
    """A promise with no matching credit past its due date; ``amount`` None when not stated."""

    promise_id: str
    vendor_key: str
    amount: Decimal | None
    promised_on: date
    overdue_days: int
    explanation: str


@dataclass(frozen=True, slots=True)
class RefundMatch:
    """A promise kept: the credit ``txn_id`` of ``amount`` arrived on ``received_on``."""

    promise_id: str
    txn_id: str
    vendor_key: str
    amount: Decimal
    received_on: date


@dataclass(frozen=True, slots=True)
class RefundReport:
    """Owed (overdue, most overdue first), matched (close them) and waiting (not yet due)."""

    owed: list[RefundOwed]
    matched: list[RefundMatch]
    waiting: list[Promise]


def refunds_owed(
    promises: Iterable[Promise],
    payments: Iterable[Payment],
    *,
    today: date,
    window_days: int = 60,
) -> RefundReport:
    """Match ``promises`` with the credits in ``payments`` booked up to ``today``."""
    promises = sorted(promises, key=lambda p: (p.amount is None, p.promised_on, p.id))
    vendors = {p.vendor_key for p in promises}
    credits: dict[str, list[Payment]] = defaultdict(list)
    zero = Decimal(0)
    for t in payments:
        if t.amount > zero and t.vendor_key in vendors and t.date <= today:
            credits[t.vendor_key].append(t)
    for found in credits.values():
        found.sort(key=lambda t: (t.date, t.id))

    used: set[str] = set()
    owed: list[RefundOwed] = []
    matched: list[RefundMatch] = []
    waiting: list[Promise] = []
    for promise in promises:
        credit = _match(promise, credits.get(promise.vendor_key, ()), used, window_days)
        if credit is not None:
            used.add(credit.id)
            matched.append(
                RefundMatch(promise.id, credit.id, promise.vendor_key, credit.amount, credit.date)
            )
        elif today > promise.due:
            overdue = (today - promise.due).days
            owed.append(
                RefundOwed(
                    promise.id,
                    promise.vendor_key,
                    promise.amount,
                    promise.promised_on,
                    overdue,
                    _explain(promise, overdue),
                )
            )
        else:
            waiting.append(promise)
    owed.sort(key=lambda o: (-o.overdue_days, o.promise_id))
    matched.sort(key=lambda m: (m.received_on, m.promise_id))
    waiting.sort(key=lambda p: (p.due, p.id))
    return RefundReport(owed, matched, waiting)


def _match(
    promise: Promise, credits: Iterable[Payment], used: set[str], window_days: int
) -> Payment | None:
    """The earliest unused credit that settles ``promise``."""
    last = promise.due + timedelta(days=window_days)
    wanted = None if promise.amount is None else abs(promise.amount)
    for credit in credits:
        if credit.date < promise.promised_on or credit.id in used:
            continue
        if credit.date > last:
            break
        if wanted is None or credit.amount == wanted:
            return credit
    return None


def _explain(promise: Promise, overdue: int) -> str:
    what = "money back" if promise.amount is None else f"{wording.number(promise.amount)} back"
    why = "for the returned order" if promise.kind == "return" else "in answer to your case"
    days = "1 day" if overdue == 1 else f"{overdue} days"
    return (
        # The payee is named where it is shown (the insight's title), not by its key.
        f"They promised {what} {why} on {wording.day(promise.promised_on)}, due by "
        f"{wording.day(promise.due)}. No matching credit has arrived and it is {days} overdue. "
        "Remind them; if you paid by card and they still do not pay, your card issuer can "
        "charge it back."
    )
