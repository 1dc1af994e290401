"""The bundled directory of companies' privacy contacts (datarequests.org, CC0), searchable."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yourside.book.models import Vendor
from yourside.book.services import add_vendor
from yourside.core import directory
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


@require_POST
def directory_add(request: HttpRequest, slug: str) -> HttpResponse:
    company = directory.company(slug)
    if company is None:
        raise Http404("No such company in the directory")
    owner = _owner(request)
    existing = Vendor.objects.owned_by(owner).filter(name__iexact=company.name).first()
    if existing is not None:
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
