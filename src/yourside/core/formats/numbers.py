"""Reading money amounts written the way banks write them, in any locale.

Banks write ``-1.234,56``, ``1,234.56``, ``£1,183.23``, ``(12.00)``, ``12,00-``, ``+ £1,100.00``,
``1 234,56 Kč`` and ``10.00 CR``. The decimal separator cannot be told from one value (``1,234`` is
ambiguous), so :func:`sniff_number_format` decides it once per column from many values, and
:meth:`NumberFormat.parse` then reads each value with a fast path for the plain cases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "CURRENCY_CODES",
    "Amount",
    "AmountError",
    "NumberFormat",
    "looks_like_amount",
    "parse_amount",
    "sniff_number_format",
]

# The ISO 4217 codes a bank export is likely to carry; a longer list only adds false positives when
# telling a currency column from a text column.
CURRENCY_CODES = frozenset({
    "EUR", "USD", "GBP", "CHF", "CZK", "PLN", "HUF", "SEK", "NOK", "DKK", "ISK", "RON", "BGN",
    "HRK", "RSD", "TRY", "RUB", "UAH", "LTL", "LVL", "EEK", "SGD", "HKD", "AUD", "NZD", "CAD",
    "JPY", "CNY", "INR", "ZAR", "MXN", "BRL", "ILS", "AED", "SAR", "THB", "MYR", "IDR", "PHP",
    "KRW", "TWD",
})  # fmt: skip

# Symbols that name one currency unambiguously. "$" and "kr" are deliberately absent: they name
# several currencies, so they are accepted in an amount but do not set its currency.
_SYMBOLS = {"£": "GBP", "€": "EUR", "₤": "GBP", "kč": "CZK", "zł": "PLN", "ft": "HUF", "₹": "INR"}
_NEUTRAL_SYMBOLS = frozenset({"$", "kr", "kr.", "¥", "fr", "fr.", "us$", "c$", "a$", "s$"})
_MARKERS = {"cr": 1, "dr": -1}  # "12.00 CR" on card statements: credit (in) or debit (out)

_GROUPING = ".,' \u00a0\u202f\u2019"  # characters that may group thousands

_PARTS = re.compile(
    r"""
    (?P<s1>[-+\u2212\u2013]?)\s*
    (?P<c1>[^\d\s.,+\-\u2212\u2013()]*)\s*
    (?P<s2>[-+\u2212\u2013]?)\s*
    (?P<num>\d(?:[\d.,'\u00a0\u202f\u2019 ]*\d)?|[.,]\d+)\s*
    (?P<s3>[-+\u2212\u2013]?)\s*
    (?P<c2>[^\d\s.,+\-\u2212\u2013()]*\.?)\s*
    (?P<s4>[-+\u2212\u2013]?)
    """,
    re.VERBOSE,
)


class AmountError(ValueError):
    """A text that is not an amount in the expected format."""


@dataclass(frozen=True, slots=True)
class Amount:
    """A parsed amount with what was written around it."""

    value: Decimal
    currency: str | None = None


def _split(text: str) -> tuple[bool, str, str | None, int]:
    """Take a raw amount apart: (negative, digits with separators, currency, CR/DR marker)."""
    t = text.strip()
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative = True
        t = t[1:-1].strip()
    m = _PARTS.fullmatch(t)
    if m is None:
        raise AmountError(text)
    signs = [m[g] for g in ("s1", "s2", "s3", "s4") if m[g]]
    if len(signs) > 1:
        raise AmountError(text)
    if signs and signs[0] != "+":
        if negative:
            raise AmountError(text)
        negative = True
    currency: str | None = None
    marker = 0
    for token in (m["c1"], m["c2"]):
        if not token:
            continue
        low = token.lower()
        if token.upper() in CURRENCY_CODES and (token.isupper() or token.islower()):
            code = token.upper()
        elif low in _SYMBOLS:
            code = _SYMBOLS[low]
        elif low in _MARKERS and not marker:
            marker = _MARKERS[low]
            continue
        elif low in _NEUTRAL_SYMBOLS:
            continue
        else:
            raise AmountError(text)
        if currency is not None and currency != code:
            raise AmountError(text)
        currency = code
    if marker and (signs or negative):
        raise AmountError(text)  # "-12.00 CR" says two different things
    if marker < 0:
        negative = True
    return negative, m["num"], currency, marker


def _isdigits(text: str) -> bool:
    # str.isdigit() alone accepts "²" and other digits that Decimal rejects.
    return text.isascii() and text.isdigit()


def _digits(num: str, decimal: str) -> str:
    """Normalise ``1.234,56`` (with ``decimal=","``) to ``1234.56``, checking the grouping."""
    idx = num.rfind(decimal)
    if idx >= 0:
        whole, frac = num[:idx], num[idx + 1 :]
        if not _isdigits(frac):
            raise AmountError(num)
    else:
        whole, frac = num, ""
    if not _isdigits(whole):
        if whole == "" and frac:
            whole = "0"
        else:
            seps = {c for c in whole if not c.isdigit()}
            if len(seps) != 1 or decimal in seps:
                raise AmountError(num)
            groups = whole.split(seps.pop())
            if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
                raise AmountError(num)
            whole = "".join(groups)
            if not _isdigits(whole):
                raise AmountError(num)
    return f"{whole}.{frac}" if frac else whole


def parse_amount(text: str, decimal: str = ".") -> Amount:
    """Read one amount written with the given decimal separator (``"."`` or ``","``).

    Thousands separators (``.`` ``,`` ``'`` space, no-break space) are accepted when they group by
    three. Signs may lead or trail; parentheses and a ``DR`` suffix mean negative, ``CR``
    positive. A currency code or symbol may stand before or after the number.
    Raises :class:`AmountError` when the text is not such an amount.
    """
    negative, num, currency, _marker = _split(text)
    value = Decimal(_digits(num, decimal))
    return Amount(-value if negative else value, currency)


def looks_like_amount(text: str) -> bool:
    """Whether a cell could be a money amount rather than an id, a date or a word.

    A bare unsigned integer of more than six digits, or one with a leading zero, is taken for an
    account number or reference, not an amount.
    """
    t = text.strip()
    if not t or not any(c.isdigit() for c in t):
        return False
    try:
        negative, num, _currency, _marker = _split(t)
    except AmountError:
        return False
    if (
        _isdigits(num)
        and not negative
        and t == num
        and (len(num) > 6 or (len(num) > 1 and num[0] == "0"))
    ):
        return False
    for decimal in (".", ","):
        try:
            _digits(num, decimal)
        except AmountError:
            continue
        return True
    return False


@dataclass(slots=True)
class NumberFormat:
    """How the amounts of one column are written: the decimal separator and the grouping.

    :meth:`parse` keeps a bounded cache, because statements repeat the same amounts often.
    """

    decimal: str = "."
    thousands: str = ""
    _cache: dict[str, Decimal | None] = field(default_factory=dict, repr=False, compare=False)

    def parse(self, text: str) -> Decimal | None:
        """Return the signed value of ``text``, ``None`` for an empty cell.

        Raises :class:`AmountError` for anything that is not an amount in this format.
        """
        cache = self._cache
        if text in cache:
            return cache[text]
        value = self._parse(text)
        if len(cache) > 50_000:
            cache.clear()
        cache[text] = value
        return value

    def _parse(self, text: str) -> Decimal | None:
        t = text.strip()
        if not t:
            return None
        # Fast path: a plain signed number with at most the decimal separator in it.
        body = t[1:] if t[0] in "+-" else t
        if body.isascii():
            if self.decimal == ",":
                if "." not in body and body.replace(",", "", 1).isdigit():
                    return Decimal(t.replace(",", "."))
            elif body.replace(".", "", 1).isdigit():
                return Decimal(t)
        return parse_amount(t, self.decimal).value

    def currency_of(self, text: str) -> str | None:
        """The currency written into an amount cell (``£12.00`` gives ``GBP``), if any."""
        try:
            return parse_amount(text, self.decimal).currency
        except AmountError:
            return None


def _vote(num: str) -> str | None:
    """Which decimal separator one number's digits prove, if any."""
    dots, commas = num.count("."), num.count(",")
    if dots and commas:
        return "." if num.rfind(".") > num.rfind(",") else ","
    for sep, count in ((".", dots), (",", commas)):
        if count > 1:
            return "," if sep == "." else "."  # repeated: it groups thousands
        if count == 1:
            tail = num[num.rfind(sep) + 1 :]
            if len(tail) != 3 or not tail.isdigit() or num.startswith(("0" + sep, sep)):
                return sep
            return None  # "1,234": a grouped integer or three decimals; undecided
    return None


def sniff_number_format(values: Iterable[str], default: str = ".") -> NumberFormat:
    """Decide how a column's amounts are written from a sample of its cells.

    Every value that settles the question votes (``12,50`` for comma, ``1,234.56`` for point);
    the majority wins. With no deciding value, ``default`` is the decimal separator.
    """
    votes = {".": 0, ",": 0}
    grouping: dict[str, int] = {}
    for text in values:
        try:
            _neg, num, _cur, _mark = _split(text)
        except AmountError:
            continue
        decided = _vote(num)
        if decided:
            votes[decided] += 1
        for c in num:
            if not c.isdigit():
                grouping[c] = grouping.get(c, 0) + 1
    decimal = default
    if votes["."] != votes[","]:
        decimal = "." if votes["."] > votes[","] else ","
    seps = sorted((n, c) for c, n in grouping.items() if c != decimal and c in _GROUPING)
    return NumberFormat(decimal=decimal, thousands=seps[-1][1] if seps else "")
