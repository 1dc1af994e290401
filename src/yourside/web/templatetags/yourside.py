"""Template filters for money and dates in the reader's locale."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from django import template
from django.utils import timezone

from yourside.core.wording import render
from yourside.locale import current_locale

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str = "EUR") -> str:
    """``1234.5|money:"EUR"`` → ``€1,234.50`` (en_US) or ``1.234,50 €`` (de_DE)."""
    if amount is None:
        return "—"
    return format_currency(amount, currency or "EUR", locale=current_locale())


@register.filter
def count(number: int | None) -> str:
    """``49102|count`` → ``49,102`` (en_US) or ``49.102`` (de_DE)."""
    if number is None:
        return "—"
    return format_decimal(number, locale=current_locale())


@register.filter
def day(value: date | None, style: str = "medium") -> str:
    """A date as the reader writes it: ``Mar 5, 2026`` (en_US), ``05.03.2026`` (de_DE). A moment
    is given as the day it was in the store's time zone."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return format_date(value, format=style, locale=current_locale())


@register.filter
def when(value: datetime | None) -> str:
    """A moment as the reader writes it, in the store's time zone: ``12/3/26, 1:45 PM`` (en_US),
    ``03.12.26, 13:45`` (de_DE)."""
    if value is None:
        return "—"
    return format_datetime(timezone.localtime(value), format="short", locale=current_locale())


@register.filter
def get(mapping: dict[str, str], column: int) -> str:
    """``picked|get:3`` → the role picked for column 3 in a submitted preview form."""
    return mapping.get(f"col{column}", "") if hasattr(mapping, "get") else ""


@register.filter
def negative(amount: Decimal | None) -> bool:
    return amount is not None and amount < 0


@register.filter
def said(text: str) -> str:
    """A sentence written with money and dates as tokens (``core.wording``), in the reader's
    words."""
    return render(text, current_locale())
