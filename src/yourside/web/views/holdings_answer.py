"""What they hold about me: upload a vendor's answer, read it next to your own record, act."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yourside.book.models import Document, Vendor
from yourside.cases.holdings import (
    ANSWER_PREFIX,
    examine,
    open_correction_case,
    own_record,
    store_answer,
)
from yourside.cases.models import Case
from yourside.core.records import ParseError
from yourside.core.whattheyhold import erasure_items, rectification_items
from yourside.web.views.common import owner_of as _owner

ROWS_SHOWN = 50


@require_POST
def answer_upload(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    vendor = get_object_or_404(Vendor.objects.owned_by(owner), pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose the file they sent you (JSON, CSV or a zip of them).")
        return redirect("vendor", pk=vendor.pk)
    try:
        document = store_answer(owner, vendor, upload.read(), upload.name or "answer")
    except ParseError as error:
        messages.error(request, str(error))
        return redirect("vendor", pk=vendor.pk)
    return redirect("answer", pk=vendor.pk, document=document.pk)


def answer_view(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    owner = _owner(request)
    vendor = get_object_or_404(Vendor.objects.owned_by(owner), pk=pk)
    doc = get_object_or_404(
        Document.objects.owned_by(owner).filter(vendor=vendor, title__startswith=ANSWER_PREFIX),
        pk=document,
    )
    answer, findings = examine(owner, doc)
    marked = {(f.table, row, column): f for f in findings for row, column in f.cells}
    tables = []
    for table in answer.tables:
        rows = [
            [
                (cell, marked.get((table.name, index, column)))
                for column, cell in zip(table.columns, row, strict=False)
            ]
            for index, row in enumerate(table.rows[:ROWS_SHOWN])
        ]
        tables.append({"table": table, "rows": rows, "more": max(len(table.rows) - ROWS_SHOWN, 0)})
    record = own_record(owner, vendor)
    context = {
        "vendor": vendor,
        "document": doc,
        "answer": answer,
        "tables": tables,
        "findings": findings,
        "record": record,
        "rectify": rectification_items(findings),
        "erase": erasure_items(findings),
    }
    return render(request, "web/answer.html", context)


@require_POST
def answer_case(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    owner = _owner(request)
    vendor = get_object_or_404(Vendor.objects.owned_by(owner), pk=pk)
    doc = get_object_or_404(Document.objects.owned_by(owner).filter(vendor=vendor), pk=document)
    kind = request.POST.get("kind", "")
    if kind not in {Case.Kind.RECTIFICATION, Case.Kind.ERASURE}:
        messages.error(request, "Choose rectification or erasure.")
        return redirect("answer", pk=vendor.pk, document=doc.pk)
    case = open_correction_case(owner, doc, kind, timezone.localdate())
    messages.success(request, f"Case {case.reference} opened with {len(case.items)} items.")
    return redirect("case", pk=case.pk)
