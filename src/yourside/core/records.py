"""Plain records that the parsers produce and the services consume.

Framework-free: no Django import may appear under ``yourside.core``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple


class StatementLine(NamedTuple):
    """One booked line of a bank or card statement.

    ``amount`` is signed from the customer's point of view: negative is money out of the account,
    positive is money in.

    A named tuple rather than a frozen dataclass: as immutable, but a reader makes millions of
    them, and a frozen dataclass costs about four times as much to build (its ``__init__`` goes
    through ``object.__setattr__`` once per field).
    """

    date: date
    amount: Decimal
    description: str
    currency: str | None = None
    line_no: int = 0
    fitid: str | None = None
    counterparty: str | None = None
    balance: Decimal | None = None


class ParseError(ValueError):
    """A file could not be read; says what and where in one line."""

    def __init__(
        self, message: str, *, source: str = "", line: int | None = None, field: str | None = None
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source or "input"
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"
