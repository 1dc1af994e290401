"""Letters written from the customer's facts: law, facts, privacy, and the ways to send them."""

from __future__ import annotations

import email
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from email import policy
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.deadlines import Law
from yourside.core.letters import (
    DATA_RIGHTS,
    AgreementFacts,
    CaseKind,
    DataItem,
    Language,
    Letter,
    LetterFacts,
    Money,
    OrderFacts,
    TransactionFacts,
    WarrantyFacts,
    as_eml,
    escalation_complaint,
    follow_up_letter,
    mailto_link,
    write_letter,
)

CONSUMER = [k for k in CaseKind if k not in DATA_RIGHTS]
LANGUAGES: list[Language] = ["en", "de"]
PROFILE = {
    "name": "Jane Doe",
    "email": "jane@example.org",
    "customer_number": "C-4711",
    "date_of_birth": "1 April 1980",
    "phone": "+49 30 1234567",
    "address": "Hauptstraße 1\n10115 Berlin",
}


def facts(kind: CaseKind | str = CaseKind.ACCESS, **changes: Any) -> LetterFacts:
    """A case with every optional fact filled in and two identity fields disclosed."""
    values: dict[str, Any] = {
        "kind": kind,
        "vendor_name": "Netflix International B.V.",
        "reference": "YS-2026-0042",
        "letter_date": date(2026, 11, 23),
        "identity": {"name": "Jane Doe", "customer_number": "C-4711"},
        "law": Law.GDPR,
        "details": "I was charged twice for November.",
        "orders": [OrderFacts("123-456", date(2026, 11, 3), Money(Decimal("39.99"), "EUR"))],
        "transactions": [
            TransactionFacts(date(2026, 11, 5), Money(Decimal("-39.99"), "EUR"), "NETFLIX.COM")
        ],
        "agreement": AgreementFacts(
            "Netflix Premium",
            notice=1,
            notice_unit="months",
            cancel_by=date(2026, 11, 30),
            renewal=date(2026, 12, 31),
            price=Money(Decimal("17.99"), "EUR"),
            new_price=Money(Decimal("19.99"), "EUR"),
        ),
        "warranty": WarrantyFacts("Pixel 8", "SN-998877", date(2025, 3, 3), date(2027, 3, 3)),
        "items": [DataItem("Address", "Old Street 1", "New Street 2")],
        "response_due": date(2026, 12, 23),
    }
    return LetterFacts(**(values | changes))


def test_case_kinds_match_the_model() -> None:
    from yourside.cases.models import Case

    assert {k.value for k in CaseKind} == set(Case.Kind.values)


# --- The right law -------------------------------------------------------------------------------

CITATIONS = {
    (Law.GDPR, "en"): {
        "access": "Art. 15 GDPR",
        "rectification": "Art. 16 GDPR",
        "erasure": "Art. 17 GDPR",
        "objection": "Art. 21(2) GDPR",
        "portability": "Art. 20 GDPR",
        "consent": "Art. 7(3) GDPR",
    },
    (Law.GDPR, "de"): {
        "access": "Art. 15 DSGVO",
        "rectification": "Art. 16 DSGVO",
        "erasure": "Art. 17 DSGVO",
        "objection": "Art. 21 Abs. 2 DSGVO",
        "portability": "Art. 20 DSGVO",
        "consent": "Art. 7 Abs. 3 DSGVO",
    },
    (Law.UK_GDPR, "en"): {
        "access": "Art. 15 UK GDPR",
        "rectification": "Art. 16 UK GDPR",
        "erasure": "Art. 17 UK GDPR",
        "objection": "Art. 21(2) UK GDPR",
        "portability": "Art. 20 UK GDPR",
        "consent": "Art. 7(3) UK GDPR",
    },
    (Law.UK_GDPR, "de"): {
        "access": "Art. 15 UK GDPR",
        "rectification": "Art. 16 UK GDPR",
        "erasure": "Art. 17 UK GDPR",
        "objection": "Art. 21 Abs. 2 UK GDPR",
        "portability": "Art. 20 UK GDPR",
        "consent": "Art. 7 Abs. 3 UK GDPR",
    },
}
CCPA_SECTIONS = {
    "access": "§1798.110",
    "rectification": "§1798.106",
    "erasure": "§1798.105",
    "objection": "§1798.120",
    "portability": "§1798.110",
    "consent": "§1798.120",
}
ONE_MONTH = {
    (Law.GDPR, "en"): "Art. 12(3) GDPR",
    (Law.GDPR, "de"): "Art. 12 Abs. 3 DSGVO",
    (Law.UK_GDPR, "en"): "Art. 12(3) UK GDPR",
    (Law.UK_GDPR, "de"): "Art. 12 Abs. 3 UK GDPR",
}


