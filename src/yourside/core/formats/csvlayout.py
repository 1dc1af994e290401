"""Working out a statement's layout from a sample of its rows, or from a :class:`ColumnMap`.

The header is the first row that names a date and an amount column in one of the known languages;
without one, columns are told apart by what they hold (dates, amounts, debit/credit flags, ISO
currency codes, text). Where the content cannot settle a question (which of two amount columns is
money out; whether positive amounts are money in or out; whether ``10/02/2018`` is in February),
:class:`NeedsMapping` is raised instead of a guess.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields

from yourside.core.formats.csvcolumns import header_currency, indicator_sign, match_header
from yourside.core.formats.dates import (
    DateOrderUnknown,
    date_orders,
    order_from_pattern,
    sniff_date_order,
)
from yourside.core.formats.numbers import (
    CURRENCY_CODES,
    NumberFormat,
    looks_like_amount,
    sniff_number_format,
)
from yourside.core.records import ParseError

__all__ = ["ColumnMap", "Layout", "NeedsMapping", "detect_layout"]

_HEADER_SEARCH = 60  # how many preamble rows a header may follow

_DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|", "\\t": "\t"}
_DECIMAL_NAMES = {"comma": ",", ",": ",", "point": ".", "dot": ".", ".": "."}
_TRUE = frozenset({"1", "yes", "true", "y", "on"})
_FALSE = frozenset({"0", "no", "false", "n", "off"})
_KEY_ALIASES = {
    "money_out": "debit",
    "out": "debit",
    "money_in": "credit",
    "in": "credit",
    "sign": "indicator",
    "memo": "description",
    "text": "description",
    "name": "payee",
    "counterparty": "payee",
    "id": "reference",
    "header": "header_line",
    "format": "date_format",
}
_COLUMN_KEYS = frozenset(
    {"date", "amount", "debit", "credit", "indicator", "payee", "currency", "balance", "reference"}
)


class NeedsMapping(ParseError):
    """The file does not say enough to be read; a :class:`ColumnMap` must fill in ``needed``.

    ``needed`` names the :class:`ColumnMap` fields to give; ``candidates`` maps a field to the
    0-based columns that could be it; ``columns`` describes every column for a person (number
    from 1, header, an example value); ``detected`` is what was found so far.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str = "",
        needed: Sequence[str] = (),
        candidates: Mapping[str, Sequence[int]] | None = None,
        columns: Sequence[str] = (),
        detected: Mapping[str, object] | None = None,
    ) -> None:
        self.needed = tuple(needed)
        self.candidates = {k: tuple(v) for k, v in (candidates or {}).items()}
        self.columns = tuple(columns)
        self.detected = dict(detected or {})
        super().__init__(message, source=source)


