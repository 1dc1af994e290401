"""Read OFX 1.x (SGML), OFX 2.x (XML) and Quicken's QFX into per-account statements.

ofxtools does the hard part: its ``TreeBuilder`` turns both SGML tag soup (optional end tags) and
XML into an element tree, and its ``DateTime``/``Decimal`` types read OFX dates and amounts. We
deliberately do not call ``OFXTree.convert()``: its models validate the whole document against the
spec and reject real bank files over fields we never use (``checking.ofx`` has a 10-digit BANKID
where the spec allows 9; ``ofx-v102-empty-tags.ofx`` from an Australian bank has TRNTYPE ``Credit``
and an empty ACCTTYPE). Instead we read the few fields a statement needs and validate those
strictly, so an import fails only when a date or an amount is really wrong.

Before the tree is built the text is cleaned of two header quirks that ofxtools' header parser
rejects (see ``_split_header``): more than eight blank lines before the header, and files that have
no header at all and start at ``<OFX>``. Anything after the final ``</OFX>`` is not part of the
document and is dropped, since ofxtools refuses any text after the last tag.
"""

from __future__ import annotations

import bisect
import codecs
import decimal
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ofxtools import Types as ofx_types
from ofxtools.Parser import TreeBuilder

from yourside.core.records import ParseError, StatementLine

__all__ = ["AccountStatement", "read_ofx"]


@dataclass(frozen=True, slots=True)
class AccountStatement:
    """One account's part of a statement file (OFX, CAMT.053 or QIF).

    ``account_type`` is one of ``checking``, ``savings``, ``moneymarket``, ``creditline``, ``cd``,
    ``creditcard``, ``investment``, ``cash``, ``bank`` (a bank account of unstated kind) or
    ``other``. ``balance`` is the closing (ledger) balance the bank reported, if any. ``notes`` say
    what was tolerated while reading, in plain words, so the import can show them.
    """

    account_id: str
    account_type: str | None
    currency: str | None
    lines: tuple[StatementLine, ...] = ()
    bank_id: str | None = None
    name: str | None = None
    balance: Decimal | None = None
    balance_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    notes: tuple[str, ...] = ()


