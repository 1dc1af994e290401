"""What a signed-in customer sees and can do on each page."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal
from django.db import connection
from django.test import Client

from yourside.book.models import Account, Agreement, Holding, Note, Terms, Transaction, Vendor
from yourside.core.recurrence import Payment
from yourside.core.spend import monthly_totals
from yourside.core.trends import spend_by_period
from yourside.web.views.pages import VENDORS_PER_PAGE, by_month


def test_sign_in_page_signs_in(client: Client, alice: Any) -> None:
    response = client.post("/login/", {"username": "alice", "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_with_a_message(client: Client, alice: Any) -> None:
    response = client.post("/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_home_of_an_empty_book_says_what_to_do(alice_client: Client) -> None:
    body = alice_client.get("/").content.decode()
    assert "Your book is empty" in body
    assert 'href="/vendors/new/"' in body


def test_home_feed_shows_an_upcoming_cancel_by_date(
    alice_client: Client, book: dict[str, Any]
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from yourside.core.periods import add_months

    agreement = book["agreement"]
    agreement.start_date = add_months(timezone.localdate(), -11)
    agreement.term_months, agreement.notice = 12, 14
    agreement.notice_unit = "days"
    agreement.save()
    body = alice_client.get("/").content.decode()
    assert "Needs your attention" in body
    cancel_by = add_months(timezone.localdate(), 1) - timedelta(days=14)
    assert f"Cancel Fibre 100 by {format_date(cancel_by, locale='en_US')}" in body
    assert "Latest transactions" in body


def test_vendor_search_filters_and_htmx_gets_rows_only(
    alice_client: Client, book: dict[str, Any]
) -> None:
    Vendor.objects.create(owner=book["vendor"].owner, name="Gym Co")
    full = alice_client.get("/vendors/", {"q": "telc"}).content.decode()
    assert "Telco" in full
    assert "Gym Co" not in full
    assert "<html" in full
    rows = alice_client.get("/vendors/", {"q": "gym"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Gym Co" in rows
    assert "<html" not in rows


def test_vendor_page_shows_the_whole_relationship(
    alice_client: Client, book: dict[str, Any]
) -> None:
    body = alice_client.get(f"/vendors/{book['vendor'].pk}/").content.decode()
    for expected in [
        "Telco",
        "Fibre 100",
        "Router",
        "SN1",
        "Outage",
        "They promised a refund",
        "Contract",
        "TELCO GMBH RECHNUNG 1",
        "-€39.99",
    ]:
        assert expected in body, expected
    assert "<svg" in body  # the spend chart


def test_money_follows_the_browsers_locale(alice_client: Client, book: dict[str, Any]) -> None:
    body = alice_client.get(
        f"/vendors/{book['vendor'].pk}/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9"
    ).content.decode()
    assert "39,99\xa0€" in body


def test_create_vendor_from_the_form(alice_client: Client, alice: Any) -> None:
    response = alice_client.post(
        "/vendors/new/",
        {"name": "Acme", "category": "shop", "country": "gb", "aliases": "ACME LTD, ACME*"},
    )
    vendor = Vendor.objects.get(owner=alice, name="Acme")
    assert response["Location"] == f"/vendors/{vendor.pk}/"
    assert vendor.country == "GB"
    assert vendor.aliases == ["ACME LTD", "ACME*"]


def test_duplicate_vendor_name_is_a_form_error(alice_client: Client, book: dict[str, Any]) -> None:
    response = alice_client.post("/vendors/new/", {"name": "Telco", "category": "other"})
    assert response.status_code == 200
    assert "already have a vendor with this name" in response.content.decode()


def test_bad_country_is_a_form_error(alice_client: Client) -> None:
    response = alice_client.post(
        "/vendors/new/", {"name": "X", "category": "other", "country": "QQ"}
    )
    assert "is not a country code" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [
        ("de-DE", "12,50", "12.50"),
        ("de-DE", "1.234,50", "1234.50"),
        ("de-DE", "12.50", "12.50"),  # "12.50" groups nothing in German: the plain number
        ("de-DE", "12,50 €", "12.50"),
        ("en-US", "1,234.50", "1234.50"),
        ("en-US", "12,50", "12.50"),  # "12,50" groups nothing in English: a decimal comma
        ("en-US", "$12.50", "12.50"),
        ("fr-FR", "1 234,50 EUR", "1234.50"),
    ],
)
def test_an_amount_is_read_as_the_reader_writes_it(
    alice_client: Client, alice: Any, language: str, typed: str, stored: str
) -> None:
    data = {"name": "Kettle", "kind": "product", "purchase_price": typed, "currency": "EUR"}
    response = alice_client.post("/holdings/new/", data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    holding = Holding.objects.get(owner=alice)
    assert str(holding.purchase_price) == stored
    edit = alice_client.get(f"/holdings/{holding.pk}/edit/", HTTP_ACCEPT_LANGUAGE=language)
    shown = format_decimal(Decimal(stored), format="0.00", locale=language.replace("-", "_"))
    assert f'value="{shown}"' in edit.content.decode()  # shown as it is typed, and read back


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("de-DE", "1,234.50"),
        ("en-US", "12,5,0"),
        ("de-DE", "12 50"),  # not 1250: a space only between groups of three
        ("en-US", "1e5"),
        ("en-US", "5x2"),
        ("en-US", "1O0"),
    ],
)
def test_an_amount_that_reads_two_ways_is_refused(
    alice_client: Client, alice: Any, language: str, typed: str
) -> None:
    data = {"name": "Kettle", "kind": "product", "purchase_price": typed, "currency": "EUR"}
    response = alice_client.post("/holdings/new/", data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    example = "1.234,50" if language == "de-DE" else "1,234.50"
    assert response.context["form"].errors["purchase_price"] == [
        f"“{typed}” is not an amount: write it as {example} or 1234.50."
    ]
    assert 'inputmode="decimal"' in response.content.decode()
    assert not Holding.objects.exists()


def test_edit_agreement(alice_client: Client, book: dict[str, Any]) -> None:
    agreement = book["agreement"]
    form = alice_client.get(f"/agreements/{agreement.pk}/edit/").content.decode()
    assert 'value="Fibre 100"' in form
    data = {
        "name": "Fibre 250",
        "vendor": book["vendor"].pk,
        "kind": "contract",
        "price": "49.99",
        "currency": "EUR",
        "billing_cycle": "monthly",
        "start_date": "2025-01-01",
        "term_months": "24",
        "auto_renews": "on",
        "notice": "1",
        "notice_unit": "months",
        "status": "active",
    }
    response = alice_client.post(f"/agreements/{agreement.pk}/edit/", data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.name, str(agreement.price)) == ("Fibre 250", "49.99")


def test_renaming_a_vendor_on_the_web_keeps_its_old_name_as_an_alias(
    alice_client: Client, alice: Any
) -> None:
    vendor = Vendor.objects.create(owner=alice, name="Tesco", aliases=["tesco express"])
    response = alice_client.post(
        f"/vendors/{vendor.pk}/edit/",
        {"name": "Tesco Stores Ltd", "aliases": "tesco express", "category": "groceries"},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    vendor.refresh_from_db()
    assert vendor.name == "Tesco Stores Ltd"
    assert "Tesco" in vendor.aliases
    assert "tesco express" in vendor.aliases


def test_the_spend_trend_counts_whole_months_only(alice_client: Client, alice: Any) -> None:
    """A bill paid on the 28th of every month, none yet this month: the same spending."""
    from django.utils import timezone

    from yourside.core.periods import add_months

    account = Account.objects.create(owner=alice, name="Current", currency="EUR")
    vendor = Vendor.objects.create(owner=alice, name="Vodafone")
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    for back in range(36):
        Transaction.objects.create(
            owner=alice,
            account=account,
            vendor=vendor,
            date=add_months(last_month.replace(day=28), -back),
            amount=Decimal("-19.99"),
            currency="EUR",
            description="VODAFONE",
        )
    page = alice_client.get(f"/vendors/{vendor.pk}/").content.decode()
    trend = page.split('<p id="trend">')[1].split("</p>")[0]
    first = add_months(last_month, -11)
    months = f"from {first:%b %Y} to {last_month:%b %Y}"  # whole months, named
    assert f"You spent 239.88 {months}, about the same" in trend


def test_negative_price_is_refused(alice_client: Client, book: dict[str, Any]) -> None:
    data = {
        "name": "X",
        "vendor": book["vendor"].pk,
        "kind": "subscription",
        "price": "-1",
        "currency": "EUR",
        "billing_cycle": "monthly",
        "start_date": "2025-01-01",
        "notice": "0",
        "notice_unit": "days",
        "status": "active",
    }
    response = alice_client.post("/agreements/new/", data)
    assert response.status_code == 200
    assert not Agreement.objects.filter(name="X").exists()


def test_add_note_from_the_vendor_page(alice_client: Client, book: dict[str, Any]) -> None:
    vendor = book["vendor"]
    response = alice_client.post(
        f"/notes/new/?vendor={vendor.pk}",
        {"vendor": vendor.pk, "body": "Called again.", "written_on": "2026-11-20"},
    )
    assert response["Location"] == f"/vendors/{vendor.pk}/"
    assert Note.objects.filter(vendor=vendor, body="Called again.").exists()


def test_delete_asks_for_post(alice_client: Client, book: dict[str, Any]) -> None:
    url = f"/holdings/{book['holding'].pk}/delete/"
    assert alice_client.get(url).status_code == 405
    assert alice_client.post(url).status_code == 302
    assert not book["vendor"].holdings.exists()


def test_set_terms(alice_client: Client, book: dict[str, Any]) -> None:
    vendor = book["vendor"]
    response = alice_client.post(
        f"/vendors/{vendor.pk}/terms/",
        {"channels": ["email", "post"], "purposes": ["service"], "vendor_response": "pending"},
    )
    assert response.status_code == 302
    terms = Terms.objects.get(vendor=vendor)
    assert terms.channels == ["email", "post"]


def test_token_is_shown_once_and_can_be_revoked(alice_client: Client, alice: Any) -> None:
    form = alice_client.get("/settings/tokens/").content.decode()
    once = form.split('name="once" value="')[1].split('"')[0]
    made = alice_client.post("/settings/tokens/", {"name": "backup", "once": once})
    body = made.content.decode()
    assert "shown only once" in body
    secret = body.split('<code id="new-token">')[1].split("</code>")[0]
    # The same form again (the browser's reload of that page): no second token, and no secret.
    again = alice_client.post("/settings/tokens/", {"name": "backup", "once": once}, follow=True)
    assert "That token was made already" in again.content.decode()
    assert secret not in again.content.decode()
    token = alice.api_tokens.get()
    assert token.digest not in body
    assert "shown only once" not in alice_client.get("/settings/tokens/").content.decode()
    alice_client.post(f"/settings/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_every_list_page_renders(alice_client: Client, book: dict[str, Any]) -> None:
    for url in [
        "/accounts/",
        "/agreements/",
        "/holdings/",
        "/transactions/?q=telco",
        "/vendors/new/",
        "/accounts/new/",
        "/holdings/new/",
        "/agreements/new/",
    ]:
        assert alice_client.get(url).status_code == 200, url


def test_transactions_of_one_vendor(alice_client: Client, book: dict[str, Any]) -> None:
    body = alice_client.get("/transactions/", {"vendor": book["vendor"].pk}).content.decode()
    assert "Transactions with" in body
    assert "TELCO GMBH RECHNUNG 1" in body


def test_transactions_of_another_users_vendor_is_not_found(
    bob_client: Client, book: dict[str, Any]
) -> None:
    assert bob_client.get("/transactions/", {"vendor": book["vendor"].pk}).status_code == 404


def test_a_long_vendor_list_comes_a_page_at_a_time_with_its_counts(
    alice_client: Client, book: dict[str, Any]
) -> None:
    owner = book["vendor"].owner
    Vendor.objects.bulk_create(
        Vendor(owner=owner, name=f"Shop {n:03d}") for n in range(VENDORS_PER_PAGE + 5)
    )
    first = alice_client.get("/vendors/").content.decode()
    assert first.count('<tr><td><a href="/vendors/') == VENDORS_PER_PAGE
    assert f"Page 1 of 2 ({VENDORS_PER_PAGE + 6} vendors)" in first
    # Telco is on the second page with its own counts.
    second = alice_client.get("/vendors/", {"page": 2}).content.decode()
    row = second[second.index(">Telco<") :].split("</tr>")[0]
    lines = Transaction.objects.filter(vendor=book["vendor"]).count()
    assert lines > 0
    assert f'<td class="num">{lines}</td><td class="num">1</td>' in row


def test_vendor_page_sums_months_as_its_lines_do(alice: Any) -> None:
    """The database's monthly sums give the chart, trend and yearly figures the lines give."""
    account = Account.objects.create(owner=alice, name="Current", currency="EUR")
    vendor = Vendor.objects.create(owner=alice, name="Shop")
    rng = random.Random(7)  # noqa: S311 - test data
    lines = []
    for n in range(400):
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(900))
        amount = Decimal(rng.choice((-1, -1, -1, 1, 0)) * rng.randrange(1, 50000)) / 100
        lines.append((day, amount))
        Transaction.objects.create(
            owner=alice,
            account=account,
            vendor=vendor,
            date=day,
            amount=amount,
            currency="EUR",
            description=f"Shop {n}",
        )
    months = by_month(Transaction.objects.owned_by(alice))
    if connection.vendor == "postgresql":
        # Whatever text the server makes of a date (German: 15.03.2026), the months are the same.
        for style in ("German, DMY", "SQL, MDY", "Postgres, DMY"):
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL DateStyle = '{style}'")
            assert by_month(Transaction.objects.owned_by(alice)) == months, style
    summed = [(m.start, m.total) for m in months]
    assert sum(m.lines for m in months) == 400
    as_of = date(2025, 6, 30)
    assert monthly_totals(summed, last_month=as_of) == monthly_totals(lines, last_month=as_of)

    def periods(pairs: list[tuple[date, Decimal]], period: str) -> Any:
        payments = [Payment(str(i), "", d, a, "v") for i, (d, a) in enumerate(pairs)]
        return spend_by_period(payments, period)  # type: ignore[arg-type]

    for period in ("month", "year"):
        assert periods(summed, period) == periods(lines, period)


