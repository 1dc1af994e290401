"""The demo book: a realistic household that shows what Yourside can do."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from yourside.book.models import Account, Agreement, Holding, Note, Transaction, Vendor
from yourside.cases.models import Case
from yourside.demo import load_demo
from yourside.portability import export_book

TODAY = date(2026, 11, 23)


def test_it_is_a_realistic_household(alice: User) -> None:
    assert load_demo(alice, TODAY)
    assert 24 <= Vendor.objects.owned_by(alice).count() <= 30
    assert Account.objects.owned_by(alice).count() == 2
    dates = Transaction.objects.owned_by(alice).values_list("date", flat=True)
    assert min(dates) <= TODAY - timedelta(days=700)
    assert max(dates) <= TODAY
    assert Agreement.objects.owned_by(alice).filter(kind="loan").exists()
    assert Holding.objects.owned_by(alice).filter(warranty_end__gt=TODAY).count() >= 2
    assert Note.objects.owned_by(alice).exists()
    assert Case.objects.owned_by(alice).count() >= 2


def test_a_subscription_rose_in_price(alice: User) -> None:
    load_demo(alice, TODAY)
    netflix = Transaction.objects.owned_by(alice).filter(vendor__name="Netflix")
    amounts = list(netflix.order_by("date").values_list("amount", flat=True))
    assert amounts[0] == Decimal("-13.99")
    assert amounts[-1] == Decimal("-15.99")


def test_a_cancel_by_date_and_a_warranty_end_are_coming_up(alice: User) -> None:
    load_demo(alice, TODAY)
    soon = [
        a
        for a in Agreement.objects.owned_by(alice)
        if (d := a.cancel_by(TODAY)) is not None and d <= TODAY + timedelta(days=60)
    ]
    assert soon
    assert (
        Holding.objects.owned_by(alice)
        .filter(warranty_end__range=(TODAY, TODAY + timedelta(days=120)))
        .exists()
    )


def test_loading_twice_changes_nothing(alice: User) -> None:
    load_demo(alice, TODAY)
    before = export_book(alice)["records"]
    assert not load_demo(alice, TODAY)
    assert export_book(alice)["records"] == before


def test_it_is_deterministic(alice: User, bob: User) -> None:
    load_demo(alice, TODAY)
    load_demo(bob, TODAY)

    def shape(user: User) -> list[tuple[date, Decimal, str]]:
        return list(
            Transaction.objects.owned_by(user)
            .order_by("date", "description", "amount")
            .values_list("date", "amount", "description")
        )

    assert shape(alice) == shape(bob)


def test_it_comes_in_through_the_importers(alice: User) -> None:
    from yourside.book.models import Document, Order
    from yourside.ingest.models import ImportBatch

    load_demo(alice, TODAY)
    formats = sorted(ImportBatch.objects.owned_by(alice).values_list("format", flat=True))
    assert formats == ["csv", "csv", "eml", "eml", "eml"]
    assert not Transaction.objects.owned_by(alice).filter(batch__isnull=True).exists()
    assert not Transaction.objects.owned_by(alice).filter(vendor__isnull=True).exists()
    tv = Order.objects.owned_by(alice).get(number="MM-2204-883112")
    assert tv.batch is not None
    assert tv.tracking[0]["carrier"] == "DHL"
    document = Document.objects.owned_by(alice).get()
    assert document.vendor is not None
    assert document.vendor.name == "FitX"
