"""The whole-book export."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from yourside import portability
from yourside.api.crud import owner_of

router = Router()


@router.get("/export", tags=["export"], summary="Export the whole book as one JSON document")
def export(request: HttpRequest) -> dict[str, Any]:
    return portability.export_book(owner_of(request))
