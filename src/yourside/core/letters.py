"""Letters to vendors and supervisory authorities, written from the customer's own facts.

Framework-free: a :class:`LetterFacts` of plain data in, a :class:`Letter` (subject and plain-text
body) out, in English or German, plus the ways to send it: an ``.eml`` message and a ``mailto:``
link. There is no PDF writer here: a correct one needs an embedded Unicode font (the standard
PDF fonts cannot show every name a customer may type), which means a dependency such as fpdf2.

What the letters say, and why:

* Only facts the customer gave. Identity fields come solely from ``LetterFacts.identity``, the
  ones the customer chose to disclose; nothing is looked up or filled in.
* The right provision, cited the way the reader expects. GDPR and UK GDPR share article numbers
  (Art. 15 access, 16 rectification, 17 erasure, 20 portability, 21(2) objection to direct
  marketing, 7(3) withdrawal of consent, 12(3) the one-month deadline); German letters cite them
  the German way ("Art. 21 Abs. 2 DSGVO"). The CCPA's are Cal. Civ. Code sections: 1798.100 and
  .110 (right to know), .105 (deletion), .106 (correction), .120 (opt-out of sale and sharing),
  .121 (limit use of sensitive information), and the 45 days of .130(a)(2); an opt-out has 15
  business days (Cal. Code Regs. tit. 11, 7026(f)).
* Consent withdrawal (Art. 7(3)) has no deadline of its own, since Art. 12(3) covers Articles 15
  to 22 only; the letter therefore also asks for erasure of what was processed on that consent
  (Art. 17(1)(b)), which brings the one-month deadline with it.
* The case reference goes into the subject ("... - Ref. YS-2026-0042") and into the Message-ID of
  an ``.eml``, so a reply can be matched by its subject or its ``In-Reply-To`` header.
* Money and dates are formatted by babel for the letter's language: "23 November 2026" and
  "€39.99" in English (British conventions: the laws cited are mostly European), "23. November
  2026" and "39,99 €" in German. babel's no-break spaces become plain spaces, because letters are
  often pasted into vendors' web forms, and some of those reject or mangle them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from email.charset import Charset
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid, parseaddr
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import quote

from babel.dates import format_date
from babel.numbers import format_currency

from yourside.core.deadlines import Law

__all__ = [
    "DATA_RIGHTS",
    "AgreementFacts",
    "CaseKind",
    "DataItem",
    "Language",
    "Letter",
    "LetterFacts",
    "Money",
    "OrderFacts",
    "TransactionFacts",
    "WarrantyFacts",
    "as_eml",
    "escalation_complaint",
    "follow_up_letter",
    "mailto_link",
    "write_letter",
]

Language = Literal["en", "de"]


class CaseKind(StrEnum):
    """What a case asks for; the same values as ``yourside.cases.models.Case.Kind``."""

    INQUIRY = "inquiry"
    COMPLAINT = "complaint"
    REFUND = "refund"
    WARRANTY = "warranty"
    CANCELLATION = "cancellation"
    PRICE_RISE = "price-rise"
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    OBJECTION = "objection"
    PORTABILITY = "portability"
    CONSENT = "consent"


DATA_RIGHTS = frozenset(
    {
        CaseKind.ACCESS,
        CaseKind.RECTIFICATION,
        CaseKind.ERASURE,
        CaseKind.OBJECTION,
        CaseKind.PORTABILITY,
        CaseKind.CONSENT,
    }
)


# --- Facts ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in a currency (ISO 4217 code)."""

    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """An order the letter is about."""

    number: str = ""
    date: date | None = None
    total: Money | None = None


@dataclass(frozen=True, slots=True)
class TransactionFacts:
    """A payment in question, as the customer's statement shows it."""

    date: date
    amount: Money
    description: str = ""


@dataclass(frozen=True, slots=True)
class AgreementFacts:
    """The contract a cancellation or price-rise objection is about.

    ``notice`` and ``notice_unit`` (days, weeks or months) as on ``Agreement``; ``cancel_by`` is
    the last day to give notice and ``renewal`` the renewal that notice stops (the next one, or
    the one after it when the next one's notice date has passed).
    """

    name: str
    notice: int | None = None
    notice_unit: str = "days"
    cancel_by: date | None = None
    renewal: date | None = None
    price: Money | None = None
    new_price: Money | None = None
    new_price_from: date | None = None


@dataclass(frozen=True, slots=True)
class WarrantyFacts:
    """The product a warranty claim is about."""

    product: str
    serial: str = ""
    purchase_date: date | None = None
    warranty_end: date | None = None


