"""Read Quicken Interchange Format (QIF) bank, card and cash registers into statements.

QIF is a line format: a ``!Type:`` header names the register, then each transaction is a few
lines whose first character says what the line holds (D date, T or U amount, P payee, M memo,
N number, L category) and ``^`` ends it. ``!Account`` blocks name the account the following
register belongs to.

QIF dates have no fixed order: US Quicken writes month first (``3/15'24``, the apostrophe
meaning 20xx), other exporters day first (``15/03/2024``, ``15.03.2024``). The order is decided
from the whole file: a first field above 12 means day first, a second field above 12 means month
first; when every date fits both, month first is assumed (QIF is a US format) unless the dates
use dots, the German and Nordic style, and the statement notes that the order was a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from yourside.core.formats.ofx import AccountStatement
from yourside.core.records import ParseError, StatementLine

__all__ = ["parse_decimal", "read_qif"]

_REGISTERS = {
    "bank": "bank",
    "ccard": "creditcard",
    "cash": "cash",
    "oth a": "other",
    "oth l": "creditline",
}
_NOT_TRANSACTIONS = ("cat", "class", "memorized", "prices", "invitem", "template")
_DATE = re.compile(r"^(\d{1,4})[/.\-'](\d{1,2})[/.\-'](\d{1,4})$")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)*)$")


def read_qif(
    data: bytes, source: str = "", *, day_first: bool | None = None
) -> list[AccountStatement]:
    """Read a QIF file into one ``AccountStatement`` per account register it holds.

    ``day_first`` forces the date order; by default it is decided from the file's own dates
    (see the module docstring). Investment registers are skipped with a note; category, class
    and memorised-transaction lists are not statements and are skipped silently.

    Raises ``ParseError`` naming the line and field for a missing or invalid date or amount,
    dates that contradict each other about their order, or a file with no register.
    """
    skipped: list[str] = []
    registers = list(_registers(_decode(data), skipped))
    if not registers:
        why = f" ({'; '.join(skipped)})" if skipped else ""
        raise ParseError(
            f"no bank, card or cash register (!Type:Bank, CCard, Cash){why}", source=source
        )
    dates = [r.fields["D"][1] for reg in registers for r in reg.records if "D" in r.fields]
    order_note = None
    if day_first is None:
        day_first, order_note = _date_order(dates, source)
    statements = []
    for reg in registers:
        notes = reg.notes + skipped + ([order_note] if order_note else [])
        statements.append(
            AccountStatement(
                account_id=reg.name or "",
                account_type=reg.kind,
                currency=None,
                lines=tuple(_line(r, day_first, source) for r in reg.records),
                name=reg.name,
                balance=reg.balance,
                notes=tuple(notes),
            )
        )
    return statements


def parse_decimal(text: str) -> Decimal | None:
    """Read a number written with optional thousands separators and either decimal mark.

    ``1,234.56``, ``1.234,56``, ``1 234,56``, ``-12,5`` and ``1234`` all read as expected. With a
    single kind of separator, it is the decimal mark when one or two digits follow its last
    occurrence (``12,50``), and a thousands separator when three do (``1,299``).
    """
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace("'", "")
    if not _NUMBER.match(cleaned):
        return None
    sign = "-" if cleaned.startswith("-") else ""
    digits = cleaned.lstrip("+-")
    last = max(digits.rfind(","), digits.rfind("."))
    if last >= 0:
        mark = digits[last]
        whole, fraction = digits[:last], digits[last + 1 :]
        if "," in digits and "." in digits:
            decimal_mark = True  # both kinds: the last one is the decimal mark
        elif digits.count(mark) > 1:
            decimal_mark = False  # repeated: 1,234,567
        else:
            decimal_mark = len(fraction) != 3 or whole == "0"
        if decimal_mark:
            digits = re.sub(r"[.,]", "", whole) + "." + fraction
        elif all(len(group) == 3 for group in re.split(r"[.,]", digits)[1:]):
            digits = re.sub(r"[.,]", "", digits)
        else:
            return None
    try:
        return Decimal(sign + digits)
    except InvalidOperation:
        return None


# --- reading the lines ---------------------------------------------------------------------


@dataclass
class _Record:
    line: int
    fields: dict[str, tuple[int, str]] = field(default_factory=dict)


@dataclass
class _Register:
    kind: str
    name: str | None = None
    balance: Decimal | None = None
    records: list[_Record] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Quicken on Windows writes the ANSI code page; 1252 covers western European text.
        return data.decode("cp1252", errors="replace")


def _registers(text: str, skipped: list[str]) -> Iterator[_Register]:
    """Group the file's transaction records by register, in file order.

    Registers that are not bank, card or cash (investments) are noted in ``skipped``.
    """
    section: str | None = None
    register: _Register | None = None
    account: dict[str, str] = {}
    record: _Record | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("!"):
            header = line[1:].strip().lower()
            if header.startswith("type:") or header == "account":
                if register is not None and register.records:
                    yield register
                register, record = None, None
            if header.startswith("type:"):
                section = header[5:].strip()
                register = _open_register(section, account, number, skipped)
            elif header == "account":
                section, account = "account", {}
            continue  # !Option:AutoSwitch and the like change nothing we read
        if section is None:
            # Records before any header: some exporters omit !Type:Bank.
            section = "bank"
            register = _Register(kind="bank", notes=["the file has no !Type header; read as bank"])
        if line.startswith("^"):
            if register is not None and record is not None and record.fields:
                register.records.append(record)
            record = None
            continue
        code, value = line[0].upper(), line[1:].strip()
        if section == "account":
            account.setdefault(code, value)
            continue
        if register is None:
            continue
        if record is None:
            record = _Record(line=number)
        # Split lines (S, E, $) detail a transaction whose total is already in T.
        record.fields.setdefault(code, (number, value))
    if register is not None and record is not None and record.fields:
        register.notes.append("the last transaction has no closing ^; it was read anyway")
        register.records.append(record)
    if register is not None and register.records:
        yield register


def _open_register(
    section: str, account: dict[str, str], line: int, skipped: list[str]
) -> _Register | None:
    """A register for a bank, card or cash section; None (records ignored) for any other."""
    kind = _REGISTERS.get(section)
    if kind is None:
        if not section.startswith(_NOT_TRANSACTIONS):
            skipped.append(f"the !Type:{section.title()} register at line {line} is not read")
        return None
    balance = parse_decimal(account["$"]) if "$" in account else None
    return _Register(kind=kind, name=account.get("N") or None, balance=balance)


# --- values --------------------------------------------------------------------------------


def _line(record: _Record, day_first: bool, source: str) -> StatementLine:
    amount_field = "T" if "T" in record.fields else "U"
    if amount_field not in record.fields:
        raise ParseError("transaction has no amount", source=source, line=record.line, field="T")
    amount_line, raw_amount = record.fields[amount_field]
    amount = parse_decimal(raw_amount)
    if amount is None:
        raise ParseError(
            f"{raw_amount!r} is not an amount", source=source, line=amount_line, field=amount_field
        )
    if "D" not in record.fields:
        raise ParseError("transaction has no date", source=source, line=record.line, field="D")
    date_line, raw_date = record.fields["D"]
    when = _date(raw_date, day_first)
    if when is None:
        raise ParseError(f"{raw_date!r} is not a date", source=source, line=date_line, field="D")
    payee = record.fields.get("P", (0, ""))[1] or None
    memo = record.fields.get("M", (0, ""))[1] or None
    number = record.fields.get("N", (0, ""))[1]
    if payee and memo and payee.casefold() not in memo.casefold():
        description = f"{payee} / {memo}"
    else:
        description = memo or payee or ""
    if number and any(c.isdigit() for c in number):
        # A cheque or reference number helps the customer find the line; Quicken's word
        # codes in N (ATM, DEP, EFT) say nothing the amount does not.
        description = f"{description} (no. {number})" if description else f"no. {number}"
    return StatementLine(
        date=when,
        amount=amount,
        description=description,
        line_no=record.line,
        counterparty=payee,
    )


def _split_date(raw: str) -> tuple[int, int, int, bool] | None:
    """The three numbers of a QIF date and whether the year came after an apostrophe."""
    compact = raw.replace(" ", "")
    match = _DATE.match(compact)
    if match is None:
        return None
    apostrophe = "'" in compact
    return int(match.group(1)), int(match.group(2)), int(match.group(3)), apostrophe


def _date_order(dates: list[str], source: str) -> tuple[bool, str | None]:
    """Decide from all the file's dates whether they are day first."""
    day_first_seen = month_first_seen = False
    dotted = False
    for raw in dates:
        parts = _split_date(raw)
        if parts is None or parts[0] > 31:
            continue  # ISO year-first dates and unreadable ones say nothing about the order
        dotted = dotted or "." in raw
        # A date with both fields above 12 is invalid either way and says nothing.
        day_first_seen = day_first_seen or parts[0] > 12 >= parts[1]
        month_first_seen = month_first_seen or parts[1] > 12 >= parts[0]
    if day_first_seen and month_first_seen:
        raise ParseError(
            "the dates disagree: some are day/month, others month/day",
            source=source,
            field="D",
        )
    if day_first_seen or month_first_seen:
        return day_first_seen, None
    if dotted:
        return True, "every date fitted both orders; read as day.month (dotted dates)"
    return False, "every date fitted both orders; read as month/day (the QIF default)"


def _date(raw: str, day_first: bool) -> date | None:
    parts = _split_date(raw)
    if parts is None:
        return None
    first, second, third, apostrophe = parts
    if first > 31:  # year first: 2024-03-15
        year, month, day = first, second, third
    else:
        month, day = (second, first) if day_first else (first, second)
        year = third
        if year < 100:
            # Quicken marks 2000-2099 with an apostrophe; other two-digit years pivot at 70,
            # since a bank export of a twentieth-century statement is rarer than a current one.
            year += 2000 if apostrophe or year < 70 else 1900
    try:
        return date(year, month, day)
    except ValueError:
        return None
