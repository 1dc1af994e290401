"""Open a case, record what happens on its timeline, and keep its due date right.

Data-rights requests get the statutory deadline (GDPR and UK GDPR: one calendar month from
receipt, moved to the next working day in the vendor's country, three months when the vendor
extends; CCPA: 45 days, 90 with the extension). Other cases get the reply time the customer asks
for in their letter, 14 days unless they say otherwise.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from yourside.book.models import Document, Source, Vendor
from yourside.book.services import Touched, book_did_change, create_record
from yourside.cases.models import Case, CaseEvent
from yourside.core import deadlines
from yourside.errors import UserError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DATA_RIGHTS = {
    Case.Kind.ACCESS,
    Case.Kind.RECTIFICATION,
    Case.Kind.ERASURE,
    Case.Kind.OBJECTION,
    Case.Kind.PORTABILITY,
    Case.Kind.CONSENT,
}
REPLY_DAYS = 14
# Data-rights law by the vendor's country when the customer does not say which applies.
UK = {"GB", "GG", "JE", "IM"}

SUBJECTS = {
    Case.Kind.INQUIRY: "Question about my account",
    Case.Kind.COMPLAINT: "Complaint",
    Case.Kind.REFUND: "Request for a refund",
    Case.Kind.WARRANTY: "Warranty claim",
    Case.Kind.CANCELLATION: "Cancellation",
    Case.Kind.PRICE_RISE: "Objection to a price rise",
    Case.Kind.ACCESS: "Request for access to my personal data",
    Case.Kind.RECTIFICATION: "Request to correct my personal data",
    Case.Kind.ERASURE: "Request to erase my personal data",
    Case.Kind.OBJECTION: "Objection to direct marketing",
    Case.Kind.PORTABILITY: "Request for a copy of my data to take elsewhere",
    Case.Kind.CONSENT: "Withdrawal of my consent",
}

STATUS_AFTER = {
    CaseEvent.Kind.SENT: Case.Status.SENT,
    CaseEvent.Kind.REPLY: Case.Status.REPLIED,
    CaseEvent.Kind.ESCALATED: Case.Status.ESCALATED,
    CaseEvent.Kind.RESOLVED: Case.Status.RESOLVED,
    CaseEvent.Kind.CLOSED: Case.Status.CLOSED,
}


def default_law(kind: str, country: str) -> str:
    """The data-protection law a request to a vendor in ``country`` falls under, if any."""
    if kind not in DATA_RIGHTS:
        return ""
    if country.upper() in UK:
        return Case.Law.UK_GDPR
    if country.upper() == "US":
        return Case.Law.CCPA
    return Case.Law.GDPR


def _next_reference(owner: User, year: int) -> str:
    prefix = f"YS-{year}-"
    taken = (
        Case.objects.owned_by(owner)
        .filter(reference__startswith=prefix)
        .aggregate(top=Max("reference"))["top"]
    )
    number = int(taken.removeprefix(prefix)) + 1 if taken and taken[len(prefix) :].isdigit() else 1
    return f"{prefix}{number:04d}"


def compute_due(case: Case) -> None:
    """Set the case's received date, due date and the rule behind them from its sent date."""
    if case.sent_date is None:
        case.received_date = case.due_date = None
        case.deadline_rule = ""
        return
    if case.law:
        deadline = deadlines.compute_deadline(
            case.law,
            case.sent_date,
            case.channel,
            case.vendor.country or "",
            extended=case.extended,
        )
        case.received_date = deadline.received
        case.due_date = deadline.extended_due or deadline.due
        case.deadline_rule = deadline.rule
        return
    case.received_date = deadlines.received_on(case.sent_date, case.channel)
    case.due_date = case.received_date + timedelta(days=REPLY_DAYS)
    case.deadline_rule = (
        f"a reply within {REPLY_DAYS} days of receipt on {case.received_date:%d %b %Y}, "
        "as the letter asks"
    )


EARLIEST = date(1900, 1, 1)


def _check_day(day: date, today: date, field: str = "date") -> None:
    """A case's timeline holds what has happened: nothing after today (a day's grace for time
    zones), nothing before 1900."""
    if day < EARLIEST:
        raise ValidationError({field: f"{day.isoformat()} is before 1900"})
    if day > today + timedelta(days=1):
        raise ValidationError(
            {field: f"{day:%d %b %Y} is in the future: the timeline holds what has happened"}
        )


@transaction.atomic
def open_case(
    owner: User,
    vendor: Vendor,
    kind: str,
    *,
    law: str | None = None,
    sent: date | None = None,
    channel: str = Case.Channel.EMAIL,
    subject: str = "",
    details: str = "",
    language: str = Case.Language.EN,
    today: date | None = None,
    **links: Any,
) -> Case:
    """Open a case against one of ``owner``'s vendors; with ``sent``, it is sent that day."""
    if kind not in Case.Kind.values:
        raise ValidationError(
            {"kind": f"unknown kind {kind!r}: use one of {', '.join(Case.Kind.values)}"}
        )
    opened = today or date.today()
    if sent is not None:
        _check_day(sent, opened, "sent_date")
    chosen_law = default_law(kind, vendor.country) if law is None else law
    case = create_record(
        owner,
        Case,
        {
            "vendor": vendor,
            "kind": kind,
            "law": chosen_law,
            "channel": channel,
            "language": language,
            "subject": subject.strip() or SUBJECTS[Case.Kind(kind)],
            "details": details,
            "opened_on": sent or opened,
            "reference": _next_reference(owner, (sent or opened).year),
            **links,
        },
    )
    CaseEvent.objects.create(
        owner=owner,
        case=case,
        kind=CaseEvent.Kind.DRAFTED,
        date=case.opened_on,
        source=Source.MANUAL,
    )
    if sent is not None:
        record_event(case, CaseEvent.Kind.SENT, sent, today=opened)
    return case


