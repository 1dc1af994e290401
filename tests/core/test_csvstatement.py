"""The CSV/TSV statement reader, on every real bank export in ../shared/data/bank-csv and on
small made-up files for one rule each.

Every expected value in ``FILES`` was read off the raw file by hand: the line number is the
physical line, the amount as printed with the sign the file gives it (or its debit/credit column or
flag), the description's start as the file spells it.
"""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from tests.shared_data import SHARED_DATA, needs_shared_data
from yourside.core.formats.csvcolumns import SUMMARY_LABELS
from yourside.core.formats.csvstatement import (
    ColumnMap,
    CsvStatement,
    NeedsMapping,
    read_statement,
)
from yourside.core.records import ParseError, StatementLine

BANK_CSV = SHARED_DATA / "bank-csv"

# file: (number of lines, first line, last line, one line whose sign shows the convention)
# each line: (physical line, date, amount, start of description)
Line = tuple[int, date, str, str]
FILES: dict[str, tuple[int, Line, Line, Line]] = {
    "20171001-20171106.csv": (
        1,
        (2, date(2017, 10, 1), "-59.99", "NINTENDO OF EUROPE"),
        (2, date(2017, 10, 1), "-59.99", "NINTENDO OF EUROPE"),
        (2, date(2017, 10, 1), "-59.99", "NINTENDO"),  # a MasterCard payment
    ),
    "2018-04-14_10-52-13_bunq-transactieoverzicht.csv": (
        3,
        (2, date(2018, 3, 1), "-2.56", "invoice 410408"),
        (4, date(2018, 3, 9), "-18.90", "Quality Nuts (EEMDIJK, NL)"),
        (3, date(2018, 3, 9), "750.00", "Naar Bunq"),  # money moved in
    ),
    "20180226-1000594757-umsatz.CSV": (
        1,
        (2, date(2018, 2, 22), "-36.99", "FOLGELASTSCHRIFT EREF+RECHNR."),
        (2, date(2018, 2, 22), "-36.99", "FOLGELASTSCHRIFT"),
        (2, date(2018, 2, 22), "-36.99", "FOLGELASTSCHRIFT"),  # a direct debit
    ),
    "2019-03-02_11-50-46_bunq-statement.csv": (
        7,
        (2, date(2018, 12, 6), "-8.78", "CLOUDFLARE 650-3198939, US 9.95 USD"),
        (8, date(2018, 12, 17), "-7.99", "NETFLIX.COM 14087249160"),
        (4, date(2018, 12, 6), "8.78", "Refund: CLOUDFLARE"),  # a refund comes in
    ),
    "CSV_A_20180414_112204.csv": (
        3,
        (3, date(2018, 3, 1), "-337.49", "RENTE LENING"),
        (7, date(2018, 3, 16), "-750.00", "Naar Bunq"),
        (5, date(2018, 3, 14), "50.00", "Gefeliciteerd, Gewonnen met Staatsloterij"),  # a prize
    ),
    "MS_JANE_SMITH_01-12-2019_14-12-2019.csv": (
        10,
        (5, date(2019, 12, 12), "-1183.23", "ROYAL LONDON INSURANCE"),
        (14, date(2019, 12, 2), "1100.00", "PAYMENT RECEIVED - THANK YOU"),
        (12, date(2019, 12, 2), "-9.99", "Spotify UK"),  # a card payment, unmarked
    ),
    "MonzoDataExport_February2018_2018-02-26_174335.csv": (
        1,
        (2, date(2018, 2, 25), "-10", "Tesco"),
        (2, date(2018, 2, 25), "-10", "Tesco"),
        (2, date(2018, 2, 25), "-10", "Tesco"),
    ),
    "Movements_1234512345_201805271848.csv": (
        1,
        (2, date(2018, 5, 27), "-1.00", "Memo for me test"),
        (2, date(2018, 5, 27), "-1.00", "Memo for me test"),
        (2, date(2018, 5, 27), "-1.00", "Memo"),  # "Jednorázová platba": a one-off payment
    ),
    "TH_20180101-20180523_page_1.csv": (
        9,
        (2, date(1111, 11, 11), "-111.11", "XXXXXXXXXXXX1111"),
        (10, date(1111, 11, 11), "-1111.11", "XXXXXXXXXXXX1111"),
        (5, date(1111, 11, 11), "-1111.11", "XXXX XXX XXXX XXXX XXXXXXXXXX"),
    ),
    "TH_20180101-20180523_strana_1.csv": (
        9,
        (2, date(1111, 11, 11), "-111.11", "XXXXXXXXXXXX1111"),
        (10, date(1111, 11, 11), "-1111.11", "XXXXXXXXXXXX1111"),
        (5, date(1111, 11, 11), "-1111.11", "XXXX XXX XXXX XXXX XXXXXXXXXX"),
    ),
    "TH_20180521-20180523.csv": (
        1,
        (2, date(1111, 11, 11), "-111.11", "XXXXXXXXXXXX1111"),
        (2, date(1111, 11, 11), "-111.11", "XXXXXXXXXXXX1111"),
        (2, date(1111, 11, 11), "-111.11", "XXXXXXXXXXXX1111"),
    ),
    "TransactionHistory_20180418043121.csv": (
        8,
        (7, date(2018, 4, 18), "-6.66", "DEBIT PURCHASE 15/04/18  66-6666 UBER EATS"),
        (21, date(2018, 4, 13), "-6.66", "DEBIT PURCHASE 66-6666 TOAST BO6-MANULIFE"),
        (11, date(2018, 4, 17), "-66.66", "CASH WITHDRAWAL  ATM 66-6666 OCBC-666"),
    ),
    "Umsaetze_KtoNr538917600_EUR_02-03-2018_1503.CSV": (
        1,
        (2, date(2018, 3, 2), "-17.22", "Kartenzahlung REWE SAGT DANKE."),
        (2, date(2018, 3, 2), "-17.22", "Kartenzahlung REWE"),
        (2, date(2018, 3, 2), "-17.22", "Kartenzahlung"),  # a card payment
    ),
    "W80844_EBH_201945.202122.csv": (
        2,
        (2, date(2019, 4, 19), "-350", "memo goes here"),
        (3, date(2019, 4, 17), "1290", "memo goes here"),
        (3, date(2019, 4, 17), "1290", "memo"),  # "inflow"
    ),
    "export_BE11123456789012_20180304_1422.csv": (
        1,
        (2, date(2018, 2, 28), "-3.40", "BIJDRAGE 01-02-2018 - 28-02-2018"),
        (2, date(2018, 2, 28), "-3.40", "BIJDRAGE"),
        (2, date(2018, 2, 28), "-3.40", "BIJDRAGE"),  # an account fee
    ),
    "export_KBC-Mastercard_Business_Essential_20200204_1604.csv": (
        3,
        (2, date(2020, 2, 1), "-16.52", "More info"),
        (4, date(2020, 1, 1), "-16.52", "More info"),
        (3, date(2020, 1, 24), "35.77", "Payment from Checking account"),  # card paid off
    ),
    "kta_ei.dat": (
        11,
        (2, date(2019, 3, 11), "-89.30", "POS 6,49 AT K1 09.03. 09:53"),
        (12, date(2019, 3, 13), "-170.63", "POS 12,40 AT K2 13.03. 13:58"),
        (7, date(2019, 3, 11), "-227.73", "SEPA Lastschrift"),  # a direct debit
    ),
    "test_BOI_TransactionExport.csv": (
        27,
        (2, date(2017, 9, 1), "428.03", "Random Name      GP"),
        (28, date(2017, 9, 28), "-818.0", "CU Lin SO"),
        (10, date(2017, 9, 7), "845.92", "CTO"),  # the recurring credit: a salary
    ),
    "test_headers.csv": (
        73,
        (2, date(2017, 9, 18), "-33.87", "HOFER DANKT  0527  K2   18.09. 17:20"),
        (75, date(2017, 10, 19), "-81.99", "HOFER DANKT  0527  K2   19.10. 17:36"),
        (11, date(2017, 9, 20), "24.00", "Überweisung"),  # a transfer in
    ),
    "test_raiffeisen_01.csv": (
        73,
        (1, date(2017, 9, 18), "-33.87", "HOFER DANKT  0527  K2   18.09. 17:20"),
        (74, date(2017, 10, 19), "-81.99", "HOFER DANKT  0527  K2   19.10. 17:36"),
        (10, date(2017, 9, 20), "24.00", "Überweisung"),
    ),
    "test_raiffeisen_02.csv": (
        73,
        (1, date(2017, 9, 18), "-33.87", "HOFER DANKT"),
        (74, date(2017, 10, 19), "-81.99", "HOFER DANKT"),
        (10, date(2017, 9, 20), "24.00", "Überweisung"),
    ),
    "test_regex_123456_87654321_1234_21_12.csv": (
        73,
        (1, date(2017, 9, 18), "-33.87", "HOFER DANKT"),
        (74, date(2017, 10, 19), "-81.99", "HOFER DANKT"),
        (10, date(2017, 9, 20), "24.00", "Überweisung"),
    ),
    "test_row_format_neg_inflow.csv": (
        73,
        (1, date(2017, 9, 18), "-33.87", "HOFER DANKT"),
        (74, date(2017, 10, 19), "-81.99", "HOFER DANKT"),
        (32, date(2017, 9, 29), "130.80", "NÖGKK 130,80"),
    ),
    "test_swedebank_statement.xls": (
        13,
        (3, date(2014, 10, 1), "-15.31", "PIRKINYS 2014.09.30 15.31 LTL (165339) X-911 MAXIMA"),
        (15, date(2014, 10, 6), "2863.63", "Darbo užmokestis"),  # salary
        (13, date(2014, 10, 6), "-52.07", "PIRKINYS 2014.10.01 52.07 LTL"),  # a card purchase
    ),
    "umsatz-1234________1234-20180227.CSV": (
        1,
        (2, date(2018, 2, 20), "-5.00", "AMREST STARBUCKS DE 08007263333"),
        (2, date(2018, 2, 20), "-5.00", "AMREST STARBUCKS"),
        (2, date(2018, 2, 20), "-5.00", "AMREST"),  # a coffee by credit card
    ),
}

