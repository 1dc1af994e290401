from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared_data import SHARED_DATA, needs_shared_data
from yourside.core.formats.detect import FORMATS, detect_format
from yourside.core.records import ParseError

DATA = Path(__file__).resolve().parents[1] / "data"


def detect(path: Path, name: str | None = None) -> str:
    return detect_format(path.read_bytes(), name if name is not None else path.name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("camt/camt053_v02_de.xml", "camt"),
        ("camt/camt053_v08_batch.xml", "camt"),
        ("qif/us_checking.qif", "qif"),
        ("qif/de_card_and_cash.qif", "qif"),
        ("email/order_jsonld.eml", "eml"),
        ("email/plain_receipt.eml", "eml"),
        ("email/receipts.mbox", "mbox"),
    ],
)
def test_project_fixtures(name: str, expected: str) -> None:
    assert detect(DATA / name) == expected


@pytest.mark.parametrize("name", ["camt/camt053_v02_de.xml", "qif/us_checking.qif"])
def test_content_wins_over_a_wrong_name(name: str) -> None:
    assert detect(DATA / name, "download.csv") == detect(DATA / name)


@needs_shared_data
@pytest.mark.parametrize("path", sorted((SHARED_DATA / "ofx").glob("*.ofx")), ids=lambda p: p.name)
def test_every_shared_ofx_file_is_ofx(path: Path) -> None:
    assert detect(path) == "ofx"


@needs_shared_data
def test_qfx_extension_names_the_same_content_qfx() -> None:
    assert detect(SHARED_DATA / "ofx" / "bank_medium.ofx", "statement.QFX") == "qfx"


@needs_shared_data
@pytest.mark.parametrize(
    "path",
    sorted(p for p in (SHARED_DATA / "bank-csv").iterdir() if not p.name.startswith("LICENSE")),
    ids=lambda p: p.name,
)
def test_every_shared_bank_export_is_csv(path: Path) -> None:
    assert detect(path) == "csv"  # including a CSV named .xls and Czech CP1250 text


def test_ofx_without_header_is_ofx() -> None:
    assert detect_format(b"\r\n\r\n<OFX>\r\n<SIGNONMSGSRSV1>") == "ofx"


def test_utf16_tab_separated_export_is_csv() -> None:
    data = "Date\tAmount\tText\n01.02.2024\t-5,00\tBakery\n".encode("utf-16")
    assert detect_format(data) == "csv"


def test_extension_decides_when_content_says_nothing() -> None:
    assert detect_format(b"garbage", "statement.qif") == "qif"


def png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (png(), "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"[Content_Types].xml" + b"\x00" * 20, "Excel workbook"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x00\x01\x02\x03binary\x00", "binary"),
        (b"<html><body>Your statement</body></html>", "web page"),
        (b'<?xml version="1.0"?><Invoice xmlns="urn:x"/>', "<Invoice>"),
        (b'{"transactions": []}', "JSON"),
        (b"Dear customer, thank you.", "not a format we read"),
    ],
)
def test_what_cannot_be_read_is_named(data: bytes, says: str) -> None:
    with pytest.raises(ParseError, match=says):
        detect_format(data, "upload.xlsx" if says == "Excel workbook" else "")


@given(st.binary(max_size=2000))
def test_any_bytes_give_a_format_or_a_parse_error(data: bytes) -> None:
    try:
        result = detect_format(data)
    except ParseError:
        return
    assert result in FORMATS
