"""Read a CSV or TSV bank statement from any bank, without a hand-written profile per bank.

The layout (encoding, delimiter, header line, which column is the date, the amount, money in and
out, a debit/credit indicator, the description; the date order and the decimal separator) is
sniffed once from the first few hundred lines. Then the file streams: rows become
:class:`~yourside.core.records.StatementLine` objects batch by batch, so a million-row file never
sits in memory. What was detected is a plain dict (:attr:`CsvStatement.detected`) that the app can
keep per bank and pass back through :meth:`ColumnMap.from_dict`.

Where the file does not say enough (no header and no way to tell the sign, or money in from money
out; dates that read both day-first and month-first), :class:`NeedsMapping` says what is missing
and which columns are candidates, and a :class:`ColumnMap` answers it.

Conventions: amounts are signed from the customer's side, negative is money out; ``line_no`` is the
1-based physical line of the row in the file (``\\n``, ``\\r\\n`` and a lone ``\\r`` each end a
line); rows without a date ("Pending"), statement totals and footers are skipped and counted in
:attr:`CsvStatement.stats`; a row with no date but more text continues the line above.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from yourside.core.formats.csvlayout import ColumnMap, Layout, NeedsMapping, detect_layout
from yourside.core.formats.csvrows import ReadStats, iter_lines
from yourside.core.formats.csvtext import SAMPLE_LINES, Source, TextSample, sniff_delimiter
from yourside.core.records import ParseError, StatementLine

__all__ = [
    "ColumnMap",
    "CsvStatement",
    "NeedsMapping",
    "ReadStats",
    "Source",
    "read_statement",
]

# How far to read ahead when the first lines leave only the date order open (for example a month
# whose first twelve days are all that the sample holds).
_MAX_SAMPLE_LINES = 20_000

# Files people pick by mistake, told apart by their first bytes.
_NOT_TEXT = {
    b"PK\x03\x04": "an Excel workbook (.xlsx) or another zip file",
    b"\xd0\xcf\x11\xe0": "an Excel workbook (.xls)",
    b"%PDF": "a PDF",
}


@dataclass
class CsvStatement:
    """A statement being read: the layout now, the lines as they are iterated (once).

    ``detected`` is JSON-ready; passed to :meth:`ColumnMap.from_dict` it reads the same bank's
    next file the same way. ``currency`` is the statement's currency when the file names one.
    ``stats`` counts lines, skipped and merged rows and errors, as far as the lines were read.
    """

    layout: Layout
    lines: Iterator[StatementLine]
    stats: ReadStats = field(default_factory=ReadStats)

    @property
    def detected(self) -> dict[str, object]:
        """What was detected, as a JSON-ready dict."""
        return self.layout.as_dict()

    @property
    def currency(self) -> str | None:
        """The currency the file names (a header, a currency column, a symbol), if any."""
        return self.layout.currency_code

    def __iter__(self) -> Iterator[StatementLine]:
        return self.lines


def _sample_rows(text_lines: list[str], delimiter: str) -> tuple[list[list[str]], list[int]]:
    reader = csv.reader(text_lines, delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    previous = 0
    for row in reader:
        rows.append(row)
        lines.append(previous + 1)
        previous = reader.line_num
    return rows, lines


def _layout(sample: TextSample, mapping: ColumnMap, source: str) -> Layout:
    for magic, what in _NOT_TEXT.items():
        if sample.head.startswith(magic):
            raise ParseError(f"this is {what}, not CSV text; export it as CSV", source=source)
    while True:
        text_lines = sample.lines()
        if not any(line.strip() for line in text_lines):
            raise ParseError("the file is empty", source=source)
        delimiter = mapping.delimiter or sniff_delimiter(text_lines)
        rows, lines = _sample_rows(text_lines, delimiter)
        try:
            return detect_layout(
                rows,
                lines,
                encoding=sample.encoding,
                delimiter=delimiter,
                mapping=mapping,
                source=source,
            )
        except NeedsMapping as exc:
            # Only the date order can be settled by reading further; the rest shows early.
            if exc.needed != ("date_format",) or sample.at_eof or len(rows) >= _MAX_SAMPLE_LINES:
                raise
            sample.extend(min(_MAX_SAMPLE_LINES, len(rows) * 8 + SAMPLE_LINES))


def read_statement(
    data: Source,
    *,
    source: str = "",
    mapping: ColumnMap | None = None,
    on_error: Callable[[ParseError], None] | None = None,
) -> CsvStatement:
    """Start reading a CSV/TSV statement: the layout is detected now, the lines stream later.

    ``data`` is the file's bytes, a binary file object, or an iterable of byte chunks or lines.
    ``source`` names the file in errors. ``mapping`` fixes any part of the layout. A bad row
    raises :class:`~yourside.core.records.ParseError` naming source, line and field, unless
    ``on_error`` is given: then it receives the error and the row is skipped.

    Raises :class:`NeedsMapping` when the file does not say enough to be read, and
    ``ParseError`` when nothing in it looks like a statement line.
    """
    mapping = mapping or ColumnMap()
    try:
        sample = TextSample(data, mapping.encoding)
    except UnicodeError as error:  # UTF-16 told, and no byte-order mark: not UTF-16
        raise ParseError(
            f"the file cannot be read as {mapping.encoding}: {error}", source=source
        ) from None
    try:
        layout = _layout(sample, mapping, source)
    except csv.Error as error:  # a field over the csv module's limit of 128 KiB
        raise ParseError(f"cannot be read as CSV: {error}", source=source) from None
    reader = csv.reader(sample.stream(), delimiter=layout.delimiter)
    stats = ReadStats()
    lines = iter_lines(layout, reader, source=source, on_error=on_error, stats=stats)
    return CsvStatement(layout=layout, lines=lines, stats=stats)
