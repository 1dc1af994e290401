from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.formats.camt import read_camt
from yourside.core.formats.ofx import AccountStatement
from yourside.core.records import ParseError

CAMT_DIR = Path(__file__).resolve().parents[1] / "data" / "camt"


def read(name: str) -> list[AccountStatement]:
    return read_camt((CAMT_DIR / name).read_bytes(), name)


def document(entries: str, version: str = "02") -> bytes:
    """A one-statement camt.053 document around the given <Ntry> elements."""
    return (
        f'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.'
        f'{version}"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr><Stmt><Id>S</Id>'
        "<Acct><Id><IBAN>DE02100100109307118603</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        f"{entries}</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def entry(amount: str = "10.00", indicator: str = "DBIT", booked: str = "2024-01-02") -> str:
    return (
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{indicator}</CdtDbtInd><Sts>BOOK</Sts>'
        f"<BookgDt><Dt>{booked}</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef></Ntry>"
    )


def test_debits_are_negative_and_credits_positive() -> None:
    [statement] = read("camt053_v02_de.xml")
    assert [line.amount for line in statement.lines] == [
        Decimal("-84.00"),
        Decimal("3250.00"),
        Decimal("-12.99"),
    ]
    assert (statement.account_id, statement.currency) == ("DE89370400440532013000", "EUR")
    assert statement.bank_id == "COBADEFFXXX"


def test_description_is_counterparty_and_remittance() -> None:
    first = read("camt053_v02_de.xml")[0].lines[0]
    assert first.description == (
        "Stadtwerke Muenchen GmbH: Abschlag Strom Maerz 2024 Vertragskonto 2000123456"
    )
    assert first.counterparty == "Stadtwerke Muenchen GmbH"
    assert (first.fitid, first.date, first.line_no) == ("2024030100012345", date(2024, 3, 1), 75)


def test_ultimate_creditor_is_the_vendor_behind_a_payment_service() -> None:
    paypal = read("camt053_v02_de.xml")[0].lines[2]
    assert paypal.counterparty == "Spotify AB"
    assert paypal.description.startswith("Spotify AB via PayPal Europe")
    assert paypal.date == date(2024, 3, 4)  # the date as booked, not shifted to UTC


def test_pending_entries_are_left_out_with_a_note() -> None:
    [statement] = read("camt053_v02_de.xml")
    assert len(statement.lines) == 3
    assert any("PDNG" in note for note in statement.notes)


def test_closing_balance_and_period() -> None:
    [statement] = read("camt053_v02_de.xml")
    assert (statement.balance, statement.balance_date) == (Decimal("4653.01"), date(2024, 3, 4))
    assert (statement.period_start, statement.period_end) == (date(2024, 3, 1), date(2024, 3, 4))


def test_batch_entry_is_split_into_its_transactions() -> None:
    lines = read("camt053_v08_batch.xml")[0].lines
    ziggo, vattenfall = lines[0], lines[1]
    assert (ziggo.amount, ziggo.counterparty) == (Decimal("-100.00"), "Ziggo B.V.")
    assert ziggo.fitid == "NL-BATCH-0502-01/INV-2024-0042"
    assert ziggo.description == "Ziggo B.V.: RF18539007547034"
    assert vattenfall.fitid == "NL-BATCH-0502-01/2"  # NOTPROVIDED is not an identity


def test_reversal_names_the_original_creditor() -> None:
    reversal = read("camt053_v08_batch.xml")[0].lines[2]
    assert reversal.amount == Decimal("25.00")
    assert reversal.counterparty == "Sportschool FitNL"
    assert reversal.description.startswith("Reversal: ")


def test_entry_without_details_uses_additional_information() -> None:
    fee = read("camt053_v08_batch.xml")[0].lines[3]
    assert (fee.description, fee.amount, fee.date) == (
        "Kosten betaalrekening mei",
        Decimal("-7.50"),
        date(2024, 5, 31),
    )


def test_every_statement_of_a_file_is_read() -> None:
    current, savings = read("camt053_v04_two_accounts.xml")
    assert (current.account_id, current.balance) == ("CH9300762011623852957", Decimal("-50.00"))
    assert (savings.account_id, savings.account_type, savings.name) == (
        "1100-5678.901",
        "savings",
        "Sparkonto",
    )
    assert savings.lines[0].amount == Decimal("0.35")


def test_balances_that_do_not_add_up_are_noted() -> None:
    data = (CAMT_DIR / "camt053_v04_two_accounts.xml").read_bytes()
    [statement, _] = read_camt(data.replace(b">60.00<", b">61.00<"))
    assert "closing balance" in statement.notes[0]


@pytest.mark.parametrize("version", ["02", "03", "04", "05", "06", "07", "08"])
def test_versions_two_to_eight_are_read(version: str) -> None:
    [statement] = read_camt(document(entry(), version))
    assert statement.lines[0].amount == Decimal("-10.00")
    assert statement.notes == ()


def test_reads_from_a_stream() -> None:
    [statement] = read_camt(io.BytesIO(document(entry("5.00", "CRDT"))))
    assert statement.lines[0].amount == Decimal("5.00")


def test_other_camt_messages_are_refused_by_name() -> None:
    data = document(entry()).replace(b"camt.053.001.02", b"camt.054.001.02")
    with pytest.raises(ParseError, match=r"camt\.054 \(a debit/credit notification\)"):
        read_camt(data)


def test_document_type_declarations_are_refused() -> None:
    data = document(entry()).replace(
        b'<?xml version="1.0"?>', b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]>'
    )
    with pytest.raises(ParseError, match="DTD"):
        read_camt(data)


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(ParseError) as caught:
        read_camt(b'<?xml version="1.0"?>\n<Document xmlns="x">\n<a></b>')
    assert caught.value.line is not None


def test_missing_direction_is_an_error() -> None:
    with pytest.raises(ParseError) as caught:
        read_camt(document(entry(indicator="")))
    assert caught.value.field == "CdtDbtInd"


def test_bad_amount_is_an_error() -> None:
    with pytest.raises(ParseError, match="'1,00'"):
        read_camt(document(entry(amount="1,00")))


def test_missing_booking_date_is_an_error() -> None:
    with pytest.raises(ParseError, match="booking date"):
        read_camt(document(entry(booked="")))


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
            st.sampled_from(["CRDT", "DBIT"]),
        ),
        max_size=6,
    )
)
def test_sign_follows_the_indicator(rows: Any) -> None:
    data = document("".join(entry(str(amount), indicator) for amount, indicator in rows))
    lines = read_camt(data)[0].lines
    assert [line.amount for line in lines] == [a if i == "CRDT" else -a for a, i in rows]
