"""Read-only endpoints: cases (written through their own workflow) and the whole-book export."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from yourside import portability
from yourside.api.crud import owner_of
from yourside.api.schemas import CaseOut
from yourside.cases.models import Case

router = Router()


@router.get("/cases", response=list[CaseOut], tags=["cases"], summary="List cases")
@paginate(LimitOffsetPagination)
def list_cases(request: HttpRequest) -> Any:
    return Case.objects.owned_by(owner_of(request)).prefetch_related("events")


@router.get("/cases/{int:case_id}", response=CaseOut, tags=["cases"], summary="Read a case")
def read_case(request: HttpRequest, case_id: int) -> Any:
    return get_object_or_404(
        Case.objects.owned_by(owner_of(request)).prefetch_related("events"), pk=case_id
    )


@router.get("/export", tags=["export"], summary="Export the whole book as one JSON document")
def export(request: HttpRequest) -> dict[str, Any]:
    return portability.export_book(owner_of(request))
