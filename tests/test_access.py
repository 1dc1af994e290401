"""No record of one user can be read or changed by another, page by page and endpoint by endpoint.

The tables below must name every page and every API operation: the coverage tests at the end fail
when a new route appears without an access test.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from yourside.api.root import api
from yourside.book.models import Vendor
from yourside.ingest import jobs
from yourside.portability import export_book

# name, kwargs built from alice's book
PAGES: list[tuple[str, dict[str, str]]] = [
    ("home", {}),
    ("vendors", {}),
    ("vendor", {"pk": "vendor"}),
    ("terms-edit", {"vendor_pk": "vendor"}),
    ("vendor-merge", {"pk": "vendor"}),
    ("answer-upload", {"pk": "vendor"}),
    ("answer", {"pk": "vendor", "document": "answer"}),
    ("answer-case", {"pk": "vendor", "document": "answer"}),
    ("transaction-vendor", {"pk": "transaction"}),
    ("transaction-not-transfer", {"pk": "transaction"}),
    ("accounts", {}),
    ("agreements", {}),
    ("holdings", {}),
    ("transactions", {}),
    ("tokens", {}),
    ("calendar", {}),
    ("calendar-rotate", {}),
    ("token-revoke", {"pk": "token"}),
    ("imports", {}),
    ("cases", {}),
    ("scorecards", {}),
    ("directory", {}),
    ("directory-add", {"slug": "fixed:netflix"}),
    ("insight-answer", {"pk": "insight", "action": "fixed:dismiss"}),
    ("case-new", {}),
    ("case-reply", {}),
    ("case", {"pk": "case"}),
    ("case-event", {"pk": "case"}),
    ("case-letter", {"pk": "case"}),
    ("case-send", {"pk": "case"}),
    ("import-undo", {"pk": "batch"}),
    ("import-map", {"pk": "pending"}),
    ("import-job", {"job_id": "job"}),
    ("document", {"pk": "document"}),
]
for slug, key in [
    ("vendors", "vendor"),
    ("accounts", "account"),
    ("agreements", "agreement"),
    ("holdings", "holding"),
    ("notes", "note"),
]:
    PAGES += [(f"{slug}-new", {}), (f"{slug}-edit", {"pk": key}), (f"{slug}-delete", {"pk": key})]

OPEN_PAGES = {"login", "logout", "healthz", "calendar-feed", "api-index"}  # api-index: links only

# Pages about one of alice's records (not those about public data such as the directory).
OBJECT_PAGES = [
    (name, kwargs)
    for name, kwargs in PAGES
    if any(not value.startswith("fixed:") for value in kwargs.values())
]

# method, path template, resource key in alice's book (None for collection endpoints)
API_CALLS: list[tuple[str, str, str | None]] = [("GET", "/api/export", None)]
for collection, key in [
    ("vendors", "vendor"),
    ("accounts", "account"),
    ("transactions", "transaction"),
    ("agreements", "agreement"),
    ("holdings", "holding"),
    ("notes", "note"),
]:
    API_CALLS += [
        ("GET", f"/api/{collection}/", None),
        ("POST", f"/api/{collection}/", None),
        ("GET", f"/api/{collection}/{{id}}", key),
        ("PUT", f"/api/{collection}/{{id}}", key),
        ("PATCH", f"/api/{collection}/{{id}}", key),
        ("DELETE", f"/api/{collection}/{{id}}", key),
    ]
API_CALLS += [
    ("GET", "/api/cases", None),
    ("GET", "/api/cases/{id}", "case"),
    ("POST", "/api/cases", None),
    ("POST", "/api/cases/replies", None),
    ("GET", "/api/insights", None),
    ("POST", "/api/insights/{id}/dismiss", "insight"),
    ("POST", "/api/transactions/{id}/vendor", "transaction"),
    ("POST", "/api/transactions/{id}/not-a-transfer", "transaction"),
    ("POST", "/api/vendors/{id}/merge", "vendor"),
    ("POST", "/api/cases/{id}/events", "case"),
    ("POST", "/api/imports", None),
    ("GET", "/api/imports", None),
    ("DELETE", "/api/imports/{id}", "batch"),
]


def _url(name: str, kwargs: dict[str, str], ids: dict[str, Any]) -> str:
    from django.urls import reverse

    values = {
        k: v.removeprefix("fixed:") if v.startswith("fixed:") else ids[v] for k, v in kwargs.items()
    }
    return reverse(name, kwargs=values)


@pytest.fixture
def ids(book: dict[str, Any], alice_token: str) -> dict[str, Any]:
    from yourside.exchange.models import ApiToken

    found = {key: record.pk for key, record in book.items()}
    found["token"] = ApiToken.objects.get(owner__username="alice").pk
    job = jobs.Job(id="a1" * 16, owner_id=book["vendor"].owner_id, filename="x.csv", size=1)
    jobs._JOBS[job.id] = job
    found["job"] = job.id
    return found


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_pages_require_sign_in(client: Client, ids: dict[str, Any], name: str, kwargs: Any) -> None:
    response = client.get(_url(name, kwargs, ids))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(("name", "kwargs"), OBJECT_PAGES)
def test_other_users_get_not_found(
    bob_client: Client, ids: dict[str, Any], name: str, kwargs: Any
) -> None:
    posts: tuple[str, ...] = ("-delete", "-revoke", "-undo", "-merge", "-vendor", "-event")
    posts = (*posts, "-send", "-answer", "-upload", "answer-case", "-not-transfer")
    method = bob_client.post if name.endswith(posts) else bob_client.get
    assert method(_url(name, kwargs, ids)).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), OBJECT_PAGES)
def test_other_users_cannot_post_changes(
    bob_client: Client, ids: dict[str, Any], book: dict[str, Any], name: str, kwargs: Any
) -> None:
    response = bob_client.post(_url(name, kwargs, ids), {"name": "Hijacked", "body": "x"})
    assert response.status_code == 404
    assert Vendor.objects.get(pk=ids["vendor"]).name == "Telco"


@pytest.mark.parametrize(
    "name",
    ["home", "vendors", "accounts", "agreements", "holdings", "transactions", "tokens", "imports"],
)
def test_lists_show_only_own_records(bob_client: Client, ids: dict[str, Any], name: str) -> None:
    body = bob_client.get(_url(name, {}, ids)).content.decode()
    assert "Telco" not in body
    assert "Fibre 100" not in body


def test_forms_offer_only_own_vendors(
    bob_client: Client, book: dict[str, Any], bob_book: dict[str, Any]
) -> None:
    body = bob_client.get("/agreements/new/").content.decode()
    assert f'value="{bob_book["vendor"].pk}"' in body
    assert f'value="{book["vendor"].pk}"' not in body


def test_form_rejects_another_users_vendor(bob_client: Client, book: dict[str, Any]) -> None:
    response = bob_client.post("/notes/new/", {"vendor": book["vendor"].pk, "body": "mine now"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not book["vendor"].notes.filter(body="mine now").exists()


def _payload(key: str | None, ids: dict[str, Any], path: str = "") -> dict[str, Any]:
    """A valid body for a write, so that only ownership can make it fail."""
    if path.endswith("/merge"):
        return {"into": ids["vendor"]}
    if path.endswith("/vendor"):
        return {"vendor": ids["vendor"]}
    bodies: dict[str, dict[str, Any]] = {
        "vendor": {"name": "Hijacked"},
        "account": {"name": "Hijacked"},
        "transaction": {
            "account": ids["account"],
            "date": "2026-01-01",
            "amount": "1.00",
            "currency": "EUR",
            "description": "Hijacked",
        },
        "agreement": {
            "vendor": ids["vendor"],
            "name": "Hijacked",
            "price": "1.00",
            "start_date": "2026-01-01",
        },
        "holding": {"name": "Hijacked"},
        "note": {"body": "Hijacked"},
        "case": {"kind": "note", "date": "2026-01-01", "note": "Hijacked"},
    }
    return bodies.get(key or "", {})


def _call(
    client: Client, method: str, path: str, token: str | None = None, body: Any = None
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.generic(
        method, path, data=json.dumps(body or {}), content_type="application/json", headers=headers
    )


@pytest.mark.parametrize(("method", "path", "key"), API_CALLS)
def test_api_requires_authentication(
    client: Client, ids: dict[str, Any], method: str, path: str, key: str | None
) -> None:
    response = _call(client, method, path.format(id=ids[key] if key else 0))
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "key"), API_CALLS)
def test_api_rejects_revoked_and_unknown_tokens(
    client: Client, ids: dict[str, Any], method: str, path: str, key: str | None
) -> None:
    response = _call(client, method, path.format(id=ids[key] if key else 0), "ys_not-a-token")
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "key"), [c for c in API_CALLS if c[2]])
def test_api_hides_other_users_records(
    client: Client, ids: dict[str, Any], bob_token: str, method: str, path: str, key: str
) -> None:
    response = _call(client, method, path.format(id=ids[key]), bob_token, _payload(key, ids, path))
    assert response.status_code == 404
    assert Vendor.objects.filter(pk=ids["vendor"], name="Telco").exists()
    assert "Hijacked" not in json.dumps(export_book(User.objects.get(username="alice")))


@pytest.mark.parametrize(
    ("method", "path", "key"), [c for c in API_CALLS if c[0] == "GET" and not c[2]]
)
def test_api_lists_only_own_records(
    client: Client, ids: dict[str, Any], bob_token: str, method: str, path: str, key: None
) -> None:
    body = _call(client, method, path, bob_token).content.decode()
    assert "Telco" not in body
    assert "Fibre 100" not in body


def test_api_refuses_reference_to_another_users_record(
    client: Client, book: dict[str, Any], bob_token: str
) -> None:
    payload = {"vendor": book["vendor"].pk, "body": "sneaky"}
    response = client.post(
        "/api/notes/",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {bob_token}",
    )
    assert response.status_code == 422
    assert "no vendor with id" in response.json()["detail"]


def test_session_api_calls_need_csrf(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/api/vendors/", {"name": "X"}, content_type="application/json")
    assert response.status_code in {401, 403}
    assert not Vendor.objects.filter(name="X").exists()


def _named_routes(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("api/"):
                continue
            names |= _named_routes(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_page_has_an_access_test() -> None:
    covered = {name for name, _ in PAGES} | OPEN_PAGES
    assert _named_routes(get_resolver().url_patterns) == covered


def test_every_api_operation_has_an_access_test() -> None:
    schema = api.get_openapi_schema()
    operations = {
        (method.upper(), re.sub(r"\{\w+_id\}", "{id}", path).replace("{action}", "dismiss"))
        for path, item in schema["paths"].items()
        for method in item
    }
    assert operations == {(method, path) for method, path, _ in API_CALLS}


@pytest.mark.parametrize(
    "name", ["home", "vendors", "agreements", "transactions", "cases", "imports"]
)
def test_an_outsider_with_an_empty_book_sees_none_of_it(
    charlie: User, book: dict[str, Any], name: str
) -> None:
    client = Client()
    client.force_login(charlie)
    body = client.get(_url(name, {}, {})).content.decode()
    assert "Telco" not in body
    assert "Fibre 100" not in body


def test_an_outsiders_token_lists_nothing(
    charlie: User, book: dict[str, Any], client: Client
) -> None:
    from yourside.exchange.services import create_token

    token = create_token(charlie, "outsider")[1]
    for path in [
        "/api/vendors/",
        "/api/transactions/",
        "/api/cases",
        "/api/insights",
        "/api/imports",
    ]:
        response = _call(client, "GET", path, token)
        assert response.status_code == 200, path
        assert "Telco" not in response.content.decode(), path
    assert _call(client, "GET", f"/api/vendors/{book['vendor'].pk}", token).status_code == 404
