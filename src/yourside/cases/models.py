"""A case is one customer-initiated interaction with a vendor, with its timeline of events."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
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

    class Law(models.TextChoices):
        NONE = "", "No statute"
        GDPR = "gdpr", "GDPR (EU)"
        UK_GDPR = "uk-gdpr", "UK GDPR"
        CCPA = "ccpa", "CCPA (California)"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Post"
        WEB = "web", "Web form"

    class Language(models.TextChoices):
        EN = "en", "English"
        DE = "de", "Deutsch"

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="cases")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    law = models.CharField(max_length=8, choices=Law.choices, default="", blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    sent_date = models.DateField(null=True, blank=True)
    received_date = models.DateField(null=True, blank=True)
    extended = models.BooleanField(default=False)
    # How the due date was worked out, in plain words, so the customer can check it.
    deadline_rule = models.TextField(blank=True)
    details = models.TextField(blank=True, help_text="What you want, in your own words.")
    # The identity fields the customer chose to disclose to this vendor: {"Name": "…", …}.
    disclosed = models.JSONField(default=dict, blank=True)
    # Data items to correct or erase: [{"label", "wrong", "right"}], e.g. from their answer.
    items = models.JSONField(default=list, blank=True)
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

    def clean(self) -> None:
        super().clean()
        # A letter to one vendor about another vendor's contract or product makes no case.
        problems = {}
        if self.agreement is not None and self.agreement.vendor_id != self.vendor_id:
            problems["agreement"] = f"{self.agreement} is an agreement with another vendor"
        holding = self.holding
        if holding is not None and holding.vendor_id not in (None, self.vendor_id):
            problems["holding"] = f"{holding} was bought from another vendor"
        if problems:
            raise ValidationError(problems)

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.RESOLVED, self.Status.CLOSED}

    def is_overdue(self, today: date) -> bool:
        waiting = self.status in {self.Status.SENT, self.Status.ESCALATED}
        return waiting and self.due_date is not None and self.due_date < today


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
