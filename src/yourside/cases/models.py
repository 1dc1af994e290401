"""A case is one customer-initiated interaction with a vendor, with its timeline of events."""

from __future__ import annotations

from datetime import date

from django.db import models

from yourside.book.models import Agreement, Document, Holding, Owned, Vendor


class Case(Owned):
    class Kind(models.TextChoices):
        INQUIRY = "inquiry", "Inquiry"
        COMPLAINT = "complaint", "Complaint"
        REFUND = "refund", "Refund request"
        WARRANTY = "warranty", "Warranty claim"
        CANCELLATION = "cancellation", "Cancellation"
        PRICE_RISE = "price-rise", "Objection to a price rise"
        ACCESS = "access", "Data access request"
        RECTIFICATION = "rectification", "Rectification request"
        ERASURE = "erasure", "Erasure request"
        OBJECTION = "objection", "Objection to direct marketing"
        PORTABILITY = "portability", "Data portability request"
        CONSENT = "consent", "Withdrawal of consent"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent, awaiting reply"
        REPLIED = "replied", "Reply received"
        ESCALATED = "escalated", "Escalated"
        RESOLVED = "resolved", "Resolved"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        NONE = "", "Open"
        FAVOURABLE = "favourable", "In my favour"
        PARTIAL = "partial", "Partly in my favour"
        UNFAVOURABLE = "unfavourable", "Not in my favour"

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="cases")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(max_length=14, choices=Outcome.choices, default="", blank=True)
    subject = models.CharField(max_length=300)
    reference = models.CharField(max_length=40, blank=True)
    opened_on = models.DateField(default=date.today)
    due_date = models.DateField(null=True, blank=True)
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    holding = models.ForeignKey(
        Holding, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.RESOLVED, self.Status.CLOSED}


class CaseEvent(Owned):
    class Kind(models.TextChoices):
        DRAFTED = "drafted", "Drafted"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        EXTENDED = "extended", "Extension claimed"
        REPLY = "reply", "Reply received"
        RESOLVED = "resolved", "Resolved"
        ESCALATED = "escalated", "Escalated"
        CLOSED = "closed", "Closed"
        NOTE = "note", "Note"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    date = models.DateField(default=date.today)
    note = models.TextField(blank=True)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"