@pytest.mark.parametrize(("law", "lang"), list(CITATIONS))
@pytest.mark.parametrize("kind", sorted(DATA_RIGHTS))
def test_gdpr_letters_cite_the_article_and_the_deadline(
    kind: CaseKind, law: Law, lang: Language
) -> None:
    letter = write_letter(facts(kind, law=law), lang)
    article = CITATIONS[law, lang][kind]
    assert article in letter.subject
    assert article in letter.body
    assert ONE_MONTH[law, lang] in letter.body


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(DATA_RIGHTS))
def test_ccpa_letters_cite_the_section_and_the_deadline(kind: CaseKind, lang: Language) -> None:
    letter = write_letter(facts(kind, law=Law.CCPA), lang)
    assert f"Cal. Civ. Code {CCPA_SECTIONS[kind]}" in letter.subject
    assert CCPA_SECTIONS[kind] in letter.body
    opt_out = kind in (CaseKind.OBJECTION, CaseKind.CONSENT)
    assert ("§7026(f)" if opt_out else "§1798.130(a)(2)") in letter.body
    assert "GDPR" not in letter.body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_consent_withdrawal_also_asks_for_erasure(lang: Language) -> None:
    body = write_letter(facts(CaseKind.CONSENT), lang).body
    assert ("Art. 17(1)(b) GDPR" if lang == "en" else "Art. 17 Abs. 1 lit. b DSGVO") in body


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", CONSUMER)
def test_consumer_letters_cite_no_data_protection_law(kind: CaseKind, lang: Language) -> None:
    letter = write_letter(facts(kind, law=Law.GDPR), lang)
    assert "Art." not in letter.subject + letter.body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_data_rights_without_a_law_cite_nothing(lang: Language) -> None:
    letter = write_letter(facts(CaseKind.ERASURE, law=None), lang)
    assert "Art." not in letter.body
    assert "§" not in letter.body


# --- The customer's facts ------------------------------------------------------------------------

FORMATTED = {
    "en": ["123-456", "€39.99", "3 November 2026", "5 November 2026", "23 November 2026"],
    "de": ["123-456", "39,99 €", "3. November 2026", "5. November 2026", "23. November 2026"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(CaseKind))
def test_every_letter_states_the_facts(kind: CaseKind, lang: Language) -> None:
    letter = write_letter(facts(kind), lang)
    for text in [*FORMATTED[lang], "I was charged twice for November.", "NETFLIX.COM"]:
        assert text in letter.body
    assert "YS-2026-0042" in letter.subject


@pytest.mark.parametrize(("lang", "text"), [("en", "€1,234.50"), ("de", "1.234,50 €")])
def test_refund_names_the_amount(lang: Language, text: str) -> None:
    letter = write_letter(facts("refund", amount=Money(Decimal("1234.5"), "EUR")), lang)
    assert text in letter.body.split("\n\n")[3]  # the request itself, after head, date, salutation


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("en", ["notice period 1 month", "30 November 2026", "renew", "31 December 2026"]),
        ("de", ["Kündigungsfrist 1 Monat", "30. November 2026", "31. Dezember 2026"]),
    ],
)
def test_cancellation_states_the_agreement(lang: Language, texts: list[str]) -> None:
    body = write_letter(facts("cancellation"), lang).body
    for text in ["Netflix Premium", *texts]:
        assert text in body


def test_late_cancellation_does_not_claim_to_be_in_time() -> None:
    body = write_letter(facts("cancellation", letter_date=date(2026, 12, 5))).body
    assert "in time" not in body


