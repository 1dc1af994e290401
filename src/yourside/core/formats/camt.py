"""Read ISO 20022 CAMT.053 bank-to-customer statements (camt.053.001.02 to .08) into statements.

The XML is read with the standard library's expat parser driven directly, for two reasons:
each element keeps the line it starts on (ElementTree forgets it, and an error should say where),
and the document type declaration can be refused outright. defusedxml is not installed; expat
never fetches external entities and, since 2.4.1, limits entity expansion, but a bank statement
never needs a DTD at all, so refusing one closes the door on entity tricks without a dependency.

Entries are read and dropped one at a time as the parser reaches them, so memory holds the
statement lines produced, not the whole document tree.

Versions differ in a few places this reader handles side by side: the entry status (``<Sts>BOOK``
up to .06, ``<Sts><Cd>BOOK`` from .07), the parties (``Dbtr/Nm`` up to .07, ``Dbtr/Pty/Nm`` from
.08), the transaction amount (``AmtDtls/TxAmt/Amt`` in .02, also ``TxDtls/Amt`` from .03) and the
servicer's BIC (``BIC`` in .02-.03, ``BICFI`` from .04).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import BinaryIO
from xml.parsers import expat

from yourside.core.formats.ofx import AccountStatement
from yourside.core.records import ParseError, StatementLine

__all__ = ["read_camt"]

_NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.(\d{3})\.001\.(\d{2})$")
_TESTED_VERSIONS = range(2, 9)
_ACCOUNT_TYPES = {"CACC": "checking", "SVGS": "savings", "CARD": "creditcard", "LOAN": "creditline"}
_CHUNK = 64 * 1024


def read_camt(data: bytes | BinaryIO, source: str = "") -> list[AccountStatement]:
    """Read a CAMT.053 file into one ``AccountStatement`` per ``<Stmt>`` (one per account).

    Only booked entries become lines (pending and information-only entries are not on the
    account yet). Amounts are signed from ``CdtDbtInd`` (DBIT is money out). An entry that
    bundles several transactions (a batch) becomes one line per transaction when their amounts
    add up to the entry. The identity (``fitid``) is the bank's AcctSvcrRef, else the
    EndToEndId. The description is the counterparty name and the remittance information.

    Raises ``ParseError`` naming the line and element for malformed XML, a document that is
    not a CAMT.053 statement, or an entry without a valid amount, direction or date.
    """
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    statements: list[AccountStatement] = []
    lines: list[StatementLine] = []
    file_notes: list[str] = []
    notes: list[str] = []
    entries = 0
    for node in _iter_elements(stream, source, file_notes):
        if node.tag == "Ntry":
            entries += 1
            lines.extend(_entry_lines(node, entries, source, notes))
            node.clear()  # the entry is read; keep memory to the lines produced
        elif node.tag == "Stmt":
            statements.append(_statement(node, lines, file_notes + notes, source))
            lines, notes, entries = [], [], 0
            node.clear()
    if not statements:
        raise ParseError("the CAMT.053 file holds no statement (<Stmt>)", source=source)
    return statements


# --- XML -----------------------------------------------------------------------------------


class _Node(ET.Element):
    """An element that remembers the file line its start tag is on."""

    line: int = 0


def _iter_elements(stream: BinaryIO, source: str, notes: list[str]) -> Iterator[_Node]:
    """Parse the XML and yield each element when its end tag is reached, tag without namespace.

    Refuses a DOCTYPE or entity declaration, and any root that is not a camt.053 ``Document``.
    """
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Node] = []
    done: list[_Node] = []

    def refuse(*_: object) -> None:
        raise ParseError(
            "the XML declares a DTD or entities, which a bank statement never does; refused",
            source=source,
            line=parser.CurrentLineNumber,
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        namespace, _, local = name.rpartition("}")
        if not stack:
            _check_root(namespace, local, source, parser.CurrentLineNumber, notes)
        node = _Node(local, {k.rpartition("}")[2]: v for k, v in attrs.items()})
        node.line = parser.CurrentLineNumber
        if stack:
            stack[-1].append(node)
        stack.append(node)

    def end(_name: str) -> None:
        done.append(stack.pop())

    def text(data: str) -> None:
        # Only leaf text matters in CAMT; whitespace between elements is dropped on read.
        if stack:
            stack[-1].text = (stack[-1].text or "") + data

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
            yield from done
            done.clear()
        parser.Parse(b"", True)
    except expat.ExpatError as err:
        message = expat.ErrorString(err.code) if err.code else str(err)
        raise ParseError(f"malformed XML: {message}", source=source, line=err.lineno) from None
    yield from done


def _check_root(namespace: str, local: str, source: str, line: int, notes: list[str]) -> None:
    match = _NAMESPACE.match(namespace)
    if local != "Document" or match is None:
        raise ParseError(
            f"not an ISO 20022 CAMT document (root <{local}> in namespace {namespace or 'none'!r})",
            source=source,
            line=line,
        )
    message, version = match.group(1), int(match.group(2))
    if message != "053":
        kinds = {"052": "an intraday account report", "054": "a debit/credit notification"}
        raise ParseError(
            f"this is camt.{message} ({kinds.get(message, 'another CAMT message')}), "
            "not a camt.053 statement",
            source=source,
            line=line,
        )
    if version not in _TESTED_VERSIONS:
        notes.append(f"camt.053.001.{version:02d} is newer than the versions tested (.02-.08)")


# --- statement -----------------------------------------------------------------------------


def _statement(
    stmt: _Node, lines: list[StatementLine], notes: list[str], source: str
) -> AccountStatement:
    acct = stmt.find("Acct")
    account_id = _text(acct, "Id/IBAN") or _text(acct, "Id/Othr/Id")
    if account_id is None:
        raise ParseError(
            "statement without an account (Acct/Id)", source=source, line=stmt.line, field="Acct"
        )
    balance, balance_date = _closing_balance(stmt, source)
    opening = _balance(stmt, "OPBD", source)
    if opening is not None and balance is not None:
        booked = opening[0] + sum((line.amount for line in lines), Decimal(0))
        if booked != balance:
            # Not an error: a statement can hold only part of the period's entries (pending
            # ones dropped, a split file). Shown so the customer can check the file.
            notes.append(
                f"opening balance {opening[0]} and the lines add up to {booked}, "
                f"but the closing balance is {balance}"
            )
    account_type = _text(acct, "Tp/Cd")
    return AccountStatement(
        account_id=account_id,
        account_type=_ACCOUNT_TYPES.get(account_type or "", "bank"),
        currency=_text(acct, "Ccy"),
        lines=tuple(lines),
        bank_id=_text(acct, "Svcr/FinInstnId/BICFI") or _text(acct, "Svcr/FinInstnId/BIC"),
        name=_text(acct, "Nm") or _text(acct, "Ownr/Nm"),
        balance=balance,
        balance_date=balance_date,
        period_start=_date(_text(stmt, "FrToDt/FrDtTm")),
        period_end=_date(_text(stmt, "FrToDt/ToDtTm")),
        notes=tuple(notes),
    )


def _closing_balance(stmt: _Node, source: str) -> tuple[Decimal | None, date | None]:
    found = _balance(stmt, "CLBD", source) or _balance(stmt, "CLAV", source)
    return found if found is not None else (None, None)


def _balance(stmt: _Node, code: str, source: str) -> tuple[Decimal, date | None] | None:
    for bal in stmt.iterfind("Bal"):
        if (_text(bal, "Tp/CdOrPrtry/Cd") or _text(bal, "Tp/CdOrPrtry/Prtry")) == code:
            amount = _signed_amount(bal, source, "Bal")
            return amount, _date(_text(bal, "Dt/Dt") or _text(bal, "Dt/DtTm"))
    return None


# --- entries -------------------------------------------------------------------------------


def _entry_lines(
    ntry: _Node, number: int, source: str, notes: list[str]
) -> Iterator[StatementLine]:
    status = _text(ntry, "Sts/Cd") or _text(ntry, "Sts/Prtry") or _text(ntry, "Sts") or "BOOK"
    if status.upper() != "BOOK":
        notes.append(f"entry {number} is {status.upper()}, not booked, and was left out")
        return
    amount = _signed_amount(ntry, source, f"Ntry {number}")
    when = _date(_text(ntry, "BookgDt/Dt") or _text(ntry, "BookgDt/DtTm")) or _date(
        _text(ntry, "ValDt/Dt") or _text(ntry, "ValDt/DtTm")
    )
    if when is None:
        raise ParseError(
            f"entry {number} has no valid booking date",
            source=source,
            line=ntry.line,
            field="BookgDt",
        )
    currency = _attr(ntry.find("Amt"), "Ccy")
    reversal = (_text(ntry, "RvslInd") or "").lower() == "true"
    entry_ref = _text(ntry, "AcctSvcrRef")
    details = list(ntry.iterfind("NtryDtls/TxDtls"))
    split = _split_amounts(details, amount) if len(details) > 1 else None
    if split is None:
        tx = details[0] if len(details) == 1 else None
        yield StatementLine(
            date=when,
            amount=amount,
            description=_description(ntry, tx, amount, reversal),
            currency=currency,
            line_no=ntry.line,
            fitid=entry_ref or _tx_ref(tx) or _text(ntry, "NtryRef"),
            counterparty=_counterparty(tx, amount, reversal),
        )
        return
    for index, (tx, tx_amount) in enumerate(zip(details, split, strict=True), start=1):
        tx_ref = _tx_ref(tx) or str(index)
        yield StatementLine(
            date=when,
            amount=tx_amount,
            description=_description(ntry, tx, tx_amount, reversal),
            currency=_attr(tx.find("Amt"), "Ccy") or currency,
            line_no=_line(tx) or ntry.line,
            fitid=f"{entry_ref}/{tx_ref}" if entry_ref else _tx_ref(tx),
            counterparty=_counterparty(tx, tx_amount, reversal),
        )


def _split_amounts(details: list[ET.Element], total: Decimal) -> list[Decimal] | None:
    """Signed amounts of a batch's transactions, or None when they do not add up to the entry.

    A batch (one debit for a payroll run, one credit for card settlements) is clearer split
    into its payments; when the bank gives no per-transaction amounts we keep the one line.
    """
    amounts: list[Decimal] = []
    for tx in details:
        amt = tx.find("Amt")
        if amt is None:
            amt = tx.find("AmtDtls/TxAmt/Amt")
        value = _decimal(amt.text if amt is not None else None)
        if value is None:
            return None
        direction = _text(tx, "CdtDbtInd")
        negative = direction == "DBIT" if direction else total < 0
        amounts.append(-value if negative else value)
    return amounts if sum(amounts, Decimal(0)) == total else None


def _tx_ref(tx: ET.Element | None) -> str | None:
    if tx is None:
        return None
    end_to_end = _text(tx, "Refs/EndToEndId")
    if end_to_end and end_to_end.upper() == "NOTPROVIDED":
        end_to_end = None  # a placeholder the SEPA rules require when there is no reference
    return _text(tx, "Refs/AcctSvcrRef") or end_to_end or _text(tx, "Refs/TxId")


def _party(parent: ET.Element | None, role: str) -> str | None:
    # Up to camt.053.001.07 a party is <Dbtr><Nm>; from .08 it is <Dbtr><Pty><Nm>.
    return _text(parent, f"{role}/Nm") or _text(parent, f"{role}/Pty/Nm")


def _role(amount: Decimal, reversal: bool) -> str:
    """Which party is the other side: the creditor for money out, the debtor for money in.

    A reversal keeps the parties of the payment it undoes, so money coming back from a
    reversed direct debit names the original creditor, not the customer as debtor.
    """
    return "Cdtr" if (amount < 0) != reversal else "Dbtr"


def _counterparty(tx: ET.Element | None, amount: Decimal, reversal: bool) -> str | None:
    """The other side's name; the ultimate party wins when there is one.

    A card or wallet payment names the payment service as creditor and the shop as ultimate
    creditor, and the shop is the vendor.
    """
    parties = tx.find("RltdPties") if tx is not None else None
    role = _role(amount, reversal)
    return _party(parties, f"Ultmt{role}") or _party(parties, role)


def _description(ntry: ET.Element, tx: ET.Element | None, amount: Decimal, reversal: bool) -> str:
    parties = tx.find("RltdPties") if tx is not None else None
    role = _role(amount, reversal)
    direct, ultimate = _party(parties, role), _party(parties, f"Ultmt{role}")
    who = f"{ultimate} via {direct}" if ultimate and direct and ultimate != direct else None
    who = who or ultimate or direct
    remittance = None
    if tx is not None:
        unstructured = [u.text.strip() for u in tx.iterfind("RmtInf/Ustrd") if u.text]
        remittance = (
            " ".join(u for u in unstructured if u)
            or _text(tx, "RmtInf/Strd/CdtrRefInf/Ref")
            or _text(tx, "AddtlTxInf")
        )
    remittance = remittance or _text(ntry, "AddtlNtryInf")
    parts = [p for p in (who, remittance) if p]
    description = ": ".join(parts) or _text(ntry, "BkTxCd/Prtry/Cd") or ""
    return f"Reversal: {description}" if reversal else description


# --- values --------------------------------------------------------------------------------


def _signed_amount(element: ET.Element, source: str, what: str) -> Decimal:
    """Amount signed by CdtDbtInd: DBIT is money out (negative)."""
    amt = element.find("Amt")
    value = _decimal(amt.text if amt is not None else None)
    if value is None or value < 0:
        shown = (amt.text or "").strip() if amt is not None else ""
        raise ParseError(
            f"{what}: {shown!r} is not an amount" if shown else f"{what} has no amount",
            source=source,
            line=_line(amt) or _line(element),
            field="Amt",
        )
    direction = _text(element, "CdtDbtInd")
    if direction not in ("CRDT", "DBIT"):
        raise ParseError(
            f"{what}: credit/debit indicator is {direction!r}, expected CRDT or DBIT",
            source=source,
            line=_line(element.find("CdtDbtInd")) or _line(element),
            field="CdtDbtInd",
        )
    return -value if direction == "DBIT" else value


def _line(element: ET.Element | None) -> int | None:
    """The file line an element starts on (every element this module builds is a ``_Node``)."""
    return element.line if isinstance(element, _Node) else None


def _text(element: ET.Element | None, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    if found is None or found.text is None:
        return None
    return " ".join(found.text.split()) or None


def _attr(element: ET.Element | None, name: str) -> str | None:
    return element.get(name) if element is not None else None


def _decimal(raw: str | None) -> Decimal | None:
    if raw is None:
        return None
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _date(raw: str | None) -> date | None:
    """The calendar date of an ISO date or date-time, as the bank wrote it (no time zone shift)."""
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        return None
