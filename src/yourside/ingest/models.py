"""An import batch: one file brought into the book, which the customer can see and undo."""

from __future__ import annotations

from django.db import models

from yourside.book.models import Account, Owned


class ImportBatch(Owned):
    class Status(models.TextChoices):
        DONE = "done", "Imported"
        UNDONE = "undone", "Undone"
        # A statement's account was deleted, and its lines with it: there is nothing to undo.
        ACCOUNT_DELETED = "gone", "Account deleted"

    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=10)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DONE)
    added = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    # What the reader detected (encoding, delimiter, columns…), so the next file of that bank
    # can be read the same way and the customer can see why a column was read as it was.
    layout = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d})"

    @property
    def noun(self) -> str:
        """What one of the batch's records is called: a statement's are transactions; a batch of
        receipts holds orders and documents."""
        return "record" if self.format in {"eml", "mbox"} else "transaction"


class ImportProfile(Owned):
    """A column mapping the customer gave for one bank's files, reused for the next file."""

    signature = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "signature"], name="import_profile_one_per_signature"
            ),
        ]

    def __str__(self) -> str:
        return f"mapping {self.signature[:8]}"


class PendingUpload(Owned):
    """An uploaded file waiting for the customer to say how its columns are read."""

    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    account_name = models.CharField(max_length=200, blank=True)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
