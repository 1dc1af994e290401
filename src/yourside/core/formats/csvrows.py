"""Turning CSV rows into statement lines, fast, once the layout is known.

Rows are converted in batches: each column is read for the whole batch with one comprehension and
looked up in caches (statements repeat their dates and amounts), and when every row of a batch is a
plain booked line, the lines are built by ``map``. Any row that is not plain (no date, an unreadable
amount, a summary, a wrapped description) is handled by :meth:`_Converter.row`, the one place
that knows all the rules; the fast path only ever skips work, never decides differently.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import compress, islice, repeat
from operator import is_, methodcaller
from typing import Protocol, TypeVar

from yourside.core.formats.csvcolumns import SUMMARY_LABELS, indicator_sign
from yourside.core.formats.csvlayout import Layout, NeedsMapping
from yourside.core.formats.dates import DateFormat
from yourside.core.formats.numbers import AmountError, NumberFormat
from yourside.core.records import ParseError, StatementLine

__all__ = ["ReadStats", "iter_lines"]

BATCH = 512
_CACHE_LIMIT = 50_000
_label = methodcaller("strip", " .:")
_ORDER_WORDS = {"ymd": "year-month-day", "dmy": "day-month-year", "mdy": "month-day-year"}


@dataclass
class ReadStats:
    """What happened to the rows so far: booked lines, skipped rows, merged rows, bad rows."""

    lines: int = 0
    skipped: int = 0
    summaries: int = 0
    merged: int = 0
    errors: int = 0


class CsvReader(Protocol):
    """What :func:`csv.reader` returns: rows, and how many physical lines were read."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


class _BadIndicator(ValueError):
    pass


def _line_breaks(row: list[str]) -> int:
    """How many line breaks a row's quoted fields hold (``\\r\\n`` counts once)."""
    return sum(f.count("\n") + f.count("\r") - f.count("\r\n") for f in row)