_BANK_ACCOUNT_TYPES = {
    "CHECKING": "checking",
    "SAVINGS": "savings",
    "MONEYMRKT": "moneymarket",
    "CREDITLINE": "creditline",
    "CD": "cd",
}
# Header CHARSET values seen in the wild, mapped to Python codecs. NONE means "no 8-bit charset
# declared"; in practice such files are UTF-8 or plain ASCII.
_CHARSETS = {
    "1252": "cp1252",
    "ISO-8859-1": "latin-1",
    "8859-1": "latin-1",
    "NONE": "utf-8",
    "UTF-8": "utf-8",
}
_OFX_START = re.compile(rb"<OFX>", re.IGNORECASE)
_OFX_END = re.compile(r"</OFX>", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*encoding=[\"']([\w.-]+)[\"']", re.IGNORECASE)
_V1_CHARSET = re.compile(rb"CHARSET:\s*([\w-]+)", re.IGNORECASE)
_POSITION = re.compile(r"position=\[(\d+):")

_BUYS = ("BUYDEBT", "BUYMF", "BUYOPT", "BUYOTHER", "BUYSTOCK")
_SELLS = ("SELLDEBT", "SELLMF", "SELLOPT", "SELLOTHER", "SELLSTOCK")


# Cash-moving investment transactions other than trades: (fallback description, direction of the
# cash: -1 out, +1 in, 0 keep the sign the file gives).
_OTHER_CASH = {
    "INCOME": ("Income", 0),
    "INVEXPENSE": ("Investment expense", -1),
    "MARGININTEREST": ("Margin interest", -1),
    "RETOFCAP": ("Return of capital", 1),
}


def read_ofx(data: bytes, source: str = "") -> list[AccountStatement]:
    """Read an OFX or QFX file into one ``AccountStatement`` per account it holds.

    Bank and credit card statements give every STMTTRN; investment statements give their cash
    movements (INVBANKTRAN, and the cash legs of buys, sells, income and expenses). An account
    list without statements (a sign-up response) gives the accounts with no lines.

    Raises ``ParseError`` (one line: file, line, field) for a malformed file, a missing or invalid
    date or amount, a sign-on the bank refused, an error response, or a file with no statement.
    """
    doc = _Document(data, source)
    doc.check_status(doc.root.find("SIGNONMSGSRSV1/SONRS/STATUS"), "sign-on")
    for trnrs_tag in ("STMTTRNRS", "CCSTMTTRNRS", "INVSTMTTRNRS"):
        for trnrs in doc.root.iter(trnrs_tag):
            doc.check_status(trnrs.find("STATUS"), "statement request")

    statements = [doc.bank_statement(s, "BANKACCTFROM") for s in doc.root.iter("STMTRS")]
    statements += [doc.bank_statement(s, "CCACCTFROM") for s in doc.root.iter("CCSTMTRS")]
    statements += [doc.investment_statement(s) for s in doc.root.iter("INVSTMTRS")]
    seen = {s.account_id for s in statements}
    statements += [a for a in doc.account_list() if a.account_id not in seen]
    if not statements:
        said = _text(doc.root, "SIGNONMSGSRSV1/SONRS/STATUS/MESSAGE")
        reply = f" (the server said {_one_line(said)!r})" if said else ""
        raise ParseError(
            f"the file holds no statement and no account list{reply}; download it again",
            source=source,
        )
    return statements


class _Document:
    """One OFX file: its decoded text, ofxtools' element tree of it, and where tags sit."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        self.text, self.first_line = _split_header(data, source)
        self._newlines: list[int] | None = None
        self.root = self._build_tree()
        self.securities = _securities(self.root)
        self._offsets: dict[str, dict[int, int]] = {}

    def _build_tree(self) -> ET.Element:
        builder = TreeBuilder()
        try:
            builder.feed(self.text)
            root = builder.close()
        except Exception as err:  # ofxtools raises ParseError, IndexError or AssertionError here
            message = str(err).splitlines()[0] if str(err) else type(err).__name__
            line = None
            if match := _POSITION.search(message):
                line = self._line_at(int(match.group(1)))
                message = message[: match.start()].rstrip(" -")
            raise ParseError(
                _one_line(f"malformed OFX markup: {message}"), source=self.source, line=line
            ) from None
        if not isinstance(root, ET.Element) or root.tag != "OFX":
            raise ParseError("malformed OFX markup: no single <OFX> element", source=self.source)
        return root

    # --- where things are ------------------------------------------------------------------

    def _line_at(self, offset: int) -> int:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return self.first_line + bisect.bisect_left(self._newlines, offset)

    def _offset(self, element: ET.Element) -> int | None:
        """Text offset of ``element``'s start tag.

        ofxtools' tree keeps no positions, but the n-th element with a tag in document order is
        the n-th ``<TAG>`` in the text, so counting occurrences recovers it.
        """
        tag = element.tag
        if tag not in self._offsets:
            found = [m.start() for m in re.finditer(f"<{re.escape(tag)}>", self.text)]
            elements = list(self.root.iter(tag))
            self._offsets[tag] = (
                {id(e): o for e, o in zip(elements, found, strict=True)}
                if len(found) == len(elements)
                else {}
            )
        return self._offsets[tag].get(id(element))

    def line(self, anchor: ET.Element, field: str | None = None) -> int | None:
        """File line of ``field`` inside ``anchor`` if it is there, else of ``anchor`` itself."""
        start = self._offset(anchor)
        if start is None:
            return None
        if field:
            leaf = field.rsplit("/", 1)[-1]
            end = self.text.find(f"</{anchor.tag}>", start)
            at = self.text.find(f"<{leaf}>", start, end if end >= 0 else len(self.text))
            if at >= 0:
                return self._line_at(at)
        return self._line_at(start)

    def error(self, message: str, anchor: ET.Element, field: str) -> ParseError:
        # Name the transaction too: its FITID is what someone searching the file will look for.
        if fitid := _text(anchor, "FITID"):
            message += f" (transaction {fitid})"
        return ParseError(
            _one_line(message), source=self.source, line=self.line(anchor, field), field=field
        )

    # --- values ----------------------------------------------------------------------------

    def read_amount(self, element: ET.Element, field: str) -> Decimal:
        raw = _text(element, field)
        if raw is None:
            raise self.error("amount is missing", element, field)
        value = _decimal(raw)
        if value is None:
            raise self.error(f"{raw!r} is not a number", element, field)
        return value

    def read_date(self, element: ET.Element, field: str) -> date:
        raw = _text(element, field)
        if raw is None:
            raise self.error("date is missing", element, field)
        value = _date(raw)
        if value is None:
            raise self.error(f"{raw!r} is not an OFX date (YYYYMMDD...)", element, field)
        return value

    def check_status(self, status: ET.Element | None, what: str) -> None:
        """Raise with the server's own words when a STATUS aggregate reports an error."""
        code = _text(status, "CODE") or "0"
        severity = (_text(status, "SEVERITY") or "").upper()
        if status is None or code == "0" or severity in ("INFO", "WARN"):
            return
        message = _text(status, "MESSAGE") or "no message"
        raise ParseError(
            _one_line(f"the bank reported an error for the {what}: {message} (OFX code {code})"),
            source=self.source,
            line=self.line(status),
            field="STATUS",
        )

    # --- statements ------------------------------------------------------------------------

    def bank_statement(self, stmtrs: ET.Element, acct_tag: str) -> AccountStatement:
        acct = stmtrs.find(acct_tag)
        account_id = _text(acct, "ACCTID")
        if acct is None or account_id is None:
            raise self.error("statement without an account number", stmtrs, f"{acct_tag}/ACCTID")
        if acct_tag == "CCACCTFROM":
            account_type = "creditcard"
        else:
            account_type = _BANK_ACCOUNT_TYPES.get((_text(acct, "ACCTTYPE") or "").upper(), "bank")
        currency = _currency(_text(stmtrs, "CURDEF"))
        lines = tuple(
            self.bank_line(trn, currency) for trn in stmtrs.iterfind("BANKTRANLIST/STMTTRN")
        )
        notes: list[str] = []
        balance, balance_date = self.ledger_balance(stmtrs, notes)
        tranlist = stmtrs.find("BANKTRANLIST")
        return AccountStatement(
            account_id=account_id,
            account_type=account_type,
            currency=currency,
            lines=lines,
            bank_id=_text(acct, "BANKID"),
            balance=balance,
            balance_date=balance_date,
            period_start=_date(_text(tranlist, "DTSTART")),
            period_end=_date(_text(tranlist, "DTEND")),
            notes=tuple(notes),
        )

    def bank_line(self, trn: ET.Element, currency: str | None) -> StatementLine:
        # Check the amount before the date, so a line with both wrong names the amount: that is
        # what a customer recognises most easily when they look at the bank's file.
        amount = self.read_amount(trn, "TRNAMT")
        posted = self.read_date(trn, "DTPOSTED")
        name = _text(trn, "NAME") or _text(trn, "PAYEE/NAME")
        return StatementLine(
            date=posted,
            amount=amount,
            description=_describe(name, _text(trn, "MEMO")),
            currency=_currency(_text(trn, "CURRENCY/CURSYM")) or currency,
            line_no=self.line(trn) or 0,
            fitid=_text(trn, "FITID"),
            counterparty=name,
        )

    def ledger_balance(
        self, stmtrs: ET.Element, notes: list[str]
    ) -> tuple[Decimal | None, date | None]:
        """Read LEDGERBAL, tolerating an empty one.

        An empty BALAMT is tolerated, not an error: the balance is a snapshot beside the
        statement, the transactions are intact without it, and real banks send it empty (the
        Australian ``ofx-v102-empty-tags`` sample). A BALAMT that is there but is not a number
        still fails, because then the file is damaged rather than incomplete.
        """
        ledger = stmtrs.find("LEDGERBAL")
        if ledger is None:
            return None, None
        if _text(ledger, "BALAMT") is None:
            notes.append("the bank left the ledger balance empty, so none is recorded")
            return None, None
        return self.read_amount(ledger, "BALAMT"), _date(_text(ledger, "DTASOF"))

    def investment_statement(self, invstmtrs: ET.Element) -> AccountStatement:
        acct = invstmtrs.find("INVACCTFROM")
        account_id = _text(acct, "ACCTID")
        if account_id is None:
            raise self.error(
                "investment statement without an account number", invstmtrs, "INVACCTFROM/ACCTID"
            )
        currency = _currency(_text(invstmtrs, "CURDEF"))
        tranlist = invstmtrs.find("INVTRANLIST")
        lines = tuple(self.cash_lines(tranlist, currency)) if tranlist is not None else ()
        invbal = invstmtrs.find("INVBAL")
        cash = None
        if invbal is not None and _text(invbal, "AVAILCASH"):
            cash = self.read_amount(invbal, "AVAILCASH")
        return AccountStatement(
            account_id=account_id,
            account_type="investment",
            currency=currency,
            lines=lines,
            bank_id=_text(acct, "BROKERID"),
            balance=cash,
            balance_date=_date(_text(invstmtrs, "DTASOF")) if cash is not None else None,
            period_start=_date(_text(tranlist, "DTSTART")),
            period_end=_date(_text(tranlist, "DTEND")),
        )

    def cash_lines(self, tranlist: ET.Element, currency: str | None) -> Iterator[StatementLine]:
        """Yield the cash movements of an investment account, in file order.

        Trades whose SUBACCTFUND is OTHER are skipped: their cash came from or went outside
        this account (a payroll contribution into a 401(k), fund sale proceeds paid to a bank),
        so the money shows on another statement and counting it here would count it twice.
        Transfers of securities, splits, reinvestments and journals move no cash.
        """
        for trn in tranlist:
            if trn.tag == "INVBANKTRAN":
                stmttrn = trn.find("STMTTRN")
                if stmttrn is not None:
                    yield self.bank_line(stmttrn, currency)
                continue
            if trn.tag in _BUYS:
                body, word, direction = trn.find("INVBUY"), "Buy", -1
            elif trn.tag in _SELLS:
                body, word, direction = trn.find("INVSELL"), "Sell", 1
            elif trn.tag in _OTHER_CASH:
                body, (word, direction) = trn, _OTHER_CASH[trn.tag]
            else:
                continue
            if body is None or (_text(body, "SUBACCTFUND") or "CASH").upper() == "OTHER":
                continue
            invtran = body.find("INVTRAN")
            anchor = invtran if invtran is not None else body
            total = self.read_amount(body, "TOTAL")
            # The direction of the cash follows from the kind of transaction and brokers
            # disagree on the sign of TOTAL, so we set it rather than trust it. Income keeps
            # its sign: a negative dividend is a correction.
            if direction:
                total = direction * abs(total)
            # Cash moves on settlement; the trade date is the fallback the spec allows.
            dated = "DTSETTLE" if _text(anchor, "DTSETTLE") else "DTTRADE"
            uid = _text(body, "SECID/UNIQUEID")
            security = self.securities.get(uid or "") or uid
            yield StatementLine(
                date=self.read_date(anchor, dated),
                amount=total,
                description=_describe(_text(anchor, "MEMO") or word, security),
                currency=_currency(_text(body, "CURRENCY/CURSYM")) or currency,
                line_no=self.line(anchor) or 0,
                fitid=_text(anchor, "FITID"),
                counterparty=security,
            )

    def account_list(self) -> Iterator[AccountStatement]:
        """Accounts from a sign-up ACCTINFORS response, which lists accounts but no lines."""
        for info in self.root.iter("ACCTINFO"):
            for kind, acct_tag in (
                ("BANKACCTINFO", "BANKACCTFROM"),
                ("CCACCTINFO", "CCACCTFROM"),
                ("INVACCTINFO", "INVACCTFROM"),
            ):
                acct = info.find(f"{kind}/{acct_tag}")
                account_id = _text(acct, "ACCTID")
                if account_id is None:
                    continue
                if kind == "CCACCTINFO":
                    account_type = "creditcard"
                elif kind == "INVACCTINFO":
                    account_type = "investment"
                else:
                    account_type = _BANK_ACCOUNT_TYPES.get(
                        (_text(acct, "ACCTTYPE") or "").upper(), "bank"
                    )
                yield AccountStatement(
                    account_id=account_id,
                    account_type=account_type,
                    currency=None,
                    bank_id=_text(acct, "BANKID") or _text(acct, "BROKERID"),
                    name=_text(info, "DESC"),
                    notes=("an account list only: the file has no lines for this account",),
                )


def _split_header(data: bytes, source: str) -> tuple[str, int]:
    """Return the decoded body from ``<OFX>`` to ``</OFX>`` and the file line it starts on.

    We read the header ourselves instead of through ``ofxtools.header.parse_header`` because that
    rejects files real banks produce: more than eight blank lines before the header, no header at
    all (the body alone, as in ofxparse's ``fail_nice_*`` samples), or a CHARSET it does not list.
    The header only matters for choosing the codec. Text after the last ``</OFX>`` is dropped:
    it is not part of the document, and ofxtools refuses text after the last tag. A file without
    ``</OFX>`` was cut short, and is refused.
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    start = _OFX_START.search(data)
    if start is None:
        raise ParseError("no <OFX> element: this is not an OFX file", source=source)
    header = data[: start.start()]
    codec = "utf-8"
    if match := _XML_ENCODING.search(header):
        codec = match.group(1).decode("ascii")
    elif match := _V1_CHARSET.search(header):
        codec = _CHARSETS.get(match.group(1).decode("ascii").upper(), "cp1252")
    try:
        codecs.lookup(codec)
    except LookupError:
        codec = "utf-8"
    raw = data[start.start() :]
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        # Banks label Windows-1252 files as UTF-8 or ASCII; 1252 decodes every byte that matters.
        text = raw.decode("cp1252", errors="replace")
    ends = list(_OFX_END.finditer(text))
    if not ends:
        # A download cut short: its last amount may be cut too ("-25.00" read as "-2"), which
        # the markup alone does not show, as OFX 1 leaves elements unclosed.
        raise ParseError(
            "the file ends before </OFX>: it was cut short; download it again",
            source=source,
            line=header.count(b"\n") + text.count("\n") + 1,
        )
    text = text[: ends[-1].end()]
    return text, header.count(b"\n") + 1


def _securities(root: ET.Element) -> dict[str, str]:
    """Map security ids to a readable label (name and ticker) from the SECLIST."""
    labels: dict[str, str] = {}
    for info in root.iter("SECINFO"):
        uid = _text(info, "SECID/UNIQUEID")
        name = _text(info, "SECNAME")
        ticker = _text(info, "TICKER")
        if uid and (name or ticker):
            labels[uid] = f"{name} ({ticker})" if name and ticker else name or ticker or uid
    return labels


def _text(element: ET.Element | None, path: str) -> str | None:
    """The text at ``path`` below ``element``, unescaped and stripped; None if absent or blank."""
    found = element.find(path) if element is not None else None
    if found is None or found.text is None or not found.text.strip():
        return None
    # ofxtools' String type undoes the character escapes OFX allows (&amp; &lt; &nbsp; ...).
    value = ofx_types.String().convert(found.text.strip())
    return value.strip() if isinstance(value, str) and value.strip() else None


def _decimal(raw: str) -> Decimal | None:
    try:
        value = ofx_types.Decimal().convert(raw)
    except (decimal.InvalidOperation, ValueError):
        return None
    return value if isinstance(value, Decimal) and value.is_finite() else None


def _date(raw: str | None) -> date | None:
    """The calendar date of an OFX date-time, or None when it is missing or invalid."""
    if raw is None:
        return None
    try:
        ofx_types.DateTime().convert(raw)
    except (ofx_types.OFXSpecError, ValueError):
        return None
    # Keep the calendar date the bank wrote: ofxtools normalises to UTC, which would move an
    # evening posting in a western time zone to the next day.
    return date(int(raw[0:4]), int(raw[4:6]), int(raw[6:8]))


def _currency(raw: str | None) -> str | None:
    # Only a per-line CURRENCY changes the line's currency: it means the amount is in that
    # currency. ORIGCURRENCY means the amount was already converted to the statement's CURDEF.
    return raw.upper() if raw and len(raw) == 3 and raw.isalpha() else None


def _describe(name: str | None, memo: str | None) -> str:
    """NAME and MEMO as one description, without repeating a NAME the MEMO already contains.

    Banks truncate NAME (32 characters in OFX 1.x) and often repeat it in full in MEMO.
    """
    if name and memo:
        if name.casefold() in memo.casefold():
            return memo
        return f"{name} / {memo}"
    return name or memo or ""


def _one_line(message: str) -> str:
    """Collapse line breaks from the file's own text so an error stays one line."""
    return " ".join(message.split())
