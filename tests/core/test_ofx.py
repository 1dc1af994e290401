from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared_data import SHARED_DATA, needs_shared_data
from yourside.core.formats.ofx import AccountStatement, read_ofx
from yourside.core.records import ParseError

OFX_DIR = SHARED_DATA / "ofx"


def read(name: str) -> list[AccountStatement]:
    return read_ofx((OFX_DIR / name).read_bytes(), name)


def fails(name: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        read(name)
    return caught.value


def sgml(transactions: str, *, header: str = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n") -> bytes:
    """A minimal OFX 1.x bank statement around the given STMTTRN aggregates."""
    return (
        f"{header}\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<DTSERVER>20240201</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1"
        "<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM>"
        "<BANKID>123<ACCTID>42<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>"
        f"{transactions}</BANKTRANLIST><LEDGERBAL><BALAMT>10.00<DTASOF>20240201</LEDGERBAL>"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    ).encode("cp1252")


def trn(amount: str, posted: str = "20240115", fitid: str = "1", name: str = "SHOP") -> str:
    return (
        f"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>{posted}<TRNAMT>{amount}<FITID>{fitid}"
        f"<NAME>{name}</STMTTRN>"
    )


def outcome(data: bytes, source: str = "") -> list[AccountStatement] | ParseError:
    try:
        return read_ofx(data, source)
    except ParseError as err:
        return err


@needs_shared_data
@pytest.mark.parametrize("path", sorted(OFX_DIR.glob("*.ofx")), ids=lambda p: p.name)
def test_every_shared_file_imports_or_fails_with_one_line(path: Path) -> None:
    result = outcome(path.read_bytes(), path.name)
    if isinstance(result, ParseError):
        assert "\n" not in str(result)
        assert str(result).startswith(path.name)
    else:
        assert result


@needs_shared_data
def test_bank_statement_lines_are_signed_with_fitid() -> None:
    [account] = read("bank_medium.ofx")
    assert (account.account_id, account.account_type, account.currency) == (
        "12300 000012345678",
        "checking",
        "CAD",
    )
    assert len(account.lines) == 3
    first = account.lines[0]
    assert first.fitid == "0000123456782009040100001"
    assert first.amount == Decimal("-6.60")
    assert first.date == date(2009, 4, 1)
    assert first.description == "POS MERCHANDISE;MCDONALD'S #112"
    assert first.counterparty == "MCDONALD'S #112"
    assert account.balance == Decimal("382.34")


@needs_shared_data
def test_overlong_bank_id_does_not_block_the_import() -> None:
    [account] = read("checking.ofx")
    assert account.bank_id == "5472369148"  # ten digits where the spec allows nine
    assert [line.fitid for line in account.lines] == ["0000486", "0000487", "0000488"]
    assert account.lines[0].amount == Decimal("0.01")
    assert account.lines[0].description.endswith("ANNUAL PERCENTAGE YIELD EARNED IS 0.05%")


@needs_shared_data
def test_credit_card_and_ofx2_xml() -> None:
    [card] = read("anzcc.ofx")
    assert (card.account_type, card.currency, card.balance) == (
        "creditcard",
        "AUD",
        Decimal("-123.45"),
    )
    assert card.lines[0].amount == Decimal("-5.50")
    assert card.lines[0].fitid == "201705080001"
    assert card.lines[0].description == "SOME MEMO"


@needs_shared_data
def test_cdata_names_are_read() -> None:
    [account] = read("suncorp.ofx")
    assert account.lines[0].description == "EFTPOS WDL HANDYWAY ALDI STORE   GEELONG WEST VICAU"
    assert account.lines[0].amount == Decimal("-16.85")


@needs_shared_data
@pytest.mark.parametrize("name", ["multiple_accounts.ofx", "multiple_accounts2.ofx"])
def test_multi_account_file_yields_every_account(name: str) -> None:
    accounts = read(name)
    assert [(a.account_id, a.account_type, a.balance) for a in accounts] == [
        ("9100", "checking", Decimal("111")),
        ("9200", "savings", Decimal("222")),
    ]


@needs_shared_data
def test_account_list_yields_accounts_without_lines() -> None:
    accounts = read("account_listing_aggregation.ofx")
    assert [(a.account_id, a.account_type, a.name) for a in accounts] == [
        ("0000000001", "savings", "USAA SAVINGS"),
        ("0000000002", "checking", "FOUR STAR CHECKING"),
        ("00000000000003", "creditline", "LINE OF CREDIT"),
        ("4111111111111111", "creditcard", "MY CREDIT CARD"),
    ]
    assert all(not a.lines for a in accounts)


@needs_shared_data
def test_investment_bank_transactions_are_cash_lines() -> None:
    [account] = read("fidelity-savings.ofx")
    assert account.account_type == "investment"
    assert len(account.lines) == 4
    assert account.lines[0].fitid == "X0000000000000000000001"
    assert account.lines[0].amount == Decimal("-1500.0000")


@needs_shared_data
def test_investment_trades_and_income_give_their_cash_legs() -> None:
    [account] = read("fidelity.ofx")
    lines = {line.fitid: line for line in account.lines}
    assert len(account.lines) == 17  # 8 buys + 2 sells + 4 dividends + 3 bank transactions
    buy = lines["0123456789020201120120720"]
    assert buy.amount == Decimal("-2571.4500")
    assert buy.description == "YOU BOUGHT / INTEL CORP (INTC)"
    assert lines["0123456789020901320120727"].amount == Decimal("1089.3000")  # a sale
    assert (lines["0123456789021301520120731"].counterparty or "").startswith("SPDR S&P 500")


@needs_shared_data
def test_trades_paid_outside_the_account_are_left_out() -> None:
    assert read("vanguard401k.ofx")[0].lines == ()  # payroll-funded buys: SUBACCTFUND OTHER


@needs_shared_data
def test_line_currency_overrides_the_statement_currency() -> None:
    [account] = read("investment_medium.ofx")
    assert account.currency == "CAD"
    assert {line.currency for line in account.lines} == {"USD"}


@needs_shared_data
def test_empty_tags_from_a_real_bank_are_tolerated() -> None:
    [account] = read("ofx-v102-empty-tags.ofx")  # twelve blank lines before the header, too
    [line] = account.lines
    assert (line.amount, line.fitid, line.currency) == (Decimal("12.34"), None, "AUD")
    assert account.balance is None
    assert account.notes


@needs_shared_data
def test_empty_balance_is_tolerated_with_a_note() -> None:
    [account] = read("fail_nice_empty_balance.ofx")
    assert account.lines[0].amount == Decimal("120")
    assert account.balance is None
    assert "balance" in account.notes[0]


@needs_shared_data
def test_missing_date_fails_with_field_and_line() -> None:
    err = fails("fail_nice_date_missing.ofx")
    assert (err.field, err.line) == ("DTPOSTED", 33)
    assert "184997056" in err.message


@needs_shared_data
def test_bad_decimal_fails_with_field_and_line() -> None:
    err = fails("fail_nice_decimal_error.ofx")
    assert (err.field, err.line) == ("TRNAMT", 37)
    assert "'$120'" in err.message


@needs_shared_data
def test_sign_on_failure_reports_the_servers_message() -> None:
    err = fails("signon_fail.ofx")
    assert "invalid identification code" in err.message
    assert "15500" in err.message


@needs_shared_data
def test_error_response_reports_the_servers_message() -> None:
    assert "General Server Error" in fails("error_message.ofx").message


@needs_shared_data
@pytest.mark.parametrize(
    "name", ["signon_success.ofx", "signon_success_no_message.ofx", "bank_small.ofx"]
)
def test_file_without_statement_fails_clearly(name: str) -> None:
    assert "no statement" in fails(name).message


def test_evening_posting_keeps_the_banks_date() -> None:
    [account] = read_ofx(sgml(trn("-5.00", posted="20240131230000.000[-5:EST]")))
    assert account.lines[0].date == date(2024, 1, 31)


def test_cp1252_text_is_decoded() -> None:
    data = sgml(trn("-3.20", name="CAFÉ DU COIN"), header="OFXHEADER:100\nCHARSET:1252\n")
    assert read_ofx(data)[0].lines[0].description == "CAFÉ DU COIN"


def test_invalid_calendar_date_is_an_error() -> None:
    with pytest.raises(ParseError, match="20120231"):
        read_ofx(sgml(trn("-1.00", posted="20120231")))


def test_truncated_file_is_an_error() -> None:
    data = sgml(trn("-1.00"))
    with pytest.raises(ParseError):
        read_ofx(data[: data.index(b"<STMTRS>") + 20])


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_escape_as_another_exception(data: bytes) -> None:
    result = outcome(b"<OFX>" + data)
    assert isinstance(result, list) or "\n" not in str(result)


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False),
            st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
        ),
        max_size=5,
    )
)
def test_amounts_and_dates_survive_the_round_trip(rows: Any) -> None:
    body = "".join(trn(str(a), d.strftime("%Y%m%d"), fitid=str(i)) for i, (a, d) in enumerate(rows))
    lines = read_ofx(sgml(body))[0].lines
    assert [(line.amount, line.date) for line in lines] == rows


@needs_shared_data
@pytest.mark.parametrize("name", ["checking.ofx", "suncorp.ofx", "bank_medium.ofx"])
def test_a_file_cut_short_is_refused_wherever_it_was_cut(name: str) -> None:
    whole = (OFX_DIR / name).read_bytes()
    good = read_ofx(whole, name)
    assert good
    end = whole.upper().rindex(b"</OFX>")
    # Cut in every tenth place of the body: inside an amount, a tag, between transactions.
    for cut in range(whole.upper().index(b"<OFX>") + 5, end, max(1, end // 10)):
        with pytest.raises(ParseError, match="cut short") as caught:
            read_ofx(whole[:cut], name)
        assert str(caught.value).startswith(name)


def test_an_amount_cut_short_imports_nothing() -> None:
    whole = sgml(trn("-25.00"))
    cut = whole[: whole.index(b"-25.00") + 2]  # "-2": a valid amount, but not the bank's
    with pytest.raises(ParseError, match="cut short"):
        read_ofx(cut, "cut.ofx")