@pytest.mark.parametrize(
    ("lang", "old", "new"), [("en", "€17.99", "€19.99"), ("de", "17,99 €", "19,99 €")]
)
def test_price_rise_states_old_and_new_price(lang: Language, old: str, new: str) -> None:
    body = write_letter(facts("price-rise"), lang).body
    assert f"{old}" in body
    assert f"{new}" in body


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("en", ["Pixel 8", "serial number SN-998877", "3 March 2025", "3 March 2027"]),
        ("de", ["Pixel 8", "Seriennummer SN-998877", "3. März 2025", "3. März 2027"]),
    ],
)
def test_warranty_claim_states_the_product(lang: Language, texts: list[str]) -> None:
    body = write_letter(facts("warranty"), lang).body
    for text in texts:
        assert text in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rectification_lists_the_wrong_and_the_right_value(lang: Language) -> None:
    body = write_letter(facts("rectification"), lang).body
    assert "Old Street 1" in body
    assert "New Street 2" in body


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "that is by 23 December 2026"), ("de", "bis zum 23. Dezember 2026")]
)
def test_the_due_date_is_stated(lang: Language, text: str) -> None:
    assert text in write_letter(facts(CaseKind.ACCESS), lang).body


def test_consumer_letters_ask_for_an_answer_in_two_weeks() -> None:
    letter = write_letter(facts("complaint", response_due=None))
    assert "Please reply by 7 December 2026." in letter.body


# --- The customer's identity ---------------------------------------------------------------------


def all_letters(f: LetterFacts) -> list[Letter]:
    return [
        *(write_letter(f, lang) for lang in LANGUAGES),
        *(follow_up_letter(f, lang, date(2026, 10, 1), date(2026, 11, 2)) for lang in LANGUAGES),
        *(
            escalation_complaint(f, "BfDI", [(date(2026, 10, 1), "Request sent")], lang)
            for lang in LANGUAGES
        ),
    ]


@pytest.mark.parametrize("kind", list(CaseKind))
def test_undisclosed_identity_never_appears(kind: CaseKind) -> None:
    disclosed = {"name": PROFILE["name"], "customer_number": PROFILE["customer_number"]}
    hidden = [v for k, v in PROFILE.items() if k not in disclosed]
    for letter in all_letters(facts(kind, identity=disclosed)):
        for value in [*hidden, "Hauptstraße", "10115"]:
            assert value not in letter.body


def test_disclosed_identity_is_listed_with_translated_labels() -> None:
    body = write_letter(
        facts(identity={"Customer number": "C-4711", "email": "j@x.org"}), "de"
    ).body
    assert "Kundennummer: C-4711" in body
    assert "E-Mail: j@x.org" in body


def test_a_multi_line_address_is_one_line() -> None:
    body = write_letter(facts(identity={"address": PROFILE["address"]})).body
    assert "Address: Hauptstraße 1, 10115 Berlin" in body


def test_the_letter_is_signed_with_the_disclosed_name() -> None:
    assert write_letter(facts()).body.endswith("Yours faithfully,\nJane Doe\n")


def test_without_a_name_the_letter_is_unsigned() -> None:
    body = write_letter(facts(identity={"customer_number": "C-4711"}), "de").body
    assert body.endswith("Mit freundlichen Grüßen\n")


# --- Reminders and complaints --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("en", ["1 October 2026", "2 November 2026", "7 December 2026", "Art. 77 GDPR"]),
        ("de", ["1. Oktober 2026", "2. November 2026", "7. Dezember 2026", "Art. 77 DSGVO"]),
    ],
)
def test_follow_up_names_the_missed_deadline_and_the_next_step(
    lang: Language, texts: list[str]
) -> None:
    letter = follow_up_letter(facts(), lang, date(2026, 10, 1), date(2026, 11, 2))
    assert letter.subject.startswith("Reminder:" if lang == "en" else "Erinnerung:")
    assert "YS-2026-0042" in letter.subject
    for text in texts:
        assert text in letter.body


def test_follow_up_quotes_the_original_letter() -> None:
    letter = follow_up_letter(facts(), "en", date(2026, 10, 1), date(2026, 11, 2))
    original = write_letter(facts(letter_date=date(2026, 10, 1)))
    assert letter.body.endswith(original.body)


def test_follow_up_on_a_consumer_matter_threatens_no_authority() -> None:
    letter = follow_up_letter(facts("refund"), "en", date(2026, 10, 1), date(2026, 10, 15))
    assert "Art." not in letter.body
    assert "further steps" in letter.body


