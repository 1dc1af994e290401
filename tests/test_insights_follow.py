"""The insights follow the customer's corrections: naming a payee, merging vendors, editing,
deleting or un-importing lines keeps them true, with the customer's answers, without waiting for
the next import."""

from __future__ import annotations

import io
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from yourside.book.models import Account, Agreement, Transaction, Vendor
from yourside.book.services import (
    add_transaction,
    assign_vendor,
    delete_record,
    file_payees,
    merge_vendors,
    unfile,
    update_record,
)
from yourside.cases.services import open_case, record_event
from yourside.errors import UserError
from yourside.ingest.models import ImportBatch
from yourside.ingest.services import import_file, undo_import
from yourside.insights.models import Insight, Refreshed
from yourside.insights.services import answer_insight, keep_current, refresh_after_import


def months(description: str, amount: str, count: int = 8) -> bytes:
    """A monthly charge on the 5th, ending last month: a series still running today."""
    today = timezone.localdate()
    first = today.year * 12 + today.month - 1 - count
    text = "".join(
        f"{(first + n) // 12}-{(first + n) % 12 + 1:02d}-05,{description},{amount}\n"
        for n in range(count)
    )
    return ("Date,Description,Amount\n" + text).encode()


def imported(owner: User, data: bytes, name: str = "a.csv") -> list[int]:
    result = import_file(owner, io.BytesIO(data), name, account_name="Current")
    batches = [b.pk for b in result.batches]
    refresh_after_import(owner, batches, timezone.localdate())
    return batches


def series(owner: User) -> Insight:
    return Insight.objects.owned_by(owner).get(kind="recurring", current=True)


def test_naming_a_payee_files_its_series_under_the_vendor_with_its_answer(alice: User) -> None:
    imported(alice, months("SQ *CORNER BAKERY", "-12.00"))
    unfiled = series(alice)
    assert unfiled.vendor is None
    answer_insight(unfiled, "dismiss", timezone.localdate())
    bakery = Vendor.objects.create(owner=alice, name="Corner Bakery")
    line = Transaction.objects.owned_by(alice).first()
    assert line is not None

    assign_vendor(alice, line, bakery)

    found = series(alice)
    assert found.vendor == bakery
    assert found.status == Insight.Status.DISMISSED  # the answer went with it
    assert found.data["payee"] == f"v{bakery.pk}"
    assert found.title.startswith("Corner Bakery:")


def test_taking_a_line_out_of_its_vendor_takes_its_series_back_with_its_answer(
    alice: User,
) -> None:
    imported(alice, months("SQ *CORNER BAKERY", "-12.00"))
    bakery = Vendor.objects.create(owner=alice, name="Corner Bakery")
    line = Transaction.objects.owned_by(alice).first()
    assert line is not None
    assign_vendor(alice, line, bakery)
    answer_insight(series(alice), "dismiss", timezone.localdate())

    assert len(unfile(alice, line)) == 8

    found = series(alice)
    assert found.vendor is None
    assert found.status == Insight.Status.DISMISSED
    assert found.data["payee"] == "d:corner bakery"


def test_filing_many_payees_at_once_moves_their_insights(alice: User) -> None:
    imported(alice, months("GYM PLUS BERLIN", "-29.00"))
    gym = Vendor.objects.create(owner=alice, name="Gym Plus")
    file_payees(alice, {"gym plus berlin": gym})
    assert series(alice).vendor == gym


def test_merging_vendors_keeps_the_answer_under_the_kept_vendor(alice: User) -> None:
    telco = Vendor.objects.create(owner=alice, name="Telco", aliases=["TELCO MOBILE"])
    other = Vendor.objects.create(owner=alice, name="Telco Deutschland")
    imported(alice, months("TELCO MOBILE", "-39.99"))
    confirmed = series(alice)
    assert confirmed.vendor == telco
    answer_insight(confirmed, "snooze", timezone.localdate())

    merge_vendors(alice, telco, other)

    found = series(alice)
    assert found.vendor == other
    assert found.key == f"recurring:v{other.pk}:monthly"
    assert found.status == Insight.Status.SNOOZED
    assert "Telco Deutschland" in found.title


def test_an_answer_is_not_carried_onto_a_series_the_vendor_already_has(alice: User) -> None:
    telco = Vendor.objects.create(owner=alice, name="Telco", aliases=["TELCO MOBILE"])
    other = Vendor.objects.create(owner=alice, name="Mobilfunk Nord", aliases=["MOBILFUNK NORD"])
    imported(alice, months("TELCO MOBILE", "-39.99"))
    imported(alice, months("MOBILFUNK NORD", "-19.99", count=10), "b.csv")
    mine = Insight.objects.owned_by(alice).get(kind="recurring", vendor=telco)
    answer_insight(mine, "dismiss", timezone.localdate())

    merge_vendors(alice, telco, other)

    kept = Insight.objects.owned_by(alice).get(key=f"recurring:v{other.pk}:monthly")
    assert kept.current
    assert kept.status == Insight.Status.NEW  # its own answer, not the absorbed one's
    assert kept.data["amount"] == "-19.99"
    both = Insight.objects.owned_by(alice).filter(kind="recurring", current=True)
    assert {(i.vendor_id, i.data["amount"]) for i in both} == {
        (other.pk, "-19.99"),
        (other.pk, "-39.99"),
    }


