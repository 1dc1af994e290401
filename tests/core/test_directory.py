"""The privacy-contact directory (datarequests.org data): loading, search, vendor matching.

The names in ``test_matches`` and ``test_does_not_match`` are the evidence for the fuzzy cutoff
(88, see ``yourside.core.directory``): every typo among the positives scores 88.9 or more word by
word, and no negative scores more than 80 against any name in the directory (the closest: "Telco"
and "otelo").
"""

from __future__ import annotations

import gzip
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared_data import SHARED_DATA, needs_shared_data
from yourside.core import directory
from yourside.core.directory import authority_for, company, match_vendor, search

BUNDLED = resources.files("yourside.core").joinpath("data", "datarequests")

# --- Loading -------------------------------------------------------------------------------------


def test_it_loads_every_record() -> None:
    assert len(directory.companies()) == 3070
    assert len(directory.authorities()) == 57


@needs_shared_data
@pytest.mark.parametrize("name", ["companies.jsonl", "supervisory-authorities.jsonl"])
def test_bundled_data_is_the_shared_data(name: str) -> None:
    bundled = gzip.decompress(BUNDLED.joinpath(f"{name}.gz").read_bytes())
    assert bundled == (SHARED_DATA / "datarequests" / name).read_bytes()


def test_licence_keeps_the_attribution() -> None:
    text = BUNDLED.joinpath("LICENSE-datarequests").read_text(encoding="utf-8")
    assert directory.ATTRIBUTION in " ".join(text.split())
    assert "CC0 1.0 Universal" in text


def test_company_carries_the_record() -> None:
    netflix = company("netflix")
    assert netflix is not None
    assert netflix.name == "Netflix International B.V."
    assert netflix.email == "privacy@netflix.com"
    assert netflix.domains == ("netflix.com",)
    assert netflix.countries == ("all",)
    assert netflix.transport == "email"


def test_aliases_are_the_services_it_runs() -> None:
    o2 = company("o2-de")
    assert o2 is not None
    assert "O2" in o2.aliases
    assert o2.serves("DE")
    assert not o2.serves("fr")


def test_required_elements_are_typed() -> None:
    paypal = company("paypal")
    assert paypal is not None
    assert [(e.description, e.kind) for e in paypal.required_elements] == [
        ("Name", "name"),
        ("Adresse", "address"),
        ("E-Mail-Adresse PayPal-Konto", "input"),
    ]


def test_transport_defaults_to_letter_without_email() -> None:
    record = company("wolterskluwer-global")
    assert record is not None
    assert not record.email
    assert record.transport == "letter"


def test_unknown_slug_is_none() -> None:
    assert company("no-such-company") is None


# --- Vendor matching -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country", "slug"),
    [
        ("Deutsche Telekom", "", "deutsche-telekom-ag"),
        ("Telekom", "", "telekom-de"),
        ("Netflix", "", "netflix"),
        ("Amazon", "DE", "amazon-de"),
        ("Amazon", "GB", "amazon-gb"),
        ("Spotify", "", "spotify"),
        ("Vodafone", "", "vodafone-de"),
        ("Zalando", "", "zalando"),
        ("PayPal", "DE", "paypal"),
        ("PayPal", "UK", "paypal-gb"),
        ("O2", "", "o2-de"),
        ("Google", "", "google"),
        ("YouTube", "", "google"),
        ("Facebook", "", "facebook"),
        ("Apple", "", "apple"),
        ("Deutsche Bahn", "", "deutsche-bahn-ag"),
        ("Deutsche Bank", "", "deutsche-bank-ag"),
        ("DB Vertrieb GmbH", "", "deutsche-bahn"),
        ("Booking.com", "", "booking-com"),
        ("Sky Deutschland", "", "sky-de"),
        ("ING", "", "ing-diba"),
        ("N26", "", "n26-bank"),
        ("MediaMarkt", "", "mediamarkt"),
        ("Media Markt", "", "mediamarkt"),
        ("Ryan Air", "", "ryanair"),
        ("ALDI SÜD", "", "aldi-sued-dienstleistungs-se-co-ohg"),
        ("Aldi Sued", "", "aldi-sued-dienstleistungs-se-co-ohg"),
        ("Stadtsparkasse Muenchen", "", "stadtsparkasse-muenchen"),
        ("Netflx", "", "netflix"),
        ("Spotfy", "", "spotify"),
        ("Vodafon", "", "vodafone-de"),
        ("Zalandoo", "", "zalando"),
        ("Lufthanza", "", "lufthansa"),
        ("Comdirekt", "", "comdirect"),
        ("Sparkasse Hanover", "", "sparkasse-hannover"),
        ("Telekom Deutchland", "", "telekom-de"),
    ],
)
def test_matches(name: str, country: str, slug: str) -> None:
    found = match_vendor(name, country=country)
    assert found is not None
    assert found.slug == slug


