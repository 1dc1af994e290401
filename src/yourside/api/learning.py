"""Teaching the book which vendor a payee is: file a transaction, merge two vendors."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from yourside.api.crud import owner_of
from yourside.api.schemas import VendorOut
from yourside.book.models import Transaction, Vendor
from yourside.book.services import assign_vendor, merge_vendors, unfile

router = Router(tags=["vendors"])


class AssignIn(Schema):
    vendor: int | None  # null: filed under no vendor


class Assigned(Schema):
    moved: int


class MergeIn(Schema):
    into: int


@router.post(
    "/transactions/{int:record_id}/vendor",
    response=Assigned,
    summary="File a transaction under a vendor, and every transaction with the same payee",
    description=(
        "`vendor: null` takes the transaction out of its vendor, with the other transactions of"
        " its payee filed there, and forgets the rule that filed them."
    ),
)
def file_transaction(request: HttpRequest, record_id: int, payload: AssignIn) -> Any:
    owner = owner_of(request)
    record = get_object_or_404(Transaction.objects.owned_by(owner), pk=record_id)
    if payload.vendor is None:
        return {"moved": len(unfile(owner, record))}
    vendor = get_object_or_404(Vendor.objects.owned_by(owner), pk=payload.vendor)
    return {"moved": assign_vendor(owner, record, vendor)}


@router.post(
    "/vendors/{int:record_id}/merge",
    response=VendorOut,
    summary="Merge a vendor into another: its records, names and rules move over",
)
def merge(request: HttpRequest, record_id: int, payload: MergeIn) -> Any:
    owner = owner_of(request)
    absorbed = get_object_or_404(Vendor.objects.owned_by(owner), pk=record_id)
    into = get_object_or_404(Vendor.objects.owned_by(owner), pk=payload.into)
    return merge_vendors(owner, absorbed, into)