# Files that do not say enough on their own: what they need, and the answer (1-based columns).
NEEDS: dict[str, tuple[tuple[str, ...], str, int, Line, Line]] = {
    "20180226_12345678.csv": (
        ("date_format",),
        "date_format=%d/%m/%Y",
        1,
        (2, date(2018, 2, 10), "-5.00", "MERCHANT NAME@12:34"),
        (2, date(2018, 2, 10), "-5.00", "MERCHANT NAME@12:34"),
    ),
    "dba33fceecd62c3c727893361e0ba4d3.P000000027355791.csv": (
        ("negate",),
        "debit=3,credit=4",
        1,
        (1, date(2018, 2, 27), "-7.80", "MCDONALD'S (TAM KIOSK) SI NG 22FEB"),
        (1, date(2018, 2, 27), "-7.80", "MCDONALD'S"),
    ),
    "statement_1.csv": (
        ("negate",),
        "negate=yes",
        1,
        (1, date(2018, 2, 10), "-20.59", "Shop Name, AnyTown20.59 POUND STERLING"),
        (1, date(2018, 2, 10), "-20.59", "Shop Name"),
    ),
    "test_row_format_default.csv": (
        ("debit", "credit"),
        "credit=4,debit=5",
        73,
        (1, date(2017, 9, 18), "-33.87", "HOFER DANKT  0527  K2   18.09. 17:20"),
        (74, date(2017, 10, 19), "-81.99", "HOFER DANKT  0527  K2   19.10. 17:36"),
    ),
    "test_delimiter_tab.csv": (
        ("debit", "credit"),
        "credit=4,debit=5",
        73,
        (1, date(2017, 9, 18), "-33.87", "HOFER DANKT  0527  K2   18.09. 17:20"),
        (74, date(2017, 10, 19), "-81.99", "HOFER DANKT  0527  K2   19.10. 17:36"),
    ),
}