def test_undoing_an_import_takes_its_insights_away(alice: User) -> None:
    (batch,) = imported(alice, months("SQ *CORNER BAKERY", "-12.00"))
    assert series(alice)
    undo_import(ImportBatch.objects.get(pk=batch))
    assert not Insight.objects.owned_by(alice).filter(current=True, kind="recurring").exists()


def test_deleting_a_charge_entered_twice_ends_the_duplicate(alice: User) -> None:
    account = Account.objects.create(owner=alice, name="Cash book", currency="EUR")
    shop = Vendor.objects.create(owner=alice, name="Hardware Store")
    day = timezone.localdate()
    first = add_transaction(
        alice, account, vendor=shop, date=day, amount=Decimal("-249.00"), description="Drill"
    )
    second = add_transaction(
        alice, account, vendor=shop, date=day, amount=Decimal("-249.00"), description="Drill"
    )
    duplicate = Insight.objects.owned_by(alice).get(kind="duplicate")
    assert duplicate.current
    assert duplicate.evidence == [str(first.pk), str(second.pk)]

    delete_record(second)

    duplicate.refresh_from_db()
    assert not duplicate.current


def test_editing_a_line_refreshes_its_vendor(alice: User) -> None:
    imported(alice, months("SQ *CORNER BAKERY", "-12.00"))
    latest = Transaction.objects.owned_by(alice).order_by("-date").first()
    assert latest is not None
    update_record(latest, {"amount": Decimal("-14.50")})
    rise = Insight.objects.owned_by(alice).get(kind="price-rise", current=True)
    assert rise.data["old"] == "-12.00"
    assert rise.data["new"] == "-14.50"


def test_deleting_a_vendor_leaves_its_series_with_the_payee(alice: User) -> None:
    telco = Vendor.objects.create(owner=alice, name="Telco", aliases=["TELCO MOBILE"])
    imported(alice, months("TELCO MOBILE", "-39.99"))
    answer_insight(series(alice), "dismiss", timezone.localdate())

    delete_record(telco)

    found = series(alice)
    assert found.vendor is None
    assert found.data["payee"] == "d:telco mobile"
    assert found.status == "dismissed"  # what was answered about the vendor, of its payee now


def test_deleting_a_vendor_of_several_payees_ends_what_was_said_of_it(alice: User) -> None:
    telco = Vendor.objects.create(owner=alice, name="Telco", aliases=["TELCO MOBILE"])
    imported(alice, months("TELCO MOBILE", "-39.99"))
    imported(alice, months("TELCO FESTNETZ", "-19.99"), "b.csv")
    for line in Transaction.objects.owned_by(alice).filter(vendor=None):
        update_record(line, {"vendor": telco})
    assert Insight.objects.owned_by(alice).filter(vendor=telco, current=True).count() == 2

    delete_record(telco)

    left = Insight.objects.owned_by(alice).filter(kind="recurring", current=True)
    assert {i.data["payee"] for i in left} == {"d:telco mobile", "d:telco festnetz"}
    assert not Insight.objects.owned_by(alice).filter(current=True, key__contains=":v").exists()


def test_deleting_an_account_takes_its_lines_insights_away(alice: User) -> None:
    imported(alice, months("SQ *CORNER BAKERY", "-12.00"))
    delete_record(Account.objects.owned_by(alice).get(name="Current"))
    assert not Insight.objects.owned_by(alice).filter(current=True, kind="recurring").exists()