def test_a_refused_rename_says_it_once_under_the_name_stored(
    alice_client: Client, alice: Any
) -> None:
    Vendor.objects.create(owner=alice, name="Spotify")
    netflix = Vendor.objects.create(owner=alice, name="Netflix")
    data = {"name": "Spotify", "category": "other", "aliases": ""}
    response = alice_client.post(f"/vendors/{netflix.pk}/edit/", data)
    page = response.content.decode()
    assert page.count("You already have a vendor with this name.") == 1
    assert "<h1>Edit vendor “Netflix”</h1>" in page
    assert "<title>Edit Netflix · Yourside</title>" in page
    assert 'value="Spotify"' in page  # what was typed stays in the field


@pytest.mark.parametrize("query", ["MÜNCHEN", "münchen", "Stadtwerke MÜN", "stadtwerke"])
def test_search_finds_any_letters_in_any_case(
    alice_client: Client, alice: Any, client: Client, alice_token: str, query: str
) -> None:
    # SQLite's LIKE folds ASCII letters only: "MÜNCHEN" found nothing there.
    vendor = Vendor.objects.create(owner=alice, name="Stadtwerke München")
    account = Account.objects.create(owner=alice, name="Giro", currency="EUR")
    Transaction.objects.create(
        owner=alice,
        account=account,
        vendor=vendor,
        date=date(2026, 1, 5),
        amount=Decimal("-80.00"),
        currency="EUR",
        description="STROM ABSCHLAG STADTWERKE MÜNCHEN",
    )
    Vendor.objects.create(owner=alice, name="Gaswerk Köln")
    vendors = alice_client.get("/vendors/", {"q": query}).content.decode()
    assert "Stadtwerke München" in vendors
    assert "Gaswerk Köln" not in vendors
    lines = alice_client.get("/transactions/", {"q": query}).content.decode()
    assert "STROM ABSCHLAG" in lines
    found = client.get(
        "/api/vendors/", {"q": query}, headers={"Authorization": f"Bearer {alice_token}"}
    ).json()
    assert [v["name"] for v in found["items"]] == ["Stadtwerke München"]


