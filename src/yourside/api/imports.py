"""Import statements over the API: upload a file, list batches, undo one."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from yourside.api.crud import owner_of
from yourside.core.formats.csvstatement import ColumnMap
from yourside.core.records import ParseError
from yourside.errors import UserError
from yourside.ingest.models import ImportBatch
from yourside.ingest.readers import FORMATS
from yourside.ingest.services import import_file, undo_import
from yourside.insights.services import refresh_after_import

router = Router(tags=["imports"])


class BatchOut(Schema):
    id: int | None
    filename: str
    account: int | None
    added: int
    duplicates: int
    status: str

    @staticmethod
    def resolve_account(obj: ImportBatch) -> int | None:
        return obj.account_id


class ImportOut(Schema):
    added: int
    duplicates: int
    errors: list[str]
    batches: list[BatchOut]
    notes: list[str]


class ImportForm(Schema):
    account: str | None = None
    format: str = "auto"
    map: str | None = None


@router.post("/imports", response={201: ImportOut, 422: ImportOut}, summary="Import a statement")
def create_import(request: HttpRequest, file: File[UploadedFile], form: Form[ImportForm]) -> Any:
    """Upload one statement file (multipart field ``file``). Re-importing adds nothing."""
    name = file.name or "upload"
    try:
        if len(request.FILES.getlist("file")) > 1:
            # One request, one import and one answer: a second file would be dropped unseen.
            raise UserError("file: send one file per request")
        if form.format not in FORMATS:
            raise UserError(f"format: use one of {', '.join(FORMATS)}")
        mapping = ColumnMap.parse(form.map) if form.map else None
        result = import_file(
            owner_of(request),
            file.file,  # type: ignore[arg-type]  # an uploaded file is a binary stream
            name,
            account_name=form.account,
            fmt=form.format,
            mapping=mapping,
        )
    except (ParseError, UserError, ValueError) as error:
        empty: dict[str, Any] = {"added": 0, "duplicates": 0, "batches": [], "notes": []}
        return Status(422, {**empty, "errors": [str(error)]})
    refresh_after_import(owner_of(request), [b.pk for b in result.batches], timezone.localdate())
    return Status(
        201,
        {
            "added": result.added,
            "duplicates": result.duplicates,
            "errors": [],
            "batches": result.batches,
            "notes": result.notes,
        },
    )


@router.get("/imports", response=list[BatchOut], summary="List import batches")
def list_imports(request: HttpRequest) -> Any:
    return ImportBatch.objects.owned_by(owner_of(request))


@router.delete("/imports/{int:batch_id}", response={204: None}, summary="Undo an import")
def delete_import(request: HttpRequest, batch_id: int) -> Any:
    batch = get_object_or_404(ImportBatch.objects.owned_by(owner_of(request)), pk=batch_id)
    if batch.status == ImportBatch.Status.DONE:  # a second DELETE changes nothing
        undo_import(batch)
    return Status(204, None)
