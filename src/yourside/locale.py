"""The locale that money and dates are shown in: the reader's, for a web or API request (its
Accept-Language), else the store's (``YOURSIDE_LOCALE``)."""

from __future__ import annotations

from contextvars import ContextVar

from babel import Locale, UnknownLocaleError
from django.conf import settings

_current: ContextVar[str | None] = ContextVar("yourside_locale", default=None)


def current_locale() -> str:
    return _current.get() or settings.YOURSIDE_LOCALE


def set_locale(name: str | None) -> None:
    _current.set(name)


def negotiate(accept_language: str) -> str | None:
    """The best babel locale for an Accept-Language header, or None when nothing fits."""
    wanted = []
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip()
        if tag and tag != "*":
            wanted.append(tag.replace("-", "_"))
    for tag in wanted:
        try:
            return str(Locale.parse(tag))
        except (UnknownLocaleError, ValueError):
            continue
    return None
