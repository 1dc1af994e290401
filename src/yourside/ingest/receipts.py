"""Receipts and order confirmations from email (.eml, .mbox) into orders and documents.

An email with schema.org markup becomes an order with its items and parcels; one without markup
is kept as a document of the vendor found from its sender. Importing the same email again adds
nothing: orders are known by vendor and order number, documents by their content's hash.
"""

from __future__ import annotations

import hashlib
import mailbox
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from yourside.book.models import Document, Order, OrderItem, Source
from yourside.core.formats.receipts import Receipt, read_eml, read_message
from yourside.ingest.models import ImportBatch
from yourside.ingest.vendors import VendorDirectory

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def read_receipts(data: bytes, filename: str, fmt: str) -> list[tuple[Receipt, bytes]]:
    """Every receipt in an .eml or .mbox file, each with the raw message it came from."""
    if fmt == "eml":
        return [(receipt, data) for receipt in read_eml(data, source=filename)]
    # The standard library reads mailboxes from a path, so the upload goes to a temporary file.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.mbox"
        path.write_bytes(data)
        box = mailbox.mbox(path, create=False)
        try:
            return [
                (receipt, message.as_bytes())
                for message in box
                for receipt in read_message(message)
            ]
        finally:
            box.close()


def _tracking(receipt: Receipt) -> list[dict[str, str | None]]:
    return [
        {
            "number": s.tracking_number,
            "carrier": s.carrier,
            "status": s.status,
            "expected_by": s.expected_by.isoformat() if s.expected_by else None,
            "url": s.tracking_url,
        }
        for s in receipt.shipments
    ]


def store_receipts(
    owner: User, batch: ImportBatch, receipts: Iterable[tuple[Receipt, bytes]]
) -> tuple[int, int]:
    """Write receipts into the book; returns (records added, receipts already there)."""
    vendors = VendorDirectory(owner)
    ref = f"batch {batch.pk}: {batch.filename}"
    own = {"owner": owner, "source": Source.IMPORT, "source_ref": ref, "batch": batch}
    added = duplicates = 0
    for receipt, raw in receipts:
        vendor = vendors.find_or_create(
            receipt.merchant_name or receipt.sender_name,
            receipt.merchant_domain or receipt.sender_domain,
            ref,
        )
        if receipt.order_number and vendor is not None and receipt.receipt_date:
            order = (
                Order.objects.owned_by(owner)
                .filter(vendor=vendor, number=receipt.order_number)
                .first()
            )
            if order is not None:
                # A shipping notice for a known order adds its parcels, nothing else.
                new = [t for t in _tracking(receipt) if t not in order.tracking]
                if new:
                    order.tracking = [*order.tracking, *new]
                    order.save(update_fields=["tracking", "updated_at"])
                duplicates += 1
                continue
            order = Order.objects.create(
                vendor=vendor,
                number=receipt.order_number,
                date=receipt.receipt_date,
                currency=receipt.currency or "EUR",
                total=receipt.total or receipt.amount_due,
                tracking=_tracking(receipt),
                **own,
            )
            OrderItem.objects.bulk_create(
                [
                    OrderItem(
                        order=order,
                        name=item.name[:300],
                        sku=item.sku or "",
                        quantity=item.quantity,
                        unit_price=item.unit_price,
                        owner=owner,
                        source=Source.IMPORT,
                        source_ref=ref,
                    )
                    for item in receipt.items
                ]
            )
            added += 1
            continue
        content = raw or receipt.subject.encode()
        digest = hashlib.sha256(content).hexdigest()
        if Document.objects.owned_by(owner).filter(sha256=digest).exists():
            duplicates += 1
            continue
        Document.objects.create(
            vendor=vendor,
            title=(receipt.subject or "Email")[:200],
            filename=f"{(receipt.message_id or digest[:12]).strip('<>')[:200]}.eml",
            content_type="message/rfc822",
            content=content,
            size=len(content),
            sha256=digest,
            **own,
        )
        added += 1
    return added, duplicates
