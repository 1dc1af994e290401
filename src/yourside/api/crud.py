"""List, create, read, update and delete endpoints for one record type of the book.

This module does not use ``from __future__ import annotations``: django-ninja reads the endpoint
functions' annotations at runtime, and here they are the schema classes passed in as arguments.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.db.models import CharField, Field, ForeignKey, QuerySet, TextField
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import PatchDict, Query, Router, Schema, Status
from ninja.pagination import paginate

from yourside.api.schemas import Page
from yourside.book import services
from yourside.book.models import Owned


def owner_of(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def _fields(
    model: type[Owned], schema: type[Schema], data: dict[str, Any], *, replace: bool = False
) -> dict[str, Any]:
    """Schema field names to model attributes: a foreign key ``vendor`` arrives as its id.

    A text field sent as null means empty. With ``replace`` (PUT), a field left out goes back to
    its default, as a full replacement should.
    """
    if replace:
        for name in schema.model_fields:
            if name not in data:
                field = model._meta.get_field(name)
                if isinstance(field, Field):
                    data[name] = field.get_default()
    out = {}
    for name, value in data.items():
        field = model._meta.get_field(name)
        if value is None and isinstance(field, CharField | TextField) and not field.null:
            value = ""
        out[field.attname if isinstance(field, ForeignKey) else name] = value
    return out


def crud_router(
    model: type[Owned],
    schema_in: type[Schema],
    schema_out: type[Schema],
    *,
    tag: str,
    filter_list: Callable[[QuerySet[Any], Any], QuerySet[Any]] | None = None,
    filters: type[Schema] | None = None,
) -> Router:
    """A router with the five operations on ``model``, every one scoped to the caller's book."""
    router = Router(tags=[tag])
    name = model._meta.verbose_name
    slug = model._meta.model_name

    def owned(request: HttpRequest) -> QuerySet[Any]:
        return model.objects.owned_by(owner_of(request))

    list_route = router.get(
        "/",
        response=list[schema_out],  # type: ignore[valid-type]
        summary=f"List {name} records",
        operation_id=f"list_{slug}",
    )
    if filters is None or filter_list is None:
        # No filters, no query parameters but the page's: an empty filter schema would be a
        # required parameter of its own, and every list would answer 422.
        @list_route
        @paginate(Page)
        def list_records(request: HttpRequest) -> Any:
            return owned(request)

    else:
        list_filter = filter_list

        @list_route
        @paginate(Page)
        def list_filtered(request: HttpRequest, query: Query[filters]) -> Any:  # type: ignore[valid-type]
            return list_filter(owned(request), query)

    @router.post(
        "/", response={201: schema_out}, summary=f"Create a {name}", operation_id=f"create_{slug}"
    )
    def create(request: HttpRequest, payload: schema_in) -> Any:  # type: ignore[valid-type]
        data = _fields(model, schema_in, payload.dict(exclude_unset=True))  # type: ignore[attr-defined]
        return Status(201, services.create_record(owner_of(request), model, data))

    @router.get(
        "/{int:record_id}",
        response=schema_out,
        summary=f"Read a {name}",
        operation_id=f"read_{slug}",
    )
    def read(request: HttpRequest, record_id: int) -> Any:
        return get_object_or_404(owned(request), pk=record_id)

    @router.put(
        "/{int:record_id}",
        response=schema_out,
        summary=f"Replace a {name}",
        operation_id=f"replace_{slug}",
    )
    def replace(request: HttpRequest, record_id: int, payload: schema_in) -> Any:  # type: ignore[valid-type]
        record = get_object_or_404(owned(request), pk=record_id)
        data = _fields(model, schema_in, payload.dict(exclude_unset=True), replace=True)  # type: ignore[attr-defined]
        return services.update_record(record, data)

    @router.patch(
        "/{int:record_id}",
        response=schema_out,
        summary=f"Change fields of a {name}",
        operation_id=f"change_{slug}",
    )
    def change(request: HttpRequest, record_id: int, payload: PatchDict[schema_in]) -> Any:  # type: ignore[valid-type]
        record = get_object_or_404(owned(request), pk=record_id)
        return services.update_record(record, _fields(model, schema_in, dict(payload)))

    @router.delete(
        "/{int:record_id}",
        response={204: None},
        summary=f"Delete a {name}",
        operation_id=f"delete_{slug}",
    )
    def remove(request: HttpRequest, record_id: int) -> Any:
        services.delete_record(get_object_or_404(owned(request), pk=record_id))
        return Status(204, None)

    return router
