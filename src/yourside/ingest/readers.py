"""Which reader a file needs, and what every reader gives back: accounts with their lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from yourside.core.formats.camt import read_camt
from yourside.core.formats.csvstatement import ColumnMap, read_statement
from yourside.core.formats.detect import detect_format
from yourside.core.formats.ofx import AccountStatement, read_ofx
from yourside.core.formats.qif import read_qif
from yourside.core.records import ParseError, StatementLine

STATEMENT_FORMATS = ("csv", "ofx", "qfx", "camt", "qif")
RECEIPT_FORMATS = ("eml", "mbox")
FORMATS = ("auto", *STATEMENT_FORMATS, *RECEIPT_FORMATS)

# Enough of the file to recognise its format; CSV then streams, the XML and SGML formats are
# read whole by their parsers (a statement in those formats is small).
SNIFF_BYTES = 64 * 1024


@dataclass
class ParsedAccount:
    """One account's lines from a file, with what the file says about the account."""

    lines: Iterable[StatementLine]
    account_id: str | None = None
    account_type: str | None = None
    currency: str | None = None
    name: str | None = None
    layout: dict[str, object] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def sniff(head: bytes, filename: str, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ParseError(
            f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", source=filename
        )
    return detect_format(head, filename) if fmt == "auto" else fmt


def _from_statement(statement: AccountStatement) -> ParsedAccount:
    return ParsedAccount(
        lines=statement.lines,
        account_id=statement.account_id,
        account_type=statement.account_type,
        currency=statement.currency,
        name=statement.name,
        notes=statement.notes,
    )


def read_file(
    stream: BinaryIO, filename: str, fmt: str = "auto", mapping: ColumnMap | None = None
) -> list[ParsedAccount]:
    """Read a statement file of any supported format; raises ParseError saying what and where."""
    found = sniff(stream.read(SNIFF_BYTES), filename, fmt)
    stream.seek(0)
    if found not in STATEMENT_FORMATS:
        raise ParseError(f"this is a {found} file, not a bank statement", source=filename)
    if found == "csv":
        statement = read_statement(stream, source=filename, mapping=mapping)
        return [
            ParsedAccount(
                lines=statement.lines, currency=statement.currency, layout=statement.detected
            )
        ]
    data = stream.read()
    if found in {"ofx", "qfx"}:
        return [_from_statement(s) for s in read_ofx(data, source=filename)]
    if found == "camt":
        return [_from_statement(s) for s in read_camt(data, source=filename)]
    return [_from_statement(s) for s in read_qif(data, source=filename)]