def _column_number(value: str, key: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{key}: expected a column number counted from 1, got {value!r}")
    return int(value) - 1


def _flag(value: str, key: str) -> bool:
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError(f"{key}: expected yes or no, got {value!r}")


@dataclass(frozen=True)
class ColumnMap:
    """An explicit layout, or the parts of one; every field left ``None`` is detected.

    Columns are 0-based. ``description`` may name several columns (joined with a space).
    ``date_format`` is a strptime pattern (``"%d/%m/%Y"``) or an order (``"dmy"``); ``decimal`` is
    ``"."`` or ``","``; ``negate`` flips every sign (for files where money out is positive);
    ``header_line`` is the 1-based line of the header, 0 for none; ``currency_code`` is the
    currency when the file names none.
    """

    date: int | None = None
    amount: int | None = None
    debit: int | None = None
    credit: int | None = None
    indicator: int | None = None
    description: tuple[int, ...] | None = None
    payee: int | None = None
    currency: int | None = None
    balance: int | None = None
    reference: int | None = None
    date_format: str | None = None
    decimal: str | None = None
    negate: bool | None = None
    header_line: int | None = None
    delimiter: str | None = None
    encoding: str | None = None
    currency_code: str | None = None

    @classmethod
    def parse(cls, text: str) -> ColumnMap:
        """Build a map from the command-line form ``"date=1,amount=4,description=2+3"``.

        Columns are counted from 1 here, as people count them. Keys: ``date``, ``amount``,
        ``debit`` (or ``out``), ``credit`` (``in``), ``indicator``, ``description`` (``2+3``
        joins columns), ``payee``, ``balance``, ``reference``, ``currency`` (a column, or a code
        such as ``EUR``), ``date_format`` (``%d/%m/%Y`` or ``dmy``), ``decimal`` (``comma`` or
        ``point``), ``negate`` (yes/no), ``header`` (line number, 0 for none), ``delimiter``
        (``comma``, ``semicolon``, ``tab``, ``pipe``), ``encoding``.
        Raises ``ValueError`` naming the part it cannot read.
        """
        values: dict[str, object] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, sep, value = (s.strip() for s in part.partition("="))
            key = key.lower().replace("-", "_")
            key = _KEY_ALIASES.get(key, key)
            if not sep or not value:
                raise ValueError(f"{part!r}: expected key=value")
            if key == "currency" and not value.isdigit():
                if value.upper() not in CURRENCY_CODES:
                    raise ValueError(f"currency: {value!r} is neither a column nor a currency code")
                values["currency_code"] = value.upper()
            elif key in _COLUMN_KEYS:
                values[key] = _column_number(value, key)
            elif key == "description":
                values[key] = tuple(_column_number(v.strip(), key) for v in value.split("+"))
            elif key == "date_format":
                order_from_pattern(value)
                values[key] = value
            elif key == "decimal":
                if value.lower() not in _DECIMAL_NAMES:
                    raise ValueError(f"decimal: expected comma or point, got {value!r}")
                values[key] = _DECIMAL_NAMES[value.lower()]
            elif key == "negate":
                values[key] = _flag(value, key)
            elif key == "header_line":
                if not value.isdigit():
                    raise ValueError(f"header: expected a line number (0 for none), got {value!r}")
                values[key] = int(value)
            elif key == "delimiter":
                values[key] = _DELIMITER_NAMES.get(value.lower(), value)
                if len(values[key]) != 1:  # type: ignore[arg-type]
                    raise ValueError(
                        f"delimiter: expected one character or comma, semicolon, tab or pipe,"
                        f" got {value!r}"
                    )
            elif key == "encoding":
                try:
                    values[key] = codecs.lookup(value).name
                except LookupError:
                    raise ValueError(f"encoding: {value!r} is no encoding Python knows") from None
            elif key == "currency_code":
                values[key] = value
            else:
                raise ValueError(f"unknown key {key!r}")
        return cls.from_dict(values)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ColumnMap:
        """Rebuild a map from :meth:`as_dict` or from a statement's ``detected`` dict."""
        names = {f.name for f in fields(cls)}
        values: dict[str, object] = {k: v for k, v in data.items() if k in names and v is not None}
        if isinstance(values.get("description"), list | tuple):
            values["description"] = tuple(values["description"])  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        """The fields that are set, JSON-ready."""
        return _plain(asdict(self))


def _plain(values: Mapping[str, object]) -> dict[str, object]:
    return {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in values.items()
        if v is not None and v != ()
    }


@dataclass(frozen=True)
class Layout:
    """Everything needed to read the rows: what :func:`detect_layout` found or was told.

    Columns are 0-based; ``header_line`` and ``data_line`` are 1-based physical lines
    (``header_line`` 0: no header). ``indicator_blank`` is the sign of a row whose indicator is
    empty (-1 when only credits are flagged, as ``CR`` on card statements; 0: keep the sign).
    ``kind`` columns (booking type) are the description of last resort.
    """

    encoding: str
    delimiter: str
    header_line: int
    data_line: int
    header: tuple[str, ...]
    date: int
    date_format: str
    decimal: str
    thousands: str
    amount: int | None = None
    debit: int | None = None
    credit: int | None = None
    indicator: int | None = None
    indicator_blank: int = 0
    description: tuple[int, ...] = ()
    kind: tuple[int, ...] = ()
    payee: int | None = None
    currency: int | None = None
    balance: int | None = None
    reference: int | None = None
    negate: bool = False
    currency_code: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The layout, JSON-ready; :meth:`ColumnMap.from_dict` reads it back."""
        return _plain(asdict(self))

    def role_of(self, column: int) -> str:
        """How an error names a column: its role, with the header when that says more."""
        for role in ("amount", "debit", "credit", "indicator", "date", "balance"):
            if getattr(self, role) == column:
                break
        else:
            role = f"column {column + 1}"
        name = self.header[column].strip() if column < len(self.header) else ""
        return f"{role} ({name})" if name and name.lower() != role else role


@dataclass
class _Column:
    """What one column holds in the sample's data rows."""

    values: list[str]
    nonempty: list[str]
    dates: int
    amounts: int
    negatives: int
    codes: int
    indicators: int
    mean_length: float

    @classmethod
    def of(cls, values: list[str]) -> _Column:
        nonempty = [v for v in values if v]
        amounts = [v for v in nonempty if looks_like_amount(v)]
        return cls(
            values=values,
            nonempty=nonempty,
            dates=sum(1 for v in nonempty if date_orders(v)),
            amounts=len(amounts),
            negatives=sum(1 for v in amounts if any(c in v for c in "-(\u2212")),
            codes=sum(1 for v in nonempty if len(v) == 3 and v.upper() in CURRENCY_CODES),
            indicators=sum(1 for v in nonempty if len(v) <= 8 and indicator_sign(v)),
            mean_length=sum(map(len, values)) / max(1, len(values)),
        )

    @property
    def filled(self) -> int:
        return len(self.nonempty)

    @property
    def example(self) -> str:
        return self.nonempty[0] if self.nonempty else ""

    def mostly(self, count: int) -> bool:
        """At least nine in ten of the filled cells."""
        return self.filled > 0 and count * 10 >= self.filled * 9


def _is_data(row: list[str]) -> bool:
    cells = [c.strip() for c in row]
    return any(date_orders(c) for c in cells) and any(looks_like_amount(c) for c in cells)


class _Detector:
    """Decides a :class:`Layout` from sample rows; each ``_find_*`` settles one question."""

    def __init__(
        self,
        rows: list[list[str]],
        lines: list[int],
        *,
        encoding: str,
        delimiter: str,
        mapping: ColumnMap,
        source: str,
    ) -> None:
        self.rows, self.lines = rows, lines
        self.encoding, self.delimiter = encoding, delimiter
        self.map, self.source = mapping, source
        hi = self._find_header()
        self.header: list[str] = rows[hi] if hi is not None else []
        self.header_line = lines[hi] if hi is not None else 0
        start = hi + 1 if hi is not None else 0
        self.data = [r for r in rows[start:] if len(r) > 1 and any(date_orders(c) for c in r)]
        if hi is None:
            if not self.data:
                raise ParseError("no transactions found: no line has a date", source=source)
            start = next(i for i, r in enumerate(rows) if r is self.data[0])
        self.data_line = lines[start] if start < len(lines) else self.header_line + 1
        width = max([len(self.header), *map(len, self.data)])
        self.width = width
        self._check_columns(mapping, width)
        self.cols = [
            _Column.of([r[i].strip() if i < len(r) else "" for r in self.data])
            for i in range(width)
        ]
        self.named = match_header(self.header) if self.header else {}
        self.used: set[int] = set()

    def _check_columns(self, mapping: ColumnMap, width: int) -> None:
        """Refuse a mapping that names a column the file does not have."""
        for name in sorted(_COLUMN_KEYS):
            column = getattr(mapping, name)
            if column is not None and column >= width:
                raise self._too_far(name, column, width)
        for column in mapping.description or ():
            if column >= width:
                raise self._too_far("description", column, width)

    def _too_far(self, name: str, column: int, width: int) -> ParseError:
        return ParseError(
            f"{name}={column + 1}: the file has {width} column{'s' if width != 1 else ''}",
            source=self.source,
            line=self.header_line or self.data_line,
        )

    # -- messages ---------------------------------------------------------------------------

    def _describe(self, i: int) -> str:
        name = self.header[i].strip() if i < len(self.header) else ""
        return (
            f"column {i + 1}" + (f" {name!r}" if name else "") + f" (e.g. {self.cols[i].example!r})"
        )

    def _needs(
        self, message: str, needed: Sequence[str], candidates: Sequence[int]
    ) -> NeedsMapping:
        listed = ", ".join(self._describe(i) for i in candidates)
        return NeedsMapping(
            message + (f"; candidates: {listed}" if listed else ""),
            source=self.source,
            needed=needed,
            candidates=dict.fromkeys(needed, candidates),
            columns=[self._describe(i) for i in range(self.width)],
            detected={
                "encoding": self.encoding,
                "delimiter": self.delimiter,
                "header_line": self.header_line,
            },
        )

    # -- the questions, in order --------------------------------------------------------------

    def _find_header(self) -> int | None:
        wanted = self.map.header_line
        if wanted is not None:
            if wanted == 0:
                return None
            if wanted in self.lines:
                return self.lines.index(wanted)
            raise ParseError(f"there is no line {wanted} for the header", source=self.source)
        first_data = None
        for i, row in enumerate(self.rows[:_HEADER_SEARCH]):
            roles = match_header(row)
            if "date" in roles and roles.keys() & {"amount", "debit", "credit"}:
                return i
            if first_data is None and len(row) > 1 and _is_data(row):
                first_data = i
        # A header in another language: the text row right above the first data row.
        for i in range(first_data - 1 if first_data else -1, -1, -1):
            cells = [c.strip() for c in self.rows[i] if c.strip()]
            if cells:
                plain = not any(date_orders(c) or looks_like_amount(c) for c in cells)
                return i if len(cells) > 1 and plain else None
        return None

    def _valid(self, role: str, i: int) -> bool:
        if i >= self.width:
            return False
        c = self.cols[i]
        if not self.data:
            return True  # a header and no rows yet: trust the header
        if role == "date":
            return c.filled > 0 and c.dates * 2 >= c.filled
        if role in ("amount", "debit", "credit", "balance"):
            # Named by the header: a bad cell or two must not unname it, they get reported.
            return c.amounts * 2 >= c.filled
        if role == "indicator":
            return c.mostly(c.indicators)
        if role == "currency":
            return c.filled == 0 or c.mostly(c.codes)
        if role == "reference":  # an id that repeats would merge different lines downstream
            return c.filled > 0 and len(set(c.nonempty)) == c.filled
        return True

    def _pick(self, role: str) -> int | None:
        given: int | None = getattr(self.map, role)
        if given is not None:
            return given
        return next((i for i in self.named.get(role, []) if self._valid(role, i)), None)

    def _unused(self, test: str) -> list[int]:
        """Columns no role has taken whose filled cells are mostly ``test`` (a _Column count)."""
        return [
            i
            for i in range(self.width)
            if i not in self.used and self.cols[i].mostly(getattr(self.cols[i], test))
        ]

    def _find_date(self) -> int:
        date = self._pick("date")
        if date is None:
            rows = len(self.data)
            dated = [i for i in self._unused("dates") if self.cols[i].dates * 10 >= rows * 9]
            if not dated:
                raise self._needs("cannot tell which column holds the date", ["date"], [])
            date = dated[0]  # the booking date comes first where there are two
        self.used.add(date)
        # Value dates and other date columns are not amounts, whatever their digits look like.
        self.used.update(i for i in range(self.width) if self.cols[i].mostly(self.cols[i].dates))
        self.used.update(self.named.get("value_date", []))
        return date

    def _find_money(self) -> tuple[int | None, int | None, int | None, bool | None, bool]:
        """(amount, debit, credit, negate, whether the sign is settled)."""
        m = self.map
        amount, debit, credit = self._pick("amount"), self._pick("debit"), self._pick("credit")
        negate = m.negate
        if amount is not None and m.debit is None and m.credit is None:
            debit = credit = None  # a signed amount says everything the pair would
        given = amount is not None or debit is not None or credit is not None
        # A header naming the column vouches for its sign ("Amount" is signed); a mapping that
        # only points at a column does not, and neither does content.
        named = amount is not None and amount in self.named.get("amount", [])
        settled = named or debit is not None or credit is not None
        if not given:
            money = [
                i
                for i in self._unused("amounts")
                if any(not v.isdigit() for v in self.cols[i].nonempty)
            ]
            if len(money) == 1:
                amount = money[0]
            elif len(money) == 2 and self._exclusive(*money):
                raise self._needs(
                    "cannot tell which column is money in and which is money out;"
                    " give debit= and credit=",
                    ["debit", "credit"],
                    money,
                )
            else:
                raise self._needs(
                    "cannot tell which column holds the amount; give amount= or debit= and credit=",
                    ["amount"],
                    money,
                )
        elif amount is None and (debit is None) != (credit is None):
            # One of the pair alone is a signed column: "Inflow" holding -33,87 is money out.
            amount = debit if debit is not None else credit
            if negate is None:
                negate = debit is not None
            debit = credit = None
        self.used.update(i for i in (amount, debit, credit) if i is not None)
        return amount, debit, credit, negate, settled

    def _exclusive(self, a: int, b: int) -> bool:
        pairs = zip(self.cols[a].values, self.cols[b].values, strict=True)
        return all(bool(x) != bool(y) for x, y in pairs)

    def _find_indicator(self) -> tuple[int | None, int]:
        indicator = self._pick("indicator")
        if indicator is None and self.map.indicator is None:
            # A "Transaction type" column holding DEBIT/CREDIT is an indicator too.
            kinds = [i for i in self.named.get("kind", []) if self._valid("indicator", i)]
            flags = self._unused("indicators") + kinds
            indicator = flags[0] if flags else None
        if indicator is None:
            return None, 0
        self.used.add(indicator)
        col = self.cols[indicator]
        signs = {indicator_sign(v) for v in col.nonempty} - {0}
        if len(signs) == 1 and col.filled < len(self.data):
            return indicator, -signs.pop()  # only credits marked ("CR"): the rest are debits
        return indicator, 0

    def _find_currency(self) -> int | None:
        currency = self._pick("currency")
        if currency is None and self.map.currency_code is None:
            codes = self._unused("codes")
            currency = codes[0] if codes else None
        if currency is not None:
            self.used.add(currency)
        return currency

    def _find_texts(self, payee: int | None) -> tuple[int, ...]:
        if self.map.description is not None:
            return self.map.description
        named = tuple(sorted(i for i in self.named.get("description", []) if i < self.width))
        if named or payee is not None:
            return named
        texts = [
            i
            for i in range(self.width)
            if i not in self.used
            and self.cols[i].filled
            and not self.cols[i].mostly(self.cols[i].amounts)
        ]
        if not texts:
            return ()
        return (max(texts, key=lambda i: (self.cols[i].mean_length, -i)),)

    def _find_date_order(self, date: int) -> str:
        if self.map.date_format:
            return order_from_pattern(self.map.date_format)
        values = self.cols[date].nonempty
        if not values:
            return "ymd"
        # Another date column (a value date) may settle what the booking date leaves open.
        others = [
            i for i in range(self.width) if i != date and self.cols[i].mostly(self.cols[i].dates)
        ]
        readable = _orders_reading(values)
        for i in (date, *others):
            try:
                order = sniff_date_order(self.cols[i].nonempty)
            except DateOrderUnknown:
                continue
            if order in readable:
                return order
        raise self._needs(
            f"cannot tell whether dates such as {values[0]!r} are day/month or month/day;"
            " give date_format= (e.g. %d/%m/%Y or %m/%d/%Y)",
            ["date_format"],
            [date],
        )

    def _find_currency_code(
        self, currency: int | None, money: Sequence[int], number: NumberFormat
    ) -> str | None:
        if self.map.currency_code:
            return self.map.currency_code
        for i in money:
            if i < len(self.header) and (code := header_currency(self.header[i])):
                return code
        if currency is not None and self.cols[currency].nonempty:
            return self.cols[currency].nonempty[0].upper()
        for i in money:
            found = {c for v in self.cols[i].nonempty[:50] if (c := number.currency_of(v))}
            if len(found) == 1:
                return found.pop()
        return None

    def detect(self) -> Layout:
        """Answer every question in turn; raises :class:`NeedsMapping` at the first open one."""
        date = self._find_date()
        self.used.update(self.named.get("kind", []))
        payee, reference = self._pick("payee"), self._pick("reference")
        balance = self._pick("balance")
        self.used.update(i for i in (payee, reference, balance) if i is not None)
        self.used.update(self.named.get("description", []))
        amount, debit, credit, negate, settled = self._find_money()
        indicator, blank = self._find_indicator()
        currency = self._find_currency()
        description = self._find_texts(payee)
        if negate is None:
            negate = False
            open_sign = indicator is None and not settled and bool(self.data)
            if amount is not None and open_sign and self.cols[amount].negatives == 0:
                raise self._needs(
                    "cannot tell the sign: no header names the amount and no amount is negative;"
                    " give negate=yes if the amounts are money out, negate=no if money in",
                    ["negate"],
                    [amount],
                )
        money = [i for i in (amount, debit, credit) if i is not None]
        if self.map.decimal:
            number = NumberFormat(self.map.decimal)
        else:
            values = [v for i in (*money, balance) if i is not None for v in self.cols[i].nonempty]
            # Files separated by ";" are mostly the ones whose decimal separator is ",".
            number = sniff_number_format(values, default="." if self.delimiter == "," else ",")
        return Layout(
            encoding=self.encoding,
            delimiter=self.delimiter,
            header_line=self.header_line,
            data_line=self.data_line,
            header=tuple(self.header),
            date=date,
            date_format=self._find_date_order(date),
            decimal=number.decimal,
            thousands=number.thousands,
            amount=amount,
            debit=debit,
            credit=credit,
            indicator=indicator,
            indicator_blank=blank,
            description=description,
            kind=tuple(sorted(i for i in self.named.get("kind", []) if i < self.width)),
            payee=payee,
            currency=currency,
            balance=balance,
            reference=reference,
            negate=negate,
            currency_code=self._find_currency_code(currency, money, number),
        )


def _orders_reading(values: Sequence[str]) -> set[str]:
    possible = {"ymd", "dmy", "mdy"}
    for v in values:
        if orders := date_orders(v):
            possible &= orders
    return possible


def detect_layout(
    rows: list[list[str]],
    lines: list[int],
    *,
    encoding: str,
    delimiter: str,
    mapping: ColumnMap | None = None,
    source: str = "",
) -> Layout:
    """Work out the layout of a statement from its first rows and their 1-based line numbers.

    Raises :class:`NeedsMapping` for what the rows cannot settle, ``ParseError`` when no row
    looks like a transaction.
    """
    detector = _Detector(
        rows,
        lines,
        encoding=encoding,
        delimiter=delimiter,
        mapping=mapping or ColumnMap(),
        source=source,
    )
    return detector.detect()
