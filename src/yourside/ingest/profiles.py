"""Remembering how to read one bank's files, and the preview the customer maps columns on.

A bank's export keeps its shape from month to month: the same delimiter, the same number of
columns, the same kind of value in each. That shape is the file's signature; a mapping the
customer gave for one file is stored under it and used for the next file of the same shape.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter

from yourside.core.formats.csvtext import detect_encoding, sniff_delimiter

PREVIEW_LINES = 12
_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_NUMBER = re.compile(r"^[-+(]?[$€£]?\s?[\d.,' ]+\)?\s?[A-Z$€£]*$")


def _kind(cell: str) -> str:
    cell = cell.strip()
    if not cell:
        return "-"
    if _DATE.match(cell):
        return "d"
    if _NUMBER.match(cell) and any(c.isdigit() for c in cell):
        return "n"
    return "t"


def preview(head: bytes) -> tuple[str, list[list[str]]]:
    """The delimiter and the first rows of a delimited file, for a person to map columns on."""
    text = head.decode(detect_encoding(head, at_eof=False), errors="replace")
    lines = [line for line in text.splitlines() if line.strip()][:200]
    delimiter = sniff_delimiter(lines) if lines else ","
    rows = list(csv.reader(lines, delimiter=delimiter))
    # Skip a preamble: show the rows that have the file's usual number of columns.
    width = Counter(len(r) for r in rows).most_common(1)[0][0] if rows else 0
    table = [r for r in rows if len(r) == width]
    return delimiter, table[:PREVIEW_LINES]


def signature(head: bytes) -> str | None:
    """The shape of a delimited file: its delimiter, its width, and what each column holds."""
    try:
        delimiter, rows = preview(head)
    except (UnicodeError, csv.Error, LookupError):
        return None
    if not rows:
        return None
    # The last rows hold data even when the first is a header; count each column's usual kind.
    body = rows[1:] or rows
    kinds = []
    for column in range(len(rows[0])):
        seen = Counter(_kind(row[column]) for row in body if column < len(row))
        kinds.append(seen.most_common(1)[0][0])
    shape = f"{delimiter}|{len(rows[0])}|{''.join(kinds)}"
    return hashlib.sha256(shape.encode()).hexdigest()
