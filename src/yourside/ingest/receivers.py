"""What the imports do when the book changes under them."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from yourside.book.models import Account
from yourside.ingest.models import ImportBatch


@receiver(pre_delete, sender=Account, dispatch_uid="ingest.account_deleted")
def account_deleted(sender: type[Account], instance: Account, **kwargs: Any) -> None:
    """A deleted account's lines go with it: its statements' imports have nothing left to undo
    (their batches stay, so the customer still sees what was imported, and when)."""
    ImportBatch.objects.filter(account=instance, status=ImportBatch.Status.DONE).update(
        status=ImportBatch.Status.ACCOUNT_DELETED
    )
