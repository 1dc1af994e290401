"""Tell which reader a file needs, from its first bytes and, failing that, its name.

Content decides first, because customers rename files and banks name them oddly (a CSV called
``.xls``, an OFX called ``.qfx`` or ``download.txt``). The name only breaks ties the content
cannot: OFX and QFX are the same format, so ``.qfx`` says which one the customer has.
"""

from __future__ import annotations

import codecs
import csv
import re
from pathlib import PurePath

from yourside.core.records import ParseError

__all__ = ["FORMATS", "binary_kind", "detect_format"]

FORMATS = ("ofx", "qfx", "camt", "qif", "eml", "mbox", "csv")

_HEAD = 64 * 1024
# Binary formats people try to import, with what to tell them.
_EXPORT = "download the statement as CSV, OFX, QIF or CAMT.053 instead"
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _EXPORT),
    (b"\xff\xd8\xff", "a JPEG image", _EXPORT),
    (b"GIF8", "a GIF image", _EXPORT),
    (b"%PDF", "a PDF document", _EXPORT),
    (b"PK\x03\x04", "a ZIP archive or an Excel workbook (.xlsx)", "save the sheet as CSV"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook", "save the sheet as CSV"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"Rar!", "a RAR archive", "unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (b"SQLite format 3\x00", "a SQLite database", _EXPORT),
)
_EXTENSIONS = {
    ".ofx": "ofx",
    ".qfx": "qfx",
    ".qif": "qif",
    ".eml": "eml",
    ".mbox": "mbox",
    ".mbx": "mbox",
    ".csv": "csv",
    ".tsv": "csv",
}
_CAMT = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.\d{3}")
_OFX_XML = re.compile(r"<\?OFX\b|<OFX>", re.IGNORECASE)
_QIF = re.compile(r"^!(type|account|option|clear)\b", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^[!-9;-~]+:[ \t]")  # RFC 5322 field name, colon, space
_MAIL_HEADERS = re.compile(
    r"^(from|to|subject|date|received|return-path|message-id|mime-version|delivered-to"
    r"|reply-to|sender|x-[\w-]+):",
    re.IGNORECASE | re.MULTILINE,
)
_MBOX_FROM = re.compile(r"^From \S+")


def binary_kind(data: bytes) -> str | None:
    """What a binary file people mistake for data is ("a PNG image", "a PDF document"), from its
    first bytes; None for anything else."""
    return next((what for magic, what, _ in _MAGIC if data.startswith(magic)), None)


def detect_format(data: bytes, filename: str = "") -> str:
    """Return the format of a file: one of ``ofx qfx camt qif eml mbox csv``.

    Looks at the content first (an OFX header or ``<OFX>``, a CAMT namespace, a QIF ``!Type:``
    line, mail headers or an mbox ``From`` line), then at the file name's extension, and takes
    delimited text as CSV. Raises ``ParseError`` for binary files (images, PDFs, Excel
    workbooks, archives), other XML and HTML, and text that is none of these.
    """
    source = PurePath(filename).name if filename else ""
    head = data[:_HEAD]
    for magic, what, advice in _MAGIC:
        if head.startswith(magic):
            raise ParseError(f"this is {what}, not a statement or email; {advice}", source=source)
    text = _sniff_text(head, source)
    stripped = text.lstrip()
    extension = PurePath(filename).suffix.lower() if filename else ""

    if stripped.upper().startswith("OFXHEADER") or (
        stripped.startswith("<") and _OFX_XML.search(stripped[:4096])
    ):
        return "qfx" if extension == ".qfx" else "ofx"
    if stripped.startswith("<"):
        return _xml_or_html(stripped, source)
    if stripped.startswith(("{", "[")):
        raise ParseError("this is JSON, not a statement or email", source=source)
    if _QIF.match(stripped):
        return "qif"
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if _MBOX_FROM.match(first_line) and _looks_like_mail(text.split("\n", 1)[-1]):
        return "mbox"
    if _HEADER_LINE.match(first_line) and _looks_like_mail(text):
        return "eml"
    if extension in _EXTENSIONS:
        return _EXTENSIONS[extension]
    if _is_delimited(text):
        return "csv"
    raise ParseError(
        "not a format we read (CSV, OFX/QFX, CAMT.053, QIF, .eml or .mbox)", source=source
    )


def _sniff_text(head: bytes, source: str) -> str:
    """Decode the start of the file for sniffing; NUL bytes outside UTF-16 mean binary."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export is UTF-16 with a BOM; the reader decodes it properly.
        return head.decode("utf-16", errors="replace")
    head = head.removeprefix(codecs.BOM_UTF8)
    # Text exports never contain NUL or other C0 control bytes besides tab and line breaks;
    # binary data is full of them. Legacy 8-bit text (CP1250, CP1252) uses only bytes >= 0x80
    # for its accented letters, so it is not mistaken for binary.
    controls = sum(1 for b in head if b < 0x20 and b not in b"\t\r\n\f")
    if b"\x00" in head or controls > max(8, len(head) // 50):
        raise ParseError("this is a binary file, not a statement or email", source=source)
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError:
        return head.decode("latin-1")  # only for sniffing: every byte maps, markers are ASCII


def _xml_or_html(text: str, source: str) -> str:
    if _CAMT.search(text[:8192]):
        return "camt"
    lowered = text[:2048].lower()
    if "<html" in lowered or "<!doctype html" in lowered:
        raise ParseError(
            "this is a web page (HTML), not a statement; download the file itself", source=source
        )
    root = re.search(r"<([A-Za-z_][\w.:-]*)", re.sub(r"<[?!][^>]*>", "", text[:8192]))
    name = f" <{root.group(1)}>" if root else ""
    raise ParseError(
        f"this XML document{name} is neither OFX nor an ISO 20022 CAMT.053 statement",
        source=source,
    )


def _looks_like_mail(text: str) -> bool:
    """True when the header block (up to the first blank line) has at least two mail fields."""
    block = re.split(r"\r?\n\r?\n", text, maxsplit=1)[0]
    return len(_MAIL_HEADERS.findall(block)) >= 2


def _is_delimited(text: str) -> bool:
    """True when at least half of the first lines split into the same number (two or more)
    of fields with one delimiter.

    Bank exports often start with a few preamble lines (account name, period) before the
    header row, so the check asks for a majority of consistent lines, not the first line alone.
    """
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) < 2:
        return False  # a header without rows imports nothing; one line is more likely prose
    for delimiter in (";", ",", "\t", "|"):
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        best = max((counts.count(n) for n in set(counts) if n >= 2), default=0)
        if best >= 2 and best >= len(counts) // 2:
            return True
    return False