@transaction.atomic
def record_event(
    case: Case,
    kind: str,
    day: date,
    note: str = "",
    *,
    outcome: str | None = None,
    today: date | None = None,
    **extra: Any,
) -> CaseEvent:
    """Add an event to a case's timeline and bring its status and due date up to date."""
    if kind not in CaseEvent.Kind.values:
        raise ValidationError(
            {"kind": f"unknown event {kind!r}: use one of {', '.join(CaseEvent.Kind.values)}"}
        )
    _check_day(day, today or date.today())
    sent = case.sent_date
    if kind not in (CaseEvent.Kind.SENT, CaseEvent.Kind.DRAFTED) and sent and day < sent:
        # A reply, a reminder or an outcome cannot come before the letter went out.
        raise ValidationError(
            {"date": f"{day:%d %b %Y} is before the case was sent ({sent:%d %b %Y})"}
        )
    if kind == CaseEvent.Kind.SENT:
        case.sent_date = day
        compute_due(case)
    elif kind == CaseEvent.Kind.EXTENDED:
        if not case.law:
            raise ValidationError(
                {"kind": "only a data-rights request under a law can be extended"}
            )
        if case.sent_date is None:
            raise ValidationError({"kind": "the request has not been sent yet"})
        case.extended = True
        compute_due(case)
    if kind in STATUS_AFTER:
        case.status = STATUS_AFTER[CaseEvent.Kind(kind)]
    if outcome is not None:
        case.outcome = outcome
    case.full_clean()
    case.save()
    event = CaseEvent.objects.create(
        owner=case.owner,
        case=case,
        kind=kind,
        date=day,
        note=note,
        source=Source.MANUAL,
        **extra,
    )
    if case.kind == Case.Kind.REFUND:
        # A reply may promise the money: the insights watch for it (or say it never came).
        book_did_change(case.owner, Touched(frozenset({case.vendor_id})))
    return event


REFERENCE = re.compile(r"\bYS-(?:\d{4}|DEMO)-\d+\b", re.IGNORECASE)


def find_case_for_reply(owner: User, subject: str, sender: str) -> Case | None:
    """The case a vendor's email answers: by the reference in its subject, else by its sender."""
    for reference in REFERENCE.findall(subject or ""):
        case = Case.objects.owned_by(owner).filter(reference__iexact=reference).first()
        if case is not None:
            return case
    address = parseaddr(sender or "")[1].lower()
    if "@" not in address:
        return None
    domain = address.rsplit("@", 1)[1]
    open_cases = (
        Case.objects.owned_by(owner)
        .exclude(status__in=[Case.Status.CLOSED, Case.Status.DRAFT])
        .select_related("vendor")
        .order_by("-sent_date", "-id")
    )
    for case in open_cases:
        vendor = case.vendor
        emails = {vendor.email.lower(), vendor.privacy_email.lower()} - {""}
        site = urlsplit(vendor.website).hostname or "" if vendor.website else ""
        site = site.removeprefix("www.")
        if address in emails or (site and (domain == site or domain.endswith("." + site))):
            return case
    return None


EML_HINT = (
    "save the vendor's email as an .eml file (in your mail program: Save as, or Download message)"
    " and give that"
)


def _check_email(data: bytes, filename: str) -> None:
    """Refuse what is not an email, saying what it is: a reply is read from its headers."""
    if not data.strip():
        raise UserError(f"{filename}: is empty: {EML_HINT}")
    if data.lstrip().startswith(b"%PDF-"):
        raise UserError(f"{filename}: is a PDF, not an email: {EML_HINT}")
    message = BytesParser(policy=policy.compat32).parsebytes(data, headersonly=True)
    if not any(message.get(name) for name in ("From", "Subject", "Date")):
        raise UserError(
            f"{filename}: is not an email (it has no From, Subject or Date): {EML_HINT}"
        )


@transaction.atomic
def import_reply(owner: User, data: bytes, filename: str = "reply.eml") -> CaseEvent:
    """Put a vendor's reply (an .eml file) on the timeline of the case it answers."""
    _check_email(data, filename)
    message = BytesParser(policy=policy.default).parsebytes(data)
    subject = str(message.get("Subject", "") or "")
    sender = str(message.get("From", "") or "")
    case = find_case_for_reply(owner, subject, sender)
    if case is None:
        raise UserError(
            f"{filename}: no case matches this email (no YS-… reference in its subject "
            f"{subject!r}, and its sender {sender!r} is none of your vendors with an open case)"
        )
    try:
        sent = parsedate_to_datetime(str(message["Date"])).date() if message["Date"] else None
    except (TypeError, ValueError):
        sent = None
    digest = hashlib.sha256(data).hexdigest()
    if Document.objects.owned_by(owner).filter(sha256=digest).exists():
        raise UserError(f"{filename}: this reply is already on case {case.reference}")
    document = Document.objects.create(
        owner=owner,
        vendor=case.vendor,
        title=subject[:200] or "Reply",
        filename=filename[:255],
        content_type="message/rfc822",
        content=data,
        size=len(data),
        sha256=digest,
        source=Source.IMPORT,
        source_ref=filename,
    )
    # A sender's clock can be wrong: an email from the future is taken as today's.
    day = min(sent or date.today(), date.today())
    if case.sent_date and day < case.sent_date:
        # The email's date is the sender's, in their time zone: a quick answer from the west
        # can carry the day before the letter went out here.
        day = case.sent_date
    return record_event(
        case,
        CaseEvent.Kind.REPLY,
        day,
        f"Email: {subject}"[:500],
        document=document,
    )
