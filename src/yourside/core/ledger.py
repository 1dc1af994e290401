"""A book's lines grouped by payee, as columns: what the detectors read.

Plain Python, no Django. Every detector looks at one payee (``vendor_key``) at a time, in date
order, so the book is grouped and sorted once, here, and handed to all of them. The lines of one
payee are kept as parallel lists of plain numbers (days as ordinals, amounts as floats) plus the
descriptions, rather than as one object a line: a book of a million lines would otherwise spend
more time building, converting and sorting objects than the detectors spend on their work. What a
detector reports (an id, a date, an exact amount) it asks for line by line.

:func:`ledger` makes one from payment records (what the detectors' list-taking functions are given
and the tests write); :func:`from_rows` from rows a database gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from operator import itemgetter
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


# A line as a ledger keeps it: (payee, other payee, id, account, day, amount, description,
# currency). The line's payee is the first field, or when that is empty the second: a database
# row's vendor id, else its cleaned description. The day is a date ordinal and the amount a number
# that converts to its exact Decimal (a float of cents, or the Decimal itself). From a database the
# id is its integer key and the account its key.
Row = tuple[object, object, object, object, int, float | Decimal, str, str]


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

    ``days`` (date ordinals), ``amounts`` (signed floats, negative is money out: to compare, never
    to report) and ``descriptions`` are what every detector reads. A line's id and account are
    kept as the rows had them, and made text when asked for (``ids``, ``accounts``, or one line's
    with the ``*_of`` methods): most payees never have a line reported. The rows themselves are
    not kept: a million of them would hold a few hundred megabytes the detectors never read.
    """

    __slots__ = (
        "_accounts",
        "_ids",
        "amounts",
        "currency",
        "days",
        "descriptions",
        "exact",
        "raw_accounts",
        "raw_amounts",
        "raw_ids",
    )

    def __init__(
        self,
        rows: list[Row],
        days: list[int],
        amounts: list[float],
        exact: Callable[[float | Decimal], Decimal],
        raw_amounts: Sequence[float | Decimal] | None = None,
    ) -> None:
        self.raw_ids = list(map(_ID, rows))
        self.raw_accounts = list(map(_ACCOUNT, rows))
        self.days = days
        self.amounts = amounts
        self.descriptions = list(map(_TEXT, rows))
        # The first line's currency; empty where the records did not say.
        self.currency: str = rows[0][7] if rows else ""
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

_ID, _ACCOUNT, _DAY, _AMOUNT, _TEXT = (itemgetter(i) for i in range(2, 7))


def dates_of(days: Iterable[int]) -> list[date]:
    """The dates of some date ordinals."""
    return list(map(_date_of, days))


def ledger(payments: Iterable[Line]) -> Ledger:
    """Group and sort payment records; a record without a ``description`` (or ``currency``) has
    an empty one."""
    rows: list[Row] = [
        (
            p.vendor_key,
            p.vendor_key,  # the same: a record's key may be empty
            p.id,
            p.account,
            p.date.toordinal(),
            p.amount,
            getattr(p, "description", ""),
            getattr(p, "currency", ""),
        )
        for p in payments
    ]
    rows.sort(key=itemgetter(4, 2))  # by date, then id
    return _grouped(rows, _as_is, str, int, keep_amounts=True)


def _as_is(amount: float | Decimal) -> Decimal:
    assert isinstance(amount, Decimal)
    return amount


def from_rows(
    rows: Iterable[Row],
    exact: Callable[[float | Decimal], Decimal],
    key_of: Callable[[object], str],
    to_day: Callable[[Any], int] = int,
) -> Ledger:
    """A ledger from database rows in date order, same-day rows in id order.

    ``exact`` turns a row's amount (a float) into its Decimal, ``to_day`` its date (an ordinal, or
    the ISO text SQLite gives) into an ordinal; each is called once per distinct value, ``exact``
    only for the lines a detector reports. ``key_of`` names a payee (a vendor's id, a cleaned
    description) as the ledger's key.
    """
    return _grouped(rows, _Converted(exact).__getitem__, key_of, to_day)


def _grouped(
    rows: Iterable[Row],
    exact: Callable[[float | Decimal], Decimal],
    key_of: Callable[[object], str],
    to_day: Callable[[Any], int],
    *,
    keep_amounts: bool = False,
) -> Ledger:
    groups: dict[object, list[Row]] = {}
    for row in rows:
        payee = row[0] or row[1]
        found = groups.get(payee)
        if found is None:
            groups[payee] = [row]
        else:
            found.append(row)
    # Each distinct day and amount converted once, and one object for it shared by every line
    # that has it: a row's own values lie scattered in memory among its others, and the detectors
    # go over these columns again and again (a few thousand days and tens of thousands of amounts
    # stay cached).
    day_of = _Converted(to_day).__getitem__
    float_of = _Converted(float).__getitem__
    out: Ledger = {}
    for payee in list(groups):
        items = groups.pop(payee)  # each payee's rows freed once its columns are made
        out[key_of(payee)] = Lines(
            items,
            list(map(day_of, map(_DAY, items))),
            list(map(float_of, map(_AMOUNT, items))),
            exact,
            list(map(_AMOUNT, items)) if keep_amounts else None,
        )
    return out