def read(data: bytes, **kwargs: object) -> list[StatementLine]:
    return list(read_statement(data, **kwargs).lines)  # type: ignore[arg-type]


def read_file(name: str, mapping: ColumnMap | None = None) -> CsvStatement:
    return read_statement((BANK_CSV / name).read_bytes(), source=name, mapping=mapping)


def check(line: StatementLine, expected: Line) -> None:
    line_no, day, amount, text = expected
    assert (line.line_no, line.date, line.amount) == (line_no, day, Decimal(amount))
    assert line.description.startswith(text), line.description


# -- every real file -------------------------------------------------------------------------


@needs_shared_data
def test_every_shared_file_is_covered() -> None:
    names = {p.name for p in BANK_CSV.iterdir() if not p.name.startswith("LICENSE")}
    assert names == set(FILES) | set(NEEDS) | {"test_row_format_CD_flag.csv"}


@needs_shared_data
@pytest.mark.parametrize("name", sorted(FILES))
def test_real_file_reads_with_right_dates_amounts_and_signs(name: str) -> None:
    count, first, last, signed = FILES[name]
    lines = list(read_file(name).lines)
    assert len(lines) == count
    check(lines[0], first)
    check(lines[-1], last)
    check(next(x for x in lines if x.line_no == signed[0]), signed)


