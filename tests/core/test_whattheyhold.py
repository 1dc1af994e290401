"""What they hold about me: reading a vendor's access answer and comparing it with the record."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.letters import CaseKind, DataItem, LetterFacts, write_letter
from yourside.core.records import ParseError
from yourside.core.whattheyhold import (
    Answer,
    Finding,
    FindingKind,
    Limits,
    OwnOrder,
    OwnRecord,
    Table,
    compare,
    erasure_items,
    read_answer,
    rectification_items,
)

DATA = Path(__file__).parent.parent / "data" / "access-answers"

ERIKA = {
    "name": "Erika Mustermann",
    "email": ["erika.mustermann@example.org"],
    "phone": "+49 170 1234567",
    "address": "Heidestraße 17, 51147 Köln",
    "date_of_birth": "1964-08-12",
    "customer_number": "K-0048213",
}
# Her terms: the service and its billing, nothing else, and email as the only channel.
TERMS = OwnRecord(
    identity=ERIKA,
    allowed_purposes=frozenset({"service", "billing"}),
    allowed_channels=frozenset({"email"}),
)


def answer(name: str) -> Answer:
    return read_answer((DATA / name).read_bytes(), name)


def table(found: Answer, name: str) -> Table:
    return next(t for t in found.tables if t.name == name)


def read_json(value: Any, name: str = "answer.json") -> Answer:
    return read_answer(json.dumps(value).encode(), name)


def zipped(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


def kinds(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.kind.value, f.table, f.their_value) for f in findings]


def of(kind: FindingKind, findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.kind is kind]


# --- Reading JSON --------------------------------------------------------------------------------


def test_json_export_has_one_table_per_section() -> None:
    found = answer("streamflix-account.json")
    names = [t.name for t in found.tables]
    assert names[:4] == ["export", "profile", "addresses", "payment_methods"]
    assert "marketing.interest_segments" in names
    assert ("email", "erika.m@oldmail.example") in table(found, "profile").rows


def test_object_of_scalars_is_a_field_value_table() -> None:
    found = read_json({"name": "Erika", "active": True, "note": None}, "me.json")
    assert found.tables == (
        Table(
            "me",
            ("field", "value"),
            (("name", "Erika"), ("active", "true"), ("note", "")),
            "me.json",
        ),
    )


def test_nested_objects_get_dotted_columns() -> None:
    orders = table(answer("marketplace-orders.json"), "marketplace-orders")
    assert "shipping_address.city" in orders.columns
    assert orders.rows[0][orders.columns.index("buyer.email")] == "erika.mustermann@example.org"


def test_nested_lists_become_tables_that_point_to_their_parent() -> None:
    items = table(answer("marketplace-orders.json"), "marketplace-orders.items")
    assert items.columns[:3] == ("marketplace-orders #", "sku", "title")
    assert [row[0] for row in items.rows] == ["1", "2", "2"]
    events = table(answer("marketplace-orders.json"), "marketplace-orders.tracking.events")
    assert len(events.rows) == 2


def test_json_numbers_keep_the_vendors_text() -> None:
    found = read_answer(b'[{"price": 12.50, "big": 123456789012345678901234567890}]', "x.json")
    assert found.tables[0].rows == (("12.50", "123456789012345678901234567890"),)


def test_list_of_scalars_is_a_one_column_table() -> None:
    segments = table(answer("streamflix-account.json"), "marketing.interest_segments")
    assert segments.columns == ("value",)
    assert segments.rows == (("True Crime",), ("Scandi Noir",), ("Family Evenings",))


def test_json_lines_are_read_as_one_list() -> None:
    found = read_answer(b'{"a": 1}\n\n{"a": 2, "b": 3}\n', "events.jsonl")
    assert found.tables[0].columns == ("a", "b")
    assert found.tables[0].rows == (("1", ""), ("2", "3"))


def test_keys_that_collide_after_flattening_keep_both_values() -> None:
    found = read_json([{"a.b": 1, "a": {"b": 2}}])
    assert found.tables[0].columns == ("a.b", "a.b (2)")
    assert found.tables[0].rows == (("1", "2"),)


def test_objects_with_ever_new_keys_become_a_long_table() -> None:
    data = json.dumps([{f"k{i}": i} for i in range(5)]).encode()
    found = read_answer(data, "x.json", limits=Limits(columns=3))
    assert found.tables[0].columns == ("#", "field", "value")
    assert found.tables[0].rows[4] == ("5", "k4", "4")


def test_content_decides_when_the_name_has_no_extension() -> None:
    assert read_answer(b' {"a": 1}', "answer").tables[0].columns == ("field", "value")
    assert read_answer(b"a;b\n1;2\n", "answer").tables[0].columns == ("a", "b")


# JSON values of every shape: a property of the flattening, not of one export.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=25,
)


def scalars(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from scalars(item)
    elif isinstance(value, list):
        for item in value:
            yield from scalars(item)
    elif isinstance(value, str):
        yield value
    elif value is not None:
        yield json.dumps(value)  # numbers and booleans as the document writes them


@given(json_values)
def test_any_json_flattens_and_keeps_every_scalar(value: Any) -> None:
    found = read_json(value)
    cells = {cell for t in found.tables for row in t.rows for cell in row}
    assert all(len(row) == len(t.columns) for t in found.tables for row in t.rows)
    assert set(scalars(value)) <= cells


# --- Reading CSV ---------------------------------------------------------------------------------


def test_csv_in_a_windows_code_page_with_semicolons() -> None:
    orders = answer("shop-orders.csv").tables[0]
    assert orders.name == "shop-orders"
    assert orders.columns[5:8] == ("Währung", "E-Mail-Adresse", "Lieferadresse")
    assert orders.rows[0][2] == "Wasserkocher Edelstahl 1,7 l"
    assert len(orders.rows) == 4


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_is_sniffed(delimiter: str) -> None:
    text = delimiter.join(["email", "city"]) + "\n" + delimiter.join(["a@b.de", "Köln"]) + "\n"
    found = read_answer(text.encode(), "export.csv")
    assert found.tables[0].rows == (("a@b.de", "Köln"),)


def test_csv_short_rows_are_padded_and_blank_headers_named() -> None:
    found = read_answer(b"a,,a\n1\n1,2,3,4\n", "x.csv")
    assert found.tables[0].columns == ("a", "column 2", "a (2)", "column 4")
    assert found.tables[0].rows == (("1", "", "", ""), ("1", "2", "3", "4"))


def test_excel_delimiter_hint_is_obeyed() -> None:
    found = read_answer(b"sep=,\na;b,c\n1;2,3\n", "x.csv")
    assert found.tables[0].columns == ("a;b", "c")


# --- Reading ZIP ---------------------------------------------------------------------------------


def test_zip_reads_data_files_in_folders_and_notes_the_rest() -> None:
    found = answer("telco-export.zip")
    sources = {t.source for t in found.tables}
    assert "telco-export.zip/Kundendaten/Stammdaten.json" in sources
    assert "telco-export.zip/Rechnungen/Einzelverbindungen.tsv" in sources
    assert table(found, "Standortdaten").rows[0][2] == "50,9187"
    # The PDF is noted; the directory entry and the __MACOSX junk are not worth a note.
    assert found.notes == ("skipped Auskunft nach Art. 15 DSGVO.pdf: not a JSON or CSV file",)


def test_zip_skips_paths_outside_links_and_nested_archives() -> None:
    found = answer("unsafe-paths.zip")
    assert [t.source for t in found.tables] == ["unsafe-paths.zip/export/profile.json"]
    assert found.notes == (
        "skipped ../../home/erika/.bashrc.json: its path points outside the archive",
        "skipped /etc/profile.json: its path points outside the archive",
        "skipped export/link.json: a link, not a file",
        "skipped export/nested.zip: archives inside the archive are not opened",
    )


def test_zip_bomb_is_refused_without_unpacking(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a member over the limit was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    with pytest.raises(ParseError) as error:
        answer("bomb.zip")
    assert str(error.value) == (
        "bomb.zip: the archive holds no JSON or CSV data (skipped ViewingActivity/history.csv: "
        "64.0 MB unpacked, over the 16.0 MB limit for one file)"
    )


def test_member_over_the_limit_is_skipped_and_the_rest_read() -> None:
    data = zipped({"big.csv": b"a\n" + b"1\n" * 600, "small.json": b'{"a": 1}'})
    found = read_answer(data, "x.zip", limits=Limits(member_bytes=1000))
    assert [t.name for t in found.tables] == ["small"]
    assert found.notes == ("skipped big.csv: 0.0 MB unpacked, over the 0.0 MB limit for one file",)


def test_archive_over_the_total_limit_is_refused() -> None:
    data = zipped({f"part{i}.csv": b"a\n" + b"1\n" * 300 for i in range(4)})
    with pytest.raises(ParseError, match=r"^x\.zip: the archive unpacks to .* over the"):
        read_answer(data, "x.zip", limits=Limits(member_bytes=1000, total_bytes=2000))


def test_member_larger_than_its_header_says_is_refused() -> None:
    data = bytearray(zipped({"a.csv": b"a\n" + b"1\n" * 500}))
    # Claim 10 bytes in the local header (offset 22) and the central directory (offset 24).
    struct.pack_into("<I", data, 22, 10)
    struct.pack_into("<I", data, data.index(b"PK\x01\x02") + 24, 10)
    with pytest.raises(ParseError, match=r"^x\.zip/a\.csv: cannot be unpacked"):
        read_answer(bytes(data), "x.zip")


def test_archive_with_too_many_entries_is_refused() -> None:
    data = zipped({f"{i}.json": b"{}" for i in range(3)})
    with pytest.raises(ParseError, match="lists 3 entries, over 2"):
        read_answer(data, "x.zip", limits=Limits(members=2))


# --- Errors --------------------------------------------------------------------------------------


def test_malformed_json_names_file_line_and_column() -> None:
    with pytest.raises(ParseError) as error:
        answer("malformed.json")
    assert str(error.value) == (
        "malformed.json, line 5: not valid JSON at column 5: Expecting ',' delimiter"
    )


def test_malformed_json_in_a_zip_names_the_member() -> None:
    data = zipped({"ok/a.json": b"{}", "Daten/profil.json": (DATA / "malformed.json").read_bytes()})
    with pytest.raises(ParseError, match=r"^export\.zip/Daten/profil\.json, line 5: not valid"):
        read_answer(data, "C:\\Users\\erika\\export.zip")


def test_malformed_json_line_names_its_line() -> None:
    with pytest.raises(ParseError, match=r"^e\.jsonl, line 2: not valid JSON at column 7"):
        read_answer(b'{"a": 1}\n{"a": }\n', "e.jsonl")


@pytest.mark.parametrize(
    ("data", "name", "limits", "message"),
    [
        (b"", "a.json", Limits(), "a.json: the file is empty"),
        (b"not a zip", "a.zip", Limits(), "a.zip: not a readable ZIP archive"),
        (b"a\n" + b"x" * 200_000, "a.csv", Limits(), "a.csv: not readable as CSV: field larger"),
        (b"a\n" * 300 + b"x" * 200_000, "a.csv", Limits(), "a.csv, line 301: not readable as CSV"),
        (b"[[[[1]]]]", "a.json", Limits(depth=3), "a.json: JSON nested deeper than 3 levels"),
        (b"a,b\n1,2\n3,4\n", "a.csv", Limits(cells=4), "a.csv: too large to show as tables"),
        (b"[1, 2, 3]", "a.json", Limits(member_bytes=4), "a.json: 0.0 MB, over the 0.0 MB"),
        (b"[" * 100_000, "a.json", Limits(), "a.json: JSON nested deeper than"),
    ],
)
def test_errors_are_one_line_saying_what_and_where(
    data: bytes, name: str, limits: Limits, message: str
) -> None:
    with pytest.raises(ParseError) as error:
        read_answer(data, name, limits=limits)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


# --- Differs -------------------------------------------------------------------------------------


def test_an_old_email_differs_in_plain_words() -> None:
    found = read_json({"email": "old@example.org"})
    [finding] = compare(found, OwnRecord(identity={"email": "new@example.org"}))
    assert finding.kind is FindingKind.DIFFERS
    assert finding.explanation == (
        "They hold the email old@example.org; you know yourself as new@example.org."
    )
    assert (finding.row, finding.column, finding.field) == (0, "value", "email")


@pytest.mark.parametrize(
    ("field", "value", "topic"),
    [
        ("email", "x@example.com", "email"),
        ("e-mail", "x@example.com", "email"),
        ("E-Mail-Adresse", "x@example.com", "email"),
        ("emailAddress", "x@example.com", "email"),
        ("billing_email", "x@example.com", "email"),
        ("phone", "+49 30 999999", "phone"),
        ("telephone", "+49 30 999999", "phone"),
        ("Telefon", "+49 30 999999", "phone"),
        ("mobile", "+49 30 999999", "phone"),
        ("Handynummer", "+49 30 999999", "phone"),
        ("full_name", "Max Mustermann", "name"),
        ("Name", "Max Mustermann", "name"),
        ("Nachname", "Musterfrau", "name"),
        ("date_of_birth", "1970-01-01", "date_of_birth"),
        ("birthDate", "1970-01-01", "date_of_birth"),
        ("Geburtsdatum", "01.01.1970", "date_of_birth"),
        ("street", "Alte Gasse 5", "address"),
        ("Straße", "Alte Gasse 5", "address"),
        ("Lieferadresse", "Alte Gasse 5", "address"),
        ("postcode", "20095", "address"),
        ("PLZ", "20095", "address"),
        ("city", "Hamburg", "address"),
        ("Ort", "Hamburg", "address"),
        ("Kundennummer", "K-1", "customer_number"),
    ],
)
def test_field_names_match_across_languages(field: str, value: str, topic: str) -> None:
    found = read_json({"customer": {field: value}})
    [finding] = compare(found, OwnRecord(identity=ERIKA))
    assert (finding.kind, finding.topic, finding.their_value) == (
        FindingKind.DIFFERS,
        topic,
        value,
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "Erika.Mustermann@EXAMPLE.org "),
        ("phone", "0049 170 123 45 67"),
        ("phone", "+49 (0)170 1234567"),
        ("phone", "0170/1234567"),
        ("phone", "+491701234567"),
        ("date_of_birth", "12.08.1964"),
        ("date_of_birth", "1964-08-12T00:00:00Z"),
        ("date_of_birth", "12 Aug 1964"),
        ("date_of_birth", "08/12/1964"),
        ("name", "MUSTERMANN, Erika"),
        ("name", "Erika  Mustermann"),
        ("first_name", "erika"),
        ("street", "Heidestr. 17"),
        ("address", "Heidestrasse 17, 51147 Koeln"),
        ("customer_number", "k 0048213"),
    ],
)
def test_values_are_normalised_before_comparing(field: str, value: str) -> None:
    assert compare(read_json({"profile": {field: value}}), OwnRecord(identity=ERIKA)) == []


def test_umlauts_written_out_are_the_same_name() -> None:
    found = read_json({"account": {"name": "Jürgen Müller"}})
    assert compare(found, OwnRecord(identity={"name": "Juergen Mueller"})) == []


def test_an_old_address_differs_as_one_item() -> None:
    findings = compare(answer("streamflix-account.json"), TERMS)
    [address] = [f for f in of(FindingKind.DIFFERS, findings) if f.topic == "address"]
    assert (address.table, address.row) == ("addresses", 1)
    assert address.their_value == "Lindenallee 3, 50667, Köln"
    assert address.our_value == "Heidestraße 17, 51147 Köln"
    assert [c for _, c in address.cells] == ["line1", "postal_code", "city"]


def test_a_german_master_record_differs_in_the_surname_only() -> None:
    findings = compare(answer("telco-export.zip"), TERMS)
    [name] = of(FindingKind.DIFFERS, findings)
    assert name.explanation == (
        "They hold the name Erika Musterfrau; you know yourself as Erika Mustermann."
    )
    assert name.source == "telco-export.zip/Kundendaten/Stammdaten.json"


def test_one_wrong_value_in_many_rows_is_one_finding() -> None:
    csv = b"order;email\n1;old@example.org\n2;old@example.org\n3;OLD@example.org\n"
    [finding] = compare(read_answer(csv, "orders.csv"), OwnRecord(identity=ERIKA))
    assert finding.cells == ((0, "email"), (1, "email"), (2, "email"))


def test_names_of_devices_profiles_plans_and_sellers_are_not_the_customers() -> None:
    findings = compare(answer("streamflix-account.json"), TERMS)
    compared = {f.table for f in findings if f.kind is not FindingKind.UNEXPECTED}
    assert compared == {"profile", "addresses", "linked_accounts"}
    assert compare(answer("marketplace-orders.json"), OwnRecord(identity=ERIKA)) == []


def test_other_peoples_numbers_and_emails_are_not_compared() -> None:
    findings = compare(answer("telco-export.zip"), OwnRecord(identity=ERIKA))
    assert not [f for f in findings if f.table == "Einzelverbindungen"]
    agent = read_json({"tickets": [{"agent_email": "tom@vendor.example", "topic": "Bill"}]})
    assert compare(agent, OwnRecord(identity=ERIKA)) == []


def test_masked_values_are_not_compared() -> None:
    found = read_json({"profile": {"email": "e***@example.org", "phone": "+49 170 12xxx67"}})
    assert compare(found, OwnRecord(identity=ERIKA)) == []


def test_a_label_of_the_customers_own_is_compared_by_name() -> None:
    found = read_json({"profile": {"loyalty_card": "LC-99"}})
    [finding] = compare(found, OwnRecord(identity={"Loyalty card": "LC-12"}))
    assert finding.explanation == "They hold the Loyalty card LC-99; yours is LC-12."


# --- Unknown -------------------------------------------------------------------------------------


def test_an_email_in_another_field_is_unknown() -> None:
    findings = compare(answer("streamflix-account.json"), TERMS)
    [unknown] = of(FindingKind.UNKNOWN, findings)
    assert unknown.explanation == (
        "They hold the email erika.work@example.com (linked_accounts.login); it is none of yours."
    )


def test_an_identity_value_with_nothing_to_compare_is_unknown() -> None:
    found = read_json({"profile": {"phone": "+49 30 555 0100", "email": "erika@example.org"}})
    [finding] = compare(found, OwnRecord(identity={"email": "erika@example.org"}))
    assert finding.kind is FindingKind.UNKNOWN
    assert finding.explanation == (
        "They hold the phone number +49 30 555 0100; "
        "your record has no phone number to compare it with."
    )


# --- Unexpected ----------------------------------------------------------------------------------


def test_marketing_against_the_terms_is_unexpected() -> None:
    findings = compare(answer("streamflix-account.json"), TERMS)
    marketing = [f.field for f in of(FindingKind.UNEXPECTED, findings) if f.table == "marketing"]
    # sms_opt_in is false: a recorded refusal is what the customer wants them to hold.
    assert marketing == ["email_opt_in", "push_opt_in", "last_campaign_opened"]
    [ad_id] = [f for f in findings if f.field == "advertising_id"]
    assert ad_id.explanation.endswith("Your terms do not allow marketing.")
    assert ad_id.cells == ((0, "advertising_id"),)


def test_without_terms_no_purpose_is_refused() -> None:
    findings = compare(answer("streamflix-account.json"), OwnRecord(identity=ERIKA))
    assert {f.topic for f in of(FindingKind.UNEXPECTED, findings)} == {"location"}


def test_a_withdrawn_consent_counts_even_when_the_terms_allow() -> None:
    record = OwnRecord(
        allowed_purposes=frozenset({"marketing"}), withdrawn=frozenset({"marketing"})
    )
    [finding] = compare(read_json({"marketing": {"email_opt_in": True}}), record)
    assert finding.explanation == (
        "They hold marketing data in marketing.email_opt_in: true. "
        "You withdrew your consent to marketing."
    )


def test_a_withdrawn_consent_by_its_own_name() -> None:
    found = read_json({"settings": {"newsletter_weekly": "yes", "autoplay": True}})
    [finding] = compare(found, OwnRecord(withdrawn=frozenset({"weekly"})))
    assert (finding.topic, finding.field) == ("weekly", "newsletter_weekly")


def test_marketing_on_a_channel_the_terms_do_not_allow() -> None:
    record = OwnRecord(
        allowed_purposes=frozenset({"service", "marketing"}), allowed_channels=frozenset({"email"})
    )
    findings = of(FindingKind.UNEXPECTED, compare(answer("telco-export.zip"), record))
    consent = [f for f in findings if f.table == "Einwilligungen"]
    assert [f.row for f in consent] == [1]  # Telefon; the E-Mail row is allowed, SMS withdrawn
    assert consent[0].explanation.endswith(
        "Your terms allow marketing by email only, not by phone."
    )


def test_consents_recorded_as_withdrawn_are_not_flagged() -> None:
    findings = compare(answer("telco-export.zip"), TERMS)
    rows = [f.row for f in findings if f.table == "Einwilligungen"]
    assert rows == [0, 1]


def test_interest_segments_are_profiling() -> None:
    findings = compare(answer("streamflix-account.json"), TERMS)
    segments = [f for f in findings if f.table == "marketing.interest_segments"]
    assert [(f.topic, f.their_value) for f in segments] == [
        ("profiling", "True Crime"),
        ("profiling", "Scandi Noir"),
        ("profiling", "Family Evenings"),
    ]


def test_sharing_with_partners_is_unexpected() -> None:
    findings = compare(answer("streamflix-account.json"), TERMS)
    [shared] = [f for f in findings if f.topic == "sharing"]
    assert shared.their_value.startswith("partner: AdReach GmbH; shared_on: 2024-02-11")


def test_precise_location_is_unexpected_unless_given() -> None:
    streamflix = answer("streamflix-account.json")
    findings = compare(streamflix, TERMS)
    located = [f.field for f in findings if f.topic == "location"]
    assert located == ["location.latitude", "location.longitude"]
    gave = OwnRecord(identity=ERIKA, gave=frozenset({"location"}))
    assert not [f for f in compare(streamflix, gave) if f.topic == "location"]
    cells = [f for f in compare(answer("telco-export.zip"), TERMS) if f.topic == "location"]
    assert [(f.table, f.row) for f in cells] == [("Standortdaten", 0), ("Standortdaten", 1)]


def test_uploaded_contacts_are_unexpected_and_not_compared() -> None:
    found = read_json({"synced_contacts": [{"name": "Max", "email": "max@example.com"}]})
    [finding] = compare(found, OwnRecord(identity=ERIKA))
    assert finding.kind is FindingKind.UNEXPECTED
    assert finding.explanation == (
        "They hold your contacts in synced_contacts: name: Max; email: max@example.com. "
        "You never gave them your contacts."
    )


def test_many_flagged_rows_become_one_finding() -> None:
    found = read_json({"ad_segments": [f"segment {i}" for i in range(25)]})
    [finding] = compare(found, TERMS)
    assert (finding.their_value, finding.row, len(finding.cells)) == ("all 25 entries", None, 25)


# --- Missing -------------------------------------------------------------------------------------


def test_an_order_absent_from_their_orders_is_missing() -> None:
    record = OwnRecord(
        identity={"email": "e.mustermann@example.net"},
        orders=[
            OwnOrder(date(2025, 2, 3), Decimal("39.99"), "100-4471"),
            OwnOrder(date(2025, 5, 22), Decimal("8.49")),
            OwnOrder(date(2025, 6, 30), Decimal("24.95"), "100-4777"),
        ],
    )
    [missing] = of(FindingKind.MISSING, compare(answer("shop-orders.csv"), record))
    assert missing.kind is FindingKind.MISSING
    assert missing.explanation == (
        "Your order 100-4777 of 2025-06-30 over 24.95 is not in their shop-orders table."
    )


def test_orders_are_found_by_reference_in_nested_json() -> None:
    record = OwnRecord(identity=ERIKA, orders=[OwnOrder(reference="302-9920331-1029384")])
    assert compare(answer("marketplace-orders.json"), record) == []


def test_missing_needs_an_orders_table() -> None:
    record = OwnRecord(orders=[OwnOrder(date(2025, 6, 30), Decimal("24.95"), "100-4777")])
    assert compare(read_json({"profile": {"plan": "basic"}}), record) == []


# --- Letters -------------------------------------------------------------------------------------


def test_shop_answer_gives_rectification_items() -> None:
    items = rectification_items(compare(answer("shop-orders.csv"), OwnRecord(identity=ERIKA)))
    assert items == [
        DataItem(
            "shop-orders.E-Mail-Adresse", "e.mustermann@example.net", "erika.mustermann@example.org"
        ),
        DataItem("shop-orders.Telefon", "0170 7654321", "+49 170 1234567"),
        DataItem(
            "shop-orders.Lieferadresse, PLZ, Ort",
            "Gartenweg 2, 51147, Köln",
            "Heidestraße 17, 51147 Köln",
        ),
    ]


def test_erasure_items_have_no_right_value() -> None:
    items = erasure_items(compare(answer("streamflix-account.json"), TERMS))
    assert DataItem("marketing.email_opt_in", "true") in items
    assert DataItem("linked_accounts.login", "erika.work@example.com") in items
    assert all(item.right == "" for item in items)
    assert len(items) == len(set(items))


def test_items_feed_a_rectification_letter() -> None:
    items = rectification_items(compare(answer("streamflix-account.json"), TERMS))
    facts = LetterFacts(
        CaseKind.RECTIFICATION, "Streamflix", "YS-2026-0001", date(2026, 1, 5), items=tuple(items)
    )
    body = write_letter(facts).body
    assert '"erika.m@oldmail.example"; correct is "erika.mustermann@example.org"' in body


# Keys that name identity fields and concerns, so that arbitrary answers reach every comparison.
telling_keys = st.sampled_from(
    ["email", "Telefon", "name", "PLZ", "city", "marketing", "orders", "latitude", "dob", "x"]
)
answers = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.emails(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(telling_keys | st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=25,
)


@given(answers)
def test_findings_point_at_cells_that_exist(value: Any) -> None:
    found = read_json(value)
    record = OwnRecord(
        identity=ERIKA,
        orders=[OwnOrder(date(2025, 1, 1), Decimal("1"), "A-1")],
        allowed_purposes=frozenset(),
        allowed_channels=frozenset({"email"}),
    )
    tables = {t.name: t for t in found.tables}
    for finding in compare(found, record):
        t = tables[finding.table]
        assert all(0 <= row < len(t.rows) and column in t.columns for row, column in finding.cells)
        assert finding.explanation
        assert "\n" not in finding.explanation


def test_a_vendors_own_number_column_is_compared() -> None:
    found = read_answer(b"Kunde;Phone #\nErika;+49 30 999999\n", "kunden.csv")
    [finding] = compare(found, OwnRecord(identity=ERIKA))
    assert (finding.topic, finding.column) == ("phone", "Phone #")


@pytest.mark.parametrize(
    ("head", "what"), [(b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"%PDF-1.7\n", "a PDF document")]
)
def test_an_image_or_a_pdf_is_no_answer_to_read(head: bytes, what: str) -> None:
    # Read as text, a PNG made a table of noise and "nothing differs from your record".
    with pytest.raises(ParseError) as error:
        read_answer(head + bytes(range(256)) * 4, "scan")
    assert str(error.value) == (
        f"scan: this is {what}, not JSON or CSV: ask them for your data in a machine-readable"
        " format (JSON or CSV), as the right of access entitles you to"
    )
