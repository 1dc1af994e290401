"""What they hold about me: a vendor's answer to an access request, read and compared.

Framework-free: bytes in, plain tables out (:func:`read_answer`); the tables and the customer's own
record in, findings out (:func:`compare`); findings in, the items of a rectification or erasure
letter out (:func:`rectification_items`, :func:`erasure_items`).

Reading, and why it is careful:

* Vendors answer with JSON, CSV (any delimiter, any European code page) or a ZIP of folders of
  them. Everything becomes :class:`Table` rows of strings, so the customer reads one shape.
* A ZIP is an upload from outside: each member's declared size is checked against
  :class:`Limits` *before* it is opened, reads are bounded again while unpacking (a member that
  lies about its size is refused), members with ``..`` or absolute paths, links and
  encrypted members are skipped with a note, and nested archives are not opened at all.
* JSON numbers are kept as the text the vendor wrote (``12.50`` stays ``12.50``), so a table
  shows exactly what they hold.

Comparing, and what each finding means, is described on :class:`FindingKind`.
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from itertools import islice, pairwise
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from yourside.core.formats.csvtext import detect_encoding, sniff_delimiter
from yourside.core.formats.dates import ORDERS, parse_date
from yourside.core.formats.detect import binary_kind
from yourside.core.formats.numbers import AmountError, parse_amount
from yourside.core.letters import DataItem
from yourside.core.records import ParseError

__all__ = [
    "Answer",
    "Finding",
    "FindingKind",
    "Limits",
    "OwnOrder",
    "OwnRecord",
    "Table",
    "compare",
    "erasure_items",
    "read_answer",
    "rectification_items",
]

_MIB = 1 << 20


# --- Plain data ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of an upload is read at most.

    ``member_bytes`` bounds one file (a plain upload or one ZIP member, uncompressed);
    ``total_bytes`` everything unpacked from one archive; ``members`` the entries an archive may
    list; ``cells`` all table cells of one answer; ``depth`` JSON nesting. A list of objects with
    more than ``columns`` distinct keys is shown in a long ``#/field/value`` form instead.
    """

    member_bytes: int = 16 * _MIB
    total_bytes: int = 64 * _MIB
    members: int = 2_000
    cells: int = 4_000_000
    columns: int = 200
    depth: int = 100


@dataclass(frozen=True, slots=True)
class Table:
    """One readable table of the answer; ``source`` names the file (``export.zip/a/b.json``).

    An object becomes a ``field``/``value`` table; a list becomes one row per element. A column
    ``"<table> #"`` in a table of nested lists gives the position of the parent element.
    """

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source: str


@dataclass(frozen=True, slots=True)
class Answer:
    """Everything read from one upload, with notes on what was skipped and why."""

    filename: str
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OwnOrder:
    """An order or payment the customer has with the vendor, from their own book."""

    date: date | None = None
    amount: Decimal | None = None
    reference: str = ""


@dataclass(frozen=True, slots=True)
class OwnRecord:
    """The customer's own record of the vendor, as plain data.

    ``identity`` maps a label (``name``, ``email``, ``phone``, ``address``, ``date_of_birth``,
    ``customer_number``, or any other) to a value or several; the first value of a label is the
    one a correction asks for. ``allowed_purposes`` are the purposes of the customer's terms
    (``None``: they set no terms, so no purpose counts as refused); ``allowed_channels`` likewise
    for marketing channels. ``withdrawn`` names consents they withdrew (a purpose such as
    ``marketing`` or a label such as ``newsletter``). ``gave`` names the sensitive kinds of data
    they did give the vendor (``location``, ``contacts``); any other found is unexpected.
    """

    identity: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    orders: Sequence[OwnOrder] = ()
    allowed_purposes: frozenset[str] | None = None
    allowed_channels: frozenset[str] | None = None
    withdrawn: frozenset[str] = frozenset()
    gave: frozenset[str] = frozenset()


