"""An insight found in the book, kept so that the customer's answer to it stays answered."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yourside.book.models import Owned, Vendor
from yourside.core.wording import render
from yourside.locale import current_locale


class Insight(Owned):
    class Kind(models.TextChoices):
        RECURRING = "recurring", "Recurring payment"
        PRICE_RISE = "price-rise", "Price rise"
        FEE = "fee", "Fee"
        DUPLICATE = "duplicate", "Duplicate charge"
        REFUND = "refund", "Refund owed"
        DEADLINE = "deadline", "Deadline"

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"
        SNOOZED = "snoozed", "Snoozed"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    # Stable across refreshes (vendor, cadence, date…), so a dismissal outlives later imports.
    key = models.CharField(max_length=200)
    # A deleted vendor's insights stay, to go to the payee its lines are left with (and keep the
    # customer's answers), or to end: see book.services.delete_record.
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="insights"
    )
    title = models.CharField(max_length=300)
    explanation = models.TextField()
    # Money at stake over a year (or once, for a duplicate or a refund), for ordering the feed.
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="EUR")
    due = models.DateField(null=True, blank=True)
    evidence = models.JSONField(default=list, blank=True)  # transaction ids
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    snoozed_until = models.DateField(null=True, blank=True)
    current = models.BooleanField(default=True)  # still found at the last refresh

    class Meta:
        ordering = ["due", "-amount"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="insight_unique_key"),
        ]
        indexes = [models.Index(fields=["owner", "kind", "current"], name="insight_feed")]

    def __str__(self) -> str:
        return self.shown_title

    # Written with their money and dates as tokens (yourside.core.wording): in words here, in the
    # locale of whoever reads them.
    @property
    def shown_title(self) -> str:
        return render(self.title, current_locale())

    @property
    def shown_explanation(self) -> str:
        return render(self.explanation, current_locale())


class CalendarFeed(models.Model):
    """The secret address of a customer's deadline calendar; rotating it cuts off old links."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar of {self.owner}"


class Refreshed(models.Model):
    """The day a customer's whole book was last looked at for insights. What depends on the date
    (a series that stopped, a refund now overdue) is looked at again once a day."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="insights_refreshed"
    )
    day = models.DateField()

    def __str__(self) -> str:
        return f"insights of {self.owner} as of {self.day}"