@needs_shared_data
@pytest.mark.parametrize("name", sorted(NEEDS))
def test_ambiguous_real_file_asks_for_a_mapping_then_reads_with_it(name: str) -> None:
    needed, answer, count, first, last = NEEDS[name]
    with pytest.raises(NeedsMapping) as caught:
        read_file(name)
    assert caught.value.needed == needed
    lines = list(read_file(name, ColumnMap.parse(answer)).lines)
    assert len(lines) == count
    check(lines[0], first)
    check(lines[-1], last)


@needs_shared_data
def test_flag_column_that_is_not_a_flag_is_an_error_per_row() -> None:
    errors: list[ParseError] = []
    name = "test_row_format_CD_flag.csv"
    data = (BANK_CSV / name).read_bytes()
    lines = list(read_statement(data, source=name, on_error=errors.append).lines)
    # Its last three rows carry "EUR" where the other rows say O (out) or I (in).
    assert [(e.line, e.field) for e in errors] == [
        (72, "indicator"),
        (73, "indicator"),
        (74, "indicator"),
    ]
    assert (
        str(errors[0])
        == f"{name}, line 72, field 'indicator': cannot read 'EUR' as debit or credit"
    )
    assert len(lines) == 70
    check(lines[0], (1, date(2017, 9, 18), "-33.87", "HOFER DANKT"))
    check(lines[9], (10, date(2017, 9, 20), "24.00", "Überweisung"))


@needs_shared_data
def test_card_statement_unmarked_amounts_are_debits_and_pending_rows_are_skipped() -> None:
    statement = read_file("MS_JANE_SMITH_01-12-2019_14-12-2019.csv")
    lines = list(statement.lines)
    assert statement.currency == "GBP"
    assert statement.stats.skipped == 3  # "Pending"
    assert [x.amount > 0 for x in lines].count(True) == 1  # only "PAYMENT RECEIVED ... CR"


@needs_shared_data
def test_preamble_is_skipped_and_continuation_rows_are_merged() -> None:
    statement = read_file("TransactionHistory_20180418043121.csv")
    lines = list(statement.lines)
    assert statement.detected["header_line"] == 6
    assert statement.currency == "SGD"
    assert statement.stats.merged == 8
    assert lines[1].description == "CCY CONVERSION FEE FOR: 6.66 SGD"


@needs_shared_data
def test_summary_rows_are_not_lines() -> None:
    statement = read_file("test_swedebank_statement.xls")
    lines = list(statement.lines)
    assert statement.stats.summaries == 4  # opening balance, two turnovers, closing balance
    assert sum(x.amount for x in lines) == Decimal("12952.97") - Decimal("10374.04")


@needs_shared_data
def test_czech_windows_1250_file_is_decoded() -> None:
    statement = read_file("TH_20180101-20180523_strana_1.csv")
    lines = list(statement.lines)
    assert statement.detected["encoding"] == "cp1250"
    assert statement.currency == "CZK"
    assert lines[3].counterparty == "XX účXX X ČX, X.X."


