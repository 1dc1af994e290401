"""What a vendor holds about the customer: its answer to an access request, read and compared.

The answer is kept as a document of the vendor; reading and comparing are done by
``yourside.core.whattheyhold`` against the customer's own record of that vendor.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from yourside.book.models import Document, Source, Terms, Vendor
from yourside.cases.models import Case
from yourside.cases.services import open_case
from yourside.core.whattheyhold import (
    Answer,
    Finding,
    OwnOrder,
    OwnRecord,
    compare,
    erasure_items,
    read_answer,
    rectification_items,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

ANSWER_PREFIX = "Their answer: "


def own_record(owner: User, vendor: Vendor) -> OwnRecord:
    """What the customer's book says about them and this vendor, as the comparison needs it."""
    identity: dict[str, list[str]] = {}
    if owner.email:
        identity.setdefault("Email", []).append(owner.email)
    full_name = owner.get_full_name()
    if full_name:
        identity.setdefault("Name", []).append(full_name)
    for disclosed in (
        Case.objects.owned_by(owner).filter(vendor=vendor).values_list("disclosed", flat=True)
    ):
        for label, value in disclosed.items():
            if value not in identity.setdefault(label, []):
                identity[label].append(value)
    terms = Terms.objects.owned_by(owner).filter(vendor=vendor).first()
    orders = [
        OwnOrder(date=o.date, amount=o.total, reference=o.number)
        for o in vendor.orders.filter(owner=owner)
    ]
    return OwnRecord(
        identity=identity,
        orders=orders,
        allowed_purposes=frozenset(terms.purposes) if terms else None,
        allowed_channels=frozenset(terms.channels) if terms else None,
    )


@transaction.atomic
def store_answer(owner: User, vendor: Vendor, data: bytes, filename: str) -> Document:
    """Keep the vendor's answer as a document, after checking that it can be read."""
    read_answer(data, filename)  # raises a one-line ParseError for what it cannot read
    digest = hashlib.sha256(data).hexdigest()
    existing = Document.objects.owned_by(owner).filter(vendor=vendor, sha256=digest).first()
    if existing is not None:
        return existing
    return Document.objects.create(
        owner=owner,
        vendor=vendor,
        title=f"{ANSWER_PREFIX}{filename}"[:200],
        filename=filename[:255],
        content=data,
        size=len(data),
        sha256=digest,
        content_type="application/octet-stream",
        source=Source.VENDOR,
        source_ref=filename,
    )


def examine(owner: User, document: Document) -> tuple[Answer, list[Finding]]:
    assert document.vendor is not None
    answer = read_answer(bytes(document.content), document.filename)
    return answer, compare(answer, own_record(owner, document.vendor))


def open_correction_case(owner: User, document: Document, kind: str, today: date) -> Case:
    """A rectification or erasure request listing the items found in their answer."""
    _, findings = examine(owner, document)
    chosen = (
        rectification_items(findings)
        if kind == Case.Kind.RECTIFICATION
        else erasure_items(findings)
    )
    assert document.vendor is not None
    return open_case(
        owner,
        document.vendor,
        kind,
        today=today,
        details=f"Based on your answer to my access request ({document.filename}).",
        items=[{"label": i.label, "wrong": i.wrong, "right": i.right} for i in chosen],
    )
