"""The API object: authentication, error shapes and the routers of every resource."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.parser import Parser

import yourside
from yourside.api import schemas
from yourside.api.auth import AUTH
from yourside.api.cases import router as cases_router
from yourside.api.crud import crud_router
from yourside.api.imports import router as imports_router
from yourside.api.insights import router as insights_router
from yourside.api.learning import router as learning_router
from yourside.api.read import router as read_router
from yourside.book.models import Account, Agreement, Holding, Note, Transaction, Vendor
from yourside.book.search import text_contains
from yourside.errors import UserError, one_line


class BodyError(ValueError):
    """A request body that is not the JSON object every endpoint takes; says why in words."""


_JSON_KINDS = {list: "an array", str: "a string", bool: "true or false", type(None): "null"}


class ObjectParser(Parser):
    """JSON bodies, which must be objects: every endpoint's body is a set of named fields.

    Django Ninja's own parser takes any JSON: a PATCH with ``[1, 2]`` changed nothing and answered
    200 (an empty change), where the client had surely meant something else.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body)
        except json.JSONDecodeError as error:
            raise BodyError(
                f"The request body is not JSON: {error.msg} at line {error.lineno},"
                f" column {error.colno}."
            ) from None
        except UnicodeDecodeError:
            raise BodyError("The request body is not JSON: it is not UTF-8 text.") from None
        if not isinstance(data, dict):
            kind = _JSON_KINDS.get(type(data), "a number")
            raise BodyError(f"The request body must be a JSON object ({{…}}), not {kind}.")
        return data


api = NinjaAPI(
    title="Yourside API",
    version=yourside.__version__,
    description=(
        "Your relationship book over HTTP. Authenticate with a personal API token "
        "(`Authorization: Bearer ys_…`, made under API tokens in the web UI) or, from the web UI, "
        "with your session. Every call sees only the caller's own records."
    ),
    auth=AUTH,
    urls_namespace="api",
    parser=ObjectParser(),
)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Django Ninja turns any error of the parser into "Cannot parse request body": say why.
    cause = exc.__cause__
    detail = str(cause) if isinstance(cause, BodyError) else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


def _where(location: Any) -> str:
    """Where an error is: ``name`` for ``["body", "payload", "name"]``, ``limit (query)`` for
    ``["query", "limit"]``."""
    parts = [str(p) for p in location]
    source, fields = (parts[0], parts[1:]) if parts else ("body", [])
    if source == "body" and fields[:1] == ["payload"]:
        fields = fields[1:]
    named = ".".join(fields) or f"the request {source}"
    return named if source == "body" or not fields else f"{named} ({source})"


@api.exception_handler(RequestInvalid)
def request_invalid(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
    """One line, as every other error (``name: Field required``); the list stays in ``errors``."""
    said = "; ".join(f"{_where(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors)
    return api.create_response(request, {"detail": said, "errors": exc.errors}, status=422)


@api.exception_handler(UserError)
def user_error(request: HttpRequest, exc: UserError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=422)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": one_line(exc)}, status=422)


def _vendor_filter(records: QuerySet[Any], query: Any) -> QuerySet[Any]:
    if query.q:
        records = records.filter(
            text_contains("name", query.q) | text_contains("aliases", query.q, names=True)
        )
    return records


def _transaction_filter(records: QuerySet[Any], query: Any) -> QuerySet[Any]:
    if query.account is not None:
        records = records.filter(account_id=query.account)
    if query.vendor is not None:
        records = records.filter(vendor_id=query.vendor)
    if query.since is not None:
        records = records.filter(date__gte=query.since)
    if query.until is not None:
        records = records.filter(date__lte=query.until)
    return records


api.add_router(
    "/vendors",
    crud_router(
        Vendor,
        schemas.VendorIn,
        schemas.VendorOut,
        tag="vendors",
        filters=schemas.VendorFilters,
        filter_list=_vendor_filter,
    ),
)
api.add_router(
    "/accounts", crud_router(Account, schemas.AccountIn, schemas.AccountOut, tag="accounts")
)
api.add_router(
    "/transactions",
    crud_router(
        Transaction,
        schemas.TransactionIn,
        schemas.TransactionOut,
        tag="transactions",
        filters=schemas.TransactionFilters,
        filter_list=_transaction_filter,
    ),
)
api.add_router(
    "/agreements",
    crud_router(Agreement, schemas.AgreementIn, schemas.AgreementOut, tag="agreements"),
)
api.add_router(
    "/holdings", crud_router(Holding, schemas.HoldingIn, schemas.HoldingOut, tag="holdings")
)
api.add_router("/notes", crud_router(Note, schemas.NoteIn, schemas.NoteOut, tag="notes"))
api.add_router("/", read_router)
api.add_router("/", cases_router)
api.add_router("/", learning_router)
api.add_router("/", insights_router)
api.add_router("/", imports_router)


@csrf_exempt
@require_GET
def index(request: HttpRequest) -> JsonResponse:
    """``/api/`` itself: where the endpoints are described."""
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "docs": reverse("api:openapi-view"),
            "openapi": reverse("api:openapi-json"),
        }
    )


@csrf_exempt  # an API client sends no CSRF token: its POST to a wrong address is a 404 too
def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other address under ``/api/``: a 404 in JSON, as every other API error is."""
    return JsonResponse(
        {"detail": f"no API endpoint at /api/{rest}: the endpoints are listed at /api/docs"},
        status=404,
    )
