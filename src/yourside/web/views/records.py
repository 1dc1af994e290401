"""Create, edit, delete and list pages shared by the book's record types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from yourside.book import services
from yourside.book.models import (
    Account,
    Agreement,
    Document,
    Holding,
    Note,
    Owned,
    Transaction,
    Vendor,
)
from yourside.errors import one_line
from yourside.web import forms
from yourside.web.views.common import back_to, show_errors
from yourside.web.views.common import owner_of as _owner

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _vendor_page_or(list_name: str) -> Callable[[Any], str]:
    def url(record: Any) -> str:
        vendor_id = getattr(record, "vendor_id", None)
        if vendor_id:
            return reverse("vendor", args=[vendor_id])
        return reverse(list_name)

    return url


@dataclass(frozen=True)
class Resource:
    slug: str
    model: type[Owned]
    form: type[forms.OwnedForm]
    singular: str
    after_save: Callable[[Any], str]
    # Query-string parameters that may preset a field of a new record (``?vendor=3``).
    presets: tuple[str, ...] = ()


RESOURCES = {
    "vendors": Resource(
        "vendors", Vendor, forms.VendorForm, "vendor", lambda v: reverse("vendor", args=[v.pk])
    ),
    "accounts": Resource(
        "accounts", Account, forms.AccountForm, "account", lambda a: reverse("accounts")
    ),
    "agreements": Resource(
        "agreements",
        Agreement,
        forms.AgreementForm,
        "agreement",
        _vendor_page_or("agreements"),
        presets=("vendor",),
    ),
    "holdings": Resource(
        "holdings",
        Holding,
        forms.HoldingForm,
        "holding",
        lambda h: reverse("holdings"),
        presets=("vendor",),
    ),
    "notes": Resource(
        "notes", Note, forms.NoteForm, "note", _vendor_page_or("home"), presets=("vendor",)
    ),
}


def edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    resource = RESOURCES[slug]
    owner = _owner(request)
    record = None
    if pk is not None:
        record = get_object_or_404(resource.model.objects.owned_by(owner), pk=pk)
    initial = {name: request.GET[name] for name in resource.presets if name in request.GET}
    form = resource.form(request.POST or None, instance=record, owner=owner, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form._meta.fields or ()}
        try:
            if record is None:
                saved = services.create_record(owner, resource.model, data)
            else:
                # As stored: the form has already written its values onto ``record``, and the
                # service compares with what was there (a renamed vendor keeps its old name).
                stored = resource.model.objects.get(pk=record.pk)
                saved = services.update_record(stored, data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            verb = "added" if record is None else "saved"
            messages.success(request, f"{resource.singular.capitalize()} “{saved}” {verb}.")
            return redirect(resource.after_save(saved))
    if record is not None:
        # As stored: a refused form has written what was typed onto ``record`` (the heading said
        # "Edit vendor “Spotify”" for Netflix renamed to a name taken).
        record = resource.model.objects.get(pk=record.pk)
    goes_with = services.what_goes_with(record) if isinstance(record, Vendor) else ""
    context = {"form": form, "record": record, "resource": resource, "goes_with": goes_with}
    return render(request, "web/record_form.html", context)


@require_POST
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    resource = RESOURCES[slug]
    record = get_object_or_404(resource.model.objects.owned_by(_owner(request)), pk=pk)
    name = str(record)
    try:
        services.delete_record(record)
    except ValidationError as error:  # a vendor with cases
        messages.error(request, one_line(error))
        return redirect(f"{slug}-edit", pk=pk)
    messages.success(request, f"{resource.singular.capitalize()} “{name}” deleted.")
    return redirect(reverse("home") if slug in {"notes"} else reverse(slug))


def terms_edit(request: HttpRequest, vendor_pk: int) -> HttpResponse:
    owner = _owner(request)
    vendor = get_object_or_404(Vendor.objects.owned_by(owner), pk=vendor_pk)
    terms = vendor.terms.filter(owner=owner).first()
    form = forms.TermsForm(request.POST or None, instance=terms, owner=owner)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form._meta.fields or ()}
        try:
            services.set_terms(owner, vendor, **data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Your terms for {vendor} are saved.")
            return redirect("vendor", pk=vendor.pk)
    return render(request, "web/terms_form.html", {"form": form, "vendor": vendor})


def _moved_on_page(
    request: HttpRequest,
    owner: User,
    record: Transaction,
    vendor: Vendor | None,
    only: set[int] | None = None,
) -> str:
    """The vendor fields of the page's other lines that the filing moved too (to no vendor, when
    ``vendor`` is None), for htmx to put in place of theirs (out of band): the page shows where
    they are now without a reload."""
    ids = [int(pk) for pk in request.POST.get("page_lines", "").split(",")[:500] if pk.isdigit()]
    if only is not None:
        ids = [pk for pk in ids if pk in only]
    lines = (
        Transaction.objects.owned_by(owner)
        .filter(pk__in=ids, vendor=vendor)
        .exclude(pk=record.pk)
        .select_related("vendor")
    )
    return "".join(
        render_to_string("web/_vendor_input.html", {"t": line, "oob": True}) for line in lines
    )


@require_POST
def transaction_vendor(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    record = get_object_or_404(Transaction.objects.owned_by(owner), pk=pk)
    cleared = "vendor" not in request.POST and not request.POST.get("vendor_name", "").strip()
    if cleared and record.vendor_id is not None:
        return _unfile(request, owner, record)  # its vendor's name cleared: filed under none
    vendor = _chosen_vendor(request, owner, "vendor")
    if isinstance(vendor, str):
        text = vendor
        if request.headers.get("HX-Request"):
            alert = f'<small class="error" role="alert">{escape(text)}</small>'
            return HttpResponse(alert, status=422)
        messages.error(request, text)
        return back_to(request, "transactions")
    moved = services.assign_vendor(owner, record, vendor)
    text = f"Filed under {vendor}" + (f", with {moved - 1} more like it." if moved > 1 else ".")
    if request.headers.get("HX-Request"):
        more = (
            f' <a href="{reverse("transactions")}?vendor={vendor.pk}">See them all</a>'
            if moved > 1
            else ""
        )
        said = f'<small class="muted" role="status">{escape(text)}{more}</small>'
        return HttpResponse(said + _moved_on_page(request, owner, record, vendor))
    messages.success(request, text)
    return back_to(request, "transactions")


@require_POST
def transaction_not_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer says a line paired as a move between their accounts is none."""
    owner = _owner(request)
    record = get_object_or_404(Transaction.objects.owned_by(owner), pk=pk)
    try:
        services.not_a_transfer(owner, record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Not a transfer: both of its lines count as spend and income again."
        )
    return back_to(request, "transactions")