@needs_shared_data
def test_dutch_file_with_cr_cr_lf_endings_numbers_physical_lines() -> None:
    lines = list(read_file("CSV_A_20180414_112204.csv").lines)
    assert [x.line_no for x in lines] == [3, 5, 7]
    assert [x.balance for x in lines] == [
        Decimal("5257.28"),
        Decimal("13084.53"),
        Decimal("12334.53"),
    ]
    assert lines[0].fitid == "000000000000009565"


@needs_shared_data
def test_detected_layout_reads_the_next_file_of_the_bank_the_same_way() -> None:
    first = read_file("test_raiffeisen_01.csv")
    remembered = json.loads(json.dumps(first.detected))
    again = read_file("test_raiffeisen_02.csv", ColumnMap.from_dict(remembered))
    assert list(again.lines) == list(first.lines)


# -- one rule each, on made-up files -------------------------------------------------------------


def test_month_first_dates_are_told_by_a_day_above_twelve() -> None:
    data = b"Date,Description,Amount\n01/05/2024,a,-1.00\n01/13/2024,b,-2.00\n"
    assert [x.date for x in read(data)] == [date(2024, 1, 5), date(2024, 1, 13)]


def test_day_first_dates_are_told_by_a_day_above_twelve() -> None:
    data = b"Date,Description,Amount\n01/05/2024,a,-1.00\n13/05/2024,b,-2.00\n"
    assert [x.date for x in read(data)] == [date(2024, 5, 1), date(2024, 5, 13)]


def test_date_order_is_settled_by_a_row_beyond_the_sniffed_sample() -> None:
    rows = [f"0{1 + i % 9}/02/2024,x,-1.00" for i in range(3000)] + ["01/13/2024,late,-2.00"]
    data = ("Date,Text,Amount\n" + "\n".join(rows) + "\n").encode()
    assert read(data)[-1].date == date(2024, 1, 13)


def test_thousands_and_decimal_comma_are_decided_per_file() -> None:
    data = b"Datum;Text;Betrag\n01.02.2024;Miete;-1.234,56\n02.02.2024;Gehalt;2.500,00\n"
    assert [x.amount for x in read(data)] == [Decimal("-1234.56"), Decimal("2500.00")]


def test_parentheses_trailing_minus_and_currency_symbols() -> None:
    data = "Date;Text;Amount\n2024-01-02;a;(12,50)\n2024-01-03;b;3,00-\n2024-01-04;c;€ 7,10\n"
    lines = read(data.encode())
    assert [x.amount for x in lines] == [Decimal("-12.50"), Decimal("-3.00"), Decimal("7.10")]
    assert lines[2].currency == "EUR"


def test_money_in_and_money_out_columns() -> None:
    data = b"Date,Details,Paid out,Paid in\n2024-01-02,rent,500.00,\n2024-01-03,salary,,2000.00\n"
    assert [x.amount for x in read(data)] == [Decimal("-500.00"), Decimal("2000.00")]


@pytest.mark.parametrize(
    ("header", "out", "into"),
    [("Soll/Haben", "S", "H"), ("Af Bij", "Af", "Bij"), ("D/K", "D", "K"), ("CR/DR", "DR", "CR")],
)
def test_debit_credit_indicator_column(header: str, out: str, into: str) -> None:
    data = f"Datum;Betrag;{header};Text\n02.01.2024;5,00;{out};a\n03.01.2024;7,00;{into};b\n"
    assert [x.amount for x in read(data.encode())] == [Decimal("-5.00"), Decimal("7.00")]


def test_transaction_type_column_with_debit_and_credit_gives_the_sign() -> None:
    data = b"Date,Description,Amount,Transaction Type\n2024-01-02,shop,5.00,DEBIT\n"
    data += b"2024-01-03,refund,7.00,CREDIT\n"
    assert [x.amount for x in read(data)] == [Decimal("-5.00"), Decimal("7.00")]


