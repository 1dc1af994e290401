"""Descriptor normalisation: the issue's examples, real descriptors, and properties."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared_data import SHARED_DATA, needs_shared_data
from yourside.core.descriptors import (
    PayeeKeys,
    clear_caches,
    is_generic,
    join_key,
    name_key,
    normalise,
    parse,
    split_key,
)

LABELS = Path(__file__).resolve().parents[1] / "data" / "descriptor_labels.csv"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        # Payment processors before the merchant.
        ("SQ *BLUE BOTTLE COFFEE OAKLAND CA", "blue bottle coffee"),
        ("TST* SHAKE SHACK 1234", "shake shack"),
        ("PAYPAL *NETFLIX", "netflix"),
        ("PP*SPOTIFY", "spotify"),
        ("SumUp *Cafe Luna", "cafe luna"),
        ("IZ *BAKERY ROSE", "bakery rose"),
        ("CRV*TESCO STORES 2345", "tesco stores"),
        ("GOOGLE *YouTube Premium", "youtube premium"),
        ("GOOGLE *SERVICES", "google services"),
        ("APPLE.COM/BILL", "apple"),
        ("AMZN Mktp US*2K3L1", "amzn mktp"),
        ("AMAZON.CO.UK*AB12CD34", "amazon"),
        ("MSFT * E0300ABCD", "msft"),
        # German, Austrian, Dutch, Belgian, French, Czech, Irish, UK, US and AU method words.
        (
            "Kartenzahlung REWE SAGT DANKE 41400673//Hamburg 2018-03-01T11:33:59",
            "rewe",
        ),
        ("Lastschrift Vodafone GmbH", "vodafone"),
        ("SEPA-Lastschrift Stadtwerke Bonn", "stadtwerke bonn"),
        ("Überweisung Max Mustermann", "max mustermann"),
        ("Überweisung", "uberweisung"),
        ("HOFER DANKT  0527  K2   18.09. 17:20", "hofer"),
        ("POS          23,55 AT  K1   16.09. 11:32 SPAR DANKT 4105 KORNEUBURG 2100", "spar"),
        (
            "POS          60,36 AT  K2   21.09. 09:05 AVANTI 8620/ KORNEUBUR KORNEUBURG 2100",
            "avanti",
        ),
        ("Betaalautomaat ALBERT HEIJN 1234 AMSTERDAM", "albert heijn"),
        ("BEA   NR:12345678   01.03.18/10.11 ALBERT HEIJN 1234,PAS 123", "albert heijn"),
        ("SEPA Incasso algemeen doorlopend Eneco", "eneco"),
        ("AANKOOP BANCONTACT MET KAART 1234 XXXX XXXX 1234 DELHAIZE", "delhaize"),
        ("PAIEMENT PAR CARTE CARREFOUR MARKET 12/03", "carrefour market"),
        ("CB MONOPRIX 12/03", "monoprix"),
        ("PRLV SEPA ORANGE SA", "orange"),
        ("PLATBA KARTOU ALBERT 1234 PRAHA", "albert"),
        ("POS10SEP DOMINO'S PIZ", "dominos piz"),
        ("VDP-TESCO STORES", "tesco stores"),
        ("CARD PAYMENT TO TESCO STORES 6789 ON 12 MAR", "tesco stores"),
        ("VISA CARD 1234 TESCO STORES", "tesco stores"),
        ("POS 4111 1111 1111 1111 TESCO", "tesco"),
        ("CHECKCARD 0312 STARBUCKS STORE 12345 SEATTLE WA", "starbucks"),
        ("PURCHASE AUTHORIZED ON 03/12 WHOLEFDS MKT 10234 AUSTIN TX", "wholefds mkt"),
        ("DEBIT CARD PURCHASE - WALMART SUPERCENTER #1234", "walmart supercenter"),
        ("EFTPOS WDL HANDYWAY ALDI STORE   GEELONG WEST VICAU", "aldi store"),
        ("PIRKINYS 2014.09.30 15.31 LTL (165339) X-911 MAXIMA    Vilnius  00000", "maxima"),
        # Fixed-width card statements: name, city, country in padded columns.
        ("SAINSBURYS SACAT 0602  LADBROKE GROV GBR", "sainsburys sacat"),
        ("V & A MUSEUM SALES     LONDON        GBR", "v&a museum sales"),
        ("NOWTV.COM/BILLINGHELP    SKY          GBR", "nowtv"),
        # References, currency conversions, legal forms and addresses.
        ("CLOUDFLARE 650-3198939, US 9.95 USD, 1 USD = 0.88241 EUR", "cloudflare"),
        ("Refund: CLOUDFLARE (650-3198939, US) 1 USD = 1.133257403189066 EUR", "cloudflare"),
        ("NETFLIX.COM 14087249160, NL", "netflix"),
        ("Quality Nuts (EEMDIJK, NL)", "quality nuts"),
        ("Deutsche Telekom AG Friedrich Ebert Allee 140 53113 Bonn T-Mobile", "deutsche telekom"),
        ("NÖ Wohnbauförderung c/o NÖ Hypo-Bank AT 1010 Wie", "no wohnbauforderung"),
        ("Vodafone Kabel DeutschlandGmbH", "vodafone kabel deutschland"),
        ("MERCHANT NAME@12:34", "merchant name"),
        (
            "PayPal (Europe) S.a.r.l. et Cie., S.C.A. PP.3462.PP . Ihr Einkauf bei Netflix B.V.",
            "netflix",
        ),
        # Digits that are part of a name stay.
        ("O2 UK", "o2"),
        ("7-ELEVEN 1234", "7eleven"),
        ("1&1 TELECOM GMBH", "1&1 telecom"),
        # Cash is cash, whoever runs the machine.
        ("GEA   NR:12345678", "cash"),
        ("ATMD 23SEP BOI", "cash"),
        ("BANKOMAT  02950284 K2   21.09. 11:50", "cash"),
        # Nothing to say.
        ("", ""),
        ("   ", ""),
        ("12.03.2018 11:33", ""),
    ],
)
def test_normalise_examples(raw: str, key: str) -> None:
    assert normalise(raw) == key


def test_it_records_processor_kind_and_domain() -> None:
    assert parse("SQ *BLUE BOTTLE COFFEE").processor == "Square"
    assert parse("PAYPAL *STEAM GAMES").processor == "PayPal"
    assert parse("Kartenzahlung REWE SAGT DANKE").kind == "card"
    assert parse("SEPA-Lastschrift Stadtwerke Bonn").kind == "debit"
    assert parse("INTERNET-Überweisung acodemy GmbH").kind == "transfer"
    assert parse("NETFLIX.COM 14087249160, NL").domain == "netflix.com"
    assert parse("TFL TRAVEL CH          TFL.GOV.UK/CP GBR").domain == "tfl.gov.uk"


def test_display_name_is_for_people() -> None:
    assert parse("Quality Nuts (EEMDIJK, NL)").display == "Quality Nuts"
    assert parse("L'OLILO                 LONDON       GBR").display == "L'Olilo"
    assert parse("Kartenzahlung REWE SAGT DANKE").display == "Rewe"
    assert parse("NÖ Wohnbauförderung c/o NÖ Hypo-Bank").display == "NÖ Wohnbauförderung"


def test_counterparty_account_is_kept_in_the_key() -> None:
    assert normalise("PREVOD NA UCET SIPO 87144583/YZ") == "sipo acct:87144583/yz"
    assert normalise("PREVOD NA UCET 87144583/YZ") == "prevod na ucet acct:87144583/yz"
    assert normalise("PREVOD NA UCET SIPO 87144583/YZ") != normalise(
        "PREVOD NA UCET SIPO 12345678/YZ"
    )


def test_only_a_valid_iban_is_an_account() -> None:
    assert parse("SEPA-Lastschrift DE89370400440532013000 Stadtwerke").account == (
        "de89370400440532013000"
    )
    # Same shape, wrong check digits: a reference number, not an account.
    assert parse("SEPA-Lastschrift DE88370400440532013000 Stadtwerke").account == ""


def test_sepa_reference_fields_are_dropped_and_the_purpose_kept() -> None:
    raw = (
        "EREF+RECHNR. 100532580591MREF+KD020007057822CRED+DE20KD000000058294SVWZ+02/2018 "
        "K-NR. 132587495 Ihre Rechnung online bei www.vodafone.de/meinkabel"
    )
    descriptor = parse(raw)
    assert descriptor.key == "vodafone"
    assert descriptor.account == ""
    assert descriptor.domain == "vodafone.de"


def test_key_helpers_round_trip() -> None:
    assert split_key(join_key("sipo", "87144583/yz")) == ("sipo", "87144583/yz")
    assert split_key("hofer") == ("hofer", "")
    assert is_generic("internet uberweisung")
    assert not is_generic("hofer")


def test_name_key_matches_descriptor_keys() -> None:
    assert name_key("Sainsbury's") == normalise("SAINSBURY'S")
    assert name_key("Marks & Spencer") == "marks & spencer"
    assert name_key("Quality Nuts B.V.") == "quality nuts"
    assert name_key("Transport for London") == "transport for london"


def test_results_do_not_depend_on_cache_state() -> None:
    raws = ["HOFER DANKT 0527 K2 18.09. 17:20", "PREVOD NA UCET SIPO 87144583/YZ", "O2 UK"]
    warm = [parse(raw) for raw in raws]
    clear_caches()
    assert [parse(raw) for raw in raws] == warm


def test_same_shape_different_account_is_not_shared() -> None:
    # The shape cache ignores which digits there are; accounts must not be mixed up by it.
    first = normalise("PREVOD NA UCET SIPO 11111111/AB")
    second = normalise("PREVOD NA UCET SIPO 22222222/AB")
    assert first.endswith("11111111/ab")
    assert second.endswith("22222222/ab")


def test_the_shape_cache_takes_any_text() -> None:
    # The shape is the text's UTF-8 with its digit bytes made 0: accented letters stay apart, and
    # a lone surrogate (a byte read with surrogateescape) has a shape too.
    assert normalise("Bäckerei Müller 0527") == normalise("Bäckerei Müller 9913")
    assert normalise("Bäckerei Müller 0527") == "backerei muller"
    assert normalise("Backerei Muller 0527") == "backerei muller"
    assert normalise("M\udcfcller Dresden 0527") == normalise("M\udcfcller Dresden 9913")


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

_MERCHANT_WORDS = [
    "rewe",
    "tesco",
    "stores",
    "netflix",
    "blue",
    "bottle",
    "coffee",
    "albert",
    "heijn",
    "deutsche",
    "bahn",
    "quality",
    "nuts",
    "spar",
    "hofer",
    "kaufland",
]
_word = st.sampled_from(_MERCHANT_WORDS) | st.from_regex(r"[A-Za-z]{3,10}", fullmatch=True)
_base = st.lists(_word, min_size=1, max_size=4).map(" ".join)

_card_number = st.sampled_from(
    [
        "4111 1111 1111 1111",
        "4111111111111111",
        "5500-0000-0000-0004",
        "************1234",
        "XXXX XXXX XXXX 1234",
        "4400 77** **** 1234",
    ]
)
_date = st.sampled_from(
    ["2018-03-01", "01.03.2018", "01/03/18", "18.09.", "31AUG", "22 FEB", "12 Dec 2019"]
)
_time = st.sampled_from(["11:33", "17:20:05", "@12:34", "2018-03-01T11:33:59"])
_terminal = st.sampled_from(["TID 12345678", "TERM 0042", "TID:5512", "#112", "STORE 2345"])


@given(st.text())
def test_normalise_never_raises_and_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(_base)
def test_normalise_is_idempotent_on_descriptors(base: str) -> None:
    once = normalise(base)
    assert normalise(once) == once


@given(_base, st.one_of(_card_number, _date, _time, _terminal))
def test_appending_volatile_parts_changes_nothing(base: str, noise: str) -> None:
    assert normalise(f"{base} {noise}") == normalise(base)


@given(_base, _date, _time, _card_number)
def test_appending_all_of_them_changes_nothing(base: str, date: str, time: str, card: str) -> None:
    assert normalise(f"{base} {date} {time} {card}") == normalise(base)


@given(st.text())
def test_parse_never_raises(text: str) -> None:
    descriptor = parse(text)
    assert descriptor.key == descriptor.key.strip()


# ---------------------------------------------------------------------------------------------
# Real descriptors
# ---------------------------------------------------------------------------------------------


def _labelled() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_labelled_descriptors_all_normalise() -> None:
    for row in _labelled():
        key = normalise(row["descriptor"])
        assert normalise(key) == key


@needs_shared_data
def test_bundled_descriptors_come_from_the_real_files() -> None:
    """Every bundled descriptor is a field of the real file it cites."""
    texts: dict[str, list[str]] = {}
    for row in _labelled():
        if row["file"] not in texts:
            data = (SHARED_DATA / row["source"] / row["file"]).read_bytes()
            texts[row["file"]] = [data.decode(enc, "replace") for enc in ("utf-8", "cp1250")]
        assert any(row["descriptor"] in text for text in texts[row["file"]]), row["descriptor"]


@needs_shared_data
def test_every_field_of_every_bank_export_normalises() -> None:
    for path in sorted((SHARED_DATA / "bank-csv").iterdir()):
        text = path.read_bytes().decode("utf-8", "replace")
        for line in text.splitlines():
            for field in line.replace("\t", ";").replace(",", ";").split(";"):
                key = normalise(field.strip('"'))
                assert normalise(key) == key


def test_payee_keys_are_normalise_once_per_shape() -> None:
    keys = PayeeKeys()
    card = "KARTENZAHLUNG REWE SAGT DANKE 41400673//Hamburg 2018-03-01T11:33:59"
    other_time = "KARTENZAHLUNG REWE SAGT DANKE 41400673//Hamburg 2018-03-02T17:01:12"
    assert keys(card) == keys(other_time) == normalise(card)


def test_payee_keys_keep_transfers_to_two_accounts_apart() -> None:
    keys = PayeeKeys()
    first = "UEBERWEISUNG DE89370400440532013000 Miete"
    second = "UEBERWEISUNG DE02120300000000202051 Miete"
    assert keys(first) == normalise(first)
    assert keys(second) == normalise(second)
    assert keys(first) != keys(second)
