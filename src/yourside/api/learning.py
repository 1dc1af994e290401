"""Teaching the book which vendor a payee is: file a transaction, merge two vendors; and which
lines are no move between the customer's own accounts."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from yourside.api.crud import owner_of
from yourside.api.schemas import TransactionOut, VendorOut
from yourside.book.models import Transaction, Vendor
from yourside.book.services import assign_vendor, merge_vendors, not_a_transfer, unfile

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
    "/transactions/{int:record_id}/not-a-transfer",
    response=TransactionOut,
    summary="Say a transaction paired as a move between your own accounts is none",
    description=(
        "Both lines of the transfer count as spend and income again (their `transfer` becomes"
        ' `"no"`), and no later import pairs either of them again. A line in no transfer'
        " answers 422."
    ),
)
def refuse_transfer(request: HttpRequest, record_id: int) -> Any:
    owner = owner_of(request)
    record = get_object_or_404(Transaction.objects.owned_by(owner), pk=record_id)
    not_a_transfer(owner, record)
    return record


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