def test_footers_with_a_date_in_words_are_skipped() -> None:
    data = "Datum;Text;Betrag\n02.01.2024;Miete;-500,00\nSaldo per 31.01.2024;;1.234,56\n"
    statement = read_statement(data.encode())
    assert len(list(statement.lines)) == 1
    assert statement.stats.skipped == 1


def test_pointing_at_a_column_does_not_answer_the_sign() -> None:
    data = b"2024-01-02,coffee,3.20\n2024-01-03,lunch,9.80\n"
    with pytest.raises(NeedsMapping, match="negate=yes"):
        read(data, mapping=ColumnMap.parse("amount=3"))
    mapped = read(data, mapping=ColumnMap.parse("amount=3,negate=yes"))
    assert [x.amount for x in mapped] == [Decimal("-3.20"), Decimal("-9.80")]


def test_tab_and_pipe_delimiters() -> None:
    for sep in ("\t", "|"):
        data = sep.join(["Date", "Description", "Amount"]) + "\n"
        data += sep.join(["2024-03-01", "shop, street 1", "-4.20"]) + "\n"
        assert read(data.encode())[0].description == "shop, street 1"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-16", "Überweisung Müller"),
        ("utf-8-sig", "Überweisung Müller"),
        ("cp1252", "Überweisung Müller"),
        ("cp1250", "Žluťoučký kůň"),
    ],
)
def test_encodings(encoding: str, text: str) -> None:
    data = f"Datum;Popis;Betrag\n01.02.2024;{text};-1,00\n".encode(encoding)
    assert read(data)[0].description == text


def test_header_languages() -> None:
    headers = {
        "en": "Booking date;Payee;Amount",
        "de": "Buchungstag;Empfänger;Betrag",
        "nl": "Datum;Naam tegenpartij;Bedrag",
        "fr": "Date de l'opération;Libellé;Montant",
        "cs": "Datum zaúčtování;Název protiúčtu;Částka",
    }
    for header in headers.values():
        data = f"{header}\n05.03.2024;Shop;-9,99\n".encode()
        assert read(data)[0].amount == Decimal("-9.99"), header


def test_bad_amount_names_source_line_and_field() -> None:
    data = b'Date,Description,Amount\n2024-01-02,a,-1.00\n2024-01-03,b,"12,3,4"\n'
    with pytest.raises(ParseError) as caught:
        read(data, source="statement.csv")
    assert (
        str(caught.value)
        == "statement.csv, line 3, field 'amount': cannot read '12,3,4' as an amount"
    )


@pytest.mark.parametrize("row", [2, 300])  # in the rows read to find the layout, and after
def test_a_field_over_the_csv_limit_is_a_parse_error_naming_its_line(row: int) -> None:
    good = [f"2024-01-{1 + n % 28:02d},shop {n},-1.00" for n in range(400)]
    good[row - 2] = f'2024-01-02,"{"x" * 200_000}",-1.00'
    data = ("Date,Description,Amount\n" + "\n".join(good) + "\n").encode()
    with pytest.raises(ParseError, match="cannot be read as CSV: field larger than field limit"):
        read(data, source="huge.csv")


def test_bad_date_is_reported_but_footers_and_notes_are_skipped() -> None:
    data = b"Date,Description,Amount\n2024-01-02,a,-1.00\nTotal,,-1.00\n2024-13-45,b,-2.00\n"
    with pytest.raises(ParseError, match=r"line 4, field 'date': cannot read '2024-13-45'"):
        read(data)


def test_errors_can_be_collected_instead_of_raised() -> None:
    data = b"Date,Description,Amount\n2024-01-02,a,x1\n2024-01-03,b,-2.00\n"
    errors: list[ParseError] = []
    lines = read(data, on_error=errors.append)
    assert [x.line_no for x in lines] == [3]
    assert [e.line for e in errors] == [2]


def test_no_header_two_amount_columns_need_a_mapping() -> None:
    data = b"2024-01-02;rent;;500,00\n2024-01-03;salary;2000,00;\n"
    with pytest.raises(NeedsMapping) as caught:
        read(data)
    assert caught.value.needed == ("debit", "credit")
    assert caught.value.candidates["debit"] == (2, 3)
    mapped = read(data, mapping=ColumnMap.parse("credit=3,debit=4"))
    assert [x.amount for x in mapped] == [Decimal("-500.00"), Decimal("2000.00")]


