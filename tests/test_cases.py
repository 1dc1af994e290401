"""Cases: opened from the customer's facts, with the law's deadlines, tracked event by event."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from yourside.book.models import Document, Vendor
from yourside.cases.models import Case
from yourside.cases.services import open_case, record_event


@pytest.fixture
def vendor(alice: User) -> Vendor:
    return Vendor.objects.create(owner=alice, name="Streamco", country="DE")


def test_access_request_is_due_one_month_after_receipt_on_a_working_day(
    alice: User, vendor: Vendor
) -> None:
    # 31 Jan + 1 month = 28 Feb 2026, a Saturday: due Monday 2 March.
    case = open_case(alice, vendor, "access", sent=date(2026, 1, 31))
    assert (case.law, case.status, case.due_date) == ("gdpr", "sent", date(2026, 3, 2))
    assert "next working day in DE" in case.deadline_rule
    assert case.reference == "YS-2026-0001"


def test_extension_counts_three_months_from_receipt(alice: User, vendor: Vendor) -> None:
    case = open_case(alice, vendor, "access", sent=date(2026, 1, 31))
    record_event(case, "extended", date(2026, 2, 20), "They need more time")
    case.refresh_from_db()
    assert case.extended
    assert case.due_date == date(2026, 4, 30)


def test_post_takes_three_days_to_arrive(alice: User, vendor: Vendor) -> None:
    case = open_case(alice, vendor, "erasure", sent=date(2026, 3, 2), channel="post")
    assert case.received_date == date(2026, 3, 5)
    assert case.due_date == date(2026, 4, 7)  # 5 Apr is Easter Sunday, 6 Apr Easter Monday


def test_ccpa_allows_45_days(alice: User, vendor: Vendor) -> None:
    case = open_case(alice, vendor, "access", law="ccpa", sent=date(2026, 3, 2))
    assert case.due_date == date(2026, 4, 16)


def test_uk_vendor_gets_uk_gdpr(alice: User) -> None:
    uk = Vendor.objects.create(owner=alice, name="Britco", country="GB")
    assert open_case(alice, uk, "objection").law == "uk-gdpr"


def test_a_complaint_asks_for_a_reply_in_14_days(alice: User, vendor: Vendor) -> None:
    case = open_case(alice, vendor, "complaint", sent=date(2026, 5, 4))
    assert (case.law, case.due_date) == ("", date(2026, 5, 18))


def test_draft_has_no_due_date_until_sent(alice: User, vendor: Vendor) -> None:
    case = open_case(alice, vendor, "refund")
    assert (case.status, case.due_date) == ("draft", None)
    record_event(case, "sent", date(2026, 6, 1))
    assert case.due_date == date(2026, 6, 15)


def test_events_move_the_status(alice: User, vendor: Vendor) -> None:
    case = open_case(alice, vendor, "access", sent=date(2026, 1, 5))
    record_event(case, "reply", date(2026, 1, 20))
    assert case.status == "replied"
    record_event(case, "resolved", date(2026, 1, 21), outcome="favourable")
    assert (case.status, case.outcome) == ("resolved", "favourable")
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["drafted", "sent", "reply", "resolved"]


def test_extension_needs_a_law(alice: User, vendor: Vendor) -> None:
    case = open_case(alice, vendor, "complaint", sent=date(2026, 5, 4))
    with pytest.raises(ValidationError, match="only a data-rights request"):
        record_event(case, "extended", date(2026, 5, 10))


def test_unknown_kind_is_refused(alice: User, vendor: Vendor) -> None:
    with pytest.raises(ValidationError, match="unknown kind"):
        open_case(alice, vendor, "lawsuit")


def test_overdue(alice: User, vendor: Vendor) -> None:
    case = open_case(alice, vendor, "access", sent=date(2026, 1, 5))
    assert case.is_overdue(date(2026, 3, 1))
    assert not case.is_overdue(date(2026, 2, 1))


def test_api_opens_a_case_and_records_events(
    client: Client, alice_token: str, vendor: Vendor
) -> None:
    headers = {"Authorization": f"Bearer {alice_token}"}
    created = client.post(
        "/api/cases",
        json.dumps({"vendor": vendor.pk, "kind": "access", "sent_date": "2026-01-31"}),
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["law"], body["due_date"], body["sent_date"]) == (
        "gdpr",
        "2026-03-02",
        "2026-01-31",
    )
    extended = client.post(
        f"/api/cases/{body['id']}/events",
        json.dumps({"kind": "extended", "date": "2026-02-10"}),
        content_type="application/json",
        headers=headers,
    )
    assert extended.json()["due_date"] == "2026-04-30"
    assert [e["kind"] for e in extended.json()["events"]] == ["drafted", "sent", "extended"]


def test_api_refuses_another_users_vendor(client: Client, bob_token: str, vendor: Vendor) -> None:
    response = client.post(
        "/api/cases",
        json.dumps({"vendor": vendor.pk, "kind": "access"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {bob_token}"},
    )
    assert response.status_code == 422
    assert not Case.objects.exists()


@pytest.mark.slow
def test_cli_case_round_trip(tmp_path: Any) -> None:
    from tests.test_cli import run

    data = tmp_path / "d"
    run(data, "demo", "--today", "2026-11-23")
    opened = run(
        data,
        "case",
        "new",
        "--vendor",
        "Netflix",
        "--kind",
        "access",
        "--sent",
        "2026-01-31",
        "--json",
    )
    assert opened.returncode == 0, opened.stderr
    case = json.loads(opened.stdout)
    assert {
        "id",
        "vendor",
        "kind",
        "law",
        "status",
        "sent_date",
        "received_date",
        "due_date",
        "events",
    } <= set(case)
    assert case["due_date"] == "2026-03-02"  # 28 Feb is a Saturday in the Netherlands too
    event = run(data, "case", "event", str(case["id"]), "--kind", "extended", "--json")
    assert json.loads(event.stdout)["extended"] is True
    listed = json.loads(run(data, "case", "list", "--json").stdout)
    assert case["id"] in [c["id"] for c in listed]
    bad = run(data, "case", "new", "--vendor", "Nobody", "--kind", "access")
    assert bad.returncode == 1
    assert bad.stderr == "error: no vendor 'Nobody': add it with 'yourside vendors add'\n"


def test_demo_has_cases_in_every_state(alice: User) -> None:
    from yourside.demo import load_demo

    today = date(2026, 11, 23)
    load_demo(alice, today)
    cases = list(Case.objects.owned_by(alice))
    assert {c.status for c in cases} >= {
        "draft",
        "sent",
        "replied",
        "escalated",
        "resolved",
        "closed",
    }
    assert any(c.is_overdue(today) for c in cases)
    assert any(c.extended for c in cases)


def test_case_pages(alice_client: Client, alice: User, vendor: Vendor) -> None:
    vendor.privacy_email = "privacy@streamco.example"
    vendor.save()
    form = alice_client.get(f"/cases/new/?vendor={vendor.pk}&kind=access").content.decode()
    assert f'<option value="{vendor.pk}" selected>' in form
    response = alice_client.post(
        "/cases/new/",
        {
            "vendor": vendor.pk,
            "kind": "access",
            "law": "auto",
            "channel": "email",
            "language": "de",
            "sent": "2026-01-31",
            "disclosed": "Name: Alex Example\nE-Mail: alex@example.org",
        },
    )
    case = Case.objects.get(owner=alice)
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.disclosed == {"Name": "Alex Example", "E-Mail": "alex@example.org"}
    page = alice_client.get(f"/cases/{case.pk}/").content.decode()
    assert "Art. 15" in page
    assert "privacy@streamco.example" in page
    assert "mailto:privacy@streamco.example" in page
    assert "Overdue" in page  # due 2 March 2026, long past
    eml = alice_client.get(f"/cases/{case.pk}/letter/?as=eml")
    assert eml["Content-Type"] == "message/rfc822"
    assert case.reference.encode() in eml.content
    alice_client.post(
        f"/cases/{case.pk}/events/", {"kind": "reply", "date": "2026-02-20", "note": "Data arrived"}
    )
    case.refresh_from_db()
    assert case.status == "replied"


def test_case_form_refuses_a_malformed_disclosure(alice_client: Client, vendor: Vendor) -> None:
    response = alice_client.post(
        "/cases/new/",
        {
            "vendor": vendor.pk,
            "kind": "access",
            "law": "auto",
            "channel": "email",
            "language": "en",
            "disclosed": "just my name",
        },
    )
    assert "Line 1: write it as" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("sent", "said"),
    [
        ("2099-01-05", "05 Jan 2099 is in the future: the timeline holds what has happened"),
        ("1850-01-01", "1850-01-01 is before 1900"),
    ],
)
def test_case_form_says_a_sent_date_out_of_range_on_the_field(
    alice_client: Client, vendor: Vendor, sent: str, said: str
) -> None:
    response = alice_client.post(
        "/cases/new/",
        {
            "vendor": vendor.pk,
            "kind": "complaint",
            "law": "auto",
            "channel": "email",
            "language": "en",
            "sent": sent,
            "subject": "Kept as typed",
        },
    )
    assert response.status_code == 200  # the form again, not a server error
    form = response.context["form"]
    assert form.errors == {"sent": [said]}  # on the field, beside what was typed
    assert 'value="Kept as typed"' in response.content.decode()
    assert not Case.objects.exists()


def test_follow_up_and_complaint_for_an_overdue_request(
    alice_client: Client, alice: User, vendor: Vendor
) -> None:
    case = open_case(alice, vendor, "access", sent=date(2026, 1, 5))
    page = alice_client.get(f"/cases/{case.pk}/").content.decode()
    assert "They missed the deadline" in page
    assert "Complain to" in page
    reminder = alice_client.get(f"/cases/{case.pk}/letter/?which=follow-up&as=txt")
    assert reminder.status_code == 200
    assert case.reference in reminder.content.decode()


def _reply(subject: str, sender: str = "Privacy Team <privacy@streamco.example>") -> bytes:
    return (
        f"From: {sender}\r\nTo: alex@example.org\r\nSubject: {subject}\r\n"
        "Date: Tue, 10 Feb 2026 10:00:00 +0100\r\nMessage-ID: <r1@streamco.example>\r\n\r\n"
        "Please find your data attached.\r\n"
    ).encode()


def test_reply_lands_on_the_case_named_in_its_subject(alice: User, vendor: Vendor) -> None:
    from yourside.cases.services import import_reply

    case = open_case(alice, vendor, "access", sent=date(2026, 1, 31))
    event = import_reply(alice, _reply(f"Re: {case.reference} Request for access"), "re.eml")
    case.refresh_from_db()
    assert (event.case_id, event.kind, event.date) == (case.pk, "reply", date(2026, 2, 10))
    assert case.status == "replied"
    assert event.document is not None
    assert event.document.vendor_id == vendor.pk


def test_reply_without_reference_is_matched_by_sender(alice: User, vendor: Vendor) -> None:
    from yourside.cases.services import import_reply

    vendor.website = "https://www.streamco.example"
    vendor.save()
    case = open_case(alice, vendor, "erasure", sent=date(2026, 1, 31))
    assert import_reply(alice, _reply("Your request")).case_id == case.pk


def test_reply_matching_no_case_is_refused(alice: User, vendor: Vendor) -> None:
    from yourside.cases.services import import_reply
    from yourside.errors import UserError

    with pytest.raises(UserError, match="no case matches"):
        import_reply(alice, _reply("Hello", "someone@else.example"), "x.eml")


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "is a PDF, not an email"),
        (b"Dear customer, we will refund you.\n", "is not an email"),
        (b"", "is empty"),
    ],
)
def test_a_reply_that_is_not_an_email_says_what_to_give(
    alice: User, vendor: Vendor, data: bytes, said: str
) -> None:
    from yourside.cases.services import import_reply
    from yourside.errors import UserError

    open_case(alice, vendor, "access", sent=date(2026, 1, 31))
    with pytest.raises(UserError, match=f"^letter.pdf: {said}") as error:
        import_reply(alice, data, "letter.pdf")
    assert ".eml" in str(error.value)
    assert not Document.objects.owned_by(alice).exists()


def test_the_same_reply_twice_is_refused(alice: User, vendor: Vendor) -> None:
    from yourside.cases.services import import_reply
    from yourside.errors import UserError

    case = open_case(alice, vendor, "access", sent=date(2026, 1, 31))
    import_reply(alice, _reply(f"Re: {case.reference}"))
    with pytest.raises(UserError, match="already on case"):
        import_reply(alice, _reply(f"Re: {case.reference}"))


def test_web_reply_upload(alice_client: Client, alice: User, vendor: Vendor) -> None:
    import io

    case = open_case(alice, vendor, "access", sent=date(2026, 1, 31))
    upload = io.BytesIO(_reply(f"AW: {case.reference}"))
    upload.name = "reply.eml"
    response = alice_client.post("/cases/replies/", {"file": upload})
    assert response["Location"] == f"/cases/{case.pk}/"


@pytest.mark.parametrize(
    ("sent", "lands"),
    [
        ("/cases/7/", "/cases/7/"),
        ("https://evil.example/phish", "/cases/"),
        ("//evil.example/phish", "/cases/"),
        ("", "/cases/"),
    ],
)
def test_a_failed_reply_upload_goes_back_only_to_a_page_of_this_site(
    alice_client: Client, sent: str, lands: str
) -> None:
    response = alice_client.post("/cases/replies/", {"next": sent})
    assert response.status_code == 302
    assert response["Location"] == lands


def test_scorecards_compare_vendors(alice_client: Client, alice: User, vendor: Vendor) -> None:
    late = open_case(alice, vendor, "access", sent=date(2026, 1, 5))
    record_event(late, "reply", date(2026, 3, 20))
    body = alice_client.get("/vendors/scorecards/").content.decode()
    assert "Streamco" in body
    vendor_page = alice_client.get(f"/vendors/{vendor.pk}/").content.decode()
    assert "1 deadline missed" in vendor_page


def test_directory_search_and_add(alice_client: Client, alice: User) -> None:
    page = alice_client.get("/directory/", {"q": "netflix"}).content.decode()
    assert "Netflix" in page
    rows = alice_client.get(
        "/directory/", {"q": "netflix"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in rows
    slug = rows.split('action="/directory/')[1].split("/add/")[0]
    response = alice_client.post(f"/directory/{slug}/add/")
    vendor = Vendor.objects.get(owner=alice)
    assert response["Location"] == f"/vendors/{vendor.pk}/"
    assert vendor.privacy_email


def test_adding_a_company_one_has_fills_in_its_contact_instead(
    alice_client: Client, alice: User
) -> None:
    from yourside.core import directory

    (spotify,) = [c for c in directory.search("spotify", limit=5) if c.name.startswith("Spotify")]
    mine = Vendor.objects.create(owner=alice, name="Spotify", website="https://www.spotify.com")
    response = alice_client.post(f"/directory/{spotify.slug}/add/", follow=True)
    assert response.redirect_chain[-1][0] == f"/vendors/{mine.pk}/"
    assert list(Vendor.objects.filter(owner=alice)) == [mine]  # no "Spotify AB" beside it
    mine.refresh_from_db()
    assert mine.privacy_email == spotify.email
    assert mine.website == "https://www.spotify.com"  # what it had stays
    assert "Spotify is one of your vendors already" in response.content.decode()


@pytest.mark.parametrize(
    ("mine", "adding", "same"),
    [
        ("Netflix", "Netflix International B.V.", True),  # its name, the legal form left out
        ("LinkedIn", "Microsoft Ireland Operations Ltd.", False),  # a brand it runs: not it
    ],
)
def test_a_vendor_is_the_directory_company_by_its_name_not_its_brands(
    alice_client: Client, alice: User, mine: str, adding: str, same: bool
) -> None:
    from yourside.core import directory

    company = next(c for c in directory.companies() if c.name == adding)
    vendor = Vendor.objects.create(owner=alice, name=mine)
    alice_client.post(f"/directory/{company.slug}/add/")
    vendor.refresh_from_db()
    assert Vendor.objects.filter(owner=alice).count() == (1 if same else 2)
    filled = (vendor.privacy_email, vendor.website) == (company.email, company.web)
    assert filled is same  # LinkedIn's record is left as it was


ANSWERS = Path(__file__).parent / "data" / "access-answers"


def test_what_they_hold_shows_differences_and_opens_a_rectification(
    alice_client: Client, alice: User, vendor: Vendor
) -> None:
    import io

    open_case(
        alice,
        vendor,
        "access",
        sent=date(2026, 1, 5),
        disclosed={"Name": "Alex Example", "Email": "alex.new@example.org"},
    )
    upload = io.BytesIO((ANSWERS / "streamflix-account.json").read_bytes())
    upload.name = "streamflix-account.json"
    response = alice_client.post(f"/vendors/{vendor.pk}/answers/", {"file": upload})
    page = alice_client.get(response["Location"]).content.decode()
    assert "things to look at" in page or "thing to look at" in page
    assert 'class="flag' in page
    opened = alice_client.post(response["Location"] + "case/", {"kind": "rectification"})
    case = Case.objects.get(owner=alice, kind="rectification")
    assert opened["Location"] == f"/cases/{case.pk}/"
    assert case.items
    letter = alice_client.get(f"/cases/{case.pk}/letter/?as=txt").content.decode()
    assert case.items[0]["wrong"] in letter


def test_an_unreadable_answer_is_refused_in_one_line(alice_client: Client, vendor: Vendor) -> None:
    import io

    upload = io.BytesIO((ANSWERS / "malformed.json").read_bytes())
    upload.name = "malformed.json"
    response = alice_client.post(f"/vendors/{vendor.pk}/answers/", {"file": upload}, follow=True)
    assert "malformed.json, line 5" in response.content.decode()


def test_new_case_suggests_what_to_disclose(alice_client: Client, alice: User) -> None:
    alice.first_name, alice.last_name, alice.email = "Alex", "Example", "alex@example.org"
    alice.save()
    vendor = Vendor.objects.create(owner=alice, name="Netflix", website="https://www.netflix.com")
    form = alice_client.get(f"/cases/new/?vendor={vendor.pk}&kind=access").content.decode()
    assert "Name: Alex Example" in form
    assert "Email: alex@example.org" in form


def test_empty_suggested_lines_are_not_disclosed(alice_client: Client, vendor: Vendor) -> None:
    alice_client.post(
        "/cases/new/",
        {
            "vendor": vendor.pk,
            "kind": "access",
            "law": "auto",
            "channel": "email",
            "language": "en",
            "disclosed": "Name: Alex\nCustomer number:",
        },
    )
    assert Case.objects.get().disclosed == {"Name": "Alex"}


@pytest.mark.slow
def test_cli_case_show_letter(tmp_path: Path) -> None:
    from tests.test_cli import run

    data = tmp_path / "d"
    run(data, "demo", "--today", "2026-11-23")
    listed = json.loads(run(data, "case", "list", "--json").stdout)
    access = next(c for c in listed if c["kind"] == "access")
    shown = run(data, "case", "show", str(access["id"]), "--letter")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Subject: ")
    assert access["reference"] in shown.stdout
    assert "Art. 15" in shown.stdout


def test_an_event_can_carry_an_attachment(
    alice_client: Client, alice: User, vendor: Vendor
) -> None:
    import io

    case = open_case(alice, vendor, "complaint", sent=date(2026, 5, 4))
    upload = io.BytesIO(b"%PDF-1.4 their letter")
    upload.name = "their-letter.pdf"
    alice_client.post(
        f"/cases/{case.pk}/events/",
        {
            "kind": "reply",
            "date": "2026-05-10",
            "note": "By post",
            "attachment": upload,
        },
    )
    event = case.events.get(kind="reply")
    assert event.document is not None
    assert bytes(event.document.content) == b"%PDF-1.4 their letter"
    page = alice_client.get(f"/cases/{case.pk}/").content.decode()
    link = f'<a href="/documents/{event.document.pk}/" download>their-letter.pdf</a>'
    assert f"attached: {link}" in page


def test_a_case_cannot_cite_another_vendors_agreement(alice: User, vendor: Vendor) -> None:
    from yourside.book.models import Agreement

    other = Vendor.objects.create(owner=alice, name="Vodafone")
    contract = Agreement.objects.create(
        owner=alice, vendor=other, name="Smart S", price=10, start_date=date(2025, 1, 1)
    )
    with pytest.raises(ValidationError, match="agreement with another vendor"):
        open_case(alice, vendor, "price-rise", agreement=contract)
    assert not Case.objects.filter(owner=alice).exists()
    case = open_case(alice, other, "price-rise", agreement=contract)
    assert case.agreement == contract


def test_the_web_form_refuses_another_vendors_agreement(
    alice_client: Client, alice: User, vendor: Vendor
) -> None:
    from yourside.book.models import Agreement

    other = Vendor.objects.create(owner=alice, name="Vodafone")
    contract = Agreement.objects.create(
        owner=alice, vendor=other, name="Smart S", price=10, start_date=date(2025, 1, 1)
    )
    response = alice_client.post(
        "/cases/new/",
        {
            "vendor": vendor.pk,
            "kind": "complaint",
            "agreement": contract.pk,
            "language": "en",
            "channel": "email",
        },
    )
    assert response.status_code == 200
    assert "agreement with another vendor" in response.content.decode()
    assert not Case.objects.filter(owner=alice).exists()


def test_an_event_before_the_case_was_sent_is_refused(alice: User, vendor: Vendor) -> None:
    case = open_case(alice, vendor, "complaint", sent=date(2026, 5, 4))
    with pytest.raises(ValidationError, match="before the case was sent"):
        record_event(case, "resolved", date(1900, 1, 1))
    case.refresh_from_db()
    assert case.status == "sent"
    assert [e.kind for e in case.events.all()] == ["drafted", "sent"]
    record_event(case, "reply", date(2026, 5, 4))  # the same day is fine


def test_a_reply_dated_the_day_before_in_its_time_zone_lands_on_the_sent_day(
    alice: User, vendor: Vendor
) -> None:
    from yourside.cases.services import import_reply

    case = open_case(alice, vendor, "access", sent=date(2026, 2, 11))
    event = import_reply(alice, _reply(f"Re: {case.reference}"), "re.eml")  # dated 10 Feb
    assert event.date == date(2026, 2, 11)


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(2100, 1, 1), date(1, 1, 1)])
def test_a_case_timeline_holds_no_day_out_of_its_time(
    alice: User, vendor: Vendor, day: date
) -> None:
    with pytest.raises(ValidationError, match="sent_date"):
        open_case(alice, vendor, "access", sent=day)
    assert not Case.objects.filter(owner=alice).exists()
    case = open_case(alice, vendor, "access", sent=date(2026, 1, 31))
    for kind in ("sent", "extended", "reply"):
        with pytest.raises(ValidationError, match=r"in the future|before 1900"):
            record_event(case, kind, day)
    case.refresh_from_db()
    assert [e.kind for e in case.events.all()] == ["drafted", "sent"]


def test_a_reply_from_a_sender_whose_clock_is_ahead_lands_on_today(
    alice: User, vendor: Vendor
) -> None:
    from yourside.cases.services import import_reply

    case = open_case(alice, vendor, "access", sent=date(2026, 1, 31))
    email = _reply(f"Re: {case.reference}").replace(
        b"Date: Tue, 10 Feb 2026", b"Date: Fri, 01 Jan 2100"
    )
    assert import_reply(alice, email, "re.eml").date == date.today()


def test_a_vendor_with_cases_is_not_deleted_with_them(
    client: Client, alice_client: Client, alice: User, alice_token: str, vendor: Vendor
) -> None:
    case = open_case(alice, vendor, "access", sent=date(2026, 1, 5))
    Document.objects.create(owner=alice, vendor=vendor, title="Their letter", filename="a.pdf")
    edit = alice_client.get(f"/vendors/{vendor.pk}/edit/").content.decode()
    # Said before the customer confirms, not after: it cannot be deleted.
    assert "your evidence, which would be deleted with it: merge it into another vendor" in edit

    refused = alice_client.post(f"/vendors/{vendor.pk}/delete/", follow=True)
    said = refused.content.decode()
    assert f"{vendor.name} has 1 case ({case.reference}), your evidence" in said
    assert "merge it into another vendor instead" in said
    headers = {"Authorization": f"Bearer {alice_token}"}
    response = client.delete(f"/api/vendors/{vendor.pk}", headers=headers)
    assert response.status_code == 422
    assert Vendor.objects.filter(pk=vendor.pk).exists()
    assert Case.objects.filter(pk=case.pk).exists()

    other = Vendor.objects.create(owner=alice, name="Other")
    from yourside.book.services import merge_vendors

    merge_vendors(alice, vendor, other)  # the way to be rid of it: the case moves over
    assert Case.objects.get(pk=case.pk).vendor == other


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("2026-02-31", "Enter a valid date."),
        ("2099-03-01", "01 Mar 2099 is in the future: the timeline holds what has happened"),
    ],
)
def test_an_event_that_cannot_be_recorded_keeps_what_was_typed(
    alice_client: Client, alice: User, vendor: Vendor, day: str, said: str
) -> None:
    case = open_case(alice, vendor, "access", sent=date(2026, 1, 5))
    before = case.events.count()
    note = "They called and said the data is on its way"
    response = alice_client.post(
        f"/cases/{case.pk}/events/", {"kind": "note", "date": day, "note": note}
    )
    assert response.status_code == 422
    assert response.context["event_form"].errors == {"date": [said]}
    assert note in response.content.decode()  # not lost: the form is shown again, open
    assert case.events.count() == before
