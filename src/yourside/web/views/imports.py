"""Upload statements, see every import batch, undo one."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yourside.book.models import Account
from yourside.core.formats.csvstatement import ColumnMap, NeedsMapping
from yourside.core.records import ParseError
from yourside.errors import UserError
from yourside.ingest.jobs import get_job, start_import
from yourside.ingest.models import ImportBatch, PendingUpload
from yourside.ingest.profiles import preview
from yourside.ingest.readers import FORMATS
from yourside.ingest.services import added_message, import_file, undo_import
from yourside.insights.services import refresh_after_import
from yourside.web.views.common import owner_of as _owner


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Statement or receipt file",
        help_text="CSV or TSV of any bank, OFX/QFX, CAMT.053, QIF; or emails (.eml, .mbox).",
    )
    account = forms.CharField(
        required=False,
        label="Account",
        help_text="Pick one of yours or type a new name; OFX and CAMT files name their own.",
        widget=forms.TextInput(attrs={"list": "account-names", "autocomplete": "off"}),
    )
    format = forms.ChoiceField(
        choices=[(f, f.upper() if f != "auto" else "Detect") for f in FORMATS]
    )
    map = forms.CharField(
        required=False,
        label="Column mapping (only when asked)",
        help_text="e.g. date=1,amount=4,description=2 or negate=yes",
    )


# Bigger uploads are imported in a background thread with a progress bar.
BACKGROUND_BYTES = 2 * 1024 * 1024


def _start_in_background(request: HttpRequest, owner: User, form: ImportForm) -> HttpResponse:
    upload = form.cleaned_data["file"]
    try:
        mapping = ColumnMap.parse(form.cleaned_data["map"]) if form.cleaned_data["map"] else None
    except ValueError as error:
        form.add_error("map", str(error))
        return render(request, "web/imports.html", _context(owner, form))
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = start_import(
        owner,
        Path(out.name),
        upload.name,
        account_name=form.cleaned_data["account"] or None,
        fmt=form.cleaned_data["format"],
        mapping=mapping,
    )
    return redirect("import-job", job_id=job.id)


def import_job(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_job(_owner(request), job_id)
    if job is None:
        raise Http404("No such import")
    # The progress polls itself (its element is the target); the upload form lands here too,
    # through htmx, to swap in the whole page.
    polled = request.headers.get("HX-Target") == "import-job"
    if job.state == "done" and not polled:
        messages.success(request, job.message)
        return redirect("imports")
    template = "web/_import_job.html" if polled else "web/import_job.html"
    return render(request, template, {"job": job})


def _context(owner: User, form: ImportForm) -> dict[str, object]:
    return {
        "form": form,
        "batches": ImportBatch.objects.owned_by(owner).select_related("account"),
        "accounts": Account.objects.owned_by(owner).values_list("name", flat=True),
    }


def import_list(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > BACKGROUND_BYTES:
            return _start_in_background(request, owner, form)
        try:
            mapping = (
                ColumnMap.parse(form.cleaned_data["map"]) if form.cleaned_data["map"] else None
            )
            result = import_file(
                owner,
                upload.file,
                upload.name,
                account_name=form.cleaned_data["account"] or None,
                fmt=form.cleaned_data["format"],
                mapping=mapping,
            )
        except NeedsMapping as error:
            # Keep the upload while the customer says how its columns are read.
            upload.file.seek(0)
            pending = PendingUpload.objects.create(
                owner=owner,
                filename=upload.name,
                content=upload.file.read(),
                account_name=form.cleaned_data["account"],
                problem=str(error),
            )
            return redirect("import-map", pk=pending.pk)
        except (ParseError, UserError, ValueError) as error:
            form.add_error(None, str(error))
        else:
            refresh_after_import(owner, [b.pk for b in result.batches], timezone.localdate())
            messages.success(
                request,
                added_message(upload.name or "upload", result),
            )
            return redirect("imports")
    return render(request, "web/imports.html", _context(owner, form))


@require_POST
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.owned_by(_owner(request)), pk=pk)
    try:
        removed = undo_import(batch)
    except UserError as error:  # undone already (a second tab, a double click)
        messages.error(request, str(error))
        return redirect("imports")
    records = f"{removed:,} {batch.noun}{'' if removed == 1 else 's'}"
    messages.success(request, f"Import of {batch.filename} undone: {records} removed.")
    return redirect("imports")


ROLES = [
    ("", "—"),
    ("date", "Date"),
    ("amount", "Amount (signed)"),
    ("debit", "Money out"),
    ("credit", "Money in"),
    ("indicator", "Debit/credit mark"),
    ("description", "Description"),
    ("currency", "Currency"),
]
DATE_FORMATS = [
    ("", "Work it out"),
    ("%d.%m.%Y", "31.12.2026"),
    ("%d/%m/%Y", "31/12/2026 (day first)"),
    ("%m/%d/%Y", "12/31/2026 (month first)"),
    ("%Y-%m-%d", "2026-12-31"),
    ("%d/%m/%y", "31/12/26"),
    ("%m/%d/%y", "12/31/26"),
    ("%d %b %y", "31 Dec 26"),
    ("%d %b %Y", "31 Dec 2026"),
]


def mapping_from(post: dict[str, str], width: int) -> str:
    """The --map text for the roles the customer picked in the preview."""
    parts: list[str] = []
    descriptions = []
    for column in range(width):
        role = post.get(f"col{column}", "")
        if role == "description":
            descriptions.append(str(column + 1))
        elif role in {value for value, _ in ROLES if value}:
            parts.append(f"{role}={column + 1}")
    if descriptions:
        parts.append("description=" + "+".join(descriptions))
    if post.get("date_format"):
        parts.append(f"date_format={post['date_format']}")
    if post.get("negate"):
        parts.append("negate=yes")
    return ",".join(parts)


def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    pending = get_object_or_404(PendingUpload.objects.owned_by(owner), pk=pk)
    content = bytes(pending.content)
    _, rows = preview(content[:65536])
    width = max((len(r) for r in rows), default=0)
    error = None
    if request.method == "POST":
        account = request.POST.get("account", "").strip() or pending.account_name or None
        try:
            mapping = ColumnMap.parse(mapping_from(request.POST.dict(), width))
            result = import_file(
                owner, io.BytesIO(content), pending.filename, account_name=account, mapping=mapping
            )
        except (ParseError, UserError, ValueError) as problem:
            error = str(problem)
        else:
            pending.delete()
            refresh_after_import(owner, [b.pk for b in result.batches], timezone.localdate())
            messages.success(
                request,
                added_message(pending.filename, result)
                + " This bank's next file will be read the same way.",
            )
            return redirect("imports")
    context = {
        "pending": pending,
        "rows": rows,
        "columns": range(width),
        "roles": ROLES,
        "date_formats": DATE_FORMATS,
        "error": error,
        "picked": request.POST,
    }
    return render(request, "web/import_map.html", context)