class FindingKind(StrEnum):
    """What a finding says about the vendor's data.

    * ``differs``: a field names something the customer knows about themselves (email, phone,
      name, address, date of birth, customer number...) and holds another value: a correction.
    * ``unexpected``: data that should not be there: marketing, profiling or third-party sharing
      against the customer's terms or a withdrawn consent, or precise location or contacts that
      the customer never gave.
    * ``unknown``: an identity value with nothing of the customer's to match: an email address
      in some other field that is none of theirs, or a phone number when they recorded none.
    * ``missing``: an order of the customer's that their orders or transactions table lacks,
      evidence that the answer is incomplete.
    """

    DIFFERS = "differs"
    UNEXPECTED = "unexpected"
    UNKNOWN = "unknown"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the customer should see, with the cells it is about.

    ``row`` is an index into ``Table.rows`` and ``column`` one of ``Table.columns`` (``None`` when
    the finding is about a whole row, a whole column or the whole table); ``cells`` lists every
    ``(row, column)`` it covers, for highlighting. ``field`` is the vendor's own name for the
    place (``email``, ``address.city``) and ``topic`` what it is (``email``, ``marketing``).
    """

    kind: FindingKind
    table: str
    row: int | None
    column: str | None
    their_value: str
    our_value: str
    explanation: str
    topic: str = ""
    field: str = ""
    source: str = ""
    cells: tuple[tuple[int, str], ...] = ()


# --- Reading -------------------------------------------------------------------------------------

_JSON_EXT = frozenset({".json", ".jsonl", ".ndjson", ".geojson"})
_JSONL_EXT = frozenset({".jsonl", ".ndjson"})
_CSV_EXT = frozenset({".csv", ".tsv", ".tab"})
_ARCHIVE_EXT = frozenset({".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz"})
# Written by the archiver, not the vendor: skipped without a note.
_JUNK = frozenset({"__macosx", ".ds_store", "thumbs.db", "desktop.ini"})
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What the decompressors raise on a damaged member, besides zipfile's own errors and OSError (bz2);
# NotImplementedError and RuntimeError stand for unsupported methods and passwords.
_UNPACK_ERRORS = (zlib.error, lzma.LZMAError, NotImplementedError, RuntimeError, ValueError)


class _Budget:
    """Cells left for one answer, shared by the files of an archive."""

    def __init__(self, cells: int) -> None:
        self.left = cells

    def spend(self, cells: int, source: str) -> None:
        self.left -= cells
        if self.left < 0:
            raise ParseError("too large to show as tables", source=source)


def read_answer(data: bytes, filename: str, *, limits: Limits | None = None) -> Answer:
    """Read a vendor's answer (JSON, JSON lines, CSV, or a ZIP of them) into tables.

    Raises :class:`ParseError` with one line saying what and where: the file (inside the
    archive), and for JSON the line and column.
    """
    limits = limits or Limits()
    base = _display(re.split(r"[/\\]", filename)[-1]) or "upload"
    if not data:
        raise ParseError("the file is empty", source=base)
    budget = _Budget(limits.cells)
    if data[:4] in _ZIP_MAGIC or PurePosixPath(base).suffix.lower() == ".zip":
        tables, notes = _read_zip(data, base, limits, budget)
        return Answer(base, tuple(tables), tuple(notes))
    if len(data) > limits.member_bytes:
        raise ParseError(
            f"{_size(len(data))}, over the {_size(limits.member_bytes)} limit", source=base
        )
    if (what := binary_kind(data)) is not None:
        # Read as text it made a table of noise, and "nothing differs from your record".
        raise ParseError(
            f"this is {what}, not JSON or CSV: ask them for your data in a machine-readable"
            " format (JSON or CSV), as the right of access entitles you to",
            source=base,
        )
    return Answer(base, tuple(_read_file(data, base, base, limits, budget, sniff=True)))


def _display(name: str) -> str:
    # Member names come from the uploader; keep them on one line in notes and errors.
    return _CONTROL.sub("?", name).strip()


def _size(n: int) -> str:
    return f"{n / _MIB:.1f} MB"


def _read_file(
    data: bytes, source: str, name: str, limits: Limits, budget: _Budget, *, sniff: bool = False
) -> list[Table]:
    suffix = PurePosixPath(name).suffix.lower()
    stem = PurePosixPath(name).stem or name
    if suffix in _JSON_EXT:
        return _read_json(data, source, stem, limits, budget, lines=suffix in _JSONL_EXT)
    if suffix in _CSV_EXT or not sniff:
        return [_read_csv(data, source, stem, budget)]
    text = _decode_json(data).lstrip()
    if text[:1] in ("{", "["):
        return _read_json(data, source, stem, limits, budget, lines=False)
    return [_read_csv(data, source, stem, budget)]


def _read_zip(
    data: bytes, base: str, limits: Limits, budget: _Budget
) -> tuple[list[Table], list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise ParseError(f"not a readable ZIP archive ({error})", source=base) from None
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise ParseError(
            f"the archive lists {len(infos)} entries, over {limits.members}", source=base
        )
    notes: list[str] = []
    chosen: list[tuple[zipfile.ZipInfo, str]] = []  # with the name, \ read as /
    for info in infos:
        name = info.filename.replace("\\", "/")
        shown = _display(name)
        parts = PurePosixPath(name).parts
        if (
            info.is_dir()
            or not parts
            or any(p.lower() in _JUNK or p.startswith("._") for p in parts)
        ):
            continue
        suffix = PurePosixPath(name).suffix.lower()
        if name.startswith("/") or ".." in parts or re.match(r"[A-Za-z]:", name):
            notes.append(f"skipped {shown}: its path points outside the archive")
        elif stat.S_ISLNK(info.external_attr >> 16):
            notes.append(f"skipped {shown}: a link, not a file")
        elif info.flag_bits & 0x1:
            notes.append(f"skipped {shown}: encrypted")
        elif suffix in _ARCHIVE_EXT:
            notes.append(f"skipped {shown}: archives inside the archive are not opened")
        elif suffix not in _JSON_EXT | _CSV_EXT:
            notes.append(f"skipped {shown}: not a JSON or CSV file")
        elif info.file_size > limits.member_bytes:
            notes.append(
                f"skipped {shown}: {_size(info.file_size)} unpacked, over the "
                f"{_size(limits.member_bytes)} limit for one file"
            )
        else:
            chosen.append((info, name))
    total = sum(info.file_size for info, _ in chosen)
    if total > limits.total_bytes:
        raise ParseError(
            f"the archive unpacks to {_size(total)}, over the {_size(limits.total_bytes)} limit",
            source=base,
        )
    tables: list[Table] = []
    unpacked = 0
    for info, name in chosen:
        shown = _display(name)
        source = f"{base}/{shown}"
        allowed = min(limits.member_bytes, limits.total_bytes - unpacked)
        try:
            with archive.open(info) as member:
                # Bounded even though the declared size was checked: the header may lie.
                content = member.read(allowed + 1)
        except (*_UNPACK_ERRORS, zipfile.BadZipFile, OSError, EOFError) as error:
            raise ParseError(f"cannot be unpacked ({error})", source=source) from None
        if len(content) > allowed:
            raise ParseError("unpacks to more than the size limit", source=source)
        unpacked += len(content)
        if content.strip():
            tables.extend(_read_file(content, source, name, limits, budget))
        else:
            notes.append(f"skipped {shown}: empty")
    if not tables:
        why = f" ({notes[0]})" if notes else ""
        raise ParseError(f"the archive holds no JSON or CSV data{why}", source=base)
    return tables, notes


def _decode_json(data: bytes) -> str:
    try:
        text = data.decode(json.detect_encoding(data))
    except UnicodeDecodeError:
        # Some exports are written in a Windows code page; read them as a CSV would be.
        text = data.decode(detect_encoding(data[:_MIB]), errors="replace")
    return text.removeprefix("\ufeff")


def _loads(text: str) -> Any:
    # Numbers stay the vendor's text; NaN and Infinity (not JSON, but written) stay text too.
    return json.loads(text, parse_int=str, parse_float=str, parse_constant=str)


def _read_json(
    data: bytes, source: str, stem: str, limits: Limits, budget: _Budget, *, lines: bool
) -> list[Table]:
    text = _decode_json(data)
    try:
        value = _json_lines(text, source) if lines else _json_value(text, source)
    except RecursionError:
        raise ParseError(f"JSON nested deeper than {limits.depth} levels", source=source) from None
    flat = _Flattener(source, limits)
    flat.root(value, stem)
    return flat.tables(budget)


def _json_value(text: str, source: str) -> Any:
    try:
        return _loads(text)
    except json.JSONDecodeError as error:
        if error.msg != "Extra data":
            raise _json_error(error, source) from None
    # Values after the first: JSON lines in a file named .json.
    return _json_lines(text, source)


def _json_error(error: json.JSONDecodeError, source: str, line: int | None = None) -> ParseError:
    return ParseError(
        f"not valid JSON at column {error.colno}: {error.msg}",
        source=source,
        line=line or error.lineno,
    )


def _json_lines(text: str, source: str) -> list[Any]:
    """JSON lines (one value a line), the other way exports write JSON."""
    values = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                values.append(_loads(line))
            except json.JSONDecodeError as error:
                raise _json_error(error, source, number) from None
    return values


def _render(value: Any) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def _put(row: dict[str, str], key: str, value: str) -> None:
    # Keys may repeat after flattening ({"a.b": 1, "a": {"b": 2}}); keep both values.
    if key in row:
        n = 2
        while f"{key} ({n})" in row:
            n += 1
        key = f"{key} ({n})"
    row[key] = value


@dataclass(slots=True)
class _Build:
    name: str
    rows_kind: bool
    rows: list[dict[str, str]] = field(default_factory=list)


class _Flattener:
    """Turns one JSON value into tables named by their path."""

    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.builds: dict[str, _Build] = {}

    def table(self, name: str, rows_kind: bool) -> _Build:
        key, n = name, 1
        while (build := self.builds.get(key)) is not None and build.rows_kind != rows_kind:
            n += 1
            key = f"{name} ({n})"
        if build is None:
            build = self.builds[key] = _Build(key, rows_kind)
        return build

    def depth(self, depth: int) -> None:
        if depth > self.limits.depth:
            raise ParseError(
                f"JSON nested deeper than {self.limits.depth} levels", source=self.source
            )

    def root(self, value: Any, stem: str) -> None:
        if isinstance(value, dict):
            # The sections of an export ({"profile": {...}, "devices": [...]}) become tables.
            for key, item in value.items():
                if isinstance(item, dict):
                    self.object(item, key, "", 1)
                elif isinstance(item, list):
                    self.rows(item, key, None, 1)
                else:
                    self.table(stem, False).rows.append({"field": key, "value": _render(item)})
        elif isinstance(value, list):
            self.rows(value, stem, None, 1)
        else:
            self.table(stem, False).rows.append({"field": "value", "value": _render(value)})

    def object(self, obj: dict[str, Any], name: str, prefix: str, depth: int) -> None:
        self.depth(depth)
        for key, item in obj.items():
            path = prefix + key
            if isinstance(item, dict):
                self.object(item, name, path + ".", depth + 1)
            elif isinstance(item, list):
                self.rows(item, f"{name}.{path}", None, depth + 1)
            else:
                self.table(name, False).rows.append({"field": path, "value": _render(item)})

    def rows(self, items: list[Any], name: str, parent: tuple[str, str] | None, depth: int) -> None:
        self.depth(depth)
        build = self.table(name, True)
        for position, item in enumerate(items, start=1):
            row: dict[str, str] = {}
            if parent:
                row[parent[0]] = parent[1]
            if isinstance(item, dict):
                self.fill(row, item, name, "", position, depth + 1)
                build.rows.append(row)
            elif isinstance(item, list):
                self.rows(item, f"{name}[]", (f"{name} #", str(position)), depth + 1)
            else:
                _put(row, "value", _render(item))
                build.rows.append(row)

    def fill(
        self, row: dict[str, str], obj: dict[str, Any], name: str, prefix: str, pos: int, depth: int
    ) -> None:
        self.depth(depth)
        for key, item in obj.items():
            path = prefix + key
            if isinstance(item, dict):
                self.fill(row, item, name, path + ".", pos, depth + 1)
            elif isinstance(item, list):
                self.rows(item, f"{name}.{path}", (f"{name} #", str(pos)), depth + 1)
            else:
                _put(row, path, _render(item))

    def tables(self, budget: _Budget) -> list[Table]:
        out = []
        for build in self.builds.values():
            if not build.rows:
                continue
            if not build.rows_kind:
                columns: tuple[str, ...] = ("field", "value")
            else:
                columns = tuple(dict.fromkeys(key for row in build.rows for key in row))
            if not columns:
                continue
            if len(columns) > self.limits.columns:
                # Objects with ever new keys would make a mostly empty, very wide table.
                cells = tuple(
                    (str(i), key, value)
                    for i, row in enumerate(build.rows, start=1)
                    for key, value in row.items()
                )
                budget.spend(3 * len(cells), self.source)
                out.append(Table(build.name, ("#", "field", "value"), cells, self.source))
                continue
            budget.spend(len(columns) * len(build.rows), self.source)
            rows = tuple(tuple(row.get(c, "") for c in columns) for row in build.rows)
            out.append(Table(build.name, columns, rows, self.source))
        return out


def _read_csv(data: bytes, source: str, name: str, budget: _Budget) -> Table:
    text = data.decode(detect_encoding(data[:_MIB], len(data) <= _MIB), errors="replace")
    text = text.removeprefix("\ufeff")
    lines = list(islice(io.StringIO(text, newline=""), 200))
    hint = re.fullmatch(r"sep=(.)\r?\n?", lines[0]) if lines else None
    records: list[list[str]] = []
    cells = 0
    reader = None
    try:
        if hint:  # Excel's own way to name the delimiter
            delimiter, text = hint[1], text[len(lines[0]) :]
        else:
            delimiter = sniff_delimiter(lines)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for row in reader:
            if any(cell.strip() for cell in row):
                records.append(row)
                cells += len(row)
                if cells > budget.left:  # stop reading, rather than fill the memory first
                    budget.spend(cells, source)
    except csv.Error as error:
        raise ParseError(
            f"not readable as CSV: {error}", source=source, line=reader.line_num if reader else None
        ) from None
    if not records:
        raise ParseError("no rows", source=source)
    width = max(len(row) for row in records)
    columns: list[str] = []
    for i in range(width):
        header = records[0][i].strip() if i < len(records[0]) else ""
        header = header or f"column {i + 1}"
        n, unique = 1, header
        while unique in columns:
            n += 1
            unique = f"{header} ({n})"
        columns.append(unique)
    budget.spend(width * len(records), source)
    rows = tuple(tuple(row) + ("",) * (width - len(row)) for row in records[1:])
    return Table(name, tuple(columns), rows, source)


# --- Words ---------------------------------------------------------------------------------------

# German umlauts are written out (Müller, Mueller) before other accents are dropped (José, Jose).
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    """``"E-Mail-Adresse"`` → ``["e", "mail", "adresse"]``; ``"emailAddress"`` → two words."""
    return [w for w in _NON_WORD.split(_fold(_CAMEL.sub(" ", text))) if w]


def _keys(*names: str) -> frozenset[str]:
    """Words, adjacent pairs and the whole, joined: how a name is matched against vocabularies."""
    keys: set[str] = set()
    for name in names:
        words = _words(name)
        keys.update(words)
        keys.update(a + b for a, b in pairwise(words))
        keys.add("".join(words))
    keys.discard("")
    return frozenset(keys)


def _alnum(text: str) -> str:
    return "".join(_words(text))


# --- Identity fields -----------------------------------------------------------------------------

_KINDS: dict[str, tuple[str, ...]] = {
    "email": (
        "email", "emails", "emailaddress", "emailaddresses", "emailadresse", "mail",
        "mailaddress", "mailadresse", "courriel", "correo", "correoelectronico",
    ),
    "phone": (
        "phone", "phones", "phonenumber", "phonenumbers", "telephone", "telephonenumber", "tel",
        "telefon", "telefonnummer", "mobile", "mobilephone", "mobilenumber", "mobil",
        "mobilnummer", "mobiltelefon", "handy", "handynummer", "cell", "cellphone", "msisdn",
        "rufnummer", "mobilfunknummer", "mobilfunk",
    ),
    "date_of_birth": (
        "dateofbirth", "birthdate", "birthday", "dob", "geburtsdatum", "geburtstag", "birth",
    ),
    "name": (
        "fullname", "customername", "accountholder", "accountholdername", "holdername",
        "cardholder", "cardholdername", "nameoncard", "realname", "legalname", "membername",
        "subscribername", "kundenname", "vollername", "vollstaendigername", "vorundnachname",
    ),
    "first_name": ("firstname", "givenname", "forename", "vorname", "prenom"),
    "last_name": ("lastname", "surname", "familyname", "nachname", "familienname", "zuname"),
    "address": (
        "address", "addresses", "streetaddress", "street", "strasse", "strasseundhausnummer",
        "addressline", "addressline1", "addressline2", "address1", "address2", "line1", "line2",
        "anschrift", "adresse", "adressen", "postaladdress", "postanschrift", "wohnadresse",
        "city", "town", "ort", "stadt", "wohnort", "locality", "postcode", "postalcode", "zip",
        "zipcode", "plz", "postleitzahl", "housenumber", "hausnummer", "hausnr",
    ),
    "customer_number": (
        "customernumber", "customerno", "customernr", "kundennummer", "kundennr",
        "clientnumber", "membernumber", "membershipnumber", "mitgliedsnummer",
    ),
    "account_number": ("accountnumber", "kontonummer"),
    "contract_number": ("contractnumber", "vertragsnummer"),
    "username": ("username", "benutzername", "loginname", "screenname"),
}  # fmt: skip
_EXACT = {word: kind for kind, words in _KINDS.items() for word in words}
# German compounds end in the word that says what they are (Lieferadresse, Festnetztelefon);
# short words would match inside others (electricity), so only the long ones count.
_SUFFIXES = sorted((w for w in _EXACT if len(w) >= 6), key=len, reverse=True)
# Fields that are about an identity field rather than hold one, or hold somebody else's.
_NOT_IDENTITY = frozenset({
    "ip", "ipaddress", "ipadresse", "mac", "macaddress", "wallet", "url", "web", "website",
    "webadresse", "homepage", "server", "host", "hostname", "hash", "hashed", "friend", "friends",
    "referral", "referred", "referee", "invitee", "invited", "recipient", "agent", "staff",
    "employee", "sender", "merchant", "seller", "vendor", "support", "emergency", "beneficiary",
    "payee", "empfaenger", "absender", "mitarbeiter", "gift", "contacts", "referrals",
    "destination", "zielrufnummer", "callee", "called",
})  # fmt: skip
# A bare "name" is the customer's only in a table about them (not in devices, products, profiles).
_PERSON_CONTEXT = frozenset({
    "profile", "account", "customer", "user", "personal", "person", "kunde", "kunden",
    "kundendaten", "konto", "profil", "holder", "member", "owner", "subscriber", "identity", "me",
    "personaldata", "personaldetails", "stammdaten", "persoenlich", "persoenliche", "billing",
})  # fmt: skip
_PART_WORDS = frozenset(
    {"line", "number", "nr", "no", "code", "postal", "house", "name", "first", "last", "given"}
    | {"family", "full", "1", "2"}
    | set(_KINDS["address"] + _KINDS["name"] + _KINDS["first_name"] + _KINDS["last_name"])
)
_GROUPED = {"address": "address", "name": "name", "first_name": "name", "last_name": "name"}
_NOUNS = {
    "email": "email",
    "phone": "phone number",
    "name": "name",
    "address": "address",
    "date_of_birth": "date of birth",
    "customer_number": "customer number",
    "account_number": "account number",
    "contract_number": "contract number",
    "username": "user name",
}
_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")
_PHONE = re.compile(r"\+?[\d\s().\-/]{6,24}")
_MASKED = re.compile(r"[*•]|x{3,}|X{3,}")


def _kind_of_name(name: str) -> str | None:
    """Which identity field a field name names (``E-Mail-Adresse`` → ``email``), if any."""
    words = _words(name)
    if not words or _NOT_IDENTITY.intersection(words):
        return None
    joined = "".join(words)
    if joined in _EXACT:
        return _EXACT[joined]
    if words[-1] in _EXACT:  # billing_email, home phone, Liefer-PLZ
        return _EXACT[words[-1]]
    for suffix in _SUFFIXES:
        if joined.endswith(suffix):
            return _EXACT[suffix]
    return None


def _shape_ok(kind: str, value: str) -> bool:
    """Whether a value can be what its field claims: an email has an @, a phone digits."""
    v = value.strip()
    if not v or len(v) > 300 or _MASKED.search(v):
        return False  # empty, or masked by the vendor ("j***@example.org"): nothing to compare
    if kind == "email":
        return _EMAIL.fullmatch(v) is not None
    if kind == "phone":
        return _PHONE.fullmatch(v) is not None and sum(c.isdigit() for c in v) >= 6
    if kind == "date_of_birth":
        return bool(_dates(v))
    if kind in ("name", "first_name", "last_name"):
        return any(c.isalpha() for c in v) and not any(c.isdigit() or c == "@" for c in v)
    return "@" not in v and any(c.isalnum() for c in v)


def _phone_key(value: str) -> tuple[str, bool]:
    """Digits of a phone number, and whether they start with a country code (+49, 0049)."""
    # "+49 (0)170 ..." writes the trunk 0 that is dropped after a country code.
    digits = re.sub(r"\D", "", value.replace("(0)", ""))
    if value.strip().startswith("+"):
        return digits, True
    if digits.startswith("00"):
        return digits[2:], True
    return digits, False


def _same_phone(a: str, b: str) -> bool:
    (da, ia), (db, ib) = _phone_key(a), _phone_key(b)
    if ia == ib:
        return da == db
    intl, national = (da, db) if ia else (db, da)
    # 030 1234567 is +49 30 1234567: the trunk 0 stands for the country code.
    national = national.removeprefix("0")
    return len(national) >= 6 and intl.endswith(national)


def _dates(text: str) -> frozenset[date]:
    """Every day ``text`` can mean (03/04/1990 is two); empty when it is no date."""
    t = text.strip()
    if not t or len(t) > 40:
        return frozenset()
    return frozenset(d for order in ORDERS if (d := parse_date(t, order)) is not None)


_ADDRESS_ABBREVIATIONS = {"str": "strasse", "st": "street", "rd": "road", "ave": "avenue"}


def _address_words(text: str) -> frozenset[str]:
    words = set()
    for word in _words(text):
        word = _ADDRESS_ABBREVIATIONS.get(word, word)
        if word.endswith("str") and len(word) > 3:  # Hauptstr. is Hauptstraße
            word += "asse"
        words.add(word)
    return frozenset(words)


def _same(kind: str, theirs: str, ours: str) -> bool:
    if kind == "email":
        return theirs.strip().casefold() == ours.strip().casefold()
    if kind == "phone":
        return _same_phone(theirs, ours)
    if kind == "date_of_birth":
        mine = _dates(ours)
        return bool(mine & _dates(theirs)) if mine else _alnum(theirs) == _alnum(ours)
    # Numbers and names of accounts: case, spacing, punctuation and leading zeros do not count.
    return _alnum(theirs).lstrip("0") == _alnum(ours).lstrip("0")


@dataclass(slots=True)
class _Own:
    """The customer's identity, sorted by kind: what the vendor's values are compared with."""

    values: dict[str, list[str]] = field(default_factory=dict)
    generic: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, record: OwnRecord) -> _Own:
        own = cls()
        parts: list[str] = []
        firsts: list[str] = []
        lasts: list[str] = []
        for label, raw in record.identity.items():
            values = [raw] if isinstance(raw, str) else list(raw)
            values = [v.strip() for v in values if v and v.strip()]
            if not values:
                continue
            kind = _kind_of_name(label) or ("name" if _alnum(label) == "name" else None)
            if kind is None:
                own.generic[_alnum(label)] = (label, values)
            elif kind == "address" and _alnum(label) not in ("address", "anschrift", "adresse"):
                parts.extend(values)  # street, postcode, city given one by one
            elif kind == "first_name":
                firsts.extend(values)
            elif kind == "last_name":
                lasts.extend(values)
            else:
                own.values.setdefault(kind, []).extend(values)
        if parts:
            own.values.setdefault("address", []).append(", ".join(parts))
        if (firsts or lasts) and "name" not in own.values:
            own.values["name"] = [" ".join(firsts[:1] + lasts[:1])]
        return own


# --- Purposes and sensitive data -----------------------------------------------------------------


class _Concern(NamedTuple):
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    phrase: str


# Checked in this order: the most specific reason wins (interest segments under "marketing" are
# profiling first).
_CONCERNS: dict[str, _Concern] = {
    "contacts": _Concern(
        frozenset({
            "contacts", "addressbook", "phonebook", "adressbuch", "kontakte", "contactlist",
            "telefonbuch",
        }),
        ("addressbook", "adressbuch", "phonebook", "telefonbuch"),
        "your contacts",
    ),
    "location": _Concern(
        frozenset({
            "latitude", "longitude", "lat", "lon", "lng", "geolocation", "gps", "coordinates",
            "preciselocation", "locationhistory", "standort", "standortdaten", "breitengrad",
            "laengengrad",
        }),
        ("geoloc", "latitude", "longitude", "standort", "gps"),
        "your precise location",
    ),
    "profiling": _Concern(
        frozenset({
            "profiling", "segment", "segments", "segmentation", "interests", "audience",
            "audiences", "persona", "personas", "affinity", "affinities", "propensity",
            "lookalike", "churn", "inferred", "inference", "inferences", "interestsegments",
            "interestcategories", "profilbildung", "zielgruppe", "zielgruppen", "interessen",
        }),
        ("profiling", "segment", "affinit", "propensit", "lookalike", "zielgruppe", "inferred"),
        "profiling data",
    ),
    "sharing": _Concern(
        frozenset({
            "thirdparty", "thirdparties", "partner", "partners", "sharedwith", "datasharing",
            "recipients", "disclosures", "disclosedto", "soldto", "databroker", "databrokers",
            "drittanbieter", "dritte", "weitergabe", "datenweitergabe",
        }),
        ("thirdpart", "drittanbieter", "datenweitergabe", "databroker"),
        "data about sharing with third parties",
    ),
    "marketing": _Concern(
        frozenset({
            "marketing", "advertising", "advertisement", "advertisements", "advert", "adverts",
            "ad", "ads", "adid", "newsletter", "newsletters", "promotional", "campaign",
            "campaigns", "directmarketing", "direktwerbung", "werbung",
        }),
        ("marketing", "advertis", "newsletter", "werbe", "werbung", "campaign", "kampagne"),
        "marketing data",
    ),
}  # fmt: skip
_DATA_KINDS = frozenset({"contacts", "location"})
_PURPOSES = frozenset({"marketing", "profiling", "sharing"})
# A field that records a refusal is what the customer wants them to hold.
_REFUSAL_NAMES = frozenset({
    "unsubscribed", "unsubscribe", "optout", "optedout", "withdrawn", "revoked", "declined",
    "abgemeldet", "widerruf", "widerrufen", "abmeldung",
})  # fmt: skip
_REFUSAL_VALUES = frozenset({
    "", "false", "no", "n", "0", "off", "none", "null", "optedout", "optout", "unsubscribed",
    "withdrawn", "revoked", "declined", "denied", "disabled", "inactive", "notsubscribed",
    "nein", "aus", "abgemeldet", "widerrufen", "abgelehnt", "falsch",
})  # fmt: skip
_STATUS_COLUMNS = frozenset({
    "status", "state", "consent", "consented", "optin", "opted", "subscribed", "subscription",
    "enabled", "active", "granted", "given", "value", "choice", "preference", "allowed",
    "einwilligung", "zustimmung",
})  # fmt: skip
_CHANNELS: dict[str, frozenset[str]] = {
    "email": frozenset({"email", "emails", "mail", "newsletter", "emailmarketing"}),
    "sms": frozenset({"sms", "text", "texts", "textmessage"}),
    "phone": frozenset({"phone", "call", "calls", "telephone", "telefon", "telemarketing"}),
    "post": frozenset({"post", "postal", "letter", "letters", "brief", "directmail"}),
    "app": frozenset({"app", "push", "notification", "notifications", "inapp"}),
}
_ROWS_SHOWN = 20  # more flagged rows than this become one finding about the whole table


def _matches(keys: frozenset[str], concern: _Concern) -> bool:
    return bool(keys & concern.exact) or any(k.startswith(concern.prefixes) for k in keys)


def _phrase(topic: str) -> str:
    return _CONCERNS[topic].phrase if topic in _CONCERNS else f"data about {topic}"


def _refused(value: str) -> bool:
    return _alnum(value) in _REFUSAL_VALUES


@dataclass(frozen=True, slots=True)
class _Terms:
    allowed: frozenset[str] | None
    channels: frozenset[str] | None
    withdrawn: frozenset[str]
    withdrawn_labels: tuple[tuple[str, frozenset[str]], ...]
    gave: frozenset[str]

    @classmethod
    def of(cls, record: OwnRecord) -> _Terms:
        def norm(values: Iterable[str]) -> frozenset[str]:
            return frozenset(_alnum(v) for v in values)

        withdrawn = norm(record.withdrawn)
        labels = tuple(
            (label, frozenset(_words(label)))
            for label in sorted(record.withdrawn)
            if _alnum(label) not in _PURPOSES and _words(label)
        )
        allowed = None if record.allowed_purposes is None else norm(record.allowed_purposes)
        channels = None if record.allowed_channels is None else norm(record.allowed_channels)
        return cls(allowed, channels, withdrawn & _PURPOSES, labels, norm(record.gave))

    def about(self, keys: frozenset[str]) -> bool:
        """Whether data so named is about a purpose or kind of data the terms speak of."""
        return any(_matches(keys, c) for c in _CONCERNS.values()) or any(
            words <= keys for _, words in self.withdrawn_labels
        )

    def concern(self, keys: frozenset[str], values: Sequence[str] = ()) -> tuple[str, str] | None:
        """The topic and the reason why data so named should not be there, if it should not."""
        if keys & _REFUSAL_NAMES:
            return None
        for topic, concern in _CONCERNS.items():
            if not _matches(keys, concern):
                continue
            if topic in _DATA_KINDS:
                if topic not in self.gave:
                    return topic, f"You never gave them {concern.phrase}."
                continue
            if topic in self.withdrawn:
                return topic, f"You withdrew your consent to {topic}."
            if self.allowed is not None and topic not in self.allowed:
                return topic, f"Your terms do not allow {topic}."
            if topic == "marketing" and self.channels is not None:
                found = keys.union(*(_keys(v) for v in values if len(v) < 40))
                refused = [
                    c for c, words in _CHANNELS.items() if found & words and c not in self.channels
                ]
                if refused:
                    allowed = ", ".join(sorted(self.channels)) or "no channel"
                    return (
                        topic,
                        f"Your terms allow marketing by {allowed} only, not by {refused[0]}.",
                    )
        for label, words in self.withdrawn_labels:
            if words <= keys:
                return label, f"You withdrew your consent to {label}."
        return None


# --- Comparing -----------------------------------------------------------------------------------


class _Field(NamedTuple):
    """A named place in a table: a column, or one row of a field/value table."""

    name: str
    column: str
    entries: tuple[tuple[int, str], ...]  # (row, value)
    row: int | None  # the row of a field/value table; None for a column


def _is_fields(table: Table) -> bool:
    return "field" in table.columns and "value" in table.columns


def _fields(table: Table) -> list[_Field]:
    if _is_fields(table):
        f, v = table.columns.index("field"), table.columns.index("value")
        return [_Field(row[f], "value", ((i, row[v]),), i) for i, row in enumerate(table.rows)]
    return [
        _Field(column, column, tuple((i, row[c]) for i, row in enumerate(table.rows)), None)
        for c, column in enumerate(table.columns)
        if not _is_position(table, column)
    ]


def _is_position(table: Table, column: str) -> bool:
    """Whether ``column`` is the position of a parent row (``orders #`` in ``orders.items``).

    Those are the reader's, not the vendor's data; a vendor's own ``Phone #`` is compared.
    """
    parent = column[:-2]
    return column.endswith(" #") and table.name.startswith((parent + ".", parent + "[]"))


def _split_path(name: str) -> tuple[str, str]:
    prefix, _, last = name.rpartition(".")
    return prefix, last


def _short(text: str, size: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _summary(values: Sequence[str]) -> str:
    distinct = list(dict.fromkeys(v for v in values if v.strip()))
    shown = ", ".join(_short(v, 40) for v in distinct[:3])
    return shown + (f" and {len(distinct) - 3} more" if len(distinct) > 3 else "")


@dataclass(slots=True)
class _Member:
    kind: str
    field: _Field
    row: int
    value: str


_Anchor = tuple[int | None, str | None]


class _Check:
    """The findings of one table."""

    def __init__(self, table: Table, own: _Own, terms: _Terms) -> None:
        self.table = table
        self.own = own
        self.terms = terms
        self.findings: list[Finding] = []
        self.seen: dict[tuple[str, str, str], int] = {}  # (kind, topic, their value) -> index
        # The folders of an archive say what their files are about ("Werbung/Einwilligungen.json").
        folders = table.source.split("/")[1:-1]
        self.table_keys = _keys(*table.name.split("."))
        self.name_keys = self.table_keys | _keys(*folders)

    def add(
        self,
        kind: FindingKind,
        topic: str,
        fld: str,
        cells: Sequence[tuple[int, str]],
        theirs: str,
        ours: str,
        explanation: str,
        anchor: _Anchor | None = None,
    ) -> None:
        key = (kind.value, topic, _alnum(theirs) or theirs)
        if kind is not FindingKind.UNEXPECTED and key in self.seen:
            # The same wrong email in every row of an orders table is one finding.
            old = self.findings[self.seen[key]]
            extra = tuple(c for c in cells if c not in old.cells)
            self.findings[self.seen[key]] = replace(old, cells=old.cells + extra)
            return
        self.seen[key] = len(self.findings)
        row, column = anchor or (cells[0] if cells else (None, None))
        # One line, whatever the vendor's names and values hold: it is read in a list.
        explanation = " ".join(explanation.split())
        self.findings.append(
            Finding(
                kind,
                self.table.name,
                row,
                column,
                theirs,
                ours,
                explanation,
                topic=topic,
                field=fld,
                source=self.table.source,
                cells=tuple(cells),
            )
        )

    def run(self) -> list[Finding]:
        fields = _fields(self.table)
        if self.terms.about(self.name_keys):
            self.flag_table()
        else:
            for fld in fields:
                self.flag_field(fld)
        if _matches(self.name_keys, _CONCERNS["contacts"]) or _NOT_IDENTITY & self.table_keys:
            return self.findings  # other people's data: nothing in it is the customer's
        self.identity(fields)
        return self.findings

    # Unexpected data ---------------------------------------------------------------------------

    def flag_table(self) -> None:
        """A table about marketing, profiling, location...: each entry the terms do not allow."""
        t = self.table
        shown = [c for c in t.columns if not _is_position(t, c)]
        flagged: list[tuple[int, str, str, str, str]] = []  # row, field, entry, topic, reason
        if _is_fields(t):
            f, v = t.columns.index("field"), t.columns.index("value")
            for i, row in enumerate(t.rows):
                concern = self.terms.concern(self.name_keys | _keys(row[f]), [row[v]])
                if concern and not _refused(row[v]):
                    flagged.append((i, row[f], row[v], *concern))
        else:
            status = [
                i for i, c in enumerate(t.columns) if _keys(_split_path(c)[1]) & _STATUS_COLUMNS
            ]
            for i, row in enumerate(t.rows):
                if any(_refused(row[c]) for c in status):
                    continue  # a recorded opt-out is what the customer wants them to hold
                present = [(c, v) for c, v in zip(t.columns, row, strict=True) if c in shown and v]
                concern = self.terms.concern(self.name_keys, [v for _, v in present])
                if concern and present:
                    entry = "; ".join(f"{c}: {v}" for c, v in present)
                    one = present[0][1] if len(present) == 1 else entry
                    flagged.append((i, "", one, *concern))
        if len(flagged) > _ROWS_SHOWN:
            *_, topic, reason = flagged[0]
            cells = [(i, c) for i, *_ in flagged for c in shown]
            theirs = f"all {len(flagged)} entries"
            text = f"They hold {_phrase(topic)} in {t.name} ({theirs}). {reason}"
            self.add(FindingKind.UNEXPECTED, topic, "", cells, theirs, "", text, (None, None))
            return
        for i, name, entry, topic, reason in flagged:
            cells = [(i, "value")] if name else [(i, c) for c in shown]
            where = f"{t.name}.{name}" if name else t.name
            text = f"They hold {_phrase(topic)} in {where}: {_short(entry)}. {reason}"
            anchor = (i, "value" if name else None)
            theirs = _short(entry, 200)
            self.add(FindingKind.UNEXPECTED, topic, name, cells, theirs, "", text, anchor)

    def flag_field(self, fld: _Field) -> None:
        concern = self.terms.concern(self.name_keys | _keys(*fld.name.split(".")))
        if concern is None:
            return
        topic, reason = concern
        entries = [(i, v) for i, v in fld.entries if not _refused(v)]
        if not entries:
            return
        theirs = _summary([v for _, v in entries])
        cells = [(i, fld.column) for i, _ in entries]
        text = f"They hold {_phrase(topic)} in {self.table.name}.{fld.name}: {theirs}. {reason}"
        anchor: _Anchor | None = (None, fld.column) if len(entries) > 1 else None
        self.add(FindingKind.UNEXPECTED, topic, fld.name, cells, theirs, "", text, anchor)

    # Identity ----------------------------------------------------------------------------------

    def kind(self, fld: _Field, personal: set[str]) -> str | None:
        """The identity field ``fld`` holds, ``generic`` for one of the customer's own labels."""
        prefix, last = _split_path(fld.name)
        kind = _kind_of_name(last)
        if kind is None and _alnum(last) == "name":
            # The nearest object says whose name it is: profile.plan.name is no person's.
            context = _keys(*prefix.split(".")) if prefix else self.table_keys
            if context & _PERSON_CONTEXT or (prefix if fld.row is not None else "") in personal:
                kind = "name"
        if kind is None and (
            _alnum(last) in self.own.generic or _alnum(fld.name) in self.own.generic
        ):
            kind = "generic"
        return kind

    def identity(self, fields: list[_Field]) -> None:
        # Prefixes (or a whole list) that hold an email, a phone or a birthday are a person's.
        personal = {
            _split_path(f.name)[0] if f.row is not None else ""
            for f in fields
            if _kind_of_name(_split_path(f.name)[1]) in ("email", "phone", "date_of_birth")
        }
        groups: dict[tuple[int, str, str], dict[str, list[_Member]]] = {}
        for fld in fields:
            if _NOT_IDENTITY.intersection(_words(fld.name)):
                continue  # an agent's, a friend's or a machine's
            kind = self.kind(fld, personal)
            if kind is None or kind == "email":
                self.emails(fld, in_email_field=kind == "email")
                continue
            prefix, last = _split_path(fld.name)
            for row, value in fld.entries:
                if _EMAIL.fullmatch(value.strip()):
                    # A login or user name that is an email address is compared as one.
                    self.emails(_Field(fld.name, fld.column, ((row, value),), fld.row))
                elif kind == "generic":
                    if value.strip():
                        self.generic(fld, row, value)
                elif not _shape_ok(kind, value):
                    continue
                elif kind in _GROUPED:
                    # billing_street and shipping_street are two addresses in one row.
                    qualifier = "".join(w for w in _words(last) if w not in _PART_WORDS)
                    key = (-1 if fld.row is not None else row, prefix, _GROUPED[kind])
                    member = _Member(kind, fld, row, value)
                    groups.setdefault(key, {}).setdefault(qualifier, []).append(member)
                else:
                    self.single(kind, fld, row, value)
        for (_, prefix, family), by_qualifier in groups.items():
            if len(by_qualifier) == 2 and "" in by_qualifier:
                # Lieferadresse;PLZ;Ort: one qualified part and plain ones are one address.
                self.group(family, prefix, [m for ms in by_qualifier.values() for m in ms])
            else:
                for members in by_qualifier.values():
                    self.group(family, prefix, members)

    def single(self, kind: str, fld: _Field, row: int, value: str) -> None:
        ours = self.own.values.get(kind, [])
        noun = _NOUNS[kind]
        cells = [(row, fld.column)]
        if not ours:
            text = f"They hold the {noun} {value}; your record has no {noun} to compare it with."
            self.add(FindingKind.UNKNOWN, kind, fld.name, cells, value, "", text)
        elif not any(_same(kind, value, o) for o in ours):
            text = f"They hold the {noun} {value}; yours is {ours[0]}."
            self.add(FindingKind.DIFFERS, kind, fld.name, cells, value, ours[0], text)

    def generic(self, fld: _Field, row: int, value: str) -> None:
        generic = self.own.generic
        label, ours = generic.get(_alnum(_split_path(fld.name)[1])) or generic[_alnum(fld.name)]
        if not any(_same("generic", value, o) for o in ours):
            text = f"They hold the {label} {value}; yours is {ours[0]}."
            self.add(
                FindingKind.DIFFERS, label, fld.name, [(row, fld.column)], value, ours[0], text
            )

    def group(self, family: str, prefix: str, members: list[_Member]) -> None:
        members.sort(key=lambda m: (m.row, self.table.columns.index(m.field.column)))
        theirs = (", " if family == "address" else " ").join(m.value.strip() for m in members)
        cells = [(m.row, m.field.column) for m in members]
        fld = prefix or ", ".join(dict.fromkeys(m.field.name for m in members))
        ours = self.own.values.get(family, [])
        if not ours:
            text = (
                f"They hold the {family} {theirs}; your record has no {family} to compare it with."
            )
            self.add(FindingKind.UNKNOWN, family, fld, cells, theirs, "", text)
            return
        if family == "address":
            words = _address_words(theirs)
            best = max(ours, key=lambda o: len(words & _address_words(o)))
            same = words <= _address_words(best)
        else:
            best = ours[0]
            same = any(_name_fits(members, o) for o in ours)
        if not same:
            verb = "you know yourself as" if family == "name" else "yours is"
            text = f"They hold the {family} {theirs}; {verb} {best}."
            self.add(FindingKind.DIFFERS, family, fld, cells, theirs, best, text)

    def emails(self, fld: _Field, *, in_email_field: bool = False) -> None:
        """Email addresses: another value in an email field differs; anywhere else, unknown."""
        ours = self.own.values.get("email", [])
        mine = {o.casefold() for o in ours}
        for row, value in fld.entries:
            v = value.strip()
            if "@" not in v or not _shape_ok("email", v) or v.casefold() in mine:
                continue
            cells = [(row, fld.column)]
            if in_email_field and ours:
                text = f"They hold the email {v}; you know yourself as {ours[0]}."
                self.add(FindingKind.DIFFERS, "email", fld.name, cells, v, ours[0], text)
            elif ours:
                text = (
                    f"They hold the email {v} ({self.table.name}.{fld.name}); it is none of yours."
                )
                self.add(FindingKind.UNKNOWN, "email", fld.name, cells, v, "", text)
            else:
                text = f"They hold the email {v}; your record has no email to compare it with."
                self.add(FindingKind.UNKNOWN, "email", fld.name, cells, v, "", text)


def _name_fits(members: list[_Member], ours: str) -> bool:
    """Each part they hold is part of the customer's name; a full name may also be shorter."""
    mine = frozenset(_words(ours))
    for m in members:
        part = frozenset(_words(m.value))
        if not (part <= mine or (m.kind == "name" and mine <= part)):
            return False
    return True


# --- Orders --------------------------------------------------------------------------------------

_ORDER_TABLES = frozenset({
    "orders", "order", "orderhistory", "transactions", "transaction", "purchases", "purchase",
    "purchasehistory", "invoices", "invoice", "billinghistory", "charges", "payments",
    "paymenthistory", "bestellungen", "bestellung", "rechnungen", "transaktionen", "einkaeufe",
    "zahlungen", "buchungen", "kaeufe",
})  # fmt: skip


def _amounts(text: str) -> set[Decimal]:
    if not any(c.isdigit() for c in text) or len(text) > 40:
        return set()
    found = set()
    for decimal in (".", ","):
        try:
            found.add(abs(parse_amount(text, decimal).value))
        except (AmountError, ArithmeticError, ValueError):
            continue
    return found


class _OrderRow(NamedTuple):
    dates: frozenset[date]
    amounts: frozenset[Decimal]
    text: str


def _order_rows(table: Table) -> list[_OrderRow]:
    rows = []
    for row in table.rows:
        dates: set[date] = set()
        amounts: set[Decimal] = set()
        for cell in row:
            dates |= _dates(cell)
            amounts |= _amounts(cell)
        rows.append(
            _OrderRow(frozenset(dates), frozenset(amounts), " ".join(_alnum(c) for c in row))
        )
    return rows


def _has_order(rows: list[_OrderRow], order: OwnOrder) -> bool:
    ref = _alnum(order.reference)
    for row in rows:
        if len(ref) >= 4 and ref in row.text:
            return True
        date_ok = order.date is None or order.date in row.dates
        amount_ok = order.amount is None or abs(order.amount) in row.amounts
        if date_ok and amount_ok and (order.date or order.amount is not None):
            return True
    return False


def _missing(tables: Sequence[Table], orders: Sequence[OwnOrder]) -> list[Finding]:
    order_tables = [
        t for t in tables if t.rows and _keys(t.name.rpartition(".")[2]) & _ORDER_TABLES
    ]
    if not order_tables or not orders:
        return []
    rows = [r for t in order_tables for r in _order_rows(t)]
    first = order_tables[0]
    findings = []
    for order in orders:
        if not (order.reference.strip() or order.date or order.amount is not None):
            continue
        if _has_order(rows, order):
            continue
        parts = [order.reference.strip()] if order.reference.strip() else []
        if order.date:
            parts.append(f"of {order.date.isoformat()}")
        if order.amount is not None:
            parts.append(f"over {order.amount}")
        ours = " ".join(parts)
        text = " ".join(f"Your order {ours} is not in their {first.name} table.".split())
        findings.append(
            Finding(
                FindingKind.MISSING,
                first.name,
                None,
                None,
                "",
                ours,
                text,
                "order",
                "",
                first.source,
            )
        )
    return findings


def compare(answer: Answer, record: OwnRecord) -> list[Finding]:
    """What differs from the customer's record, should not be there, or is missing.

    Field names are matched in English and German, in any spelling (``email``, ``E-Mail-Adresse``,
    ``billingEmail``); values are compared after normalising: emails without case, phone numbers
    by their digits (``0049``, ``+49``, ``+49 (0)`` and a national ``0`` alike), dates by the day
    whatever the format, names and addresses by their words (``Heidestr.`` is ``Heidestraße``,
    ``Müller`` is ``Mueller``). Findings come table by table in the answer's order, missing
    orders last.
    """
    own, terms = _Own.of(record), _Terms.of(record)
    findings: list[Finding] = []
    for table in answer.tables:
        findings.extend(_Check(table, own, terms).run())
    findings.extend(_missing(answer.tables, record.orders))
    return findings


# --- Letters -------------------------------------------------------------------------------------


def _label(finding: Finding) -> str:
    # The vendor's own names for the place, so they find it without guessing.
    return f"{finding.table}.{finding.field}" if finding.field else finding.table


def rectification_items(findings: Iterable[Finding]) -> list[DataItem]:
    """The ``differs`` findings as rectification letter items: what they hold, what is right."""
    items = (
        DataItem(_label(f), f.their_value, f.our_value)
        for f in findings
        if f.kind is FindingKind.DIFFERS
    )
    return list(dict.fromkeys(items))


def erasure_items(findings: Iterable[Finding]) -> list[DataItem]:
    """The ``unexpected`` and ``unknown`` findings as items of an erasure letter.

    ``right`` stays empty: there is nothing to put in their place.
    """
    kinds = (FindingKind.UNEXPECTED, FindingKind.UNKNOWN)
    items = (DataItem(_label(f), f.their_value) for f in findings if f.kind in kinds)
    return list(dict.fromkeys(items))
