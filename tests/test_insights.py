"""Insights found in the book, kept with the customer's answers, shown where they act."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.dates import format_date
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yourside.book.models import Account, Agreement, Transaction, Vendor
from yourside.cases.models import Case
from yourside.demo import load_demo
from yourside.ingest.services import import_file
from yourside.insights.models import Insight, Refreshed
from yourside.insights.services import (
    answer_insight,
    attention_feed,
    insight_json,
    refresh_after_import,
    refresh_insights,
)

TODAY = date(2026, 11, 23)


def monthly(name: str, amount: str, months: range, day: int = 5, year: int = 2026) -> str:
    return "".join(f"{year}-{m:02d}-{day:02d},{name},{amount}\n" for m in months)


def statement(text: str) -> bytes:
    return ("Date,Description,Amount\n" + text).encode()


@pytest.fixture
def demo(alice: User) -> User:
    load_demo(alice, TODAY)
    return alice


def test_demo_shows_every_subscription_and_the_price_rise(demo: User) -> None:
    found = {i.key: i for i in Insight.objects.owned_by(demo)}
    netflix = next(
        i
        for i in found.values()
        if i.kind == "recurring" and i.vendor and i.vendor.name == "Netflix"
    )
    assert netflix.data["cadence"] == "monthly"
    assert netflix.data["amount"] == "-15.99"
    rise = next(i for i in found.values() if i.kind == "price-rise" and i.vendor == netflix.vendor)
    assert rise.data["old"] == "-13.99"
    assert rise.amount == 24  # two euros more, twelve times a year


def test_known_agreements_need_no_confirming(demo: User) -> None:
    spotify = Insight.objects.owned_by(demo).get(kind="recurring", vendor__name="Spotify")
    assert spotify.status == "confirmed"


def test_a_dismissal_stays_dismissed_after_later_imports(demo: User) -> None:
    shops = (
        Insight.objects.owned_by(demo)
        .filter(kind="recurring", vendor__name="Stadtwerke München")
        .get()
    )
    answer_insight(shops, "dismiss", TODAY)
    refresh_insights(demo, TODAY)
    shops.refresh_from_db()
    assert shops.status == "dismissed"
    assert shops not in attention_feed(demo, TODAY, limit=100)


def test_confirming_a_series_records_a_subscription(alice: User) -> None:
    from yourside.book.models import Vendor

    Vendor.objects.create(owner=alice, name="Gym Club", aliases=["GYM CLUB"])
    data = statement(monthly("GYM CLUB MEMBERSHIP", "-29.00", range(1, 12)))
    result = import_file(alice, io.BytesIO(data), "gym.csv", account_name="Current")
    refresh_after_import(alice, [b.pk for b in result.batches], TODAY)
    series = Insight.objects.owned_by(alice).get(kind="recurring")
    assert series.vendor is not None
    answer_insight(series, "confirm", TODAY)
    agreement = Agreement.objects.owned_by(alice).get()
    assert agreement.price == Decimal(29)
    assert (agreement.billing_cycle, agreement.vendor) == ("monthly", series.vendor)


def test_the_feed_puts_overdue_and_costly_first(demo: User) -> None:
    feed = attention_feed(demo, TODAY)
    assert feed[0].due is not None
    assert feed[0].due < TODAY
    assert all(i.status in {"new", "snoozed"} for i in feed)


def test_snoozed_comes_back_after_thirty_days(demo: User) -> None:
    item = attention_feed(demo, TODAY)[0]
    answer_insight(item, "snooze", TODAY)
    assert item not in attention_feed(demo, TODAY, limit=100)
    assert item in attention_feed(demo, date(2026, 12, 24), limit=100)


def test_unknown_answer_is_refused(demo: User) -> None:
    from yourside.errors import UserError

    with pytest.raises(UserError, match="unknown action"):
        answer_insight(Insight.objects.owned_by(demo).first(), "explode", TODAY)  # type: ignore[arg-type]


def test_incremental_refresh_looks_only_at_the_imported_vendors(alice: User) -> None:
    first = import_file(
        alice,
        io.BytesIO(
            statement(
                monthly("NETFLIX.COM", "-15.99", range(1, 11))
                + monthly("SPOTIFY", "-10.99", range(1, 11))
            )
        ),
        "a.csv",
        account_name="Current",
    )
    refresh_after_import(alice, [b.pk for b in first.batches], TODAY)
    spotify = Insight.objects.owned_by(alice).get(kind="recurring", vendor__name="Spotify")
    Insight.objects.filter(pk=spotify.pk).update(title="untouched")
    later = import_file(
        alice,
        io.BytesIO(statement(monthly("NETFLIX.COM", "-17.99", range(11, 12)))),
        "b.csv",
        account_name="Current",
    )
    refresh_after_import(alice, [b.pk for b in later.batches], TODAY)
    spotify.refresh_from_db()
    assert spotify.title == "untouched"
    assert (
        Insight.objects.owned_by(alice).filter(kind="price-rise", vendor__name="Netflix").exists()
    )


def test_recurring_json_has_the_series_fields(demo: User) -> None:
    netflix = Insight.objects.owned_by(demo).get(kind="recurring", vendor__name="Netflix")
    data = insight_json(netflix)
    assert {
        "kind",
        "vendor",
        "account",
        "cadence",
        "amount",
        "currency",
        "first_date",
        "last_date",
        "next_date",
        "count",
        "status",
    } <= set(data)
    assert (data["account"], data["amount"], data["status"]) == ("Visa card", "-15.99", "active")


def test_home_feed_answers_with_htmx(alice_client: Client, demo: User) -> None:
    body = alice_client.get("/").content.decode()
    assert "Needs your attention" in body
    item = attention_feed(demo, TODAY)[0]
    response = alice_client.post(f"/insights/{item.pk}/dismiss/", HTTP_HX_REQUEST="true")
    assert "Dismissed" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "dismissed"
    bogus = alice_client.post(f"/insights/{item.pk}/bogus/", HTTP_HX_REQUEST="true")
    assert bogus.status_code == 400
    assert "unknown action &#x27;bogus&#x27;" in bogus.content.decode()  # escaped HTML


@pytest.mark.parametrize(
    ("language", "money"),
    [("en-US", "€15.99"), ("de-DE", "15,99\xa0€")],
)
def test_insights_are_said_in_the_readers_locale(
    client: Client,
    alice_client: Client,
    demo: User,
    alice_token: str,
    language: str,
    money: str,
) -> None:
    netflix = Insight.objects.get(owner=demo, kind="recurring", vendor__name="Netflix")
    assert "\u27e6" in netflix.title  # stored with tokens, said where it is read
    since = netflix.data["first_date"]
    day = format_date(date.fromisoformat(since), locale=language.replace("-", "_"))
    page = alice_client.get(f"/vendors/{netflix.vendor_id}/", HTTP_ACCEPT_LANGUAGE=language)
    text = page.content.decode()
    assert f"Netflix: {money} every month" in text
    assert f"since {day}" in text
    assert "\u27e6" not in text
    headers = {"Authorization": f"Bearer {alice_token}", "Accept-Language": language}
    listed = client.get("/api/insights?kind=recurring", headers=headers).json()
    said = next(i for i in listed if i["id"] == netflix.pk)
    assert said["title"] == f"Netflix: {money} every month"


def test_api_lists_insights(client: Client, demo: User, alice_token: str) -> None:
    headers = {"Authorization": f"Bearer {alice_token}"}
    body = client.get("/api/insights?kind=price-rise", headers=headers).json()
    assert body
    assert {i["kind"] for i in body} == {"price-rise"}
    answered = client.post(f"/api/insights/{body[0]['id']}/snooze", headers=headers).json()
    assert answered["status"] == "snoozed"


@pytest.mark.slow
def test_cli_insights_json(tmp_path: Path) -> None:
    from tests.test_cli import run

    data = tmp_path / "d"
    run(data, "demo")
    listed = json.loads(run(data, "insights", "--kind", "recurring", "--json").stdout)
    assert listed
    assert all(i["kind"] == "recurring" for i in listed)
    assert {"cadence", "amount", "next_date", "count", "account"} <= set(listed[0])
    bad = run(data, "insights", "--kind", "magic")
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: --kind 'magic'")


def test_transactions_remain_the_evidence(demo: User) -> None:
    netflix = Insight.objects.owned_by(demo).get(kind="recurring", vendor__name="Netflix")
    rows = Transaction.objects.filter(pk__in=[int(pk) for pk in netflix.evidence])
    assert rows.count() == len(netflix.evidence)
    assert {r.vendor_id for r in rows} == {netflix.vendor_id}


def test_an_unfiled_payee_is_refreshed_after_its_import(alice: User) -> None:
    data = statement(monthly("SQ *CORNER BAKERY", "-12.00", range(1, 12)))
    result = import_file(alice, io.BytesIO(data), "bakery.csv", account_name="Current")
    refresh_after_import(alice, [b.pk for b in result.batches], TODAY)
    series = Insight.objects.owned_by(alice).get(kind="recurring")
    assert series.vendor is None
    assert "Corner Bakery" in series.title


def test_calendar_feed_lists_deadlines_at_a_secret_address(
    client: Client, alice_client: Client, demo: User
) -> None:
    page = alice_client.get("/settings/calendar/").content.decode()
    url = page.split('<code id="calendar-url">')[1].split("</code>")[0]
    path = url.removeprefix("http://testserver")
    feed = client.get(path)  # no sign-in: calendar apps cannot
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "BEGIN:VCALENDAR" in body
    assert "Last day to cancel" in body
    assert "BEGIN:VALARM" in body
    alice_client.post("/settings/calendar/rotate/")
    assert client.get(path).status_code == 404


def test_a_warranty_stored_until_9999_leaves_the_calendar_working(
    client: Client, demo: User
) -> None:
    from yourside.book.models import Holding
    from yourside.insights.calendar import feed_for

    # As a store from before the book refused such dates may hold it (no day after it to end on).
    Holding.objects.create(owner=demo, name="Forever", warranty_end=date(9999, 12, 31))
    feed = client.get(f"/calendar/{feed_for(demo).token}.ics")
    assert feed.status_code == 200
    assert "Forever" not in feed.content.decode()


def test_a_wrong_calendar_token_finds_nothing(client: Client, db: None) -> None:
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_vendor_page_shows_its_insights_and_price_history(alice_client: Client, demo: User) -> None:
    from yourside.book.models import Vendor

    netflix = Vendor.objects.get(owner=demo, name="Netflix")
    body = alice_client.get(f"/vendors/{netflix.pk}/").content.decode()
    assert "What Yourside noticed" in body
    assert "raised its price" in body
    assert '<polyline points="' in body


def test_demo_shows_every_kind_of_insight(demo: User) -> None:
    kinds = set(Insight.objects.owned_by(demo).filter(current=True).values_list("kind", flat=True))
    assert kinds == {"recurring", "price-rise", "fee", "duplicate", "refund", "deadline"}


def test_the_duplicate_and_the_unpaid_refund_are_explained(demo: User) -> None:
    duplicate = Insight.objects.owned_by(demo).get(kind="duplicate")
    assert duplicate.vendor is not None
    assert duplicate.vendor.name == "MediaMarkt"
    assert len(duplicate.evidence) == 2
    # What to do is said once: "…; ask for one back."
    assert duplicate.explanation.count("back") == 1
    assert duplicate.explanation.endswith("ask for one back.")
    refund = Insight.objects.owned_by(demo).get(kind="refund")
    assert refund.vendor is not None
    assert refund.vendor.name == "Deutsche Bahn"
    fee = Insight.objects.owned_by(demo).filter(kind="fee", vendor__name="Nordbank").first()
    assert fee is not None


def test_vendor_page_shows_the_spend_trend(alice_client: Client, demo: User) -> None:
    from yourside.book.models import Vendor

    netflix = Vendor.objects.get(owner=demo, name="Netflix")
    body = alice_client.get(f"/vendors/{netflix.pk}/").content.decode()
    assert 'id="trend"' in body
    assert "By year:" in body


def test_an_unfiled_payee_keeps_its_series_when_lines_with_new_stamps_arrive(
    alice: User,
) -> None:
    # Each line has its own card time, so no two descriptions are equal; the payee is one.
    def lines(months: range) -> str:
        return "".join(
            f"2026-{m:02d}-03,KARTENZAHLUNG GYM PLUS//BERLIN/DE 2026-{m:02d}-03T0{m % 10}:1{m % 6}"
            f":00 Debitk.1,-29.00\n"
            for m in months
        )

    first = import_file(
        alice, io.BytesIO(statement(lines(range(1, 9)))), "a.csv", account_name="Current"
    )
    refresh_after_import(alice, [b.pk for b in first.batches], TODAY)
    series = Insight.objects.owned_by(alice).get(kind="recurring", current=True)
    assert series.data["count"] == 8
    later = import_file(
        alice, io.BytesIO(statement(lines(range(9, 11)))), "b.csv", account_name="Current"
    )
    refresh_after_import(alice, [b.pk for b in later.batches], TODAY)
    series.refresh_from_db()
    assert series.current
    assert series.data["count"] == 10
    assert len({t.payee for t in Transaction.objects.owned_by(alice)}) == 1


def test_two_plans_of_one_cadence_at_one_vendor_are_two_insights(alice: User) -> None:
    data = statement(
        monthly("SPOTIFY", "-10.99", range(1, 11), day=5)
        + monthly("SPOTIFY", "-16.99", range(1, 11), day=20)
    )
    result = import_file(alice, io.BytesIO(data), "family.csv", account_name="Current")
    refresh_after_import(alice, [b.pk for b in result.batches], TODAY)
    series = Insight.objects.owned_by(alice).filter(kind="recurring", current=True)
    assert sorted(s.data["amount"] for s in series) == ["-10.99", "-16.99"]
    assert len({s.key for s in series}) == 2
    # Found again, each keeps its key (and so its answer).
    keys = {s.data["amount"]: s.key for s in series}
    refresh_insights(alice, TODAY)
    again = Insight.objects.owned_by(alice).filter(kind="recurring", current=True)
    assert {s.data["amount"]: s.key for s in again} == keys


def test_refreshing_the_deadlines_rewrites_no_unchanged_insight(demo: User) -> None:
    # What the home page does on every view: it must not write when nothing changed.
    with CaptureQueriesContext(connection) as queries:
        refresh_insights(demo, TODAY, vendor_ids=())
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert [w for w in writes if "insight" in w] == []
    assert any("insight" in q["sql"] for q in queries)


def test_refreshing_the_deadlines_writes_what_the_calendar_moved(demo: User) -> None:
    case_due = Insight.objects.owned_by(demo).filter(kind="deadline", key__startswith="case-due")
    titles = dict(case_due.values_list("key", "title"))
    refresh_insights(demo, TODAY + timedelta(days=3), vendor_ids=())
    assert dict(case_due.values_list("key", "title")) != titles


def test_a_line_entered_by_hand_gets_its_payee(alice: User) -> None:
    result = import_file(
        alice,
        io.BytesIO(statement(monthly("SQ *CORNER BAKERY", "-12.00", range(1, 2)))),
        "one.csv",
        account_name="Current",
    )
    imported = Transaction.objects.owned_by(alice).get(batch=result.batches[0])
    by_hand = Transaction.objects.create(
        owner=alice,
        account=imported.account,
        date=date(2026, 3, 1),
        amount=Decimal("-3.00"),
        currency="EUR",
        description="SQ *CORNER BAKERY 0231",
    )
    assert by_hand.payee == imported.payee == "corner bakery"


def test_lines_carry_their_fee_kind_however_they_are_written(alice: User) -> None:
    text = (
        "2026-03-01,Kontoführungsentgelt,-4.90\n"
        "2026-03-02,CASH WITHDRAWAL FEE ATM 0815,-2.50\n"
        "2026-03-03,COSTA COFFEE,-3.20\n"
    )
    result = import_file(alice, io.BytesIO(statement(text)), "fees.csv", account_name="Current")
    imported = Transaction.objects.owned_by(alice).filter(batch=result.batches[0])
    assert dict(imported.values_list("description", "fee")) == {
        "Kontoführungsentgelt": "account",
        "CASH WITHDRAWAL FEE ATM 0815": "atm",
        "COSTA COFFEE": "",
    }
    coffee = imported.get(description="COSTA COFFEE")
    coffee.description = "Mahngebühr"
    coffee.save(update_fields=["description"])
    coffee.refresh_from_db()
    assert coffee.fee == "late"
    coffee.amount = Decimal("4.90")  # money back, without a word that says so: still a late fee
    coffee.save(update_fields=["amount"])
    assert Transaction.objects.get(pk=coffee.pk).fee == "late"


def test_the_migration_gives_lines_already_in_the_book_their_fee_kind(alice: User) -> None:
    fill_fees = import_module("yourside.book.migrations.0006_transaction_fee").fill_fees
    text = "2026-03-01,Sollzinsen,-12.00\n2026-03-02,REWE SAGT DANKE,-30.00\n"
    import_file(alice, io.BytesIO(statement(text)), "old.csv", account_name="Current")
    lines = Transaction.objects.owned_by(alice)
    lines.update(fee="")  # as they were before the column
    # What the migration uses of its schema editor (a real one cannot open inside a test's
    # transaction on SQLite).
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    fill_fees(django_apps, editor)
    assert dict(lines.values_list("description", "fee")) == {
        "Sollzinsen": "overdraft-interest",
        "REWE SAGT DANKE": "",
    }


def test_fee_insights_come_from_the_stored_fee_kinds(alice: User) -> None:
    text = "".join(f"2026-{m:02d}-28,Kontoführungsentgelt,-4.90\n" for m in range(1, 4))
    import_file(alice, io.BytesIO(statement(text)), "fees.csv", account_name="Current")
    refresh_insights(alice, TODAY)
    fee = Insight.objects.owned_by(alice).get(kind="fee")
    assert fee.amount == Decimal("14.70")
    assert len(fee.evidence) == 3
    # A line the book does not mark as a fee is not totalled, whatever its description says.
    Transaction.objects.owned_by(alice).filter(date=date(2026, 3, 28)).update(fee="")
    refresh_insights(alice, TODAY)
    assert Insight.objects.owned_by(alice).get(kind="fee").amount == Decimal("9.80")


def test_lines_without_a_payee_are_keyed_by_their_description(alice: User) -> None:
    # Lines restored from an export made before lines kept their payee have none: the insights
    # key them as an import would, together with the payee's lines that have one.
    data = statement(monthly("SQ *CORNER BAKERY", "-12.00", range(1, 12)))
    import_file(alice, io.BytesIO(data), "bakery.csv", account_name="Current")
    lines = Transaction.objects.owned_by(alice)
    lines.filter(date__lt=date(2026, 7, 1)).update(payee="")
    refresh_insights(alice, TODAY)
    series = Insight.objects.owned_by(alice).get(kind="recurring", current=True)
    assert series.data["payee"] == "d:corner bakery"
    assert series.data["count"] == 11
    assert sorted(map(int, series.evidence)) == sorted(lines.values_list("pk", flat=True))


def test_no_insight_shows_an_internal_payee_key(alice: User) -> None:
    """Titles and explanations name the vendor (or the payee in words), never ``v12`` or
    ``d:shop``, the keys the detectors file lines under."""
    account = Account.objects.create(owner=alice, name="Current", currency="EUR")
    vendor = Vendor.objects.create(owner=alice, name="Allianz")
    for vendor_of, text in ((vendor, "ALLIANZ 4471"), (None, "SHOP 4471")):
        for n in range(2):
            Transaction.objects.create(
                owner=alice,
                account=account,
                vendor=vendor_of,
                date=date(2026, 3, 2),
                amount=Decimal("-1443.48"),
                currency="EUR",
                description=f"{text} {n}",
            )
    refresh_insights(alice, date(2026, 3, 20))
    found = Insight.objects.owned_by(alice).filter(kind=Insight.Kind.DUPLICATE)
    assert found.count() == 2
    for insight in found:
        said = f"{insight.title} {insight.explanation}"
        assert f"v{vendor.pk}" not in said
        assert "d:" not in said


def test_a_cancel_by_date_is_said_with_the_renewal_it_stops(
    alice: User, alice_client: Client
) -> None:
    from django.utils import timezone

    from yourside.core.periods import add_months
    from yourside.insights.calendar import deadlines_calendar

    today = timezone.localdate()
    vendor = Vendor.objects.create(owner=alice, name="Vodafone")
    # Monthly renewals on yesterday's day of the month, a month's notice: the notice for the
    # next renewal was due yesterday, so notice given now stops the one after it.
    start = add_months(today - timedelta(days=1), -24)
    Agreement.objects.create(
        owner=alice,
        vendor=vendor,
        name="Smart S",
        price=Decimal("19.99"),
        start_date=start,
        term_months=12,
        renewal_months=1,
        notice=1,
        notice_unit="months",
    )
    agreement = Agreement.objects.get(owner=alice)
    deadline = agreement.cancel_by(today)
    stops = agreement.renewal_stopped_by_notice(today)
    assert deadline is not None
    assert stops is not None
    refresh_insights(alice, today)
    insight = Insight.objects.get(owner=alice, kind=Insight.Kind.DEADLINE)
    said = f"renews on {format_date(stops, locale='en_US')} unless you give notice by"
    assert f"{said} {format_date(deadline, locale='en_US')}" in insight.shown_explanation
    assert stops > agreement.next_renewal(today)  # type: ignore[operator]
    assert f"renews on {stops} unless" in deadlines_calendar(alice, today).decode()
    page = alice_client.get(f"/vendors/{vendor.pk}/").content.decode()
    assert "too late for" in page


def test_a_case_reply_is_due_until_its_day_and_was_due_after_it(demo: User) -> None:
    from yourside.cases.models import Case

    case = Case.objects.owned_by(demo).filter(status__in=["sent", "escalated"]).first()
    assert case is not None
    assert case.due_date is not None
    said_day = format_date(case.due_date, locale="en_US")
    due, late = f"the answer is due on {said_day}", f"the answer was due on {said_day}"
    for today, said in ((case.due_date - timedelta(days=2), due), (case.due_date, due)):
        refresh_insights(demo, today, vendor_ids=())
        insight = Insight.objects.get(owner=demo, key__startswith=f"case-due:{case.pk}:")
        assert said in insight.shown_explanation
    refresh_insights(demo, case.due_date + timedelta(days=1), vendor_ids=())
    insight = Insight.objects.get(owner=demo, key__startswith=f"case-due:{case.pk}:")
    assert late in insight.shown_explanation


def test_a_reply_due_in_two_days_comes_before_money_without_a_date(alice: User) -> None:
    def insight(key: str, amount: str, due: date | None) -> Insight:
        return Insight.objects.create(
            owner=alice,
            kind="deadline" if due else "price-rise",
            key=key,
            title=key,
            explanation="",
            amount=Decimal(amount),
            due=due,
        )

    insight("rise", "900.00", None)
    insight("reply", "0.00", TODAY + timedelta(days=2))
    insight("late", "0.00", TODAY - timedelta(days=1))
    insight("renewal", "120.00", TODAY + timedelta(days=40))
    assert [i.key for i in attention_feed(alice, TODAY)] == ["late", "reply", "rise", "renewal"]


def test_the_home_page_says_how_many_more_can_wait(alice_client: Client, alice: User) -> None:
    Vendor.objects.create(owner=alice, name="Telco")  # a book that is not empty
    for n in range(23):
        Insight.objects.create(
            owner=alice,
            kind="price-rise",
            key=f"rise:{n}",
            title=f"Rise {n}",
            explanation="",
            amount=Decimal(n + 1),
        )
    # Looked at today already: the page refreshes only the deadlines, and keeps these.
    Refreshed.objects.create(owner=alice, day=timezone.localdate())
    page = alice_client.get("/").content.decode()
    assert page.count('class="insight insight-price-rise"') == 20
    assert "These are the 20 most pressing; 3 more can wait." in page


def test_api_refuses_a_kind_of_insight_there_is_not(client: Client, alice_token: str) -> None:
    response = client.get("/api/insights?kind=bogus", HTTP_AUTHORIZATION=f"Bearer {alice_token}")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("kind 'bogus': use one of recurring, price-rise")


@pytest.mark.parametrize(
    ("kind", "data", "link"),
    [
        ("deadline", {"case": 7}, ("/cases/7/", "Open the case")),  # a reply due: its case
        ("refund", {"case": 8, "payee": "v5"}, ("/cases/8/", "Open the case")),  # promised there
        (
            "deadline",
            {"holding": 3},
            ("/cases/new/?vendor=5&kind=warranty&holding=3", "Open a case"),
        ),
        (
            "deadline",
            {"agreement": 2},
            ("/cases/new/?vendor=5&kind=cancellation&agreement=2", "Open a case"),
        ),
        ("duplicate", {"payee": "v5"}, ("/cases/new/?vendor=5&kind=refund", "Open a case")),
    ],
)
def test_acting_on_an_insight_opens_the_case_it_calls_for(
    alice: User, kind: str, data: dict[str, object], link: tuple[str, str]
) -> None:
    from yourside.web.views.pages import _case_link

    insight = Insight(owner=alice, kind=kind, vendor_id=5, data=data)
    assert _case_link(insight) == link


def test_the_home_feed_links_a_due_reply_to_its_case(alice_client: Client, demo: User) -> None:
    due = Insight.objects.filter(owner=demo, key__startswith="case-due:", current=True).first()
    assert due is not None
    page = alice_client.get("/").content.decode()
    assert f'<a class="small" href="/cases/{due.data["case"]}/">Open the case</a>' in page
    case = Case.objects.get(pk=due.data["case"])  # and the open cases list links each case
    assert f'<a href="/cases/{case.pk}/">{case.subject}</a>' in page
