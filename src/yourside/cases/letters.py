"""A case's letters, written by ``yourside.core.letters`` from the customer's own facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from yourside.cases.models import Case, CaseEvent
from yourside.core import directory, letters
from yourside.core.deadlines import Law
from yourside.core.letters import (
    AgreementFacts,
    DataItem,
    Letter,
    LetterFacts,
    Money,
    OrderFacts,
    WarrantyFacts,
)


@dataclass(frozen=True)
class Contact:
    """Where a case goes: the vendor's privacy or service contact, and where that came from."""

    email: str
    address: str
    source: str
    company: directory.Company | None = None


def _language(case: Case) -> Literal["en", "de"]:
    return "de" if case.language == Case.Language.DE else "en"


def contact_for(case: Case) -> Contact:
    vendor = case.vendor
    company = directory.match_vendor(
        vendor.name, vendor.aliases, vendor.website, country=vendor.country
    )
    data_request = case.law != ""
    if data_request and vendor.privacy_email:
        return Contact(vendor.privacy_email, vendor.address, "your vendor record", company)
    if data_request and company is not None and company.email:
        return Contact(company.email, company.address, "the datarequests.org directory", company)
    return Contact(
        vendor.email or vendor.privacy_email, vendor.address, "your vendor record", company
    )


def facts_for(case: Case, today: date) -> LetterFacts:
    contact = contact_for(case)
    agreement = case.agreement
    holding = case.holding
    orders = (
        tuple(
            OrderFacts(
                order.number,
                order.date,
                Money(order.total, order.currency) if order.total else None,
            )
            for order in case.vendor.orders.filter(owner=case.owner)[:3]
        )
        if case.kind in {Case.Kind.REFUND, Case.Kind.COMPLAINT, Case.Kind.WARRANTY}
        else ()
    )
    return LetterFacts(
        kind=letters.CaseKind(case.kind),
        vendor_name=case.vendor.name,
        reference=case.reference,
        letter_date=case.sent_date or today,
        identity=dict(case.disclosed),
        vendor_address=contact.address,
        vendor_email=contact.email,
        law=Law(case.law) if case.law else None,
        details=case.details,
        orders=orders,
        agreement=AgreementFacts(
            name=agreement.name,
            notice=agreement.notice,
            notice_unit=agreement.notice_unit,
            cancel_by=agreement.cancel_by(today),
            renewal=agreement.renewal_stopped_by_notice(today),
            price=Money(agreement.price, agreement.currency),
        )
        if agreement is not None
        else None,
        warranty=WarrantyFacts(
            product=holding.name,
            serial=holding.serial_number,
            purchase_date=holding.purchase_date,
            warranty_end=holding.warranty_end,
        )
        if holding is not None
        else None,
        response_due=case.due_date,
        items=tuple(
            DataItem(str(i.get("label", "")), str(i.get("wrong", "")), str(i.get("right", "")))
            for i in case.items
        ),
    )


def letter_for(case: Case, today: date) -> Letter:
    return letters.write_letter(facts_for(case, today), _language(case))


def follow_up_for(case: Case, today: date) -> Letter | None:
    """The reminder letter once the due date has passed without a reply."""
    if case.sent_date is None or case.due_date is None or not case.is_overdue(today):
        return None
    return letters.follow_up_letter(
        facts_for(case, today),
        _language(case),
        case.sent_date,
        case.due_date,
    )


def complaint_for(case: Case, today: date) -> tuple[Letter, directory.Authority] | None:
    """A complaint to the supervisory authority with the case's timeline, for a data request."""
    if not case.law or case.law == Case.Law.CCPA:
        return None
    authority = directory.authority_for(
        "GB" if case.law == Case.Law.UK_GDPR else (case.vendor.country or "")
    )
    if authority is None:
        return None
    timeline = [
        (event.date, f"{event.get_kind_display()}{': ' + event.note if event.note else ''}")
        for event in case.events.all()
        if event.kind != CaseEvent.Kind.DRAFTED
    ]
    letter = letters.escalation_complaint(
        facts_for(case, today),
        authority.name,
        timeline,
        _language(case),
    )
    return letter, authority
