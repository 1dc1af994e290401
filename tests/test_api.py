"""The REST API with a personal token: CRUD, filters, errors as 4xx with a one-line detail."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client

from yourside.book.models import Agreement, Vendor
from yourside.exchange.models import ApiToken
from yourside.exchange.services import revoke_token


def call(client: Client, method: str, path: str, token: str, body: Any = None) -> Any:
    data = body if isinstance(body, str) else json.dumps(body) if body is not None else ""
    return client.generic(
        method,
        path,
        data=data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_vendor_crud(client: Client, alice_token: str) -> None:
    created = call(client, "POST", "/api/vendors/", alice_token, {"name": "Acme", "country": "gb"})
    assert created.status_code == 201
    vendor = created.json()
    assert (vendor["name"], vendor["country"], vendor["source"]) == ("Acme", "GB", "manual")
    path = f"/api/vendors/{vendor['id']}"
    assert call(client, "GET", path, alice_token).json()["name"] == "Acme"
    changed = call(client, "PATCH", path, alice_token, {"website": "https://acme.example"})
    assert changed.json()["website"] == "https://acme.example"
    assert changed.json()["name"] == "Acme"
    assert call(client, "DELETE", path, alice_token).status_code == 204
    assert call(client, "GET", path, alice_token).status_code == 404


def test_list_is_paginated_and_filtered(client: Client, alice_token: str, book: Any) -> None:
    body = call(client, "GET", "/api/vendors/?q=tel&limit=10", alice_token).json()
    assert body["count"] == 1
    assert body["items"][0]["name"] == "Telco"
    assert call(client, "GET", "/api/vendors/?q=zzz", alice_token).json()["count"] == 0


@pytest.mark.parametrize(
    ("path", "least"),
    [
        ("/api/accounts/", 1),
        ("/api/agreements/", 1),
        ("/api/holdings/", 0),
        ("/api/notes/", 0),
        ("/api/vendors/", 1),
        ("/api/transactions/", 1),
    ],
)
def test_every_list_answers_with_a_page(
    client: Client, alice_token: str, book: Any, path: str, least: int
) -> None:
    response = call(client, "GET", f"{path}?limit=5&offset=0", alice_token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] >= least
    assert len(body["items"]) == min(body["count"], 5)


@pytest.mark.parametrize("aliases", [[None, 5, {"x": 1}], "Acme Ltd", [["Acme"]]])
def test_aliases_that_are_not_names_are_refused(
    client: Client, alice: Any, alice_token: str, aliases: Any
) -> None:
    response = call(
        client, "POST", "/api/vendors/", alice_token, {"name": "Al", "aliases": aliases}
    )
    assert response.status_code == 422
    assert not Vendor.objects.filter(owner=alice).exists()


def test_a_vendor_with_aliases_that_are_not_text_is_never_saved(alice: Any) -> None:
    from django.core.exceptions import ValidationError

    from yourside.book.services import create_record

    with pytest.raises(ValidationError, match="list of names"):
        create_record(alice, Vendor, {"name": "Al", "aliases": [None]})


@pytest.mark.parametrize(
    "query",
    [
        "/api/transactions/?offset=99999999999999999999",
        "/api/transactions/?account=99999999999999999999",
        "/api/vendors/?limit=99999999999999999999",
        "/api/vendors/?limit=10001",
        "/api/cases?offset=99999999999999999999",
    ],
)
def test_numbers_too_large_for_the_store_are_a_4xx(
    client: Client, alice_token: str, book: Any, query: str
) -> None:
    response = call(client, "GET", query, alice_token)
    assert response.status_code == 422
    assert "less than or equal" in json.dumps(response.json()["detail"])


def test_transactions_are_signed_decimal_strings(
    client: Client, alice_token: str, book: Any
) -> None:
    items = call(client, "GET", "/api/transactions/?since=2026-01-01", alice_token).json()["items"]
    assert items[0]["amount"] == "-39.99"
    assert items[0]["account"] == book["account"].pk


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_transaction_dated_out_of_this_world_is_refused(
    client: Client, alice_token: str, book: Any, day: str
) -> None:
    body = {
        "account": book["account"].pk,
        "date": day,
        "amount": "-1.00",
        "currency": "EUR",
        "description": "x",
    }
    response = call(client, "POST", "/api/transactions/", alice_token, body)
    assert response.status_code == 422
    assert "date: a date from 1900 to 2199" in json.dumps(response.json())
    transaction = call(client, "GET", "/api/transactions/", alice_token).json()["items"][0]
    response = call(
        client, "PATCH", f"/api/transactions/{transaction['id']}", alice_token, {"date": day}
    )
    assert response.status_code == 422


def test_agreement_shows_its_cancel_by_date(client: Client, alice_token: str, book: Any) -> None:
    body = call(client, "GET", f"/api/agreements/{book['agreement'].pk}", alice_token).json()
    # Fibre 100 started on 1 Jan 2025 for 24 months with a month's notice: it renews every other
    # 1 January, and notice is due a month before the first renewal whose deadline is still ahead
    # (which is not the next renewal in the last month before one).
    cancel_by = date.fromisoformat(body["cancel_by"])
    renewal = cancel_by + relativedelta(months=1)
    assert cancel_by >= date.today()
    assert (renewal.month, renewal.day, (renewal.year - 2025) % 2) == (1, 1, 0)
    assert date.fromisoformat(body["next_renewal"]) <= renewal
    assert date.fromisoformat(body["cancel_by_stops"]) == renewal  # the renewal notice stops


def test_create_agreement_refers_to_vendor_by_id(
    client: Client, alice_token: str, book: Any
) -> None:
    payload = {
        "vendor": book["vendor"].pk,
        "name": "TV",
        "price": "9.99",
        "start_date": "2026-01-01",
        "billing_cycle": "monthly",
    }
    response = call(client, "POST", "/api/agreements/", alice_token, payload)
    assert response.status_code == 201
    assert response.json()["vendor"] == book["vendor"].pk


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"term_months": 12, "renewal_months": 120000}, "renewal_months"),
        ({"term_months": 99999}, "term_months"),
        ({"notice": 5000, "notice_unit": "days"}, "notice"),
        ({"start_date": "9999-01-01"}, "start_date"),
    ],
)
def test_terms_past_the_calendar_are_refused_and_break_nothing(
    client: Client, alice_client: Client, alice_token: str, book: Any, terms: Any, field: str
) -> None:
    payload = {
        "vendor": book["vendor"].pk,
        "name": "Forever",
        "price": "1",
        "start_date": "2025-01-01",
        **terms,
    }
    response = call(client, "POST", "/api/agreements/", alice_token, payload)
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert not Agreement.objects.filter(name="Forever").exists()
    assert alice_client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("resource", "fields", "said"),
    [
        ("holdings", {"warranty_end": "9999-12-31"}, "warranty_end: a date from 1900 to 2199"),
        ("holdings", {"purchase_date": "1066-10-14"}, "purchase_date: a date from 1900 to 2199"),
        ("holdings", {"purchase_price": "-5.00"}, "purchase_price: a price of 0 or more"),
        (
            "holdings",
            {"purchase_date": "2026-05-01", "warranty_end": "2026-04-30"},
            "warranty_end: the warranty ends before the purchase date",
        ),
        ("notes", {"body": "x", "written_on": "0001-01-01"}, "written_on: a date from 1900"),
    ],
)
def test_dates_and_prices_no_record_can_have_are_refused(
    client: Client, alice_token: str, resource: str, fields: dict[str, str], said: str
) -> None:
    body = {"name": "Kettle", **fields} if resource == "holdings" else fields
    response = call(client, "POST", f"/api/{resource}/", alice_token, body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(said)


def test_invalid_value_is_422_with_a_readable_detail(client: Client, alice_token: str) -> None:
    response = call(client, "POST", "/api/vendors/", alice_token, {"name": "X", "country": "QQ"})
    assert response.status_code == 422
    assert (
        response.json()["detail"]
        == "country: 'QQ' is not a country code: use two letters, e.g. DE or GB."
    )
    assert not Vendor.objects.filter(name="X").exists()


def test_duplicate_name_is_422(client: Client, alice_token: str, book: Any) -> None:
    response = call(client, "POST", "/api/vendors/", alice_token, {"name": "Telco"})
    assert response.status_code == 422
    assert "already have a vendor" in response.json()["detail"]


def test_malformed_json_is_400_saying_where(client: Client, alice_token: str) -> None:
    response = call(client, "POST", "/api/vendors/", alice_token, "{not json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The request body is not JSON: Expecting property name enclosed in double quotes"
        " at line 1, column 2."
    )


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
@pytest.mark.parametrize(("body", "kind"), [("[1, 2]", "an array"), ('"Acme"', "a string")])
def test_a_body_that_is_not_an_object_is_400_and_changes_nothing(
    client: Client, alice_token: str, book: Any, method: str, body: str, kind: str
) -> None:
    # Django Ninja's own parser took any JSON: a PATCH with an array answered 200, an empty change.
    vendor = book["vendor"]
    path = "/api/vendors/" if method == "POST" else f"/api/vendors/{vendor.pk}"
    response = call(client, method, path, alice_token, body)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        f"The request body must be a JSON object ({{…}}), not {kind}."
    )
    stored = Vendor.objects.get(pk=vendor.pk)
    assert (stored.name, stored.updated_at) == (vendor.name, vendor.updated_at)
    assert Vendor.objects.count() == 1


def test_missing_field_is_422_in_one_line(client: Client, alice_token: str) -> None:
    response = call(client, "POST", "/api/vendors/", alice_token, {"country": "DE"})
    assert response.status_code == 422
    assert response.json()["detail"] == "name: Field required"
    assert response.json()["errors"][0]["loc"] == ["body", "payload", "name"]


def test_a_bad_query_parameter_is_422_naming_it(client: Client, alice_token: str) -> None:
    response = call(client, "GET", "/api/vendors/?limit=0", alice_token)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "limit (query): Input should be greater than or equal to 1"
    )


@pytest.mark.parametrize("name", ["Tel\nco", "Acme\tLtd", "Nul\u0000"])
def test_a_name_of_more_than_one_line_is_refused(
    client: Client, alice_token: str, book: Any, name: str
) -> None:
    body = {"name": name}
    response = call(client, "POST", "/api/vendors/", alice_token, body)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "name: must be one line: no line breaks, tabs or other control characters"
    )
    renamed = call(client, "PATCH", f"/api/vendors/{book['vendor'].pk}", alice_token, body)
    assert renamed.status_code == 422
    assert [v.name for v in Vendor.objects.all()] == ["Telco"]


def test_an_alias_of_more_than_one_line_is_refused(
    client: Client, alice_token: str, book: Any
) -> None:
    path = f"/api/vendors/{book['vendor'].pk}"
    response = call(client, "PATCH", path, alice_token, {"aliases": ["TELCO", "x\ny"]})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("aliases: must be one line")


def test_a_description_sent_back_unchanged_is_not_refused(
    client: Client, alice_token: str, book: Any
) -> None:
    # As a bank sent it, imported with its line break: a PUT that sends it back changes nothing.
    line = book["transaction"]
    line.description = "SEPA DIRECT DEBIT\nTELCO GMBH"
    line.save()
    got = call(client, "GET", f"/api/transactions/{line.pk}", alice_token).json()
    body = {k: got[k] for k in ("account", "date", "amount", "currency", "description")}
    response = call(client, "PUT", f"/api/transactions/{line.pk}", alice_token, body)
    assert response.status_code == 200, response.json()


def test_vendors_differing_only_in_capitals_from_before_stay_editable(
    client: Client, alice_token: str, book: Any
) -> None:
    twin = Vendor.objects.create(owner=book["vendor"].owner, name="TELCO")  # as stored before
    response = call(client, "PATCH", f"/api/vendors/{twin.pk}", alice_token, {"country": "DE"})
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["telco", "TELCO", "TelCo"])
def test_a_name_that_differs_only_in_capitals_is_the_same_vendor(
    client: Client, alice_token: str, book: Any, name: str
) -> None:
    response = call(client, "POST", "/api/vendors/", alice_token, {"name": name})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "name: You already have a vendor called “Telco”: names that differ only in capitals are"
        " one vendor (rename that one, or merge into it)."
    )
    assert [v.name for v in Vendor.objects.all()] == ["Telco"]
    # A vendor's own name in other capitals is a rename, not a second vendor.
    path = f"/api/vendors/{book['vendor'].pk}"
    assert call(client, "PATCH", path, alice_token, {"name": name}).json()["name"] == name


def test_capitals_are_compared_beyond_ascii(client: Client, alice_token: str) -> None:
    assert call(client, "POST", "/api/vendors/", alice_token, {"name": "Müller"}).status_code == 201
    response = call(client, "POST", "/api/vendors/", alice_token, {"name": "MÜLLER"})
    assert response.status_code == 422


@pytest.mark.parametrize("path", ["/api/", "/api/vendors/", "/api/insights", "/api/openapi.json"])
def test_head_is_answered_wherever_get_is(client: Client, alice_token: str, path: str) -> None:
    got = call(client, "GET", path, alice_token)
    head = call(client, "HEAD", path, alice_token)
    assert (head.status_code, got.status_code) == (200, 200)
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert int(head["Content-Length"]) == len(got.content)


def test_head_where_there_is_no_get_is_a_405(client: Client, alice_token: str) -> None:
    response = call(client, "HEAD", "/api/cases/replies", alice_token)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_revoked_token_is_refused(client: Client, alice: Any, alice_token: str) -> None:
    assert call(client, "GET", "/api/vendors/", alice_token).status_code == 200
    revoke_token(alice, ApiToken.objects.get(owner=alice).pk)
    assert call(client, "GET", "/api/vendors/", alice_token).status_code == 401


def test_tokens_are_stored_only_as_hashes(alice: Any, alice_token: str) -> None:
    token = ApiToken.objects.get(owner=alice)
    assert alice_token not in {token.digest, token.prefix}
    assert alice_token.startswith(token.prefix)


def test_session_works_for_the_web_ui(alice_client: Client, book: Any) -> None:
    assert alice_client.get("/api/vendors/").json()["count"] == 1


def test_export_endpoint(client: Client, alice_token: str, book: Any) -> None:
    document = call(client, "GET", "/api/export", alice_token).json()
    assert document["format"] == "yourside-book"


def test_openapi_document_is_served(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Yourside API"
    assert "/api/vendors/" in schema["paths"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    # Swagger UI from the package: a home server may have no internet.
    page = docs.content.decode()
    assert "cdn." not in page
    script = page.split('src="')[1].split('"')[0]
    assert script.endswith("swagger-ui-bundle.js")
    assert client.get(script).status_code == 200


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
@pytest.mark.parametrize("path", ["/api/nope", "/api/vendors/1/nope", "/api/vendors"])
def test_an_address_no_endpoint_has_is_a_json_404(alice_token: str, method: str, path: str) -> None:
    # As a client outside the browser sends it: with a token, without a CSRF token.
    response = call(Client(enforce_csrf_checks=True), method, path, alice_token, {})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "no API endpoint at /api/" in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("PUT", "/api/vendors/", "GET, HEAD, POST"), ("POST", "/api/insights", "GET, HEAD")],
)
def test_a_method_an_endpoint_lacks_is_a_json_405(
    client: Client, alice_token: str, method: str, path: str, allowed: str
) -> None:
    response = call(client, method, path, alice_token, {})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == allowed
    assert response.json()["detail"] == f"{method} is not allowed at {path}: use {allowed}"


def test_the_api_address_itself_says_where_the_endpoints_are(client: Client) -> None:
    body = client.get("/api/").json()
    assert body["name"] == "Yourside API"
    assert client.get(body["docs"]).status_code == 200
    assert client.get(body["openapi"]).json()["info"]["title"] == "Yourside API"
    refused = Client(enforce_csrf_checks=True).post("/api/")
    assert (refused.status_code, refused["Allow"]) == (405, "GET, HEAD")


def test_only_the_last_digits_of_an_account_number_are_kept(
    client: Client, alice_token: str
) -> None:
    body = {"name": "Giro", "kind": "checking", "number_hint": "DE89 3704 0044 0532 0130 00"}
    response = call(client, "POST", "/api/accounts/", alice_token, body)
    assert response.status_code == 201
    assert response.json()["number_hint"] == "3000"
