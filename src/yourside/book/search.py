"""Finding records by a piece of their text, in any letters' case.

PostgreSQL's ``UPPER`` folds every letter, so ``icontains`` finds "München" for "MÜNCHEN"; SQLite's
``LIKE`` folds ASCII letters only, and found nothing. On SQLite a query with other letters is
compared through a function that folds them all (Python's ``str.casefold``), registered on each
connection; an ASCII query keeps SQLite's own ``LIKE``, which is quicker on a long list.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F, Func, Q, TextField
from django.db.models.lookups import Contains
from django.dispatch import receiver

FOLD = "yourside_casefold"
FOLD_LIST = "yourside_casefold_list"


def _fold(value: Any) -> str | None:
    return None if value is None else str(value).casefold()


def _fold_list(value: Any) -> str | None:
    """A JSON list of names (a vendor's aliases, stored with its letters escaped: "M\\u00fcller"),
    as its names folded, one per line."""
    if value is None:
        return None
    try:
        items = json.loads(value)
    except ValueError:
        return _fold(value)
    if not isinstance(items, list):
        return _fold(value)
    return "\n".join(str(item).casefold() for item in items)


@receiver(connection_created, dispatch_uid="book.search.fold")
def _register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD, 1, _fold, deterministic=True)
        connection.connection.create_function(FOLD_LIST, 1, _fold_list, deterministic=True)


def text_contains(field: str, query: str, *, names: bool = False) -> Q:
    """Records whose ``field`` (a path such as ``vendor__name``) contains ``query``, in any case;
    ``names`` for a JSON list of names (a vendor's aliases), which is searched name by name."""
    if connection.vendor == "sqlite" and (names or not query.isascii()):
        # A list's JSON on SQLite escapes letters beyond ASCII ("M\\u00fcller"): searched as the
        # names it holds. (PostgreSQL's jsonb text keeps the letters.)
        function = FOLD_LIST if names else FOLD
        folded = Func(F(field), function=function, output_field=TextField())
        return Q(Contains(folded, query.casefold()))
    return Q(**{f"{field}__icontains": query})
