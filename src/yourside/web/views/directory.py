"""The bundled directory of companies' privacy contacts (datarequests.org, CC0), searchable."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yourside.book.models import Vendor
from yourside.book.services import add_vendor, update_record
from yourside.core import directory
from yourside.core import vendormatch as vm
from yourside.errors import one_line
from yourside.web.views.common import owner_of as _owner


def directory_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = directory.search(query, limit=25) if query else []
    template = (
        "web/_directory_rows.html" if request.headers.get("HX-Request") else "web/directory.html"
    )
    return render(
        request,
        template,
        {"query": query, "results": results, "attribution": directory.ATTRIBUTION},
    )


def _host(url: str) -> str:
    return urlsplit(url if "//" in url else f"//{url}").hostname or ""


def _already_there(owner: User, company: directory.Company) -> Vendor | None:
    """The customer's vendor that is this company: one at its web address, or one whose name is
    the company's name or the start of it ("Netflix" for "Netflix International B.V.", legal
    forms left out) and that the directory takes for this company. Not by the brands a company
    runs: a vendor "LinkedIn" is not Microsoft."""
    key = vm.name_key(company.name)
    host = _host(company.web).removeprefix("www.")
    for vendor in Vendor.objects.owned_by(owner).only("name", "aliases", "website"):
        if host and _host(vendor.website).removeprefix("www.") == host:
            return vendor
        mine = vm.name_key(vendor.name)
        if mine and (key == mine or key.startswith(f"{mine} ")):
            found = directory.match_vendor(vendor.name, vendor.aliases, vendor.website)
            if found is not None and found.slug == company.slug:
                return vendor
    return None


@require_POST
def directory_add(request: HttpRequest, slug: str) -> HttpResponse:
    company = directory.company(slug)
    if company is None:
        raise Http404("No such company in the directory")
    owner = _owner(request)
    existing = _already_there(owner, company)
    if existing is not None:
        # The company is one of theirs already ("Spotify" for "Spotify AB"): what it lacks of
        # the directory's contact is filled in, nothing it has is overwritten.
        missing = {
            name: value
            for name, value in (
                ("privacy_email", company.email),
                ("address", company.address),
                ("website", company.web),
            )
            if value and not getattr(existing, name)
        }
        try:
            if missing:
                update_record(existing, missing)
        except ValidationError as error:
            messages.error(request, f"{existing}: {one_line(error)}")
            return redirect("vendor", pk=existing.pk)
        said = "its privacy contact added from the directory" if missing else "nothing to add"
        messages.success(request, f"{existing} is one of your vendors already: {said}.")
        return redirect("vendor", pk=existing.pk)
    try:
        vendor = add_vendor(
            owner,
            company.name,
            website=company.web,
            privacy_email=company.email,
            address=company.address,
            aliases=list(company.aliases),
            country=next((c for c in company.countries if len(c) == 2), ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("directory")
    messages.success(request, f"{vendor} added with its privacy contact from the directory.")
    return redirect("vendor", pk=vendor.pk)
