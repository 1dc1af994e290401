"""Three people share every test store: alice owns the book, bob has his own, charlie has none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import settings

from yourside.book.models import (
    Account,
    Agreement,
    Document,
    Holding,
    Note,
    Order,
    OrderItem,
    Terms,
    Transaction,
    Vendor,
)
from yourside.cases.models import Case, CaseEvent
from yourside.exchange.services import create_token
from yourside.ingest.models import ImportBatch, ImportProfile, PendingUpload
from yourside.insights.models import Insight

PASSWORD = "correct horse battery"

# Property tests judge what the code finds, not how fast: on a machine busy with other work one
# example may take longer than Hypothesis' 200 ms deadline, and fail the run for nothing.
settings.register_profile("yourside", deadline=None)
settings.load_profile("yourside")


@pytest.fixture
def alice(db: Any) -> User:
    return User.objects.create_user("alice", password=PASSWORD)


@pytest.fixture
def bob(db: Any) -> User:
    return User.objects.create_user("bob", password=PASSWORD)


@pytest.fixture
def charlie(db: Any) -> User:
    return User.objects.create_user("charlie", password=PASSWORD)


def make_book(owner: User) -> dict[str, Any]:
    """One record of every kind, as a small real book would hold them."""
    own = {"owner": owner}
    batch = ImportBatch.objects.create(filename="telco.csv", format="csv", sha256="0" * 64, **own)
    ImportProfile.objects.create(signature="1" * 64, mapping={"negate": True}, **own)
    pending = PendingUpload.objects.create(filename="odd.csv", content=b"1,2,3\n", **own)
    vendor = Vendor.objects.create(name="Telco", country="DE", category="telecom", **own)
    account = Account.objects.create(name="Checking", currency="EUR", institution=None, **own)
    txn = Transaction.objects.create(
        account=account,
        vendor=vendor,
        date=date(2026, 1, 5),
        amount=Decimal("-39.99"),
        currency="EUR",
        description="TELCO GMBH RECHNUNG 1",
        batch=batch,
        **own,
    )
    order = Order.objects.create(
        vendor=vendor, number="A-1", date=date(2026, 1, 2), currency="EUR", total=Decimal(99), **own
    )
    item = OrderItem.objects.create(order=order, name="Router", unit_price=Decimal(99), **own)
    holding = Holding.objects.create(
        name="Router", vendor=vendor, serial_number="SN1", warranty_end=date(2028, 1, 2), **own
    )
    agreement = Agreement.objects.create(
        vendor=vendor,
        name="Fibre 100",
        price=Decimal("39.99"),
        start_date=date(2025, 1, 1),
        term_months=24,
        notice=1,
        notice_unit="months",
        **own,
    )
    terms = Terms.objects.create(vendor=vendor, channels=["email"], purposes=["service"], **own)
    note = Note.objects.create(vendor=vendor, title="Call", body="They promised a refund.", **own)
    document = Document.objects.create(
        vendor=vendor,
        title="Contract",
        filename="contract.pdf",
        content=b"%PDF-1.4",
        size=8,
        sha256="0" * 64,
        **own,
    )
    answer = Document.objects.create(
        vendor=vendor,
        title="Their answer: export.json",
        filename="export.json",
        content=b'{"email": "old@example.org"}',
        size=28,
        sha256="1" * 64,
        **own,
    )
    case = Case.objects.create(vendor=vendor, kind="complaint", subject="Outage", **own)
    event = CaseEvent.objects.create(case=case, kind="sent", **own)
    insight = Insight.objects.create(
        kind="price-rise",
        key="price-rise:v1",
        vendor=vendor,
        title="Telco raised its price",
        explanation="From 35 to 39.99",
        amount=Decimal("59.88"),
        **own,
    )
    return {
        "vendor": vendor,
        "account": account,
        "transaction": txn,
        "order": order,
        "item": item,
        "holding": holding,
        "agreement": agreement,
        "terms": terms,
        "note": note,
        "document": document,
        "case": case,
        "event": event,
        "batch": batch,
        "pending": pending,
        "insight": insight,
        "answer": answer,
    }


@pytest.fixture
def book(alice: User) -> dict[str, Any]:
    return make_book(alice)


@pytest.fixture
def bob_book(bob: User) -> dict[str, Any]:
    return make_book(bob)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice: User) -> Client:
    return signed_in(alice)


@pytest.fixture
def bob_client(bob: User) -> Client:
    return signed_in(bob)


@pytest.fixture
def alice_token(alice: User) -> str:
    return create_token(alice, "tests")[1]


@pytest.fixture
def bob_token(bob: User) -> str:
    return create_token(bob, "tests")[1]