class _Converter:
    """The rules for one layout, with the caches that make them cheap."""

    def __init__(
        self,
        layout: Layout,
        source: str,
        on_error: Callable[[ParseError], None] | None,
        stats: ReadStats,
    ) -> None:
        self.layout, self.source, self.on_error, self.stats = layout, source, on_error, stats
        self.parse_date = DateFormat(layout.date_format).parse
        self.parse_number = NumberFormat(layout.decimal, layout.thousands).parse
        self.money = [i for i in (layout.amount, layout.debit, layout.credit) if i is not None]
        optional = (layout.payee, layout.currency, layout.balance, layout.reference)
        used = [layout.date, *self.money, *layout.description, *layout.kind]
        used += [i for i in (*optional, layout.indicator) if i is not None]
        self.width = max(used) + 1
        self.sign = -1 if layout.negate else 1
        self.dates: dict[str, date] = {}
        self.amounts: dict[str, Decimal | None] = {}
        self.currencies: dict[str, str | None] = {}
        self.flags: dict[str, int] = {}
        # A single signed column with no indicator: its cache holds final, signed amounts.
        self.simple = layout.amount if layout.indicator is None else None

    # -- single values ------------------------------------------------------------------------

    def day(self, raw: str) -> date | None:
        found = self.dates.get(raw)
        if found is None:
            found = self.parse_date(raw)
            if found is not None:
                if len(self.dates) > _CACHE_LIMIT:
                    self.dates.clear()
                self.dates[raw] = found
        return found

    def amount(self, row: list[str]) -> Decimal | None:
        """The signed amount of a row, ``None`` if it has none; raises on an unreadable one."""
        layout = self.layout
        if self.simple is not None:
            raw = row[self.simple]
            if raw in self.amounts:
                return self.amounts[raw]
        number = self.parse_number
        if layout.amount is not None:
            value = number(row[layout.amount])
        else:
            out = number(row[layout.debit]) if layout.debit is not None else None
            into = number(row[layout.credit]) if layout.credit is not None else None
            value = into if out is None else (into or 0) - abs(out)
        if value is not None:
            if self.sign < 0:
                value = -value
            if layout.indicator is not None:
                value = self._flagged(value, row[layout.indicator])
        if self.simple is not None:
            if len(self.amounts) > _CACHE_LIMIT:
                self.amounts.clear()
            self.amounts[row[self.simple]] = value
        return value

    def _flagged(self, value: Decimal, flag: str) -> Decimal:
        sign = self.flags.get(flag)
        if sign is None:
            if flag.strip():
                sign = indicator_sign(flag)
                if not sign:
                    raise _BadIndicator(flag)
            else:
                sign = self.layout.indicator_blank
            self.flags[flag] = sign
        if sign > 0:
            return abs(value)
        return -abs(value) if sign < 0 else value

    def text(self, row: list[str]) -> str:
        """The description: its columns joined, else the payee, else the booking type."""
        layout = self.layout
        text = " ".join([t for t in [row[i].strip() for i in layout.description] if t])
        if not text and layout.payee is not None:
            text = row[layout.payee].strip()
        if not text and layout.kind:
            text = " ".join([t for t in [row[i].strip() for i in layout.kind] if t])
        return text

    @staticmethod
    def is_summary(text: str) -> bool:
        """Whether a description is a statement total (``Opening balance``), not a booking."""
        return text.lower().strip(" .:") in SUMMARY_LABELS

    def currency(self, raw: str) -> str | None:
        code = self.currencies.get(raw)
        if code is None:
            code = raw.strip().upper() or self.layout.currency_code
            self.currencies[raw] = code
        return code

    def balance(self, raw: str) -> Decimal | None:
        try:
            return self.parse_number(raw)
        except AmountError:
            return None  # a balance is a courtesy; a bad one does not stop the line

    # -- rows ---------------------------------------------------------------------------------

    def fail(self, message: str, line: int, column: str) -> None:
        self.stats.errors += 1
        error = ParseError(message, source=self.source, line=line, field=column)
        if self.on_error is None:
            raise error
        self.on_error(error)

    def row(self, row: list[str], line: int, out: list[StatementLine]) -> None:
        """Apply every rule to one row: append a line to ``out``, merge into its last, or skip."""
        layout = self.layout
        day = self.day(row[layout.date])
        if day is None:
            self._undated(row, line, out)
            return
        try:
            amount = self.amount(row)
        except AmountError:
            bad = next(i for i in self.money if _unreadable(self.parse_number, row[i]))
            self.fail(f"cannot read {row[bad].strip()!r} as an amount", line, layout.role_of(bad))
            return
        except _BadIndicator as exc:
            flag = str(exc.args[0]).strip()
            where = layout.role_of(layout.indicator or 0)
            self.fail(f"cannot read {flag!r} as debit or credit", line, where)
            return
        if amount is None:
            self.stats.skipped += 1  # a dated row without an amount: a note, not a booking
            return
        text = self.text(row)
        if self.is_summary(text):
            self.stats.summaries += 1
            return
        c, r, p, b = layout.currency, layout.reference, layout.payee, layout.balance
        out.append(
            StatementLine(
                day,
                amount,
                text,
                self.currency(row[c]) if c is not None else layout.currency_code,
                line,
                (row[r].strip() or None) if r is not None else None,
                (row[p].strip() or None) if p is not None else None,
                self.balance(row[b]) if b is not None else None,
            )
        )

    def _undated(self, row: list[str], line: int, out: list[StatementLine]) -> None:
        raw = row[self.layout.date].strip()
        has_money = any(_readable(self.parse_number, row[i]) for i in self.money)
        if not raw:
            text = self.text(row)
            if has_money:
                self.fail("the line has an amount but no date", line, "date")
            elif text and out:
                # A wrapped description: the bank put the rest of the text on a line of its own.
                self.stats.merged += 1
                out[-1] = out[-1]._replace(description=f"{out[-1].description} {text}")
            elif any(c.strip() for c in row):
                self.stats.skipped += 1
            return
        if has_money and any(c.isdigit() for c in raw) and not any(c.isalpha() for c in raw):
            order = _ORDER_WORDS[self.layout.date_format]
            self.fail(f"cannot read {raw!r} as a date ({order})", line, "date")
        else:
            # "Pending", "Saldo per 31.12.2018", a footer: words where a date should be.
            self.stats.skipped += 1

    def batch(self, rows: list[list[str]], lines: Sequence[int], out: list[StatementLine]) -> None:
        """Convert a batch of rows onto ``out``, whose last line a row may continue."""
        layout = self.layout
        width = self.width
        if min(map(len, rows)) < width:
            pad = [""] * width
            rows = [r if len(r) >= width else r + pad[len(r) :] for r in rows]
        di = layout.date
        keys = [r[di] for r in rows]
        days = list(map(self.dates.get, keys))
        if not _fill(days, keys, self.day):
            return self._one_by_one(rows, lines, out)
        amounts: list[Decimal | None]
        try:
            if self.simple is not None:
                si = self.simple
                amounts = list(map(self.amounts.get, [r[si] for r in rows]))
                if not _fill(amounts, rows, self.amount):
                    return self._one_by_one(rows, lines, out)
            else:
                amounts = [self.amount(r) for r in rows]
                if not _fill(amounts, rows, _none):
                    return self._one_by_one(rows, lines, out)
        except (AmountError, _BadIndicator):
            return self._one_by_one(rows, lines, out)
        texts = self._texts(rows)
        if not SUMMARY_LABELS.isdisjoint(map(_label, map(str.lower, texts))):
            return self._one_by_one(rows, lines, out)
        c, r, p, b = layout.currency, layout.reference, layout.payee, layout.balance
        n = len(rows)
        currencies: Iterable[str | None]
        if c is not None:
            keys = [x[c] for x in rows]
            currencies = list(map(self.currencies.get, keys))
            _fill(currencies, keys, self.currency)
        else:
            currencies = repeat(layout.currency_code, n)
        out.extend(
            map(
                StatementLine,
                days,
                amounts,
                texts,
                currencies,
                lines,
                [x[r].strip() or None for x in rows] if r is not None else repeat(None, n),
                [x[p].strip() or None for x in rows] if p is not None else repeat(None, n),
                map(self.balance, [x[b] for x in rows]) if b is not None else repeat(None, n),
            )
        )
        return None

    def _texts(self, rows: list[list[str]]) -> list[str]:
        desc = self.layout.description
        if len(desc) == 1:
            d0 = desc[0]
            texts = [r[d0].strip() for r in rows]
        elif len(desc) == 2:
            d0, d1 = desc
            pairs = zip([r[d0].strip() for r in rows], [r[d1].strip() for r in rows], strict=True)
            texts = [f"{a} {b}" if a and b else a or b for a, b in pairs]
        else:
            return [self.text(r) for r in rows]
        if "" in texts:  # fall back to the payee or the booking type, row by row
            texts = [t or self.text(r) for t, r in zip(texts, rows, strict=True)]
        return texts

    def _one_by_one(
        self, rows: list[list[str]], lines: Sequence[int], out: list[StatementLine]
    ) -> None:
        for row, line in zip(rows, lines, strict=True):
            self.row(row, line, out)


