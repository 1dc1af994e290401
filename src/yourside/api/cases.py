"""Cases over the API: open one, record an event on its timeline, read them."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from yourside.api.crud import owner_of
from yourside.api.schemas import CaseOut, Page
from yourside.book.models import Vendor
from yourside.cases.models import Case
from yourside.cases.services import import_reply, open_case, record_event

router = Router(tags=["cases"])


class CaseIn(Schema):
    vendor: int
    kind: str
    law: str | None = None
    sent_date: date | None = None
    channel: str = "email"
    subject: str = ""
    details: str = ""
    language: str = "en"


class EventIn(Schema):
    kind: str
    date: date
    note: str = ""


def _cases(request: HttpRequest) -> Any:
    return Case.objects.owned_by(owner_of(request)).prefetch_related("events")


@router.get("/cases", response=list[CaseOut], summary="List cases")
@paginate(Page)
def list_cases(request: HttpRequest) -> Any:
    return _cases(request)


@router.post("/cases", response={201: CaseOut}, summary="Open a case")
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
    owner = owner_of(request)
    vendor = Vendor.objects.owned_by(owner).filter(pk=payload.vendor).first()
    if vendor is None:
        raise ValidationError({"vendor": f"no vendor with id {payload.vendor}"})
    case = open_case(
        owner,
        vendor,
        payload.kind,
        law=payload.law,
        sent=payload.sent_date,
        channel=payload.channel,
        subject=payload.subject,
        details=payload.details,
        language=payload.language,
    )
    return Status(201, _cases(request).get(pk=case.pk))


@router.get("/cases/{int:case_id}", response=CaseOut, summary="Read a case")
def read_case(request: HttpRequest, case_id: int) -> Any:
    return get_object_or_404(_cases(request), pk=case_id)


@router.post("/cases/{int:case_id}/events", response={201: CaseOut}, summary="Record an event")
def create_event(request: HttpRequest, case_id: int, payload: EventIn) -> Any:
    case = get_object_or_404(_cases(request), pk=case_id)
    record_event(case, payload.kind, payload.date, payload.note)
    return Status(201, _cases(request).get(pk=case.pk))


@router.post("/cases/replies", response={201: CaseOut}, summary="Add a vendor's reply email")
def create_reply(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Upload the vendor's email (.eml); it lands on the case named in its subject or sender."""
    event = import_reply(owner_of(request), file.read(), file.name or "reply.eml")
    return Status(201, _cases(request).get(pk=event.case_id))