@dataclass(frozen=True, slots=True)
class DataItem:
    """A piece of personal data: what the vendor holds (``wrong``) and, to rectify, ``right``.

    For erasure and consent only ``label`` is needed ("newsletter", "purchase history").
    """

    label: str
    wrong: str = ""
    right: str = ""


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """Everything a letter may say, all of it from the customer.

    ``identity`` maps a label to a value for each identity field the customer chose to disclose
    (nothing else about them appears in a letter). Well-known labels are translated: ``name``,
    ``address``, ``email``, ``phone``, ``customer_number``, ``account_number``,
    ``contract_number``, ``date_of_birth``, ``username`` (spaces and hyphens count as
    underscores); any other label is printed as given. ``details`` is the customer's own text.
    ``law`` may be a :class:`Law` or its value; ``kind`` a :class:`CaseKind` or its value.
    """

    kind: CaseKind
    vendor_name: str
    reference: str
    letter_date: date
    identity: Mapping[str, str] = field(default_factory=dict)
    vendor_address: str = ""
    vendor_email: str = ""
    law: Law | None = None
    details: str = ""
    orders: tuple[OrderFacts, ...] = ()
    amount: Money | None = None
    agreement: AgreementFacts | None = None
    warranty: WarrantyFacts | None = None
    transactions: tuple[TransactionFacts, ...] = ()
    items: tuple[DataItem, ...] = ()
    response_due: date | None = None

    def __post_init__(self) -> None:
        # Accept the plain values a service or form hands over, and freeze what could change.
        object.__setattr__(self, "kind", CaseKind(self.kind))
        if self.law is not None:
            object.__setattr__(self, "law", Law(self.law))
        object.__setattr__(self, "identity", MappingProxyType(dict(self.identity)))
        for name in ("orders", "transactions", "items"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


@dataclass(frozen=True, slots=True)
class Letter:
    """A letter ready to send: a one-line subject and a plain-text body.

    Both are normalised on creation, whatever went into them: the subject to one line, the body to
    ``\\n`` line ends with a final newline, and neither holds control characters other than tabs.
    That is what lets any letter become an email and come back unchanged.
    """

    subject: str
    body: str
    reference: str = ""
    language: Language = "en"

    def __post_init__(self) -> None:
        # Whitespace (line breaks too) becomes single spaces before control characters go.
        subject = _printable(" ".join(self.subject.split()))
        object.__setattr__(self, "subject", " ".join(subject.split()))
        lines = (_printable(line) for line in self.body.splitlines())
        object.__setattr__(self, "body", "".join(f"{line}\n" for line in lines))


# --- Public API ----------------------------------------------------------------------------------


def write_letter(facts: LetterFacts, language: Language = "en") -> Letter:
    """The letter for a case: the request, the facts, the law and the deadline, in ``language``."""
    w = _Writer(facts, _language(language))
    parts = [
        w.opening(),
        w.details(),
        _para(facts.details),
        w.deadline(),
        w.identity(),
        w.reference_line(),
    ]
    return w.letter(w.subject(), parts)


def follow_up_letter(
    facts: LetterFacts,
    language: Language,
    sent_on: date,
    due: date,
    *,
    grace_days: int = 14,
) -> Letter:
    """A reminder after ``due`` passed without a full answer to the letter sent on ``sent_on``.

    ``facts.letter_date`` is the date of the reminder. It sets a last date ``grace_days`` later,
    says what happens then (for data rights, a complaint to the supervisory authority) and quotes
    the original letter underneath.
    """
    lang = _language(language)
    w = _Writer(facts, lang)
    t = _PHRASES[lang]
    last_day = facts.letter_date + timedelta(days=grace_days)
    first = t["reminder"].format(
        sent_on=w.date(sent_on), noun=w.wording.noun, due=w.date(due), ref=_ref(facts, t)
    )
    family = w.family
    if family == "none":
        demand = t["reminder_demand"].format(last=w.date(last_day))
    else:
        demand = w.cite(t[f"reminder_demand_{family}"]).format(
            rule=w.deadline_rule(), last=w.date(last_day)
        )
    original = write_letter(replace(facts, letter_date=sent_on), lang)
    quoted = t["original"].format(date=w.date(sent_on))
    parts = [first, demand, w.reference_line()]
    letter = w.letter(f"{t['reminder_prefix']}: {w.subject()}", parts)
    return Letter(
        subject=letter.subject,
        body=f"{letter.body}\n{quoted}\n\n{original.body}",
        reference=facts.reference,
        language=lang,
    )


def escalation_complaint(
    facts: LetterFacts,
    authority_name: str,
    timeline: Sequence[tuple[date, str]],
    language: Language = "en",
) -> Letter:
    """A complaint to the supervisory authority about a vendor that did not comply, with the
    timeline of what happened (date and event, in any order; it is sorted by date)."""
    lang = _language(language)
    w = _Writer(facts, lang, recipient=(authority_name,))
    t = _PHRASES[lang]
    vendor = ", ".join(
        x for x in (facts.vendor_name, _one_line(facts.vendor_address)) if x.strip()
    ) + (f" ({facts.vendor_email})" if facts.vendor_email else "")
    family = w.family
    parts = [
        w.cite(t[f"complaint_{family}"]).format(vendor=vendor, noun=w.wording.noun),
        _list(
            t["timeline"],
            [
                f"{w.date(day)}: {_one_line(event)}"
                for day, event in sorted(timeline, key=lambda e: e[0])
            ],
        ),
        t["complaint_due"].format(due=w.date(facts.response_due)) if facts.response_due else "",
        _para(facts.details),
        w.cite(t[f"complaint_ask_{family}"]).format(vendor=facts.vendor_name),
        t["complaint_copies"],
        w.identity(heading=t["complaint_identity"], ask_minimum=False),
        t["complaint_reference"].format(ref=facts.reference) if facts.reference else "",
    ]
    subject = w.cite(t[f"complaint_subject_{family}"]).format(vendor=facts.vendor_name)
    return w.letter(_with_ref(subject, facts, t), parts)


def as_eml(letter: Letter, from_addr: str, to_addr: str, date: datetime | date) -> bytes:
    """The letter as an RFC 5322 message (UTF-8, CRLF line ends), ready to save as ``.eml``.

    The Message-ID carries the case reference, so the ``In-Reply-To`` of a reply names the case.
    A ``date`` without a time or time zone is taken as UTC (a plain date as 09:00 UTC). Parsed
    back, the body has CRLF line ends, the canonical form of text in mail.
    """
    if not isinstance(date, datetime):
        date = datetime.combine(date, time(9, 0))
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    msg = EmailMessage(policy=_MAIL_POLICY)
    msg["From"] = from_addr
    msg["To"] = to_addr
    msg["Subject"] = letter.subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = make_msgid(
        idstring=_MSGID_UNSAFE.sub("-", letter.reference).strip("-") or None,
        domain=_msgid_domain(from_addr),
    )
    # Quoted-printable keeps the message 7-bit clean and still readable as text.
    msg.set_content(letter.body, charset="utf-8", cte="quoted-printable")
    return msg.as_bytes()


def mailto_link(letter: Letter, to_addr: str) -> str:
    """A ``mailto:`` link that opens the letter in the customer's mail program (RFC 6068).

    Everything but the address's ``@`` is percent-encoded as UTF-8, spaces as ``%20`` (a ``+``
    would stay a plus), line ends as ``%0D%0A``. Some mail programs cut links beyond about 2,000
    characters; offer the ``.eml`` as well for long letters.
    """
    subject = quote(letter.subject, safe="")
    body = quote(letter.body.replace("\n", "\r\n"), safe="")
    return f"mailto:{quote(to_addr.strip(), safe='@')}?subject={subject}&body={body}"


class _MailPolicy(EmailPolicy):
    """``email.policy.SMTP``, except that the subject is folded by the older ``Header`` encoder.

    The standard folder mis-folds some subjects, and the parser then reads them back changed:
    "... - Ref. ¡" at a fold gains a space ("Ref.  ¡"), a long ASCII subject can gain a leading
    one (CPython 3.11 to 3.13), and literal "=?utf-8?q?...?=" text is taken for an encoded word and
    decoded. ``email.header.Header`` has none of these problems, so the subject is stored as given
    and folded by it: as plain ASCII when it can be, else as RFC 2047 UTF-8 words throughout.
    Every other header is folded as usual.
    """

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        if name.lower() == "subject":
            return (name, value)
        return super().header_store_parse(name, value)

    def fold(self, name: str, value: str) -> str:
        if name.lower() != "subject":
            folded: str = super().fold(name, value)
            return folded
        plain = value.isascii() and "=?" not in value
        header = Header(value, Charset("us-ascii" if plain else "utf-8"), header_name=name)
        return f"{name}: {header.encode(linesep=self.linesep)}{self.linesep}"

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() == "subject":
            return self.fold(name, value).encode("ascii")
        return super().fold_binary(name, value)


_MAIL_POLICY = _MailPolicy(linesep="\r\n")


# --- Writing -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Wording:
    title: str  # the subject's first words
    noun: str  # the letter as the object of a sentence: "my request to erase my personal data"
    cite: Mapping[str, str]  # law family -> the provision the subject names


class _Writer:
    """Renders the parts every letter shares, for one set of facts in one language."""

    def __init__(
        self, facts: LetterFacts, lang: Language, recipient: Sequence[str] | None = None
    ) -> None:
        self.facts = facts
        self.lang = lang
        self.t = _PHRASES[lang]
        self.wording = _WORDING[lang][facts.kind]
        # Which law's wording applies. Consumer matters cite none, whatever law the case names:
        # a complaint about a late parcel is no GDPR request.
        law = facts.law if facts.kind in DATA_RIGHTS else None
        self.family = "none" if law is None else "ccpa" if law is Law.CCPA else "gdpr"
        self.recipient = (
            recipient
            if recipient is not None
            else (facts.vendor_name, *facts.vendor_address.splitlines())
        )

    # Formatting

    def date(self, day: date) -> str:
        return format_date(day, format="long", locale=_LOCALE[self.lang])

    def money(self, money: Money, *, absolute: bool = False) -> str:
        amount = abs(money.amount) if absolute else money.amount
        text = format_currency(amount, money.currency.upper(), locale=_LOCALE[self.lang])
        return text.replace("\xa0", " ").replace("\u202f", " ")

    def cite(self, text: str) -> str:
        """Replace ``[[17(1)(b)]]`` with the article as this law and language cite it."""
        law = "UK GDPR" if self.facts.law is Law.UK_GDPR else self.t["gdpr"]

        def article(found: re.Match[str]) -> str:
            number, subs = found.group(1), re.findall(r"\((\w+)\)", found.group(2))
            if self.lang == "de":
                words = [" Abs. ", " lit. ", " "]
                tail = "".join(f"{words[min(i, 2)]}{s}" for i, s in enumerate(subs))
                return f"Art. {number}{tail} {law}"
            return f"Art. {number}{''.join(f'({s})' for s in subs)} {law}"

        return _ARTICLE.sub(article, text)

    # Parts

    def subject(self) -> str:
        cite = self.wording.cite.get(self.family, "")
        title = f"{self.wording.title} ({self.cite(cite)})" if cite else self.wording.title
        return _with_ref(title, self.facts, self.t)

    def opening(self) -> str:
        return _OPENINGS[self.facts.kind](self)

    def details(self) -> str:
        f, t = self.facts, self.t
        lines = []
        for order in f.orders:
            parts = [t["order"].format(number=_one_line(order.number)).strip()]
            if order.date:
                parts.append(t["order_date"].format(date=self.date(order.date)))
            text = " ".join(parts)
            lines.append(f"{text}, {self.money(order.total)}" if order.total else text)
        for tx in f.transactions:
            line = t["payment"].format(
                amount=self.money(tx.amount, absolute=True), date=self.date(tx.date)
            )
            lines.append(f"{line}: {_one_line(tx.description)}" if tx.description else line)
        if f.amount and f.kind is not CaseKind.REFUND:
            lines.append(f"{t['amount']}: {self.money(f.amount)}")
        if f.agreement:
            lines.append(self._agreement(f.agreement))
        if f.warranty:
            lines.append(self._warranty(f.warranty))
        return _list(t["details"], lines)

    def _agreement(self, a: AgreementFacts) -> str:
        t = self.t
        parts = []
        if a.notice:
            unit = t.get(f"{a.notice_unit}_{'one' if a.notice == 1 else 'many'}", a.notice_unit)
            parts.append(t["notice"].format(n=a.notice, unit=unit))
        if a.cancel_by:
            parts.append(t["cancel_by"].format(date=self.date(a.cancel_by)))
        if a.renewal:
            parts.append(t["renews"].format(date=self.date(a.renewal)))
        text = f"{t['contract']}: {_one_line(a.name)}"
        return f"{text} ({'; '.join(parts)})" if parts else text

    def _warranty(self, wf: WarrantyFacts) -> str:
        t = self.t
        parts = [f"{t['product']}: {_one_line(wf.product)}"]
        if wf.serial:
            parts.append(t["serial"].format(serial=_one_line(wf.serial)))
        if wf.purchase_date:
            parts.append(t["bought"].format(date=self.date(wf.purchase_date)))
        if wf.warranty_end:
            parts.append(t["warranty_until"].format(date=self.date(wf.warranty_end)))
        return ", ".join(parts)

    def identity(self, heading: str | None = None, *, ask_minimum: bool = True) -> str:
        t = self.t
        lines = [
            f"{_identity_label(label, self.lang)}: {_one_line(value)}"
            for label, value in self.facts.identity.items()
            if value.strip()
        ]
        block = _list(heading or t["identity"], lines, bullet="")
        if ask_minimum and self.family == "gdpr" and self.facts.kind in DATA_RIGHTS:
            block = "\n\n".join(x for x in (block, self.cite(t["identity_minimum"])) if x)
        return block

    def deadline_rule(self) -> str:
        """The provision that sets the vendor's deadline, for reminders."""
        if self.family == "ccpa" and self.facts.kind in _OPT_OUT:
            return "Cal. Code Regs. tit. 11, §7026(f)"
        if self.family == "ccpa":
            return "Cal. Civ. Code §1798.130(a)(2)"
        return self.cite("[[12(3)]]")

    def deadline(self) -> str:
        f, t = self.facts, self.t
        due = t["due_clause"].format(date=self.date(f.response_due)) if f.response_due else ""
        if f.kind in DATA_RIGHTS and self.family == "gdpr":
            return self.cite(t["deadline_gdpr"]).format(due=due)
        if f.kind in DATA_RIGHTS and self.family == "ccpa":
            key = "deadline_ccpa_opt_out" if f.kind in _OPT_OUT else "deadline_ccpa"
            return t[key].format(due=due)
        # No statutory period to cite: ask for an answer within two weeks unless told otherwise.
        reply_by = f.response_due or f.letter_date + timedelta(days=14)
        return t["deadline_plain"].format(date=self.date(reply_by))

    def reference_line(self) -> str:
        ref = self.facts.reference
        return self.t["quote_reference"].format(ref=ref) if ref else ""

    def letter(self, subject: str, parts: Iterable[str]) -> Letter:
        t = self.t
        name = next(
            (v for k, v in self.facts.identity.items() if _identity_key(k) == "name" and v.strip()),
            "",
        )
        head = "\n".join(_one_line(x) for x in self.recipient if x.strip())
        paragraphs = [
            head,
            self.date(self.facts.letter_date),
            t["salutation"],
            *(p for p in parts if p.strip()),
            f"{t['closing']}\n{_one_line(name)}" if name else t["closing"],
        ]
        body = "\n\n".join(p for p in paragraphs if p)
        return Letter(subject, body, reference=self.facts.reference, language=self.lang)


# --- Openings, one per kind ----------------------------------------------------------------------

_OPT_OUT = frozenset({CaseKind.OBJECTION, CaseKind.CONSENT})


def _items(w: _Writer, *, rectify: bool) -> list[str]:
    t = w.t
    lines = []
    for item in w.facts.items:
        label, wrong, right = (_one_line(x) for x in (item.label, item.wrong, item.right))
        if rectify and right:
            key = "item_fix" if wrong else "item_set"
            lines.append(t[key].format(label=label, wrong=wrong, right=right))
        elif wrong:
            lines.append(t["item_value"].format(label=label, value=wrong))
        elif label:
            lines.append(label)
    return lines


def _rights_opening(w: _Writer) -> str:
    """Data-rights letters: the request in the words of the law that applies."""
    kind, t = w.facts.kind, w.t
    key = f"{kind.value}_{w.family}"
    if kind in (CaseKind.RECTIFICATION, CaseKind.ERASURE):
        # What to correct shows both values; what to erase, the value at most.
        items = _items(w, rectify=kind is CaseKind.RECTIFICATION)
        request = _list(w.cite(t[f"{key}_items"]), items) if items else w.cite(t[key])
        return f"{request}\n\n{w.cite(t[f'{key}_after'])}"
    if kind is CaseKind.CONSENT:
        labels = [_one_line(item.label) for item in w.facts.items if item.label.strip()]
        scope = t["consent_scope"].format(items=", ".join(labels)) if labels else ""
        return w.cite(t[key]).format(scope=scope)
    return w.cite(t[key])


def _inquiry(w: _Writer) -> str:
    return w.t["inquiry"]


def _complaint(w: _Writer) -> str:
    return w.t["complaint"]


def _refund(w: _Writer) -> str:
    f, t = w.facts, w.t
    if f.amount:
        return t["refund_amount"].format(amount=w.money(f.amount, absolute=True))
    return t["refund_listed"]


def _warranty_claim(w: _Writer) -> str:
    f, t = w.facts, w.t
    parts = [t["warranty"]]
    end = f.warranty.warranty_end if f.warranty else None
    if end and end >= f.letter_date:
        parts.append(t["warranty_in_time"].format(date=w.date(end)))
    parts.append(t["warranty_demand"])
    return " ".join(parts)


def _cancellation(w: _Writer) -> str:
    f, t = w.facts, w.t
    a = f.agreement
    parts = [t["cancel"].format(name=_quoted(a.name, w.lang) if a else "").replace("  ", " ")]
    if a and a.renewal and (a.cancel_by is None or f.letter_date <= a.cancel_by):
        parts.append(t["cancel_in_time"].format(date=w.date(a.renewal)))
    parts.append(t["cancel_demand"])
    return " ".join(parts)


def _price_rise(w: _Writer) -> str:
    f, t = w.facts, w.t
    a = f.agreement
    change = ""
    if a and a.price and a.new_price:
        change = t["price_change"].format(old=w.money(a.price), new=w.money(a.new_price))
    if a and a.new_price_from:
        change += t["price_from"].format(date=w.date(a.new_price_from))
    name = _quoted(a.name, w.lang) if a else ""
    return " ".join(
        [
            t["price_rise"].format(name=name, change=change).replace("  ", " "),
            t["price_rise_demand"],
        ]
    )


_OPENINGS = {
    CaseKind.INQUIRY: _inquiry,
    CaseKind.COMPLAINT: _complaint,
    CaseKind.REFUND: _refund,
    CaseKind.WARRANTY: _warranty_claim,
    CaseKind.CANCELLATION: _cancellation,
    CaseKind.PRICE_RISE: _price_rise,
    **dict.fromkeys(DATA_RIGHTS, _rights_opening),
}


# --- Small helpers -------------------------------------------------------------------------------

_LOCALE: Mapping[Language, str] = {"en": "en_GB", "de": "de_DE"}
_ARTICLE = re.compile(r"\[\[(\d+)((?:\(\w+\))*)\]\]")
_MSGID_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")
_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_IDENTITY_LABELS: Mapping[str, Mapping[Language, str]] = {
    "name": {"en": "Name", "de": "Name"},
    "address": {"en": "Address", "de": "Anschrift"},
    "email": {"en": "Email", "de": "E-Mail"},
    "phone": {"en": "Phone", "de": "Telefon"},
    "customer_number": {"en": "Customer number", "de": "Kundennummer"},
    "account_number": {"en": "Account number", "de": "Kontonummer"},
    "contract_number": {"en": "Contract number", "de": "Vertragsnummer"},
    "date_of_birth": {"en": "Date of birth", "de": "Geburtsdatum"},
    "username": {"en": "User name", "de": "Benutzername"},
}


def _language(language: str) -> Language:
    if language == "en":
        return "en"
    if language == "de":
        return "de"
    raise ValueError(f"letters are written in 'en' or 'de', not {language!r}")


def _printable(text: str) -> str:
    """Drop control characters (tabs stay) and lone surrogates, which no mail can carry."""
    return "".join(c for c in text if c == "\t" or unicodedata.category(c) not in ("Cc", "Cs"))


def _one_line(text: str) -> str:
    """Lines joined with commas (an address in a sentence), whitespace runs collapsed."""
    return " ".join(", ".join(x.strip() for x in text.splitlines() if x.strip()).split())


def _para(text: str) -> str:
    """The customer's own text as paragraphs, blank lines collapsed, their line breaks kept."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


def _list(heading: str, lines: Sequence[str], bullet: str = "- ") -> str:
    if not lines:
        return ""
    return "\n".join([heading, *(f"{bullet}{line}" for line in lines)])


def _quoted(text: str, lang: Language) -> str:
    text = _one_line(text)
    if not text:
        return ""
    return f"„{text}“" if lang == "de" else f'"{text}"'


def _ref(facts: LetterFacts, t: Mapping[str, str]) -> str:
    return t["ref_paren"].format(ref=facts.reference) if facts.reference else ""


def _with_ref(title: str, facts: LetterFacts, t: Mapping[str, str]) -> str:
    return f"{title} - {t['ref']} {facts.reference}" if facts.reference else title


def _identity_key(label: str) -> str:
    return re.sub(r"[\s-]+", "_", label.strip().lower())


def _identity_label(label: str, lang: Language) -> str:
    known = _IDENTITY_LABELS.get(_identity_key(label))
    return known[lang] if known else _one_line(label)


def _msgid_domain(from_addr: str) -> str:
    # make_msgid would otherwise ask the network for this machine's name.
    domain = parseaddr(from_addr)[1].rpartition("@")[2]
    return domain if _DOMAIN.match(domain) else "yourside.invalid"


# --- Wording -------------------------------------------------------------------------------------
# Paragraph templates per language. [[15(3)]] marks a GDPR article, rendered by _Writer.cite;
# German sentences that open a letter start in lower case, after "Sehr geehrte Damen und Herren,".

_WORDING: Mapping[Language, Mapping[CaseKind, _Wording]] = {
    "en": {
        CaseKind.INQUIRY: _Wording("Inquiry", "my inquiry", {}),
        CaseKind.COMPLAINT: _Wording("Complaint", "my complaint", {}),
        CaseKind.REFUND: _Wording("Request for a refund", "my request for a refund", {}),
        CaseKind.WARRANTY: _Wording("Warranty claim", "my warranty claim", {}),
        CaseKind.CANCELLATION: _Wording("Cancellation", "my notice of cancellation", {}),
        CaseKind.PRICE_RISE: _Wording(
            "Objection to your price rise", "my objection to your price rise", {}
        ),
        CaseKind.ACCESS: _Wording(
            "Request for access to my personal data",
            "my request for access to my personal data",
            {"gdpr": "[[15]]", "ccpa": "Cal. Civ. Code §1798.110"},
        ),
        CaseKind.RECTIFICATION: _Wording(
            "Request to correct my personal data",
            "my request to correct my personal data",
            {"gdpr": "[[16]]", "ccpa": "Cal. Civ. Code §1798.106"},
        ),
        CaseKind.ERASURE: _Wording(
            "Request to erase my personal data",
            "my request to erase my personal data",
            {"gdpr": "[[17]]", "ccpa": "Cal. Civ. Code §1798.105"},
        ),
        CaseKind.OBJECTION: _Wording(
            "Objection to direct marketing",
            "my objection to direct marketing",
            {"gdpr": "[[21(2)]]", "ccpa": "Cal. Civ. Code §1798.120"},
        ),
        CaseKind.PORTABILITY: _Wording(
            "Request for my personal data in a portable format",
            "my request for my personal data in a portable format",
            {"gdpr": "[[20]]", "ccpa": "Cal. Civ. Code §1798.110"},
        ),
        CaseKind.CONSENT: _Wording(
            "Withdrawal of consent",
            "my withdrawal of consent",
            {"gdpr": "[[7(3)]]", "ccpa": "Cal. Civ. Code §1798.120"},
        ),
    },
    "de": {
        CaseKind.INQUIRY: _Wording("Anfrage", "meine Anfrage", {}),
        CaseKind.COMPLAINT: _Wording("Beschwerde", "meine Beschwerde", {}),
        CaseKind.REFUND: _Wording(
            "Aufforderung zur Erstattung", "meine Aufforderung zur Erstattung", {}
        ),
        CaseKind.WARRANTY: _Wording(
            "Geltendmachung von Gewährleistung und Garantie",
            "meine Ansprüche aus Gewährleistung und Garantie",
            {},
        ),
        CaseKind.CANCELLATION: _Wording("Kündigung", "meine Kündigung", {}),
        CaseKind.PRICE_RISE: _Wording(
            "Widerspruch gegen Ihre Preiserhöhung",
            "meinen Widerspruch gegen Ihre Preiserhöhung",
            {},
        ),
        CaseKind.ACCESS: _Wording(
            "Antrag auf Auskunft über meine personenbezogenen Daten",
            "meinen Antrag auf Auskunft über meine personenbezogenen Daten",
            {"gdpr": "[[15]]", "ccpa": "Cal. Civ. Code §1798.110"},
        ),
        CaseKind.RECTIFICATION: _Wording(
            "Antrag auf Berichtigung meiner personenbezogenen Daten",
            "meinen Antrag auf Berichtigung meiner personenbezogenen Daten",
            {"gdpr": "[[16]]", "ccpa": "Cal. Civ. Code §1798.106"},
        ),
        CaseKind.ERASURE: _Wording(
            "Antrag auf Löschung meiner personenbezogenen Daten",
            "meinen Antrag auf Löschung meiner personenbezogenen Daten",
            {"gdpr": "[[17]]", "ccpa": "Cal. Civ. Code §1798.105"},
        ),
        CaseKind.OBJECTION: _Wording(
            "Widerspruch gegen Direktwerbung",
            "meinen Widerspruch gegen Direktwerbung",
            {"gdpr": "[[21(2)]]", "ccpa": "Cal. Civ. Code §1798.120"},
        ),
        CaseKind.PORTABILITY: _Wording(
            "Antrag auf Datenübertragung",
            "meinen Antrag auf Datenübertragung",
            {"gdpr": "[[20]]", "ccpa": "Cal. Civ. Code §1798.110"},
        ),
        CaseKind.CONSENT: _Wording(
            "Widerruf meiner Einwilligung",
            "den Widerruf meiner Einwilligung",
            {"gdpr": "[[7(3)]]", "ccpa": "Cal. Civ. Code §1798.120"},
        ),
    },
}

_EN: Mapping[str, str] = {
    "gdpr": "GDPR",
    "ref": "Ref.",
    "ref_paren": " (reference {ref})",
    "salutation": "Dear Sir or Madam,",
    "closing": "Yours faithfully,",
    "quote_reference": "Please quote the reference {ref} in your reply.",
    "details": "The details:",
    "order": "Order {number}",
    "order_date": "of {date}",
    "payment": "Payment of {amount} on {date}",
    "amount": "Amount",
    "contract": "Contract",
    "notice": "notice period {n} {unit}",
    "days_one": "day",
    "days_many": "days",
    "weeks_one": "week",
    "weeks_many": "weeks",
    "months_one": "month",
    "months_many": "months",
    "cancel_by": "last day for notice {date}",
    "renews": "renews on {date}",
    "product": "Product",
    "serial": "serial number {serial}",
    "bought": "bought on {date}",
    "warranty_until": "warranty until {date}",
    "identity": "So that you can find my records:",
    "identity_minimum": (
        "Please do not ask me for more to identify me than you need: [[12(6)]] allows further "
        "information only where you have reasonable doubts about my identity."
    ),
    "due_clause": ", that is by {date}",
    "deadline_gdpr": (
        "Under [[12(3)]] you must act on this request without undue delay and at the latest "
        "within one month of receiving it{due}."
    ),
    "deadline_ccpa": (
        "Under Cal. Civ. Code §1798.130(a)(2) you must respond within 45 days of receiving this "
        "request{due}."
    ),
    "deadline_ccpa_opt_out": (
        "Under Cal. Code Regs. tit. 11, §7026(f) you must comply as soon as feasibly possible and "
        "no later than 15 business days after receiving this request{due}."
    ),
    "deadline_plain": "Please reply by {date}.",
    # Consumer matters
    "inquiry": "I have a question, set out below, and ask you to answer it in writing.",
    "complaint": (
        "I am making a formal complaint about the matter below. Please put it right and tell me "
        "in writing what you are going to do."
    ),
    "refund_amount": (
        "I ask you to refund {amount} to me. Please pay it back to the account or card it was "
        "paid from and confirm the refund in writing."
    ),
    "refund_listed": (
        "I ask you to refund the payments listed below. Please pay them back to the account or "
        "card they were paid from and confirm the refund in writing."
    ),
    "warranty": "I am making a claim under the warranty for the product below.",
    "warranty_in_time": "The warranty runs until {date}, so this claim is in time.",
    "warranty_demand": (
        "Please repair or replace the product free of charge, or tell me where to send it."
    ),
    "cancel": "I hereby cancel my contract {name} at the earliest possible date.",
    "cancel_in_time": "This notice is given in time to stop it renewing on {date}.",
    "cancel_demand": (
        "Please confirm the cancellation and the date on which the contract ends in writing. I do "
        "not agree to any renewal or extension."
    ),
    "price_rise": "I object to the price rise you have announced for my contract {name}{change}.",
    "price_change": ", from {old} to {new}",
    "price_from": ", with effect from {date}",
    "price_rise_demand": (
        "I do not agree to it. Please confirm that my contract continues at the current price, or "
        "tell me how I can end it free of charge before the new price applies."
    ),
    # Data rights under the GDPR and UK GDPR
    "access_gdpr": (
        "Under [[15]] I ask you to confirm whether you process personal data about me and, if "
        "you do, to give me:\n"
        "- a copy of all personal data you hold about me ([[15(3)]]);\n"
        "- the purposes for which you process it;\n"
        "- the categories of personal data concerned;\n"
        "- the recipients or categories of recipients to whom you have disclosed or will disclose "
        "it, in particular in third countries, and the safeguards for such transfers "
        "([[15(2)]]);\n"
        "- how long you will store it, or the criteria used to decide that;\n"
        "- where it came from, if you did not collect it from me;\n"
        "- whether you use automated decision-making, including profiling, and if so meaningful "
        "information about the logic involved and its significance and envisaged consequences "
        "for me."
    ),
    "rectification_gdpr": (
        "Under [[16]] I ask you to correct the inaccurate personal data about me described below "
        "without undue delay."
    ),
    "rectification_gdpr_items": (
        "Under [[16]] I ask you to correct the following inaccurate personal data about me "
        "without undue delay:"
    ),
    "rectification_gdpr_after": (
        "Please also inform everyone to whom you have disclosed the data of the correction "
        "([[19]]), and confirm to me in writing when it is done."
    ),
    "erasure_gdpr": (
        "Under [[17]] I ask you to erase all personal data you hold about me without undue delay."
    ),
    "erasure_gdpr_items": (
        "Under [[17]] I ask you to erase the following personal data about me without undue delay:"
    ),
    "erasure_gdpr_after": (
        "If you believe you must keep any of it, tell me which data, on which legal basis and for "
        "how long, and erase the rest. Please also inform everyone to whom you have disclosed the "
        "data of the erasure ([[19]]), and confirm to me in writing when it is done."
    ),
    "objection_gdpr": (
        "Under [[21(2)]] I object to the processing of my personal data for direct marketing, "
        "including any profiling related to it. From now on you may no longer process my "
        "personal data for these purposes ([[21(3)]]). Please confirm in writing that you have "
        "stopped."
    ),
    "portability_gdpr": (
        "Under [[20]] I ask you to give me the personal data about me that I have provided to "
        "you, including the data generated by my use of your service, in a structured, commonly "
        "used and machine-readable format (for example CSV or JSON)."
    ),
    "consent_gdpr": (
        "Under [[7(3)]] I withdraw every consent I have given you to process my personal "
        "data{scope}. The withdrawal takes effect immediately. As you no longer have a legal "
        "basis for that processing, I also ask you to erase the data you processed on the basis "
        "of my consent ([[17(1)(b)]]). Please confirm both in writing."
    ),
    "consent_scope": ", in particular for: {items}",
    # Data rights under the CCPA
    "access_ccpa": (
        "Under Cal. Civ. Code §1798.100 and §1798.110 I request that you disclose to me:\n"
        "- the categories of personal information you have collected about me;\n"
        "- the categories of sources from which you collected it;\n"
        "- the business or commercial purpose for collecting, selling or sharing it;\n"
        "- the categories of third parties to whom you disclose it;\n"
        "- the specific pieces of personal information you have collected about me."
    ),
    "rectification_ccpa": (
        "Under Cal. Civ. Code §1798.106 I request that you correct the inaccurate personal "
        "information about me described below."
    ),
    "rectification_ccpa_items": (
        "Under Cal. Civ. Code §1798.106 I request that you correct the following inaccurate "
        "personal information about me:"
    ),
    "rectification_ccpa_after": "Please confirm to me in writing when it is done.",
    "erasure_ccpa": (
        "Under Cal. Civ. Code §1798.105 I request that you delete all personal information about "
        "me that you have collected from me."
    ),
    "erasure_ccpa_items": (
        "Under Cal. Civ. Code §1798.105 I request that you delete the following personal "
        "information about me:"
    ),
    "erasure_ccpa_after": (
        "Please direct your service providers and contractors to delete it too. If you believe an "
        "exception applies to any of it, tell me which information and which exception. Please "
        "confirm to me in writing when it is done."
    ),
    "objection_ccpa": (
        "Under Cal. Civ. Code §1798.120 I direct you not to sell or share my personal "
        "information. Please also stop sending me marketing, and confirm in writing that you "
        "have done both."
    ),
    "portability_ccpa": (
        "Under Cal. Civ. Code §1798.100, §1798.110 and §1798.130 I request a copy of the "
        "specific pieces of personal information you have collected about me, in a portable and, "
        "to the extent technically feasible, readily usable format that allows me to transmit it "
        "to another entity."
    ),
    "consent_ccpa": (
        "I withdraw every consent I have given you to use my personal information{scope}. Under "
        "Cal. Civ. Code §1798.120 I direct you not to sell or share my personal information, and "
        "under §1798.121 to limit the use of my sensitive personal information to what is "
        "necessary to provide the services I have asked for. Please confirm in writing."
    ),
    # Data rights where no data-protection law is named
    "access_none": (
        "I ask you to tell me what personal data you hold about me, for what purposes you use it, "
        "to whom you have disclosed it and where you got it from, and to send me a copy of it."
    ),
    "rectification_none": (
        "I ask you to correct the inaccurate personal data about me described below."
    ),
    "rectification_none_items": (
        "I ask you to correct the following inaccurate personal data about me:"
    ),
    "rectification_none_after": "Please confirm to me in writing when it is done.",
    "erasure_none": "I ask you to erase all personal data you hold about me.",
    "erasure_none_items": "I ask you to erase the following personal data about me:",
    "erasure_none_after": "Please confirm to me in writing when it is done.",
    "objection_none": (
        "I object to the use of my personal data for marketing. Please stop it and confirm in "
        "writing that you have done so."
    ),
    "portability_none": (
        "I ask you to send me the personal data I have provided to you in a structured, commonly "
        "used and machine-readable format (for example CSV or JSON)."
    ),
    "consent_none": (
        "I withdraw every consent I have given you to use my personal data{scope}, with "
        "immediate effect. Please confirm in writing."
    ),
    "item_fix": '{label}: you hold "{wrong}"; correct is "{right}"',
    "item_set": '{label}: correct is "{right}"',
    "item_value": '{label}: "{value}"',
    # Reminders
    "reminder_prefix": "Reminder",
    "reminder": (
        "On {sent_on} I sent you {noun}{ref}. Your answer was due by {due}, and I have not "
        "received a complete answer."
    ),
    "reminder_demand": (
        "I ask you to answer in full by {last}. If you do not, I will take further steps without "
        "further notice."
    ),
    "reminder_demand_gdpr": (
        "You have therefore missed the deadline under {rule}. I ask you to comply in full by "
        "{last}. If you do not, I will lodge a complaint with the supervisory authority "
        "([[77]])."
    ),
    "reminder_demand_ccpa": (
        "You have therefore missed the deadline under {rule}. I ask you to comply in full by "
        "{last}. If you do not, I will file a complaint with the California Privacy Protection "
        "Agency."
    ),
    "original": "--- My letter of {date} ---",
    # Complaints to the supervisory authority
    "complaint_subject_gdpr": "Complaint under [[77]] about {vendor}",
    "complaint_subject_ccpa": "Complaint about {vendor} under the CCPA",
    "complaint_subject_none": "Complaint about {vendor}",
    "complaint_gdpr": (
        "I am lodging a complaint under [[77]] against {vendor}. It has not dealt with {noun} as "
        "the law requires."
    ),
    "complaint_ccpa": (
        "I am filing a complaint against {vendor}. It has not dealt with {noun} as the California "
        "Consumer Privacy Act requires."
    ),
    "complaint_none": (
        "I am making a complaint about {vendor}. It has not dealt with {noun} properly."
    ),
    "timeline": "What happened:",
    "complaint_due": "The deadline for its answer ended on {due}.",
    "complaint_ask_gdpr": (
        "I ask you to investigate and to order {vendor} to comply with my request ([[58(2)(c)]])."
    ),
    "complaint_ask_ccpa": "I ask the Agency to investigate (Cal. Civ. Code §1798.199.45).",
    "complaint_ask_none": "I ask you to look into this and to help me obtain an answer.",
    "complaint_copies": "I can send you copies of my request and of all correspondence.",
    "complaint_identity": "My details:",
    "complaint_reference": "My reference for this matter is {ref}.",
}

_DE: Mapping[str, str] = {
    "gdpr": "DSGVO",
    "ref": "Ref.",
    "ref_paren": " (Referenz {ref})",
    "salutation": "Sehr geehrte Damen und Herren,",
    "closing": "Mit freundlichen Grüßen",
    "quote_reference": "Bitte nennen Sie in Ihrer Antwort die Referenz {ref}.",
    "details": "Die Einzelheiten:",
    "order": "Bestellung {number}",
    "order_date": "vom {date}",
    "payment": "Zahlung über {amount} am {date}",
    "amount": "Betrag",
    "contract": "Vertrag",
    "notice": "Kündigungsfrist {n} {unit}",
    "days_one": "Tag",
    "days_many": "Tage",
    "weeks_one": "Woche",
    "weeks_many": "Wochen",
    "months_one": "Monat",
    "months_many": "Monate",
    "cancel_by": "Kündigung spätestens am {date}",
    "renews": "Verlängerung am {date}",
    "product": "Produkt",
    "serial": "Seriennummer {serial}",
    "bought": "gekauft am {date}",
    "warranty_until": "Garantie bis {date}",
    "identity": "Damit Sie mich zuordnen können:",
    "identity_minimum": (
        "Bitte verlangen Sie zu meiner Identifizierung nicht mehr als nötig: Nach [[12(6)]] "
        "dürfen Sie zusätzliche Informationen nur anfordern, wenn Sie begründete Zweifel an "
        "meiner Identität haben."
    ),
    "due_clause": ", also bis zum {date}",
    "deadline_gdpr": (
        "Nach [[12(3)]] müssen Sie diesem Antrag unverzüglich, spätestens aber innerhalb eines "
        "Monats nach Eingang nachkommen{due}."
    ),
    "deadline_ccpa": (
        "Nach Cal. Civ. Code §1798.130(a)(2) müssen Sie innerhalb von 45 Tagen nach Eingang "
        "dieses Antrags antworten{due}."
    ),
    "deadline_ccpa_opt_out": (
        "Nach Cal. Code Regs. tit. 11, §7026(f) müssen Sie dem so bald wie möglich, spätestens "
        "aber 15 Geschäftstage nach Eingang nachkommen{due}."
    ),
    "deadline_plain": "Bitte antworten Sie mir bis zum {date}.",
    # Verbraucheranliegen
    "inquiry": "ich habe die unten beschriebene Frage und bitte Sie um eine schriftliche Antwort.",
    "complaint": (
        "hiermit beschwere ich mich förmlich über den unten beschriebenen Vorgang. Bitte schaffen "
        "Sie Abhilfe und teilen Sie mir schriftlich mit, was Sie unternehmen werden."
    ),
    "refund_amount": (
        "hiermit fordere ich Sie auf, mir {amount} zu erstatten. Bitte zahlen Sie den Betrag auf "
        "das Konto oder die Karte zurück, von dem bzw. der er gezahlt wurde, und bestätigen Sie "
        "mir die Erstattung schriftlich."
    ),
    "refund_listed": (
        "hiermit fordere ich Sie auf, mir die unten aufgeführten Zahlungen zu erstatten. Bitte "
        "zahlen Sie sie auf das Konto oder die Karte zurück, von dem bzw. der sie gezahlt wurden, "
        "und bestätigen Sie mir die Erstattung schriftlich."
    ),
    "warranty": (
        "hiermit mache ich für das unten genannte Produkt meine Ansprüche aus Gewährleistung und "
        "Garantie geltend."
    ),
    "warranty_in_time": "Die Garantie läuft bis zum {date}; der Anspruch ist also rechtzeitig.",
    "warranty_demand": (
        "Bitte reparieren oder ersetzen Sie das Produkt kostenlos oder teilen Sie mir mit, wohin "
        "ich es senden soll."
    ),
    "cancel": "hiermit kündige ich meinen Vertrag {name} zum nächstmöglichen Zeitpunkt.",
    "cancel_in_time": "Die Kündigung erfolgt rechtzeitig vor der Verlängerung am {date}.",
    "cancel_demand": (
        "Bitte bestätigen Sie mir die Kündigung und das Vertragsende schriftlich. Einer "
        "Verlängerung oder Fortsetzung des Vertrags widerspreche ich."
    ),
    "price_rise": (
        "hiermit widerspreche ich der angekündigten Preiserhöhung für meinen Vertrag "
        "{name}{change}."
    ),
    "price_change": " von {old} auf {new}",
    "price_from": " ab dem {date}",
    "price_rise_demand": (
        "Ich stimme ihr nicht zu. Bitte bestätigen Sie, dass der Vertrag zum bisherigen Preis "
        "weiterläuft, oder teilen Sie mir mit, wie ich ihn vor Inkrafttreten des neuen Preises "
        "kostenfrei beenden kann."
    ),
    # Betroffenenrechte nach DSGVO und UK GDPR
    "access_gdpr": (
        "gemäß [[15]] bitte ich Sie um Bestätigung, ob Sie personenbezogene Daten über mich "
        "verarbeiten, und gegebenenfalls um:\n"
        "- eine Kopie aller personenbezogenen Daten, die Sie über mich gespeichert haben "
        "([[15(3)]]);\n"
        "- die Zwecke der Verarbeitung;\n"
        "- die Kategorien der verarbeiteten personenbezogenen Daten;\n"
        "- die Empfänger oder Kategorien von Empfängern, denen die Daten offengelegt worden sind "
        "oder noch offengelegt werden, insbesondere in Drittländern, und die geeigneten Garantien "
        "für solche Übermittlungen ([[15(2)]]);\n"
        "- die geplante Speicherdauer oder die Kriterien für ihre Festlegung;\n"
        "- die Herkunft der Daten, soweit Sie sie nicht bei mir erhoben haben;\n"
        "- das Bestehen einer automatisierten Entscheidungsfindung einschließlich Profiling und "
        "gegebenenfalls aussagekräftige Informationen über die involvierte Logik sowie die "
        "Tragweite und die angestrebten Auswirkungen für mich."
    ),
    "rectification_gdpr": (
        "gemäß [[16]] fordere ich Sie auf, die unten beschriebenen unrichtigen personenbezogenen "
        "Daten über mich unverzüglich zu berichtigen."
    ),
    "rectification_gdpr_items": (
        "gemäß [[16]] fordere ich Sie auf, die folgenden unrichtigen personenbezogenen Daten über "
        "mich unverzüglich zu berichtigen:"
    ),
    "rectification_gdpr_after": (
        "Bitte teilen Sie die Berichtigung allen Empfängern mit, denen Sie die Daten offengelegt "
        "haben ([[19]]), und bestätigen Sie sie mir schriftlich."
    ),
    "erasure_gdpr": (
        "gemäß [[17]] fordere ich Sie auf, alle personenbezogenen Daten, die Sie über mich "
        "gespeichert haben, unverzüglich zu löschen."
    ),
    "erasure_gdpr_items": (
        "gemäß [[17]] fordere ich Sie auf, die folgenden personenbezogenen Daten über mich "
        "unverzüglich zu löschen:"
    ),
    "erasure_gdpr_after": (
        "Falls Sie meinen, einzelne Daten aufbewahren zu müssen, teilen Sie mir bitte mit, "
        "welche, auf welcher Rechtsgrundlage und wie lange, und löschen Sie die übrigen. Bitte "
        "teilen Sie die Löschung allen Empfängern mit, denen Sie die Daten offengelegt haben "
        "([[19]]), und bestätigen Sie sie mir schriftlich."
    ),
    "objection_gdpr": (
        "gemäß [[21(2)]] widerspreche ich der Verarbeitung meiner personenbezogenen Daten zum "
        "Zwecke der Direktwerbung einschließlich eines damit verbundenen Profilings. Sie dürfen "
        "meine personenbezogenen Daten ab sofort nicht mehr für diese Zwecke verarbeiten "
        "([[21(3)]]). Bitte bestätigen Sie mir dies schriftlich."
    ),
    "portability_gdpr": (
        "gemäß [[20]] bitte ich Sie, mir die mich betreffenden personenbezogenen Daten, die ich "
        "Ihnen bereitgestellt habe, einschließlich der durch meine Nutzung Ihres Dienstes "
        "entstandenen Daten, in einem strukturierten, gängigen und maschinenlesbaren Format (zum "
        "Beispiel CSV oder JSON) zu übermitteln."
    ),
    "consent_gdpr": (
        "gemäß [[7(3)]] widerrufe ich jede Einwilligung, die ich Ihnen zur Verarbeitung meiner "
        "personenbezogenen Daten erteilt habe{scope}. Der Widerruf wirkt ab sofort. Da Ihnen "
        "damit die Rechtsgrundlage fehlt, fordere ich Sie zugleich auf, die auf Grundlage meiner "
        "Einwilligung verarbeiteten Daten zu löschen ([[17(1)(b)]]). Bitte bestätigen Sie mir "
        "beides schriftlich."
    ),
    "consent_scope": ", insbesondere für: {items}",
    # Betroffenenrechte nach CCPA
    "access_ccpa": (
        "gemäß Cal. Civ. Code §1798.100 und §1798.110 verlange ich Auskunft über:\n"
        "- die Kategorien personenbezogener Informationen, die Sie über mich erhoben haben;\n"
        "- die Kategorien der Quellen, aus denen Sie sie erhoben haben;\n"
        "- den geschäftlichen oder kommerziellen Zweck der Erhebung, des Verkaufs oder der "
        "Weitergabe;\n"
        "- die Kategorien von Dritten, denen Sie sie offenlegen;\n"
        "- die konkreten personenbezogenen Informationen, die Sie über mich erhoben haben."
    ),
    "rectification_ccpa": (
        "gemäß Cal. Civ. Code §1798.106 fordere ich Sie auf, die unten beschriebenen unrichtigen "
        "personenbezogenen Informationen über mich zu berichtigen."
    ),
    "rectification_ccpa_items": (
        "gemäß Cal. Civ. Code §1798.106 fordere ich Sie auf, die folgenden unrichtigen "
        "personenbezogenen Informationen über mich zu berichtigen:"
    ),
    "rectification_ccpa_after": "Bitte bestätigen Sie mir die Berichtigung schriftlich.",
    "erasure_ccpa": (
        "gemäß Cal. Civ. Code §1798.105 fordere ich Sie auf, alle personenbezogenen Informationen "
        "zu löschen, die Sie bei mir erhoben haben."
    ),
    "erasure_ccpa_items": (
        "gemäß Cal. Civ. Code §1798.105 fordere ich Sie auf, die folgenden personenbezogenen "
        "Informationen über mich zu löschen:"
    ),
    "erasure_ccpa_after": (
        "Bitte weisen Sie Ihre Dienstleister und Auftragnehmer an, sie ebenfalls zu löschen. "
        "Falls Sie meinen, dass für einzelne Informationen eine Ausnahme gilt, nennen Sie mir "
        "bitte die Informationen und die Ausnahme. Bitte bestätigen Sie mir die Löschung "
        "schriftlich."
    ),
    "objection_ccpa": (
        "gemäß Cal. Civ. Code §1798.120 untersage ich Ihnen, meine personenbezogenen "
        "Informationen zu verkaufen oder weiterzugeben. Bitte senden Sie mir außerdem keine "
        "Werbung mehr und bestätigen Sie mir beides schriftlich."
    ),
    "portability_ccpa": (
        "gemäß Cal. Civ. Code §1798.100, §1798.110 und §1798.130 verlange ich eine Kopie der "
        "konkreten personenbezogenen Informationen, die Sie über mich erhoben haben, in einem "
        "übertragbaren und, soweit technisch möglich, leicht nutzbaren Format, das mir die "
        "Weitergabe an andere erlaubt."
    ),
    "consent_ccpa": (
        "hiermit widerrufe ich jede Einwilligung, die ich Ihnen zur Nutzung meiner "
        "personenbezogenen Informationen erteilt habe{scope}. Gemäß Cal. Civ. Code §1798.120 "
        "untersage ich Ihnen, meine personenbezogenen Informationen zu verkaufen oder "
        "weiterzugeben, und gemäß §1798.121 verlange ich, die Nutzung meiner sensiblen "
        "personenbezogenen Informationen auf das zu beschränken, was für die von mir gewünschten "
        "Leistungen nötig ist. Bitte bestätigen Sie mir dies schriftlich."
    ),
    # Betroffenenrechte ohne genanntes Gesetz
    "access_none": (
        "ich bitte Sie mitzuteilen, welche personenbezogenen Daten Sie über mich gespeichert "
        "haben, wofür Sie sie nutzen, wem Sie sie offengelegt haben und woher Sie sie haben, und "
        "mir eine Kopie davon zu senden."
    ),
    "rectification_none": (
        "ich bitte Sie, die unten beschriebenen unrichtigen personenbezogenen Daten über mich zu "
        "berichtigen."
    ),
    "rectification_none_items": (
        "ich bitte Sie, die folgenden unrichtigen personenbezogenen Daten über mich zu berichtigen:"
    ),
    "rectification_none_after": "Bitte bestätigen Sie mir die Berichtigung schriftlich.",
    "erasure_none": (
        "ich bitte Sie, alle personenbezogenen Daten, die Sie über mich gespeichert haben, zu "
        "löschen."
    ),
    "erasure_none_items": (
        "ich bitte Sie, die folgenden personenbezogenen Daten über mich zu löschen:"
    ),
    "erasure_none_after": "Bitte bestätigen Sie mir die Löschung schriftlich.",
    "objection_none": (
        "ich widerspreche der Nutzung meiner personenbezogenen Daten für Werbung. Bitte stellen "
        "Sie sie ein und bestätigen Sie mir dies schriftlich."
    ),
    "portability_none": (
        "ich bitte Sie, mir die personenbezogenen Daten, die ich Ihnen bereitgestellt habe, in "
        "einem strukturierten, gängigen und maschinenlesbaren Format (zum Beispiel CSV oder JSON) "
        "zu übermitteln."
    ),
    "consent_none": (
        "hiermit widerrufe ich mit sofortiger Wirkung jede Einwilligung, die ich Ihnen zur "
        "Nutzung meiner personenbezogenen Daten erteilt habe{scope}. Bitte bestätigen Sie mir "
        "dies schriftlich."
    ),
    "item_fix": "{label}: gespeichert ist „{wrong}“, richtig ist „{right}“",
    "item_set": "{label}: richtig ist „{right}“",
    "item_value": "{label}: „{value}“",
    # Erinnerungen
    "reminder_prefix": "Erinnerung",
    "reminder": (
        "am {sent_on} habe ich Ihnen {noun} übersandt{ref}. Die Frist für Ihre Antwort endete am "
        "{due}; eine vollständige Antwort habe ich nicht erhalten."
    ),
    "reminder_demand": (
        "Ich fordere Sie auf, bis zum {last} vollständig zu antworten. Andernfalls werde ich ohne "
        "weitere Ankündigung weitere Schritte einleiten."
    ),
    "reminder_demand_gdpr": (
        "Damit haben Sie die Frist nach {rule} versäumt. Ich fordere Sie auf, meinem Antrag bis "
        "zum {last} vollständig nachzukommen. Andernfalls werde ich mich bei der "
        "Aufsichtsbehörde beschweren ([[77]])."
    ),
    "reminder_demand_ccpa": (
        "Damit haben Sie die Frist nach {rule} versäumt. Ich fordere Sie auf, meinem Antrag bis "
        "zum {last} vollständig nachzukommen. Andernfalls werde ich mich bei der California "
        "Privacy Protection Agency beschweren."
    ),
    "original": "--- Mein Schreiben vom {date} ---",
    # Beschwerden bei der Aufsichtsbehörde
    "complaint_subject_gdpr": "Beschwerde nach [[77]] über {vendor}",
    "complaint_subject_ccpa": "Beschwerde über {vendor} nach dem CCPA",
    "complaint_subject_none": "Beschwerde über {vendor}",
    "complaint_gdpr": (
        "hiermit reiche ich gemäß [[77]] Beschwerde gegen {vendor} ein. Das Unternehmen hat "
        "{noun} nicht so behandelt, wie es das Gesetz verlangt."
    ),
    "complaint_ccpa": (
        "hiermit reiche ich Beschwerde gegen {vendor} ein. Das Unternehmen hat {noun} nicht so "
        "behandelt, wie es der California Consumer Privacy Act verlangt."
    ),
    "complaint_none": (
        "hiermit beschwere ich mich über {vendor}. Das Unternehmen hat {noun} nicht "
        "ordnungsgemäß behandelt."
    ),
    "timeline": "Der Ablauf:",
    "complaint_due": "Die Frist für die Antwort endete am {due}.",
    "complaint_ask_gdpr": (
        "Ich bitte Sie, den Vorgang zu prüfen und {vendor} anzuweisen, meinem Antrag zu "
        "entsprechen ([[58(2)(c)]])."
    ),
    "complaint_ask_ccpa": (
        "Ich bitte die Behörde, den Vorgang zu untersuchen (Cal. Civ. Code §1798.199.45)."
    ),
    "complaint_ask_none": (
        "Ich bitte Sie, den Vorgang zu prüfen und mich dabei zu unterstützen, eine Antwort zu "
        "erhalten."
    ),
    "complaint_copies": (
        "Kopien meines Antrags und des gesamten Schriftwechsels sende ich Ihnen gern."
    ),
    "complaint_identity": "Meine Angaben:",
    "complaint_reference": "Mein Zeichen in dieser Sache: {ref}.",
}

_PHRASES: Mapping[Language, Mapping[str, str]] = {"en": _EN, "de": _DE}