def test_the_vendor_page_shows_the_series_right_after_filing_on_the_web(
    alice_client: Client, alice: User
) -> None:
    imported(alice, months("SQ *CORNER BAKERY", "-12.00"))
    bakery = Vendor.objects.create(owner=alice, name="Corner Bakery")
    line = Transaction.objects.owned_by(alice).first()
    assert line is not None
    response = alice_client.post(
        f"/transactions/{line.pk}/vendor/", {"vendor": bakery.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = alice_client.get(f"/vendors/{bakery.pk}/").content.decode()
    assert "€12.00 every month" in page
    home = alice_client.get("/").content.decode()
    assert "Corner Bakery: €12.00 every month" in home


def test_a_line_moved_between_vendors_refreshes_both(alice: User) -> None:
    telco = Vendor.objects.create(owner=alice, name="Telco", aliases=["TELCO MOBILE"])
    imported(alice, months("TELCO MOBILE", "-39.99"))
    other = Vendor.objects.create(owner=alice, name="Phone Shop")
    lines = list(Transaction.objects.owned_by(alice).order_by("date"))
    for line in lines:
        update_record(line, {"vendor": other})
    assert series(alice).vendor == other
    assert not Insight.objects.owned_by(alice).filter(vendor=telco, current=True).exists()


def test_renaming_a_vendor_renames_what_its_insights_say(alice: User) -> None:
    telco = Vendor.objects.create(owner=alice, name="Telco", aliases=["TELCO MOBILE"])
    imported(alice, months("TELCO MOBILE", "-39.99"))
    update_record(telco, {"name": "Telco Deutschland"})
    assert series(alice).shown_title.startswith("Telco Deutschland: €39.99")


def test_a_refund_promised_in_a_reply_is_watched_for_at_once(alice: User) -> None:
    shop = Vendor.objects.create(owner=alice, name="Railway")
    long_ago = timezone.localdate() - timedelta(days=60)
    case = open_case(alice, shop, "refund", sent=long_ago, today=long_ago)
    assert not Insight.objects.owned_by(alice).filter(kind="refund").exists()

    record_event(case, "reply", long_ago + timedelta(days=3), "We will refund you 49.90 EUR.")

    owed = Insight.objects.owned_by(alice).get(kind="refund", current=True)
    assert owed.vendor == shop


def test_what_depends_on_the_date_is_looked_at_again_once_a_day(alice: User) -> None:
    imported(alice, months("SQ *CORNER BAKERY", "-12.00"))
    today = timezone.localdate()
    keep_current(alice, today)
    assert series(alice).data["status"] == "active"

    later = today + timedelta(days=120)  # four payments missed: the series has stopped
    keep_current(alice, later)
    assert series(alice).data["status"] == "ended"

    # The same day again: only the deadlines. A line written past the services (no refresh of its
    # own) waits for the next day's first look.
    account = Account.objects.owned_by(alice).get()
    due = today.replace(day=5)  # the series' next payment after last month's
    Transaction.objects.create(
        owner=alice, account=account, date=due, amount=Decimal("-12.00"), description="x"
    )
    Transaction.objects.filter(owner=alice, description="x").update(
        payee=series(alice).data["payee"][2:]
    )
    keep_current(alice, later)
    assert series(alice).data["count"] == 8
    keep_current(alice, later + timedelta(days=1))
    assert series(alice).data["count"] == 9


def test_a_stale_insight_gives_its_key_up_to_the_answer_carried_over(alice: User) -> None:
    streaming = Vendor.objects.create(owner=alice, name="Acme Media", aliases=["ACME MEDIA"])
    (batch,) = imported(alice, months("ACME MEDIA", "-9.99"))
    undo_import(ImportBatch.objects.get(pk=batch))
    stale = Insight.objects.owned_by(alice).get(key=f"recurring:v{streaming.pk}:monthly")
    assert not stale.current
    imported(alice, months("ZRB STREAMING", "-9.99"), "b.csv")
    unfiled = series(alice)
    assert unfiled.vendor is None
    answer_insight(unfiled, "dismiss", timezone.localdate())

    file_payees(alice, {"zrb streaming": streaming})

    found = series(alice)
    assert (found.key, found.status) == (f"recurring:v{streaming.pk}:monthly", "dismissed")
    assert Insight.objects.owned_by(alice).filter(kind="recurring").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_first_looks_of_a_day_at_once_refresh_one_after_the_other() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: the two cannot overlap there")
    owner = User.objects.create_user("racer", password="x" * 12)
    imported(owner, months("SQ *CORNER BAKERY", "-12.00"))
    imported(owner, months("GYM PLUS BERLIN", "-29.00"), "b.csv")
    Insight.objects.all().delete()  # a book whose insights were not looked for today
    Refreshed.objects.filter(owner=owner).update(day=timezone.localdate() - timedelta(days=1))
    errors: list[str] = []
    start = threading.Barrier(2)

    def look() -> None:
        try:
            start.wait()
            keep_current(owner, timezone.localdate())
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    looks = [threading.Thread(target=look) for _ in range(2)]
    for thread in looks:
        thread.start()
    for thread in looks:
        thread.join()
    assert errors == []
    assert Insight.objects.owned_by(owner).filter(kind="recurring", current=True).count() == 2


def test_two_series_of_one_cadence_keep_their_own_answers_after_filing(alice: User) -> None:
    newco = Vendor.objects.create(owner=alice, name="Newco", aliases=["NEWCO"])
    imported(alice, months("NEWCO", "-20.00", count=6))
    own = series(alice)
    answer_insight(own, "dismiss", timezone.localdate())
    imported(alice, months("OLDSTREAM", "-5.00", count=10), "b.csv")  # began earlier
    payee = Insight.objects.owned_by(alice).get(kind="recurring", vendor=None)
    answer_insight(payee, "snooze", timezone.localdate())

    file_payees(alice, {"oldstream": newco})

    both = Insight.objects.owned_by(alice).filter(kind="recurring", current=True)
    answers = {i.data["amount"]: (i.vendor_id, i.status) for i in both}
    assert answers == {"-20.00": (newco.pk, "dismissed"), "-5.00": (newco.pk, "snoozed")}
    assert Insight.objects.get(pk=own.pk).data["amount"] == "-20.00"


def test_merging_two_vendors_with_one_cadence_keeps_both_answers(alice: User) -> None:
    kept = Vendor.objects.create(owner=alice, name="Fitness First", aliases=["FITNESS FIRST"])
    gone = Vendor.objects.create(owner=alice, name="Gym Two", aliases=["GYM TWO"])
    imported(alice, months("FITNESS FIRST", "-30.00", count=6))
    imported(alice, months("GYM TWO", "-15.00", count=10), "b.csv")
    answer_insight(
        Insight.objects.owned_by(alice).get(kind="recurring", vendor=kept),
        "confirm",
        timezone.localdate(),
    )
    answer_insight(
        Insight.objects.owned_by(alice).get(kind="recurring", vendor=gone),
        "dismiss",
        timezone.localdate(),
    )

    merge_vendors(alice, gone, kept)

    both = Insight.objects.owned_by(alice).filter(kind="recurring", current=True)
    answers = {i.data["amount"]: (i.vendor_id, i.status) for i in both}
    assert answers == {"-30.00": (kept.pk, "confirmed"), "-15.00": (kept.pk, "dismissed")}


def test_confirming_a_payees_series_names_its_vendor_and_records_the_subscription(
    alice: User,
) -> None:
    imported(alice, months("SQ *CORNER BAKERY", "-12.00"))
    unfiled = series(alice)
    assert unfiled.vendor is None

    answer_insight(unfiled, "confirm", timezone.localdate())

    found = series(alice)
    assert found.pk == unfiled.pk
    assert found.vendor is not None
    assert (found.vendor.name, found.status) == ("Corner Bakery", "confirmed")
    agreement = Agreement.objects.owned_by(alice).get()
    assert (agreement.vendor, agreement.price) == (found.vendor, Decimal("12.00"))
    assert not Transaction.objects.owned_by(alice).filter(vendor=None).exists()


def test_confirming_a_series_of_a_payee_that_names_nobody_asks_for_the_vendor(
    alice: User,
) -> None:
    imported(alice, months("CASH WITHDRAWAL", "-200.00"))
    unfiled = series(alice)
    with pytest.raises(UserError, match="names nobody a subscription can be with"):
        answer_insight(unfiled, "confirm", timezone.localdate())
    assert series(alice).status == "new"
    assert not Vendor.objects.owned_by(alice).exists()
    assert not Agreement.objects.owned_by(alice).exists()


def test_the_home_page_says_why_a_series_cannot_be_confirmed(
    alice_client: Client, alice: User
) -> None:
    imported(alice, months("CASH WITHDRAWAL", "-200.00"))
    unfiled = series(alice)
    response = alice_client.post(f"/insights/{unfiled.pk}/confirm/", HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "names nobody a subscription can be with" in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_a_payees_fees_filed_under_a_vendor_with_fees_become_one_total(alice: User) -> None:
    bank = Vendor.objects.create(owner=alice, name="Hausbank", aliases=["HAUSBANK"])
    year = timezone.localdate().year
    own = "".join(f"{year}-{m:02d}-28,HAUSBANK Kontoführungsentgelt,-4.90\n" for m in (1, 2))
    payee = "".join(f"{year}-{m:02d}-28,Kontoführungsentgelt,-4.90\n" for m in (3, 4))
    imported(alice, ("Date,Description,Amount\n" + own).encode())
    imported(alice, ("Date,Description,Amount\n" + payee).encode(), "b.csv")
    fees = Insight.objects.owned_by(alice).filter(kind="fee", current=True)
    assert {(i.vendor_id, i.amount) for i in fees} == {
        (bank.pk, Decimal("9.80")),
        (None, Decimal("9.80")),
    }
    answer_insight(fees.get(vendor=None), "dismiss", timezone.localdate())

    file_payees(alice, {"kontoführungsentgelt": bank})

    (total,) = Insight.objects.owned_by(alice).filter(kind="fee", current=True)
    assert (total.vendor_id, total.amount, len(total.evidence)) == (bank.pk, Decimal("19.60"), 4)
    assert not Insight.objects.owned_by(alice).filter(key__endswith=":None").exists()