def test_a_search_that_finds_nothing_says_so(alice_client: Client, book: dict[str, Any]) -> None:
    page = alice_client.get("/transactions/", {"q": "zzzz"}).content.decode()
    assert "No transactions match your search." in page
    assert "No transactions yet." not in page


def test_an_alias_typed_twice_is_kept_once(alice_client: Client, book: dict[str, Any]) -> None:
    vendor = book["vendor"]
    data = {"name": vendor.name, "category": "other", "aliases": "a, b, x, X, x\nb"}
    assert alice_client.post(f"/vendors/{vendor.pk}/edit/", data).status_code == 302
    vendor.refresh_from_db()
    assert vendor.aliases == ["a", "b", "x"]


def test_a_kept_document_downloads_as_it_came(alice_client: Client, book: dict[str, Any]) -> None:
    document = book["document"]
    page = alice_client.get(f"/vendors/{book['vendor'].pk}/").content.decode()
    assert f'<a href="/documents/{document.pk}/" download>Contract</a>' in page
    response = alice_client.get(f"/documents/{document.pk}/")
    assert response.content == b"%PDF-1.4"
    assert response["Content-Disposition"] == 'attachment; filename="contract.pdf"'


@pytest.mark.parametrize(("query", "found"), [("MÜLLER", True), ("müller", True), ("gmbh", True)])
def test_aliases_are_searched_name_by_name(
    alice_client: Client, alice: Any, query: str, found: bool
) -> None:
    Vendor.objects.create(owner=alice, name="Drogerie", aliases=["Müller GmbH", "MUELLER"])
    Vendor.objects.create(owner=alice, name="Bakery", aliases=["Corner"])
    page = alice_client.get("/vendors/", {"q": query}).content.decode()
    assert ("Drogerie" in page) is found
    assert "Bakery" not in page
