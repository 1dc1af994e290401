"""A book's lines grouped by payee, as columns: what the detectors read.

Plain Python, no Django. Every detector looks at one payee (``vendor_key``) at a time, in date
order, so the book is grouped and sorted once, here, and handed to all of them. The lines of one
payee are kept as parallel lists of plain numbers (days as ordinals, amounts as floats), rather
than as one object a line: a book of a million lines would otherwise spend
more time building, converting and sorting objects than the detectors spend on their work. What a
detector reports (an id, a date, an exact amount) it asks for line by line.

:func:`ledger` makes one from payment records (what the detectors' list-taking functions are given
and the tests write); :func:`from_columns` from each payee's columns as a database gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from itertools import islice
from operator import lt
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")


class Line(Protocol):
    """What a payment record must have: a :class:`~yourside.core.recurrence.Payment`, or a
    :class:`~yourside.core.fees.Txn` with its ``description``."""

    @property
    def id(self) -> str: ...
    @property
    def account(self) -> str: ...
    @property
    def date(self) -> date: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def vendor_key(self) -> str: ...


# A payee's lines as a database gives them, grouped but in no order: its key, then its lines'
# ids, accounts, days (date ordinals) and amounts (floats), one column each, then its currency.
Group = tuple[str, Sequence[int], Sequence[object], Sequence[int], Sequence[float], str]


class _Converted(dict[object, T], Generic[T]):
    """A dict that converts a value it does not have yet with ``convert``, and keeps it."""

    def __init__(self, convert: Callable[[Any], T]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, value: object) -> T:
        made = self[value] = self.convert(value)
        return made


# Ordinal → date: a book of any size spans a few thousand days.
_date_of: Callable[[int], date] = _Converted(date.fromordinal).__getitem__


class Lines:
    """One payee's lines in date order, same-day lines in id order, as columns.

    ``days`` (date ordinals) and ``amounts`` (signed floats, negative is money out: to compare,
    never to report) are what every detector reads. A line's id and account are kept as they were
    given, and made text when asked for (``ids``, ``accounts``, or one line's with the ``*_of``
    methods): most payees never have a line reported.
    """

    __slots__ = (
        "_accounts",
        "_ids",
        "amounts",
        "currency",
        "days",
        "exact",
        "raw_accounts",
        "raw_amounts",
        "raw_ids",
    )

    def __init__(
        self,
        ids: Sequence[object],
        accounts: Sequence[object],
        days: list[int],
        amounts: list[float],
        currency: str,
        exact: Callable[[float | Decimal], Decimal],
        raw_amounts: Sequence[float | Decimal] | None = None,
    ) -> None:
        self.raw_ids = ids
        self.raw_accounts = accounts
        self.days = days
        self.amounts = amounts
        self.currency = currency  # empty where the records did not say
        self.exact = exact  # a line's amount as given (``raw_amounts``) → its Decimal
        self.raw_amounts: Sequence[float | Decimal] = (
            amounts if raw_amounts is None else raw_amounts
        )
        self._ids: list[str] | None = None
        self._accounts: list[str] | None = None

    def __len__(self) -> int:
        return len(self.days)

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = list(map(str, self.raw_ids))
        return self._ids

    @property
    def accounts(self) -> list[str]:
        if self._accounts is None:
            self._accounts = list(map(str, self.raw_accounts))
        return self._accounts

    def id_of(self, i: int) -> str:
        return str(self.raw_ids[i]) if self._ids is None else self._ids[i]

    def account_of(self, i: int) -> str:
        return str(self.raw_accounts[i]) if self._accounts is None else self._accounts[i]

    def date_of(self, i: int) -> date:
        return _date_of(self.days[i])

    def decimal_of(self, i: int) -> Decimal:
        """Line ``i``'s exact signed amount."""
        return self.exact(self.raw_amounts[i])


# The payee's key → its lines.
Ledger = dict[str, Lines]


def dates_of(days: Iterable[int]) -> list[date]:
    """The dates of some date ordinals."""
    return list(map(_date_of, days))


# ISO date text → ordinal, for the few thousand distinct days of any book.
_ordinal_of: Callable[[str], int] = _Converted(
    lambda text: date.fromisoformat(text).toordinal()
).__getitem__


def ordinals(texts: Iterable[str]) -> list[int]:
    """The date ordinals of some ISO dates (``2026-03-01``)."""
    return list(map(_ordinal_of, texts))


def ledger(payments: Iterable[Line]) -> Ledger:
    """Group and sort payment records; a record without a ``currency`` has an empty one, and a
    payee with lines in several currencies the first of them in alphabetical order."""
    groups: dict[str, list[Line]] = {}
    for p in sorted(payments, key=lambda p: (p.date, p.id)):
        groups.setdefault(p.vendor_key, []).append(p)
    return {
        key: Lines(
            [p.id for p in items],
            [p.account for p in items],
            [p.date.toordinal() for p in items],
            [float(p.amount) for p in items],
            min(getattr(p, "currency", "") for p in items),
            _as_is,
            [p.amount for p in items],
        )
        for key, items in groups.items()
    }


def _as_is(amount: float | Decimal) -> Decimal:
    assert isinstance(amount, Decimal)
    return amount


def from_columns(groups: Iterable[Group], exact: Callable[[float | Decimal], Decimal]) -> Ledger:
    """A ledger from each payee's columns as a database gives them (:data:`Group`), in any
    order: each payee's lines are put in date order here, same-day lines in id order.

    ``exact`` turns an amount (a float) into its Decimal; it is called once per distinct amount,
    and only for the lines a detector reports.
    """
    exact = _Converted(exact).__getitem__
    out: Ledger = {}
    for key, ids, accounts, days, amounts, currency in groups:
        order = _order(days, ids)
        if order is None:
            out[key] = Lines(ids, accounts, list(days), list(amounts), currency, exact)
        else:
            out[key] = Lines(
                list(map(ids.__getitem__, order)),
                list(map(accounts.__getitem__, order)),
                list(map(days.__getitem__, order)),
                list(map(amounts.__getitem__, order)),
                currency,
                exact,
            )
    return out


def _order(days: Sequence[int], ids: Sequence[int]) -> list[int] | None:
    """The positions of the lines in (day, id) order; None when they are in that order already.

    A database returns a group's lines in the order it met them, often the order they were
    written: a statement newest first, or oldest first. Either is one run that the sort (or
    the check) passes over once.
    """
    pairs = list(zip(days, ids, strict=True))
    if all(map(lt, pairs, islice(pairs, 1, None))):
        return None
    return sorted(range(len(pairs)), key=pairs.__getitem__)
