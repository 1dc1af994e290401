"""Finding records by a piece of their text, in any letters' case.

PostgreSQL's ``UPPER`` folds every letter, so ``icontains`` finds "München" for "MÜNCHEN"; SQLite's
``LIKE`` folds ASCII letters only, and found nothing. On SQLite a query with other letters is
compared through a function that folds them all (Python's ``str.casefold``), registered on each
connection; an ASCII query keeps SQLite's own ``LIKE``, which is quicker on a long list.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F, Func, Q, TextField
from django.db.models.lookups import Contains
from django.dispatch import receiver

FOLD = "yourside_casefold"


def _fold(value: Any) -> str | None:
    return None if value is None else str(value).casefold()


@receiver(connection_created, dispatch_uid="book.search.fold")
def _register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD, 1, _fold, deterministic=True)


def text_contains(field: str, query: str) -> Q:
    """Records whose ``field`` (a path such as ``vendor__name``) contains ``query``, in any case."""
    if connection.vendor == "sqlite" and not query.isascii():
        folded = Func(F(field), function=FOLD, output_field=TextField())
        return Q(Contains(folded, query.casefold()))
    return Q(**{f"{field}__icontains": query})
