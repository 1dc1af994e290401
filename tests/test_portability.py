"""Export and restore: lossless, atomic, and refusing what it cannot read."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User

from yourside.book.models import Source, Transaction, Vendor
from yourside.demo import load_demo
from yourside.errors import UserError
from yourside.portability import MODELS, export_book, restore_book


def _wipe() -> None:
    for model in reversed(MODELS):
        model.objects.all().delete()


def _without_time(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "exported_at"}


def test_round_trip_gives_the_same_document(alice: User) -> None:
    load_demo(alice, date(2026, 11, 23))
    first = export_book(alice)
    _wipe()
    restore_book(alice, first)
    again = export_book(alice)
    for before, after in zip(first["records"], again["records"], strict=True):
        assert before == after
    assert _without_time(again) == _without_time(first)


def test_every_record_carries_its_provenance(book: dict[str, Any], alice: User) -> None:
    records = export_book(alice)["records"]
    assert {r["model"] for r in records} == {m._meta.label_lower for m in MODELS}
    assert all(r["fields"]["source"] in Source.values for r in records)


def test_documents_keep_their_bytes(book: dict[str, Any], alice: User) -> None:
    document = export_book(alice)
    _wipe()
    restore_book(alice, document)
    restored = book["document"].__class__.objects.get(pk=book["document"].pk)
    assert bytes(restored.content) == b"%PDF-1.4"


def test_new_records_after_restore_get_fresh_ids(alice: User) -> None:
    load_demo(alice, date(2026, 11, 23))
    document = export_book(alice)
    top = max(r["pk"] for r in document["records"] if r["model"] == "book.vendor")
    _wipe()
    restore_book(alice, document)
    assert Vendor.objects.create(owner=alice, name="After restore").pk > top


def test_restore_needs_an_empty_store(book: dict[str, Any], alice: User) -> None:
    with pytest.raises(UserError, match="empty store"):
        restore_book(alice, export_book(alice))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a Yourside export"),
        (lambda d: d.update(version=99), "version 99 is not supported"),
        (lambda d: d.update(records="x"), "no 'records' list"),
        (lambda d: d["records"].append({"model": "auth.user", "pk": 1}), "unknown model"),
        (
            lambda d: next(r for r in d["records"] if r["model"] == "book.transaction")[
                "fields"
            ].update(date="not a date"),
            "cannot be read",
        ),
        (
            lambda d: next(r for r in d["records"] if r["model"] == "book.transaction")[
                "fields"
            ].update(account=99999),
            "refers to one the export does not hold: .*99999",
        ),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_written(
    book: dict[str, Any], alice: User, change: Any, message: str
) -> None:
    document = copy.deepcopy(export_book(alice))
    _wipe()
    change(document)
    with pytest.raises(UserError, match=message):
        restore_book(alice, document)
    assert not any(model.objects.exists() for model in MODELS)


def test_timestamps_keep_every_microsecond(book: dict[str, Any], alice: User) -> None:
    vendor = book["vendor"]
    Vendor.objects.filter(pk=vendor.pk).update(
        created_at=datetime(2026, 1, 2, 3, 4, 5, 123, tzinfo=UTC)
    )
    document = export_book(alice)
    _wipe()
    restore_book(alice, document)
    assert Vendor.objects.get().created_at == datetime(2026, 1, 2, 3, 4, 5, 123, tzinfo=UTC)


@pytest.mark.parametrize("field", ["fee", "transfer"])  # a fee's kind, a move between accounts
def test_an_export_from_before_a_field_was_kept_gets_it_on_restore(alice: User, field: str) -> None:
    load_demo(alice, date(2026, 11, 23))
    document = export_book(alice)
    lines = [r for r in document["records"] if r["model"] == "book.transaction"]
    kept = {r["pk"]: r["fields"][field] for r in lines}
    assert sum(bool(value) for value in kept.values()) > 2
    for record in lines:
        record["fields"].pop(field)  # as an older export has them
    _wipe()
    restore_book(alice, document)
    assert dict(Transaction.objects.owned_by(alice).values_list("pk", field)) == kept


def test_a_newer_export_keeps_its_lines_in_no_transfer(alice: User) -> None:
    load_demo(alice, date(2026, 11, 23))
    document = export_book(alice)
    lines = [r for r in document["records"] if r["model"] == "book.transaction"]
    key = next(r["fields"]["transfer"] for r in lines if ":" in r["fields"]["transfer"])
    for record in lines:
        if record["fields"]["transfer"] == key:
            record["fields"]["transfer"] = ""  # unpaired by an edit before the export
    _wipe()
    restore_book(alice, document)
    out, into = (int(pk) for pk in key.split(":"))
    kept = Transaction.objects.filter(pk__in=[out, into]).values_list("transfer", flat=True)
    assert list(kept) == ["", ""]


def test_the_next_look_after_a_restore_brings_the_insights_up_to_date(alice: User) -> None:
    from django.utils import timezone

    from yourside.insights.models import Insight, Refreshed
    from yourside.insights.services import keep_current

    load_demo(alice, date(2026, 11, 23))
    keep_current(alice, timezone.localdate())  # looked at today: later looks see the deadlines
    document = export_book(alice)
    for record in document["records"]:
        if record["model"] == "insights.insight":
            record["fields"]["title"] = "As exported"
    _wipe()
    restore_book(alice, document)
    keep_current(alice, timezone.localdate())
    assert not Insight.objects.owned_by(alice).filter(current=True, title="As exported").exists()
    assert Refreshed.objects.get(owner=alice).day == timezone.localdate()
