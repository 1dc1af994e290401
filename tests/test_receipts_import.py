"""Receipts from email become orders, items and parcels, or documents of the sending vendor."""

from __future__ import annotations

import io
from pathlib import Path

from django.contrib.auth.models import User

from yourside.book.models import Document, Order, Vendor
from yourside.ingest.services import import_file, undo_import

EMAIL = Path(__file__).parent / "data" / "email"


def import_email(user: User, name: str) -> int:
    data = (EMAIL / name).read_bytes()
    return import_file(user, io.BytesIO(data), name).added


def test_order_markup_becomes_an_order_with_items_and_tracking(alice: User) -> None:
    assert import_email(alice, "order_jsonld.eml") == 1
    order = Order.objects.owned_by(alice).get()
    assert order.number == "NW-100234"
    assert order.vendor.name == "Northwind Books"
    assert order.vendor.website == "https://northwindbooks.example"
    assert order.items.exists()
    assert order.tracking[0]["number"] == "1Z999AA10123456784"
    assert order.source == "import"


def test_the_same_email_again_adds_nothing(alice: User) -> None:
    import_email(alice, "order_jsonld.eml")
    assert import_email(alice, "order_jsonld.eml") == 0
    assert Order.objects.owned_by(alice).count() == 1


def test_email_without_markup_is_kept_as_a_document_of_the_sender(alice: User) -> None:
    assert import_email(alice, "plain_receipt.eml") == 1
    document = Document.objects.owned_by(alice).get()
    assert document.vendor is not None
    assert document.vendor.website == "https://cityline-parking.example"
    assert bytes(document.content).startswith(b"From:") or b"From:" in bytes(document.content)


def test_known_vendor_is_found_by_web_domain(alice: User) -> None:
    Vendor.objects.create(owner=alice, name="Northwind", website="https://northwindbooks.example")
    import_email(alice, "order_jsonld.eml")
    assert Vendor.objects.owned_by(alice).count() == 1


def test_mbox_imports_every_message(alice: User) -> None:
    assert import_email(alice, "receipts.mbox") == 3


def test_undo_removes_orders_and_documents(alice: User) -> None:
    data = (EMAIL / "receipts.mbox").read_bytes()
    result = import_file(alice, io.BytesIO(data), "receipts.mbox")
    assert undo_import(result.batches[0]) >= 3
    assert not Order.objects.owned_by(alice).exists()
    assert not Document.objects.owned_by(alice).exists()
