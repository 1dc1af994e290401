"""Sentences that are written once and read in many locales.

An insight's title and explanation are written when the book is looked through, and read later: on
a page in the reader's locale, in the CLI, the API, the digest or the calendar feed in the store's.
So the money, numbers and dates in them are written as tokens (:func:`money`, :func:`number`,
:func:`day`) and made into words only where they are shown (:func:`render`): ``1.234,50 €`` and
``5. März 2026`` for a German reader, ``€1,234.50`` and ``Mar 5, 2026`` for an American one.

A text without tokens renders as itself, so sentences stored before this was so still read.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

_OPEN, _CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧: in no bank's descriptor, no vendor's name
_TOKEN = re.compile(r"\u27e6([mndp])\|([-0-9.]+)(?:\|([A-Z]{3}))?\u27e7")


def money(amount: Decimal, currency: str) -> str:
    """``amount`` in ``currency``, as the reader writes money: ``€15.99``, ``15,99 €``."""
    return f"{_OPEN}m|{amount:f}|{currency.upper()}{_CLOSE}"


def number(amount: Decimal) -> str:
    """An amount without its currency, with two decimals as the reader writes them."""
    return f"{_OPEN}n|{amount:f}{_CLOSE}"


def percent(value: Decimal) -> str:
    """A percentage with one decimal as the reader writes it: ``20.0%``, ``20,0 %``."""
    return f"{_OPEN}p|{value:f}{_CLOSE}"


def day(value: date) -> str:
    """A date as the reader writes it: ``Mar 5, 2026``, ``05.03.2026``."""
    return f"{_OPEN}d|{value.isoformat()}{_CLOSE}"


@functools.lru_cache(maxsize=32)
def _locale(name: str) -> Locale | None:
    """The babel locale of a name, parsed once (half the time of formatting a token)."""
    try:
        return Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return None


def render(text: str, locale: str) -> str:
    """``text`` with its tokens in ``locale``'s words (a babel name: ``de_DE``, ``en_US``)."""
    if _OPEN not in text:
        return text
    reader = _locale(locale)

    def words(match: re.Match[str]) -> str:
        kind, value, currency = match.groups()
        try:
            if reader is None:
                raise UnknownLocaleError(locale)
            if kind == "d":
                return format_date(date.fromisoformat(value), format="medium", locale=reader)
            amount = Decimal(value)
            if kind == "m":
                return format_currency(amount, currency, locale=reader)
            if kind == "p":
                pattern = reader.percent_formats[None].pattern.replace("#,##0", "#,##0.0", 1)
                return format_percent(amount / 100, format=pattern, locale=reader)
            return format_decimal(amount, format="#,##0.00", locale=reader)
        except (ValueError, InvalidOperation, UnknownLocaleError):
            # A token spoilt by hand, or a locale babel does not know: the value as written.
            return f"{value} {currency}" if currency else f"{value} %" if kind == "p" else value

    return _TOKEN.sub(words, text)