@pytest.mark.parametrize(
    ("law", "lang", "texts"),
    [
        (Law.GDPR, "en", ["Art. 77 GDPR", "Art. 58(2)(c) GDPR"]),
        (Law.GDPR, "de", ["Art. 77 DSGVO", "Art. 58 Abs. 2 lit. c DSGVO"]),
        (Law.UK_GDPR, "en", ["Art. 77 UK GDPR"]),
        (Law.CCPA, "en", ["§1798.199.45"]),
    ],
)
def test_complaint_cites_the_right_to_complain(law: Law, lang: Language, texts: list[str]) -> None:
    letter = escalation_complaint(facts(law=law), "The Authority", [], lang)
    assert letter.body.startswith("The Authority\n")
    assert "Netflix International B.V." in letter.subject
    for text in texts:
        assert text in letter.subject + letter.body


def test_complaint_lists_the_timeline_in_date_order() -> None:
    timeline = [(date(2026, 11, 3), "Deadline passed"), (date(2026, 10, 1), "Request sent")]
    body = escalation_complaint(facts(), "BfDI", timeline).body
    assert "- 1 October 2026: Request sent\n- 3 November 2026: Deadline passed" in body


# --- Plain values in, errors out -----------------------------------------------------------------


def test_kind_and_law_accept_plain_values() -> None:
    f = facts("objection", law="uk-gdpr")
    assert f.kind is CaseKind.OBJECTION
    assert f.law is Law.UK_GDPR


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="gossip"):
        facts("gossip")


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="fr"):
        write_letter(facts(), "fr")  # type: ignore[arg-type]


def test_a_letter_is_normalised_for_mail() -> None:
    letter = Letter("Subject\nwith a break\x00", "one\r\ntwo\rthree\u2028four\x07")
    assert letter.subject == "Subject with a break"
    assert letter.body == "one\ntwo\nthree\nfour\n"


# --- Sending -------------------------------------------------------------------------------------


def parse(raw: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def body_of(message: email.message.EmailMessage) -> str:
    # Mail carries text with CRLF line ends; the letter has LF.
    content = message.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def test_eml_parses_back_to_the_letter() -> None:
    letter = write_letter(facts(), "de")
    sent = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    message = parse(as_eml(letter, "Jane Doe <jane@example.org>", "privacy@netflix.com", sent))
    assert message["Subject"] == letter.subject
    assert body_of(message) == letter.body
    assert message["To"] == "privacy@netflix.com"
    assert parsedate_to_datetime(message["Date"]) == sent
    assert message.get_content_charset() == "utf-8"


def test_eml_message_id_is_valid_and_names_the_case() -> None:
    raw = as_eml(
        write_letter(facts()), "jane@example.org", "privacy@netflix.com", date(2026, 11, 23)
    )
    message_id = parse(raw)["Message-ID"]
    assert re.fullmatch(r"<[^<>@\s]+@example\.org>", message_id)
    assert "YS-2026-0042" in message_id


def test_eml_uses_crlf_line_ends() -> None:
    raw = as_eml(
        write_letter(facts()), "jane@example.org", "privacy@netflix.com", date(2026, 11, 23)
    )
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")


def unmailto(link: str) -> tuple[str, str, str]:
    parts = urlsplit(link)
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert parts.scheme == "mailto"
    return unquote(parts.path), query["subject"][0], query["body"][0].replace("\r\n", "\n")


def test_mailto_round_trips() -> None:
    letter = write_letter(facts(details="Costs 5 € + 10% & more? Yes=no #1"), "de")
    to, subject, body = unmailto(mailto_link(letter, "privacy@netflix.com"))
    assert (to, subject, body) == ("privacy@netflix.com", letter.subject, letter.body)


def test_mailto_encodes_spaces_as_percent_20() -> None:
    link = mailto_link(Letter("a b+c", "x"), "p@x.org")
    assert link == "mailto:p@x.org?subject=a%20b%2Bc&body=x%0D%0A"


@given(details=st.text(), vendor=st.text(min_size=1), reference=st.text(max_size=40))
def test_any_text_survives_eml_and_mailto(details: str, vendor: str, reference: str) -> None:
    letter = write_letter(facts(details=details, vendor_name=vendor, reference=reference))
    message = parse(as_eml(letter, "jane@example.org", "privacy@example.com", date(2026, 1, 1)))
    assert message["Subject"] == letter.subject
    assert body_of(message) == letter.body
    assert unmailto(mailto_link(letter, "privacy@example.com")) == (
        "privacy@example.com",
        letter.subject,
        letter.body,
    )