_T = TypeVar("_T")
_K = TypeVar("_K")


def _none(_key: object) -> None:
    return None


def _fill(values: list[_T | None], keys: Sequence[_K], compute: Callable[[_K], _T | None]) -> bool:
    """Fill the cache misses (``None``) of ``values``; False if one stays ``None``."""
    # Found by identity in C: "None in values" would call Decimal.__eq__ on every element.
    misses = list(compress(range(len(values)), map(is_, values, repeat(None))))
    for i in misses:
        value = compute(keys[i])
        if value is None:
            return False
        values[i] = value
    return True


def _unreadable(parse: Callable[[str], Decimal | None], text: str) -> bool:
    try:
        parse(text)
    except AmountError:
        return True
    return False


def _readable(parse: Callable[[str], Decimal | None], text: str) -> bool:
    """Whether ``text`` is a filled, readable amount."""
    try:
        return parse(text) is not None
    except AmountError:
        return False


def _next_rows(reader: CsvReader, source: str) -> list[list[str]]:
    """The reader's next rows, up to a batch; a row the csv module cannot read (a field over
    its limit of 128 KiB) is a ParseError naming its line, not a crash."""
    try:
        return list(islice(reader, BATCH))
    except csv.Error as error:
        raise ParseError(
            f"cannot be read as CSV: {error}", source=source, line=reader.line_num
        ) from None


def iter_lines(
    layout: Layout,
    reader: CsvReader,
    *,
    source: str = "",
    on_error: Callable[[ParseError], None] | None = None,
    stats: ReadStats | None = None,
) -> Iterator[StatementLine]:
    """Statement lines from the rows of ``reader`` (a :func:`csv.reader`) read with ``layout``.

    Rows before ``layout.data_line`` are preamble. Each line is held back until the next booked
    row shows that no continuation row follows it.
    """
    stats = stats if stats is not None else ReadStats()
    convert = _Converter(layout, source, on_error, stats)
    previous = 0
    while previous + 1 < layout.data_line:
        if next(reader, None) is None:
            return
        previous = reader.line_num
    out: list[StatementLine] = []
    while rows := _next_rows(reader, source):
        first = previous + 1
        previous = reader.line_num
        lines: Sequence[int]
        if previous - first + 1 == len(rows):
            lines = range(first, previous + 1)
        else:  # a quoted field spans lines: count them row by row
            lines = []
            for row in rows:
                lines.append(first)
                first += 1 + _line_breaks(row)
        convert.batch(rows, lines, out)
        if len(out) > 1:
            last = out.pop()
            stats.lines += len(out)
            yield from out
            out = [last]
    stats.lines += len(out)
    yield from out
    if not stats.lines and stats.skipped:
        # Every row was passed over as a note or a footer: the layout found was not the file's
        # (dates it cannot read, amounts in another column). An empty import would say nothing.
        order = _ORDER_WORDS.get(layout.date_format, layout.date_format)
        money = layout.amount if layout.amount is not None else layout.debit
        where = f"dates in column {layout.date + 1} ({order})" + (
            f", amounts in column {money + 1}" if money is not None else ""
        )
        raise NeedsMapping(
            f"none of its {stats.skipped:,} rows reads as a booking with {where}: say how its"
            " columns are read",
            source=source,
            needed=("date", "date_format", "amount", "decimal"),
        )