def _unfile(request: HttpRequest, owner: User, record: Transaction) -> HttpResponse:
    was = record.vendor
    moved = services.unfile(owner, record)
    more = f", with {len(moved) - 1} more like it" if len(moved) > 1 else ""
    text = f"Taken out of {was}{more}."
    if request.headers.get("HX-Request"):
        said = f'<small class="muted" role="status">{escape(text)}</small>'
        # Only the lines it moved: every unfiled line put in place again would overwrite what is
        # being typed into them.
        return HttpResponse(said + _moved_on_page(request, owner, record, None, only=set(moved)))
    messages.success(request, text)
    return back_to(request, "transactions")


def _chosen_vendor(
    request: HttpRequest, owner: User, field: str, besides: Vendor | None = None
) -> Vendor | str:
    """The vendor a form chose: by id in ``field``, or by the name typed or picked in
    ``<field>_name``; else what is wrong with the name, to show. A name, not a choice of every
    vendor, so that a book of thousands of vendors sends one list of names, not thousands of
    options a row.

    A name is the vendor's exactly, else the one vendor's whose name differs only in case (any
    letters: SQLite's own comparison folds ASCII only), ``besides`` left out: the vendor that is
    being merged, which the list did not offer.
    """
    vendors = Vendor.objects.owned_by(owner)
    if field in request.POST:
        return get_object_or_404(vendors, pk=request.POST.get(field) or 0)
    name = request.POST.get(f"{field}_name", "").strip()
    if not name:
        return "Type or pick the name of a vendor."
    exact = vendors.filter(name=name).first()
    if exact is not None:
        return exact
    folded = name.casefold()
    alike = [
        pk
        for pk, other in vendors.values_list("pk", "name")
        if other.casefold() == folded and (besides is None or pk != besides.pk)
    ]
    if len(alike) == 1:
        return vendors.get(pk=alike[0])
    if alike:
        return f"More than one vendor is called “{name}” in other letters: pick one from the list."
    if besides is not None and besides.name.casefold() == folded:
        return f"“{name}” is this vendor: a vendor cannot be merged into itself."
    return f"No vendor is called “{name}”: pick one from the list, or add it first."


@require_POST
def vendor_merge(request: HttpRequest, pk: int) -> HttpResponse:
    owner = _owner(request)
    absorbed = get_object_or_404(Vendor.objects.owned_by(owner), pk=pk)
    into = _chosen_vendor(request, owner, "into", besides=absorbed)
    if isinstance(into, str):
        messages.error(request, into)
        return redirect("vendor", pk=absorbed.pk)
    name = absorbed.name
    try:
        services.merge_vendors(owner, absorbed, into)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("vendor", pk=absorbed.pk)
    messages.success(request, f"{name} merged into {into}; its name is kept as an alias.")
    return redirect("vendor", pk=into.pk)


def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A kept file, as it came: a case's attachment, a receipt, a vendor's answer. Always a
    download (never shown in the page's origin: a file from elsewhere may be HTML)."""
    document = get_object_or_404(Document.objects.owned_by(_owner(request)), pk=pk)
    response = HttpResponse(
        bytes(document.content), content_type=document.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document.filename or f"document-{document.pk}"
    )
    return response