def test_quoted_newlines_keep_physical_line_numbers() -> None:
    data = b'Date,Description,Amount\n2024-01-02,"two\nlines",-1.00\n2024-01-03,b,-2.00\n'
    assert [x.line_no for x in read(data)] == [2, 4]


def test_reads_from_a_file_object_and_from_byte_lines() -> None:
    data = b"Date,Description,Amount\n2024-01-02,a,-1.00\n"
    path_lines = read_statement(iter(data.splitlines(keepends=True))).lines
    assert list(path_lines) == read(data)


def test_detected_layout_is_json_ready() -> None:
    detected = read_statement(b"Date,Description,Amount\n2024-01-02,a,-1.00\n").detected
    assert json.loads(json.dumps(detected))["amount"] == 2


def test_column_map_parse_counts_columns_from_one() -> None:
    mapping = ColumnMap.parse("date=1, amount=4, description=2+3, date_format=%d/%m/%Y, negate=yes")
    assert mapping == ColumnMap(
        date=0, amount=3, description=(1, 2), date_format="%d/%m/%Y", negate=True
    )
    with pytest.raises(ValueError, match="column number"):
        ColumnMap.parse("amount=0")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("encoding=klingon", "encoding: 'klingon' is no encoding"),
        ("delimiter=semi", "delimiter: expected one character"),
    ],
)
def test_column_map_refuses_an_encoding_or_delimiter_it_cannot_use(text: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        ColumnMap.parse(text)


@pytest.mark.parametrize("text", ["date=9", "amount=9", "debit=2,credit=9", "description=2+9"])
def test_a_mapped_column_the_file_lacks_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError, match=r"=9: the file has 3 columns") as caught:
        read(
            b"Date,Description,Amount\n2024-01-02,a,-1.00\n",
            source="jan.csv",
            mapping=ColumnMap.parse(text),
        )
    assert str(caught.value).startswith("jan.csv")


def test_an_encoding_the_file_is_not_in_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="cannot be read as utf-16"):
        read(
            b"Date,Description,Amount\n2024-01-02,a,-1.00\n",
            source="jan.csv",
            mapping=ColumnMap.parse("encoding=utf-16"),
        )


def test_a_file_without_transactions_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="no transactions"):
        read(b"just,some\nwords,here\n")


def test_a_real_excel_file_is_refused_with_advice() -> None:
    with pytest.raises(
        ParseError, match=r"Excel workbook \(\.xls\), not CSV text; export it as CSV"
    ):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), source="export.xls")


texts = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda t: t and t.lower().strip(" .:") not in SUMMARY_LABELS)
)
booked = st.tuples(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
    st.decimals(min_value=-99999, max_value=99999, places=2),
    texts,
)


@given(
    rows=st.lists(booked, min_size=1, max_size=15),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    locale=st.sampled_from(["en_US", "de_DE", "fr_FR", "de_CH", "cs_CZ"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_any_statement_written_by_a_csv_writer_reads_back(
    rows: list[tuple[date, Decimal, str]], delimiter: str, locale: str, encoding: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["Date", "Description", "Amount"])
    for day, value, text in rows:
        writer.writerow([day.isoformat(), text, format_decimal(value, "#,##0.00", locale=locale)])
    lines = read(out.getvalue().encode(encoding))
    assert [(x.date, x.amount, x.description) for x in lines] == rows
    assert [x.line_no for x in lines] == list(range(2, len(rows) + 2))


def _generated(rows: int) -> Iterator[bytes]:
    yield b"Date;Text;Amount\n"
    for i in range(rows):
        yield f"2024-01-{1 + i % 28:02d};shop {i % 97};-{i % 500},{i % 100:02d}\n".encode()


def test_streams_without_holding_the_rows() -> None:
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_statement(_generated(30_000)).lines)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 30_000
    assert peak < 2_000_000  # the 30,000 lines kept in a list take about 6 MB