@pytest.mark.parametrize(
    "name",
    [
        "Telco",
        "Acme Corp",
        "Sparkasse Musterstadt",
        "Stadtwerke Musterstadt",
        "Bäckerei Müller",
        "Mein Fitnessstudio",
        "Otto Bock",
        "Netto",
        "Spotlight",
        "Amazonas Reisen",
        "Sky Betting & Gaming",
        "Vodacom",
        "Vodafone Idea",
        "Applebee's",
        "Apple Pie Bakery",
        "Netflix Fan Club",
        "Deutsche Bahnhof",
        "Deutsche Bundesbank",
        "Kreissparkasse Kiel",
        "Der Landrat als Kreispolizeibehörde Soest",
        "Commerzbank Arena",
        "Hansa Versicherung",
        "",
    ],
)
def test_does_not_match(name: str) -> None:
    assert match_vendor(name) is None


def test_website_beats_name() -> None:
    found = match_vendor("Some Shop", website="https://www.netflix.com/browse")
    assert found is not None
    assert found.slug == "netflix"


def test_subdomain_matches_its_parent() -> None:
    found = match_vendor("", website="smile.amazon.de")
    assert found is not None
    assert found.slug == "amazon-de"


def test_parent_domain_does_not_match_a_subdomain_record() -> None:
    # AWS's record is aws.amazon.com; the shop at amazon.com is another company.
    assert match_vendor("", website="amazon.com") is None


def test_a_shared_email_domain_is_no_evidence() -> None:
    # LIDL Connect's privacy mail goes to vodafone.de, which is Vodafone's own site.
    found = match_vendor("", website="vodafone.de")
    assert found is not None
    assert found.slug == "vodafone-de"


def test_aliases_are_tried() -> None:
    found = match_vendor("Mein Handyvertrag", aliases=["Telefónica Germany"])
    assert found is not None
    assert found.slug == "o2-de"


# --- Search --------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Bünting", "bunting", "BUENTING"])
def test_search_ignores_case_and_accents(query: str) -> None:
    assert search(query)[0].slug == "buenting"


def test_search_puts_the_exact_name_first() -> None:
    assert [c.slug for c in search("telekom")[:2]] == ["telekom-de", "deutsche-telekom-ag"]


def test_search_finds_a_domain() -> None:
    assert search("paypal.com")[0].slug == "paypal"


def test_search_tolerates_a_typo() -> None:
    assert search("netflx")[0].slug == "netflix"


def test_search_reads_other_scripts() -> None:
    assert search("ελληνική")[0].slug == "ert-gr"


def test_search_respects_the_limit() -> None:
    assert len(search("sparkasse", limit=5)) == 5


@pytest.mark.parametrize("query", ["", "   ", "!!!"])
def test_search_for_nothing_finds_nothing(query: str) -> None:
    assert search(query) == []


@given(st.text(max_size=60))
def test_any_text_is_safe_to_search_and_match(text: str) -> None:
    assert len(search(text, limit=3)) <= 3
    match_vendor(text, aliases=[text], website=text)


# --- Supervisory authorities ---------------------------------------------------------------------


def test_germany_gets_the_federal_commissioner() -> None:
    found = authority_for("DE")
    assert found is not None
    assert found.slug == "debfdi"
    assert found.webform.startswith("https://")


def test_a_german_state_gets_its_own_authority() -> None:
    found = authority_for("de", subdivision="DE-BY")
    assert found is not None
    assert found.slug == "debaylda"


@pytest.mark.parametrize(
    "state",
    [
        "BW",
        "BY",
        "BE",
        "BB",
        "HB",
        "HH",
        "HE",
        "MV",
        "NI",
        "NW",
        "RP",
        "SL",
        "SN",
        "ST",
        "SH",
        "TH",
    ],
)
def test_every_german_state_has_its_own_authority(state: str) -> None:
    found = authority_for("DE", state)
    assert found is not None
    assert found.slug != "debfdi"


@pytest.mark.parametrize(
    ("code", "slug"), [("GB", "gbico"), ("uk", "gbico"), ("IE", "iedpc"), ("EL", "grdpa")]
)
def test_authority_by_country(code: str, slug: str) -> None:
    found = authority_for(code)
    assert found is not None
    assert found.slug == slug


def test_every_eea_country_has_an_authority() -> None:
    eea = "at be bg cy cz de dk ee es fi fr gr hr hu ie it lt lu lv mt nl pl pt ro se si sk"
    for code in [*eea.split(), "is", "li", "no", "gb", "ch"]:
        assert authority_for(code) is not None, code


def test_no_authority_outside_the_data() -> None:
    assert authority_for("US") is None
