"""Sending a case's letter by email through the SMTP server the customer configured."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils.text import slugify

from yourside.cases.letters import contact_for, letter_for
from yourside.cases.models import Case, CaseEvent
from yourside.cases.services import record_event
from yourside.core.letterpdf import as_pdf
from yourside.errors import UserError


def smtp_configured() -> bool:
    return bool(settings.EMAIL_HOST)


def sender_of(case: Case) -> str:
    return (
        settings.DEFAULT_FROM_EMAIL
        or case.disclosed.get("Email", "")
        or case.disclosed.get("E-Mail", "")
    )


@transaction.atomic
def send_letter(case: Case, today: date) -> CaseEvent:
    """Email the letter (with a PDF copy) to the vendor and record it as sent today."""
    if not smtp_configured():
        raise UserError(
            "sending needs an SMTP server: set YOURSIDE_SMTP_HOST (docs/configuration.md)"
        )
    contact = contact_for(case)
    if not contact.email:
        raise UserError(f"no email address for {case.vendor}: add one to the vendor first")
    sender = sender_of(case)
    if not sender:
        raise UserError("no sender address: set YOURSIDE_FROM_EMAIL or disclose your email")
    # The due date counts from the day it is sent, so record that first and write the letter then.
    event = record_event(case, CaseEvent.Kind.SENT, today, f"Sent by email to {contact.email}")
    letter = letter_for(case, today)
    message = EmailMessage(
        subject=letter.subject,
        body=letter.body,
        from_email=sender,
        to=[contact.email],
        reply_to=[sender],
        connection=get_connection(fail_silently=False),
    )
    pdf = as_pdf(letter, recipient=[case.vendor.name, contact.address], day=today)
    message.attach(f"{slugify(case.reference)}.pdf", pdf, "application/pdf")
    try:
        message.send()
    except OSError as error:
        # Raising rolls the "sent" event back: nothing was sent, nothing is recorded.
        raise UserError(f"the SMTP server refused the letter: {error}") from None
    return event
