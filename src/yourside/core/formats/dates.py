"""Reading dates whose order (day-month-year or month-day-year) is not known in advance.

One value rarely settles the order (``10/02/2018``), so :func:`sniff_date_order` decides it for
a whole column: a first part above 12 proves day-first, a second part above 12 month-first, and
when no value proves anything the order under which the column is sorted wins, then the dots of
``02.03.2018`` (never month-first). Month names (``27 Feb 2018``, ``05-Jan-2026``,
``3 mars 2024``) and compact ``20190311`` are read too; a time after the date is ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

__all__ = [
    "ORDERS",
    "DateFormat",
    "DateOrderUnknown",
    "date_orders",
    "order_from_pattern",
    "parse_date",
    "sniff_date_order",
]

ORDERS = ("ymd", "dmy", "mdy")

_MONTHS = {
    # English, German, Dutch, French, Czech abbreviations, accents stripped, lower case.
    "jan": 1, "janv": 1, "led": 1,
    "feb": 2, "fev": 2, "fevr": 2, "uno": 2,
    "mar": 3, "mrz": 3, "mrt": 3, "mars": 3, "bre": 3,
    "apr": 4, "avr": 4, "dub": 4,
    "may": 5, "mai": 5, "mei": 5, "kve": 5,
    "jun": 6, "juin": 6, "cvn": 6,
    "jul": 7, "juil": 7, "cvc": 7,
    "aug": 8, "aou": 8, "aout": 8, "srp": 8,
    "sep": 9, "sept": 9, "zar": 9,
    "oct": 10, "okt": 10, "rij": 10,
    "nov": 11, "lis": 11,
    "dec": 12, "dez": 12, "pro": 12,
}  # fmt: skip

# day/month/year parts separated by . / - or spaces; a year of 2 or 4 digits, or a month name.
_SPLIT = re.compile(
    r"\s*(\d{1,4}|[^\W\d_]{3,9}\.?)\s*[./\-\s]\s*(\d{1,2}|[^\W\d_]{3,9}\.?)\s*[./\-\s,]\s*"
    r"(\d{1,4})(?!\d)"
)
_COMPACT = re.compile(r"\s*(\d{8})(?![\d.,])")
_DOTTED = re.compile(r"\s*\d{1,2}\.\d{1,2}\.\d{2,4}")
_MIN_COMPACT_YEAR, _MAX_COMPACT_YEAR = 1900, 2100


class DateOrderUnknown(ValueError):
    """No value in a column tells whether it is day-first or month-first."""


def _month(token: str) -> int | None:
    text = unicodedata.normalize("NFKD", token.lower().rstrip("."))
    text = "".join(c for c in text if not unicodedata.combining(c))
    for key in (text, text[:4], text[:3]):
        if key in _MONTHS:
            return _MONTHS[key]
    return None


def _year(text: str) -> int:
    y = int(text)
    if len(text) <= 2:
        # POSIX strptime's pivot, so the result does not depend on today's date.
        return y + (2000 if y < 69 else 1900)
    return y


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_Parts = tuple[str, str, str]


def _split(text: str) -> _Parts | None:
    m = _SPLIT.match(text)
    if m:
        return m[1], m[2], m[3]
    m = _COMPACT.match(text)
    if m and _MIN_COMPACT_YEAR <= int(m[1][:4]) <= _MAX_COMPACT_YEAR:
        # Only year-first: eight digits in another order are more often an id than a date.
        s = m[1]
        return s[:4], s[4:6], s[6:]
    return None


def _build(parts: _Parts, order: str) -> date | None:
    a, b, c = parts
    year_ok = len(c) in (2, 4)
    if not b.isdigit():  # "27 Feb 2018", "2018-Feb-27"
        month = _month(b)
        if month is None:
            return None
        if order == "ymd" and len(a) == 4 and a.isdigit() and c.isdigit():
            return _make(int(a), month, int(c))
        if order == "dmy" and len(a) <= 2 and a.isdigit() and year_ok:
            return _make(_year(c), month, int(a))
        return None
    if not a.isdigit():  # "Feb 27, 2018"
        month = _month(a)
        if month is None or order != "mdy" or not year_ok:
            return None
        return _make(_year(c), month, int(b))
    if order == "ymd":
        if len(a) != 4 or len(c) > 2:
            return None
        return _make(int(a), int(b), int(c))
    if len(a) > 2 or not year_ok:
        return None
    if order == "dmy":
        return _make(_year(c), int(b), int(a))
    return _make(_year(c), int(a), int(b))


def date_orders(text: str) -> frozenset[str]:
    """The orders under which ``text`` is a valid date (empty when it is no date at all)."""
    parts = _split(text)
    if parts is None:
        return frozenset()
    return frozenset(o for o in ORDERS if _build(parts, o) is not None)


def parse_date(text: str, order: str) -> date | None:
    """Read ``text`` as a date in ``order`` (``"dmy"``, ``"mdy"`` or ``"ymd"``); ``None`` if not."""
    parts = _split(text)
    return None if parts is None else _build(parts, order)


def _monotonic(values: Sequence[date]) -> bool:
    pairs = list(pairwise(values))
    return all(x <= y for x, y in pairs) or all(x >= y for x, y in pairs)


def sniff_date_order(values: Iterable[str]) -> str | None:
    """The one order that reads every date-like value, ``None`` if the values are not dates.

    Raises :class:`DateOrderUnknown` when day-first and month-first both read every value and the
    column is sorted under both (or neither).
    """
    possible = set(ORDERS)
    seen: list[str] = []
    for text in values:
        orders = date_orders(text)
        if not orders:
            continue
        possible &= orders
        seen.append(text)
        if not possible:
            return None
    if not seen:
        return None
    if len(possible) == 1:
        return possible.pop()
    if all(parse_date(t, "dmy") == parse_date(t, "mdy") for t in seen):
        return "dmy"  # every day equals its month: both readings give the same dates
    # Statements are sorted by date, forwards or backwards; only one reading may keep that.
    sorted_under = [
        o for o in ("dmy", "mdy") if _monotonic([d for t in seen if (d := parse_date(t, o))])
    ]
    if len(sorted_under) == 1:
        return sorted_under[0]
    if all(_DOTTED.match(t) for t in seen):
        return "dmy"  # month-first dates are written with slashes; 02.03.2018 is 2 March
    raise DateOrderUnknown(", ".join(sorted(possible)))


_EXAMPLE = {"ymd": "%Y-%m-%d", "dmy": "%d.%m.%Y", "mdy": "%m/%d/%Y"}


def order_from_pattern(pattern: str) -> str:
    """Turn ``"%d/%m/%Y"`` (or ``"dmy"``) into the order this module reads with."""
    if pattern in ORDERS:
        return pattern
    found = {}
    for key, codes in (("d", "d"), ("m", "mbB"), ("y", "yY")):
        hits = [p for c in codes if (p := pattern.find("%" + c)) >= 0]
        if hits:
            found[key] = min(hits)
    order = "".join(sorted(found, key=found.__getitem__))
    if order not in ORDERS:
        raise ValueError(f"unsupported date format {pattern!r}; use e.g. %d.%m.%Y or dmy")
    return order


@dataclass(slots=True)
class DateFormat:
    """The order of one column's dates; :meth:`parse` caches, as statements repeat dates."""

    order: str
    _cache: dict[str, date | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def pattern(self) -> str:
        """A strptime pattern that shows the order to a person (``%d.%m.%Y``)."""
        return _EXAMPLE[self.order]

    def parse(self, text: str) -> date | None:
        """The date in ``text``, or ``None`` when it holds no date in this order."""
        cache = self._cache
        if text in cache:
            return cache[text]
        value = parse_date(text, self.order)
        if len(cache) > 50_000:
            cache.clear()
        cache[text] = value
        return value
