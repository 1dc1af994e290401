"""Vendors from descriptors: the starter directory, and learning from the customer's corrections."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from yourside.book.models import Agreement, Transaction, Vendor, VendorRule
from yourside.book.services import (
    assign_vendor,
    file_payees,
    merge_vendors,
    unfile,
    update_record,
)
from yourside.ingest.services import import_file

STATEMENT = """Date,Description,Amount
2026-01-03,NETFLIX.COM 866-579-7172 NL,-15.99
2026-01-05,SQ *BLUE BOTTLE COFFEE 4471,-4.50
2026-01-09,SQ *BLUE BOTTLE COFFEE 9932,-5.20
2026-01-12,Kartenzahlung REWE SAGT DANKE 41400673//Hamburg 2026-01-12T11:33:59,-23.10
"""


def run_import(user: User, text: str = STATEMENT, name: str = "jan.csv") -> None:
    import_file(user, io.BytesIO(text.encode()), name, account_name="Current")


def vendor_of(user: User, text: str) -> str | None:
    record = Transaction.objects.owned_by(user).filter(description__contains=text).first()
    assert record is not None
    return record.vendor.name if record.vendor else None


def test_known_merchants_become_vendors_from_the_starter_directory(alice: User) -> None:
    run_import(alice)
    assert vendor_of(alice, "NETFLIX") == "Netflix"
    assert vendor_of(alice, "REWE") == "REWE"
    netflix = Vendor.objects.get(owner=alice, name="Netflix")
    assert netflix.website == "https://netflix.com"
    assert netflix.source_ref == "starter directory of merchants"


def test_an_unknown_payee_is_left_for_the_customer(alice: User) -> None:
    run_import(alice)
    assert vendor_of(alice, "BLUE BOTTLE") is None


def test_the_payee_names_the_vendor_unless_it_is_a_payment_processor(alice: User) -> None:
    run_import(
        alice,
        "Date,Payee,Description,Amount\n"
        "2026-01-03,PayPal Europe S.a.r.l.,PP.1234.PP NETFLIX.COM Ihr Einkauf bei Netflix,-15.99\n"
        "2026-01-05,Lidl Vertriebs-GmbH & Co. KG,KARTENZAHLUNG 4471,-23.10\n"
        "2026-01-06,Blue Bottle,KARTENZAHLUNG NETFLIX.COM,-4.50\n"
        "2026-01-07,PayPal Europe S.a.r.l.,PP.5678.PP Ihr Einkauf bei Blue Bottle,-9.00\n"
        "2026-01-08,Lidl Vertriebs-GmbH & Co. KG,KARTENZAHLUNG 5582,-7.40\n",
    )
    assert vendor_of(alice, "PP.1234") == "Netflix"  # PayPal collected for Netflix
    assert vendor_of(alice, "4471") == vendor_of(alice, "5582") == "Lidl"
    assert vendor_of(alice, "KARTENZAHLUNG NETFLIX") is None  # paid to Blue Bottle
    assert vendor_of(alice, "PP.5678") is None


def test_filing_one_transaction_files_its_twins_and_teaches_the_next_import(alice: User) -> None:
    run_import(alice)
    cafe = Vendor.objects.create(owner=alice, name="Blue Bottle")
    first = Transaction.objects.owned_by(alice).filter(description__contains="4471").get()
    assert assign_vendor(alice, first, cafe) == 2
    assert VendorRule.objects.filter(owner=alice, vendor=cafe).exists()
    run_import(
        alice, "Date,Description,Amount\n2026-02-03,SQ *BLUE BOTTLE COFFEE 1200,-3.90\n", "feb.csv"
    )
    assert vendor_of(alice, "1200") == "Blue Bottle"


def test_taking_a_line_out_of_its_vendor_takes_its_twins_and_forgets_the_rule(
    alice: User,
) -> None:
    run_import(alice)
    # Named unlike the lines: the vendor's own name would find them again.
    cafe = Vendor.objects.create(owner=alice, name="Corner Cafe")
    first = Transaction.objects.owned_by(alice).filter(description__contains="4471").get()
    assign_vendor(alice, first, cafe)
    other = Vendor.objects.create(owner=alice, name="Other")
    kept = VendorRule.objects.create(owner=alice, kind="descriptor", pattern="x", vendor=cafe)
    VendorRule.objects.create(owner=alice, kind="descriptor", pattern="y", vendor=other)

    assert len(unfile(alice, first)) == 2

    assert vendor_of(alice, "4471") is None
    assert vendor_of(alice, "9932") is None
    assert vendor_of(alice, "NETFLIX") == "Netflix"  # another payee's line stays
    assert list(VendorRule.objects.filter(owner=alice, vendor=cafe)) == [kept]
    assert VendorRule.objects.filter(owner=alice, vendor=other).count() == 1
    run_import(
        alice, "Date,Description,Amount\n2026-02-03,SQ *BLUE BOTTLE COFFEE 1200,-3.90\n", "feb.csv"
    )
    assert vendor_of(alice, "1200") is None
    assert len(unfile(alice, Transaction.objects.get(pk=first.pk))) == 0  # filed under none already


def test_taking_out_a_line_the_directory_filed_takes_out_its_payee(alice: User) -> None:
    run_import(alice)
    netflix = Transaction.objects.owned_by(alice).filter(description__contains="NETFLIX").get()
    assert len(unfile(alice, netflix)) == 1
    assert vendor_of(alice, "NETFLIX") is None


def test_a_learned_rule_files_the_next_import_whatever_payee_the_bank_names(alice: User) -> None:
    # The bank's payee column names a person (the shop's owner), which names no vendor.
    line = "{day},Jan Novak,KARTENZAHLUNG BAECKEREI HAHN//BONN/DE {day}T08:01:00,-3.20\n"
    header = "Date,Payee,Description,Amount\n"
    run_import(alice, header + line.format(day="2026-01-05"))
    assert vendor_of(alice, "2026-01-05T") is None
    bakery = Vendor.objects.create(owner=alice, name="Bäckerei Hahn")
    assign_vendor(alice, Transaction.objects.owned_by(alice).get(), bakery)
    run_import(alice, header + line.format(day="2026-02-05"), "feb.csv")
    assert vendor_of(alice, "2026-02-05T") == "Bäckerei Hahn"


def test_a_learned_rule_comes_before_the_vendor_the_bank_names(alice: User) -> None:
    # The customer files their corner shop apart from the chain whose name the bank gives.
    Vendor.objects.create(owner=alice, name="EDEKA")
    line = "{day},EDEKA Handelsgesellschaft Nord,KARTENZAHLUNG EDEKA MEIER//KIEL/DE,-12.40\n"
    header = "Date,Payee,Description,Amount\n"
    run_import(alice, header + line.format(day="2026-01-05"))
    assert vendor_of(alice, "EDEKA MEIER") == "EDEKA"
    corner = Vendor.objects.create(owner=alice, name="Edeka Meier")
    assign_vendor(alice, Transaction.objects.owned_by(alice).get(), corner)
    run_import(alice, header + line.format(day="2026-02-05"), "feb.csv")
    lines = Transaction.objects.owned_by(alice).order_by("date")
    assert [t.vendor.name for t in lines if t.vendor] == ["Edeka Meier", "Edeka Meier"]


def test_a_rule_moves_lines_filed_elsewhere_and_lines_without_a_payee(alice: User) -> None:
    run_import(alice)
    lines = Transaction.objects.owned_by(alice)
    cafe = Vendor.objects.create(owner=alice, name="Blue Bottle")
    wrong = Vendor.objects.create(owner=alice, name="Somebody else")
    lines.filter(description__contains="9932").update(vendor=wrong)
    # A line of an older export: stored before lines had payees.
    older = lines.create(
        owner=alice,
        account=lines[0].account,
        date="2026-01-20",
        amount="-3.10",
        description="SQ *BLUE BOTTLE COFFEE 5150",
    )
    lines.filter(pk=older.pk).update(payee="")
    netflix = vendor_of(alice, "NETFLIX")
    first = lines.filter(description__contains="4471").get()
    # The line itself, its twin filed under another vendor, and the line without a payee.
    assert assign_vendor(alice, first, cafe) == 3
    assert {vendor_of(alice, n) for n in ("4471", "9932", "5150")} == {"Blue Bottle"}
    assert vendor_of(alice, "NETFLIX") == netflix
    assert assign_vendor(alice, first, cafe) == 1  # nothing else left to move


def test_many_payees_are_filed_and_learned_at_once(alice: User) -> None:
    run_import(
        alice,
        "Date,Description,Amount\n"
        "2026-01-05,SQ *BLUE BOTTLE COFFEE 4471,-4.50\n"
        "2026-01-06,KARTENZAHLUNG BAECKEREI HAHN//BONN/DE 2026-01-05T08:01:00,-3.20\n"
        "2026-01-07,KARTENZAHLUNG BAECKEREI HAHN//BONN/DE 2026-01-06T08:03:00,-2.80\n",
    )
    lines = Transaction.objects.owned_by(alice)
    payees = sorted(set(lines.values_list("payee", flat=True)))
    assert len(payees) == 2
    vendors = {p: Vendor.objects.create(owner=alice, name=p.title()) for p in payees}
    assert file_payees(alice, vendors) == 3
    assert {line.payee: line.vendor for line in lines} == vendors
    run_import(
        alice,
        "Date,Description,Amount\n"
        "2026-02-06,KARTENZAHLUNG BAECKEREI HAHN//KOELN/DE 2026-02-05T08:01:00,-3.40\n",
        "feb.csv",
    )
    new = lines.get(description__contains="KOELN")
    assert new.vendor == vendors[new.payee]


def test_a_payee_that_names_nobody_is_not_learned_and_nothing_is_filed(alice: User) -> None:
    run_import(alice)
    vendor = Vendor.objects.create(owner=alice, name="Someone")
    lines = Transaction.objects.owned_by(alice)
    payee = lines.get(description__contains="4471").payee
    with pytest.raises(ValidationError, match="names no payee"):
        file_payees(alice, {payee: vendor, "cash": vendor})
    assert not VendorRule.objects.filter(owner=alice).exists()
    assert not lines.filter(vendor=vendor).exists()


def test_merge_moves_everything_and_keeps_the_name_as_alias(alice: User) -> None:
    run_import(alice)
    netflix = Vendor.objects.get(owner=alice, name="Netflix")
    duplicate = Vendor.objects.create(owner=alice, name="Netflix International B.V.")
    Agreement.objects.create(
        owner=alice, vendor=duplicate, name="Plan", price=1, start_date="2026-01-01"
    )
    merge_vendors(alice, duplicate, netflix)
    netflix.refresh_from_db()
    assert "Netflix International B.V." in netflix.aliases
    assert netflix.agreements.count() == 1
    assert not Vendor.objects.filter(pk=duplicate.pk).exists()


def test_merging_keeps_the_merged_vendors_terms_where_the_other_has_its_own(
    alice: User,
) -> None:
    from yourside.book.models import Note, Terms

    amazon = Vendor.objects.create(owner=alice, name="Amazon")
    telekom = Vendor.objects.create(owner=alice, name="Telekom")
    Terms.objects.create(
        owner=alice, vendor=amazon, channels=["email"], purposes=["service", "billing"]
    )
    kept = Terms.objects.create(owner=alice, vendor=telekom, channels=["post"])

    merge_vendors(alice, amazon, telekom)

    assert list(Terms.objects.filter(owner=alice)) == [kept]
    note = Note.objects.get(owner=alice, vendor=telekom)
    assert note.title == "Your terms for Amazon"
    assert note.body.startswith(
        "Channels allowed: Email.\nPurposes allowed: Delivering the service I asked for;"
        " Billing and legal obligations.\nThe vendor's answer: Not sent yet."
    )


def test_renaming_keeps_the_old_name_as_an_alias(alice: User) -> None:
    vendor = Vendor.objects.create(owner=alice, name="Telco")
    update_record(vendor, {"name": "Telco Deutschland"})
    assert vendor.aliases == ["Telco"]


def test_cannot_merge_into_itself(alice: User) -> None:
    from django.core.exceptions import ValidationError

    vendor = Vendor.objects.create(owner=alice, name="Telco")
    with pytest.raises(ValidationError, match="itself"):
        merge_vendors(alice, vendor, vendor)


def test_web_files_a_transaction_with_htmx(alice_client: Client, alice: User) -> None:
    run_import(alice)
    cafe = Vendor.objects.create(owner=alice, name="Blue Bottle")
    record = Transaction.objects.owned_by(alice).filter(description__contains="4471").get()
    page = alice_client.get("/transactions/").content.decode()
    assert f'hx-post="/transactions/{record.pk}/vendor/"' in page
    response = alice_client.post(
        f"/transactions/{record.pk}/vendor/", {"vendor": cafe.pk}, HTTP_HX_REQUEST="true"
    )
    assert "Filed under Blue Bottle, with 1 more like it." in response.content.decode()
    twin = Transaction.objects.owned_by(alice).filter(description__contains="9932").get()
    page_lines = f"{record.pk},{twin.pk}"
    other = alice_client.post(
        f"/transactions/{record.pk}/vendor/",
        {"vendor": cafe.pk, "page_lines": page_lines},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f'id="vendor-of-{twin.pk}"' in other  # put in place of the twin's field
    assert 'value="Blue Bottle"' in other
    assert 'hx-swap-oob="true"' in other
    assert f'id="vendor-of-{record.pk}"' not in other


def test_web_files_a_transaction_under_a_vendor_named_in_the_row(
    alice_client: Client, alice: User
) -> None:
    run_import(alice)
    cafe = Vendor.objects.create(owner=alice, name="Blue Bottle")
    record = Transaction.objects.owned_by(alice).filter(description__contains="4471").get()
    page = alice_client.get("/transactions/").content.decode()
    # One list of names for the whole page, not a choice of every vendor in every row.
    assert page.count('<datalist id="vendor-names">') == 1
    assert page.count('<option value="Blue Bottle">') == 1
    assert page.count('list="vendor-names"') == Transaction.objects.owned_by(alice).count()
    response = alice_client.post(
        f"/transactions/{record.pk}/vendor/",
        {"vendor_name": "blue bottle"},
        HTTP_HX_REQUEST="true",
    )
    said = response.content.decode()
    assert "Filed under Blue Bottle, with 1 more like it." in said
    assert f'<a href="/transactions/?vendor={cafe.pk}">See them all</a>' in said
    assert Transaction.objects.filter(vendor=cafe).count() == 2


def test_web_clearing_the_vendor_takes_the_line_out_with_htmx(
    alice_client: Client, alice: User
) -> None:
    run_import(alice)
    cafe = Vendor.objects.create(owner=alice, name="Blue Bottle")
    record = Transaction.objects.owned_by(alice).filter(description__contains="4471").get()
    twin = Transaction.objects.owned_by(alice).filter(description__contains="9932").get()
    assign_vendor(alice, record, cafe)
    response = alice_client.post(
        f"/transactions/{record.pk}/vendor/",
        {"vendor_name": " ", "page_lines": f"{record.pk},{twin.pk}"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    said = response.content.decode()
    assert "Taken out of Blue Bottle, with 1 more like it." in said
    assert f'id="vendor-of-{twin.pk}"' in said  # the twin's field, emptied in place
    assert 'value=""' in said
    assert Transaction.objects.filter(vendor=cafe).count() == 0
    # A line that was unfiled already is not put in place again (it may be being typed in).
    netflix = Transaction.objects.owned_by(alice).filter(description__contains="NETFLIX").get()
    unfile(alice, netflix)
    assign_vendor(alice, record, cafe)
    again = alice_client.post(
        f"/transactions/{record.pk}/vendor/",
        {"vendor_name": "", "page_lines": f"{record.pk},{twin.pk},{netflix.pk}"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f'id="vendor-of-{twin.pk}"' in again
    assert f'id="vendor-of-{netflix.pk}"' not in again


@pytest.mark.parametrize("name", ["Blue Botle", ""])
def test_web_filing_under_a_name_no_vendor_has_changes_nothing(
    alice_client: Client, alice: User, name: str
) -> None:
    run_import(alice)
    record = Transaction.objects.owned_by(alice).filter(description__contains="4471").get()
    before = list(Transaction.objects.owned_by(alice).values_list("pk", "vendor_id"))
    response = alice_client.post(
        f"/transactions/{record.pk}/vendor/", {"vendor_name": name}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    said = response.content.decode()
    assert 'role="alert"' in said
    assert (f"No vendor is called “{name}”" if name else "Type or pick the name") in said
    assert list(Transaction.objects.owned_by(alice).values_list("pk", "vendor_id")) == before
    assert not VendorRule.objects.filter(owner=alice).exists()


def test_web_names_differing_in_case_find_one_vendor_or_ask(
    alice_client: Client, alice: User
) -> None:
    run_import(alice)
    record = Transaction.objects.owned_by(alice).filter(description__contains="4471").get()
    url = f"/transactions/{record.pk}/vendor/"
    Vendor.objects.create(owner=alice, name="Ärztekammer")
    upper, title = (Vendor.objects.create(owner=alice, name=n) for n in ("ALDI", "Aldi"))
    # Any letters fold, not only ASCII (SQLite's own comparison folds ASCII only).
    said = alice_client.post(url, {"vendor_name": "ärztekammer"}, HTTP_HX_REQUEST="true")
    assert "Filed under Ärztekammer" in said.content.decode()
    said = alice_client.post(url, {"vendor_name": "aldi"}, HTTP_HX_REQUEST="true")
    assert said.status_code == 422
    assert "More than one vendor is called “aldi”" in said.content.decode()
    # Without JavaScript: back to the page the form was on, the search kept.
    said = alice_client.post(url, {"vendor_name": "Aldi", "next": "/transactions/?q=coffee"})
    assert said["Location"] == "/transactions/?q=coffee"
    assert Transaction.objects.get(pk=record.pk).vendor == title
    # The vendor being merged is no candidate: "aldi" can only mean the other one.
    merged = alice_client.post(f"/vendors/{title.pk}/merge/", {"into_name": "aldi"})
    assert merged["Location"] == f"/vendors/{upper.pk}/"


def test_web_merge_by_name_and_its_mistakes(alice_client: Client, alice: User) -> None:
    a = Vendor.objects.create(owner=alice, name="A-Mart")
    b = Vendor.objects.create(owner=alice, name="A Mart GmbH")
    page = alice_client.get(f"/vendors/{b.pk}/").content.decode()
    assert '<option value="A-Mart">' in page
    for name, said in (
        ("B-Mart", "No vendor is called “B-Mart”"),
        ("A Mart GmbH", "itself"),
        ("a mart gmbh", "“a mart gmbh” is this vendor: a vendor cannot be merged into itself"),
    ):
        response = alice_client.post(f"/vendors/{b.pk}/merge/", {"into_name": name}, follow=True)
        assert said in response.content.decode()
        assert Vendor.objects.owned_by(alice).count() == 2
    response = alice_client.post(f"/vendors/{b.pk}/merge/", {"into_name": "A-Mart"})
    assert response["Location"] == f"/vendors/{a.pk}/"
    assert list(Vendor.objects.owned_by(alice).values_list("name", flat=True)) == ["A-Mart"]


def test_web_merge(alice_client: Client, alice: User) -> None:
    a = Vendor.objects.create(owner=alice, name="A-Mart")
    b = Vendor.objects.create(owner=alice, name="A Mart GmbH")
    response = alice_client.post(f"/vendors/{b.pk}/merge/", {"into": a.pk})
    assert response["Location"] == f"/vendors/{a.pk}/"
    assert Vendor.objects.owned_by(alice).count() == 1


def test_api_files_and_merges(client: Client, alice: User, alice_token: str) -> None:
    run_import(alice)
    cafe = Vendor.objects.create(owner=alice, name="Blue Bottle")
    record = Transaction.objects.owned_by(alice).filter(description__contains="4471").get()
    headers = {"Authorization": f"Bearer {alice_token}"}
    filed = client.post(
        f"/api/transactions/{record.pk}/vendor",
        json.dumps({"vendor": cafe.pk}),
        content_type="application/json",
        headers=headers,
    )
    assert filed.json() == {"moved": 2}
    back = client.post(
        f"/api/transactions/{record.pk}/vendor",
        json.dumps({"vendor": None}),
        content_type="application/json",
        headers=headers,
    )
    assert back.json() == {"moved": 2}
    assert not Transaction.objects.filter(vendor=cafe).exists()
    assign_vendor(alice, Transaction.objects.get(pk=record.pk), cafe)
    other = Vendor.objects.create(owner=alice, name="Blue Bottle Coffee Inc")
    merged = client.post(
        f"/api/vendors/{other.pk}/merge",
        json.dumps({"into": cafe.pk}),
        content_type="application/json",
        headers=headers,
    )
    assert "Blue Bottle Coffee Inc" in merged.json()["aliases"]


@pytest.mark.slow
def test_cli_assign_and_merge(tmp_path: Path) -> None:
    from tests.test_cli import run

    data = tmp_path / "d"
    password = tmp_path / "pw"
    password.write_text("a long enough passphrase\n")
    run(data, "init", "--username", "ann", "--password-file", str(password))
    statement = tmp_path / "jan.csv"
    statement.write_text(STATEMENT)
    run(data, "import", str(statement), "--account", "Current")
    run(data, "vendors", "add", "Blue Bottle")
    rows = json.loads(run(data, "transactions", "--json").stdout)
    coffee = next(r for r in rows if "4471" in r["description"])
    assigned = run(data, "vendors", "assign", str(coffee["id"]), "Blue Bottle")
    assert assigned.stdout.strip() == "Filed 2 transaction(s) under Blue Bottle."
    taken = run(data, "vendors", "unassign", str(coffee["id"]))
    assert taken.stdout.strip() == "Took 2 transaction(s) out of Blue Bottle."
    again = run(data, "vendors", "unassign", str(coffee["id"]))
    assert again.returncode == 1
    assert again.stderr.strip().endswith(f"transaction {coffee['id']} is filed under no vendor")
    run(data, "vendors", "assign", str(coffee["id"]), "Blue Bottle")
    run(data, "vendors", "add", "BB Coffee")
    merged = run(data, "vendors", "merge", "BB Coffee", "--into", "Blue Bottle")
    assert merged.returncode == 0, merged.stderr
    names = [v["name"] for v in json.loads(run(data, "vendors", "--json").stdout)]
    assert "BB Coffee" not in names
