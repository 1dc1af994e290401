"""Bytes to CSV rows: the encoding, the delimiter, and a stream that never holds the whole file.

The encoding is chosen by a fixed cascade rather than statistics, so the same file always reads the
same way: a byte-order mark, then strict UTF-8, then UTF-16 without a mark (NUL bytes), then the
Windows and ISO single-byte code pages, scored by whether the accented words they produce belong
to one European alphabet (``zaúčtování`` is Czech in CP1250; its CP1252 reading ``zaúètování``
belongs to no language).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import IO, Protocol

__all__ = [
    "DELIMITERS",
    "Source",
    "TextSample",
    "detect_encoding",
    "sniff_delimiter",
]

DELIMITERS = (";", "\t", "|", ",")
SAMPLE_LINES = 400
SAMPLE_BYTES = 1 << 20

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SINGLE_BYTE = ("cp1252", "cp1250", "iso8859_2", "latin_1")

# Letters (beyond ASCII) of the languages whose banks write single-byte files. A word whose accented
# letters all fit one of these is plausible; a decoding that produces many implausible words is
# the wrong code page.
_ALPHABETS = tuple(
    frozenset(a)
    for a in (
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "ąćęłńóśźż",  # Polish
        "áéíóöőúüű",  # Hungarian
        "čćđšž",  # Croatian, Slovene, Bosnian
        "ăâîșşțţ",  # Romanian
        "äöüß",  # German
        "àâæçéèêëîïôœùûüÿ",  # French
        "áéíñóúü",  # Spanish
        "àèéìòù",  # Italian
        "áàâãçéêíóôõú",  # Portuguese
        "æøåéó",  # Danish, Norwegian
        "åäöé",  # Swedish, Finnish
        "éèëïóöü",  # Dutch
        "äöõüšž",  # Estonian
        "āčēģīķļņšūž",  # Latvian
        "ąčęėįšųūž",  # Lithuanian
    )
)
_WORD = re.compile(r"[^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*")  # words with a non-ASCII letter
_C1 = re.compile("[\x80-\x9f]")
_ERRORS = "yourside.csvtext"


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    # A file sniffed as UTF-8 (or ASCII) may hold a stray CP1252 byte after the sample; read that
    # byte as CP1252 instead of failing the whole import on it.
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bytes(bad).decode("cp1252", errors="replace"), exc.end


codecs.register_error(_ERRORS, _fallback)


def _plausibility(text: str) -> int:
    # C1 controls are what an ISO code page makes of a Windows code page's letters.
    score = -5 * len(_C1.findall(text))
    for word in _WORD.findall(text):
        if len(word) > 1:
            accented = {c for c in word.lower() if c > "\x7f"}
            score += 1 if any(accented <= a for a in _ALPHABETS) else -1
    return score


def detect_encoding(sample: bytes, at_eof: bool = True) -> str:
    """Name the codec that reads ``sample`` (the start of a file) the most plausibly.

    Deterministic: BOM, then strict UTF-8, then UTF-16 by its NUL bytes, then the best-scoring of
    CP1252, CP1250, ISO-8859-2 and Latin-1 (ties go to that order).
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=at_eof)
    except UnicodeDecodeError:
        pass
    else:
        if not sample[:4096].count(0):
            return "utf-8"
    head = sample[:4096]
    if head.count(0) * 4 >= len(head):
        even, odd = head[0::2].count(0), head[1::2].count(0)
        return "utf-16-be" if even > odd else "utf-16-le"
    best, best_score = "latin_1", None
    for name in _SINGLE_BYTE:
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best_score is None or score > best_score:
            best, best_score = name, score
    return best


class _Reader(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


Source = bytes | bytearray | memoryview | IO[bytes] | _Reader | Iterable[bytes]


class _Chain(io.RawIOBase):
    """A raw stream that replays the sniffed head, then continues with the rest of the source."""

    def __init__(self, head: bytes, rest: Iterator[bytes]) -> None:
        self._buf = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buf:
            chunk = next(self._rest, None)
            if chunk is None:
                return 0
            self._buf = memoryview(chunk)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]  # a view: the head is not copied again for every read
        return n


def _chunks(source: Source) -> Iterator[bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        for i in range(0, len(data), 1 << 16):
            yield data[i : i + (1 << 16)]
        return
    read = getattr(source, "read", None)
    if read is not None:
        while chunk := read(1 << 16):
            yield chunk
        return
    yield from source  # type: ignore[misc]


class TextSample:
    """The decoded head of a file, and the whole file again as a text stream from its start."""

    def __init__(self, source: Source, encoding: str | None = None) -> None:
        self._chunks = _chunks(source)
        self._head = b""
        self.at_eof = False
        self._grow(SAMPLE_LINES)
        self.encoding = encoding or detect_encoding(self._head, self.at_eof)
        self._decode()

    def _grow(self, lines: int) -> None:
        parts = [self._head]
        size = len(self._head)
        newlines = self._head.count(b"\n") + self._head.count(b"\r")
        while newlines < lines and size < SAMPLE_BYTES * max(1, lines // SAMPLE_LINES):
            chunk = next(self._chunks, None)
            if chunk is None:
                self.at_eof = True
                break
            parts.append(chunk)
            size += len(chunk)
            newlines += chunk.count(b"\n") + chunk.count(b"\r")
        self._head = b"".join(parts)

    def _decode(self) -> None:
        decoder = codecs.getincrementaldecoder(self.encoding)(errors=_ERRORS)
        text = decoder.decode(self._head, final=self.at_eof)
        if text.startswith("\ufeff"):
            text = text[1:]
        if not self.at_eof:
            # Drop the last, possibly cut, line; the stream reads it again in full.
            cut = max(text.rfind("\n"), text.rfind("\r"))
            text = text[: cut + 1] if cut >= 0 else ""
        self.text = text

    @property
    def head(self) -> bytes:
        """The raw bytes sampled so far."""
        return self._head

    def extend(self, lines: int) -> None:
        """Read further into the file, until about ``lines`` lines are in the sample."""
        if not self.at_eof:
            self._grow(lines)
            self._decode()

    def lines(self) -> list[str]:
        """The sample's complete lines, split the way the CSV stream splits them."""
        return io.StringIO(self.text, newline="").readlines()

    def stream(self) -> IO[str]:
        """The whole file as text from its first byte; only the sample is buffered."""
        raw = _Chain(self._head, self._chunks)
        self._chunks = iter(())
        # A mark left in by an explicit "utf-8" would glue itself to the first header cell.
        encoding = "utf-8-sig" if self.encoding == "utf-8" else self.encoding
        return io.TextIOWrapper(
            io.BufferedReader(raw, 1 << 16), encoding=encoding, errors=_ERRORS, newline=""
        )


def _rows(lines: list[str], delimiter: str) -> list[list[str]]:
    return list(csv.reader(lines, delimiter=delimiter))


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most lines into the same number (at least two) of fields."""
    best, best_score = ",", (0, 0)
    for d in DELIMITERS:
        counts: dict[int, int] = {}
        for row in _rows(lines, d):
            if len(row) > 1:
                counts[len(row)] = counts.get(len(row), 0) + 1
        if not counts:
            continue
        width, rows = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        score = (rows, width)
        if score > best_score:
            best, best_score = d, score
    return best
