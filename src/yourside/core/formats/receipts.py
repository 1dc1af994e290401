"""Read order confirmations, invoices and shipping notices from email (.eml and .mbox).

Shops that follow Gmail's email markup embed schema.org ``Order``, ``Invoice`` and
``ParcelDelivery`` objects in the HTML part, as JSON-LD or as microdata; extruct reads both.
JSON-LD is preferred when it holds any of those types (it is what Gmail documents first);
microdata is the fallback, also when a JSON-LD block is broken. An email without usable markup
still yields a ``Receipt`` of kind ``none`` carrying sender, subject and date, so the app can
keep it as a document and link it to the vendor found from the sender.

Nothing here raises on bad markup: broken JSON, odd types and unreadable prices become notes
or empty fields. ``ParseError`` is only for input that is not an email at all.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import mailbox
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import extruct
from extruct.jsonld import JsonLdExtractor
from extruct.utils import parse_html

from yourside.core.formats.qif import parse_decimal
from yourside.core.records import ParseError

__all__ = [
    "Receipt",
    "ReceiptItem",
    "Shipment",
    "iter_mbox",
    "parse_price",
    "read_eml",
    "read_message",
]

_KINDS = ("Order", "Invoice", "ParcelDelivery")
# Symbols and prefixes that name a currency on their own. A plain "$" is read as US dollars only
# when the markup gives no priceCurrency, which always wins.
_SYMBOLS = (
    ("US$", "USD"),
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("NZ$", "NZD"),
    ("HK$", "HKD"),
    ("R$", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₩", "KRW"),
    ("zł", "PLN"),
    ("Kč", "CZK"),
)
_CODE = re.compile(r"\b([A-Z]{3})\b")
_NUMBER_PART = re.compile(r"[+-]?\d[\d.,'\s\u00a0]*")


@dataclass(frozen=True, slots=True)
class ReceiptItem:
    """One line of an order: what was bought, how many, at what price each."""

    name: str
    sku: str | None = None
    quantity: Decimal = Decimal(1)
    unit_price: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Shipment:
    """A parcel on its way: tracking number, carrier, last known status, expected arrival."""

    tracking_number: str | None
    carrier: str | None = None
    status: str | None = None
    expected_by: date | None = None
    tracking_url: str | None = None


@dataclass(frozen=True, slots=True)
class Receipt:
    """What one email says about one order (or, without markup, just who sent what when).

    ``source_kind`` is ``jsonld``, ``microdata`` or ``none``. ``merchant_domain`` comes from the
    markup's merchant URL, else from the sender's address. ``total`` is the order total;
    ``amount_due`` and ``payment_due`` come from an Invoice. ``schema_types`` lists the
    schema.org types the email held for this order.
    """

    source_kind: str
    subject: str
    sender_name: str | None
    sender_email: str | None
    sent_at: datetime | None
    message_id: str | None = None
    merchant_name: str | None = None
    merchant_email: str | None = None
    merchant_domain: str | None = None
    order_number: str | None = None
    order_date: date | None = None
    order_url: str | None = None
    currency: str | None = None
    items: tuple[ReceiptItem, ...] = ()
    total: Decimal | None = None
    amount_due: Decimal | None = None
    payment_due: date | None = None
    shipments: tuple[Shipment, ...] = ()
    schema_types: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def sender_domain(self) -> str | None:
        """The domain of the sender's address, lower case."""
        if not self.sender_email or "@" not in self.sender_email:
            return None
        return self.sender_email.rsplit("@", 1)[1].lower()

    @property
    def receipt_date(self) -> date | None:
        """The order date, or the day the email was sent when the markup gives none."""
        if self.order_date is not None:
            return self.order_date
        return self.sent_at.date() if self.sent_at is not None else None


def read_eml(data: bytes, source: str = "") -> list[Receipt]:
    """Read one email (.eml bytes) into its receipts: one per order it describes, at least one.

    Raises ``ParseError`` when the bytes carry none of the headers an email has.
    """
    # compat32 keeps headers as raw text, which never fails to parse; the modern policy parses
    # addresses eagerly and raises on the malformed ones real mail contains.
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not any(_header(message, h) for h in ("From", "Date", "Subject", "Message-ID")):
        raise ParseError("not an email: no From, Date, Subject or Message-ID header", source=source)
    return read_message(message)


def iter_mbox(path: str | os.PathLike[str]) -> Iterator[Receipt]:
    """Yield the receipts of every message in an mbox file, one message in memory at a time.

    Raises ``ParseError`` when the file cannot be opened or holds no message.
    """
    source = os.fspath(path)
    try:
        box = mailbox.mbox(source, create=False)
        keys = box.keys()
    except (OSError, mailbox.Error) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise ParseError(f"cannot read the mailbox: {reason}", source=source) from None
    if not keys:
        raise ParseError("the mailbox holds no message", source=source)
    try:
        for key in keys:
            message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.compat32)
            yield from read_message(message)
    finally:
        box.close()


def read_message(message: Message) -> list[Receipt]:
    """Read a parsed email into receipts; never raises for bad markup (it becomes a note).

    Parse with ``policy=email.policy.compat32``: its headers are raw text, which this reads
    defensively, while the modern policy raises on malformed addresses when they are read.
    """
    envelope = _envelope(message)
    notes: list[str] = []
    kind, objects = "none", []
    for html in _html_parts(message, notes):
        found_kind, found = _markup(html, notes)
        if found and (kind == "none" or found_kind == kind):
            kind = found_kind
            objects.extend(found)
    if not objects:
        return [Receipt(source_kind="none", notes=tuple(notes), **envelope)]
    return [builder.build(kind, envelope, notes) for builder in _group_by_order(objects).values()]


def parse_price(value: Any, currency: str | None = None) -> tuple[Decimal | None, str | None]:
    """Read a price from markup: a number, or text such as ``$1,299.00``, ``€12,50``, ``12.00 EUR``.

    Returns the amount and the currency: ``currency`` when given (the markup's priceCurrency),
    else one named in the text by code or symbol, else None.
    """
    if isinstance(value, bool) or value is None:
        return None, currency
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
        return (amount if amount.is_finite() else None), currency
    if isinstance(value, dict):  # PriceSpecification / MonetaryAmount
        inner = value.get("price", value.get("value"))
        return parse_price(
            inner, currency or _str(value.get("priceCurrency") or value.get("currency"))
        )
    text = str(value).strip()
    named = currency
    if named is None:
        code = _CODE.search(text)
        named = code.group(1) if code else next((c for s, c in _SYMBOLS if s in text), None)
    number = _NUMBER_PART.search(text)
    if number is None:
        return None, named
    parsed = parse_decimal(number.group(0).strip())
    # A sign before the symbol ("-$5.00") belongs to the number too.
    if parsed is not None and parsed > 0 and "-" in text[: number.start()]:
        parsed = -parsed
    return parsed, named


# --- the email around the markup ----------------------------------------------------------


def _envelope(message: Message) -> dict[str, Any]:
    """Sender, subject, date and id, read defensively: real mail has malformed headers."""
    name = address = None
    pairs = getaddresses([_header(message, "From") or ""])
    if pairs and (pairs[0][0] or pairs[0][1]):
        name, address = pairs[0][0] or None, pairs[0][1] or None
    sent_at = None
    raw_date = _header(message, "Date")
    try:
        sent_at = parsedate_to_datetime(raw_date) if raw_date else None
    except (TypeError, ValueError, IndexError, OverflowError):
        sent_at = None
    return {
        "subject": _header(message, "Subject") or "",
        "sender_name": name,
        "sender_email": address.lower() if address and "@" in address else None,
        "sent_at": sent_at,
        "message_id": _header(message, "Message-ID"),
    }


def _header(message: Message, name: str) -> str | None:
    """A header's text with RFC 2047 encoded words decoded, on one line; None if absent."""
    try:
        raw = message.get(name)
    except Exception:  # policy.default's address parser raises IndexError/AttributeError
        return None  # on malformed addresses; compat32 messages (ours) never get here
    if raw is None:
        return None
    try:
        text = str(make_header(decode_header(str(raw))))
    except (MessageError, LookupError, UnicodeError, ValueError):
        text = str(raw)  # an unknown charset in an encoded word: keep the raw text
    return " ".join(text.split()) or None


def _html_parts(message: Message, notes: list[str]) -> Iterator[str]:
    for part in message.walk():
        if part.get_content_type() != "text/html" or part.get_content_disposition() == "attachment":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            notes.append("an HTML part could not be decoded")
            continue
        yield payload.decode(_codec(part.get_content_charset()), errors="replace")


def _codec(charset: str | None) -> str:
    """A Python codec for a MIME charset; UTF-8 when it is missing or unknown."""
    try:
        return codecs.lookup(charset or "utf-8").name
    except (LookupError, ValueError):
        return "utf-8"


def _markup(html: str, notes: list[str]) -> tuple[str, list[dict[str, Any]]]:
    """The Order/Invoice/ParcelDelivery objects in one HTML part, and which syntax held them."""
    try:
        tree = parse_html(html.encode("utf-8"), encoding="utf-8")
    except Exception:  # lxml raises ParserError for an empty or unparsable document
        notes.append("the HTML part could not be parsed")
        return "none", []
    jsonld: list[Any] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            jsonld.extend(JsonLdExtractor().extract_items(script))
        except Exception:  # extruct raises the JSON decoder's errors, whatever they are
            notes.append("a JSON-LD block is not valid JSON and was skipped")
    found = _relevant(jsonld)
    if found:
        return "jsonld", found
    try:
        micro = extruct.extract(tree, syntaxes=["microdata"], uniform=True, errors="ignore")
    except Exception:  # same: a damaged tree must not stop the import of the email
        notes.append("the microdata could not be read")
        return "none", []
    found = _relevant(micro.get("microdata", []))
    return ("microdata", found) if found else ("none", [])


def _relevant(items: list[Any]) -> list[dict[str, Any]]:
    """Top-level Order, Invoice and ParcelDelivery objects, looking inside ``@graph``."""
    found: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, list):
            found.extend(_relevant(item))
        elif isinstance(item, dict):
            if isinstance(item.get("@graph"), list):
                found.extend(_relevant(item["@graph"]))
            elif _types(item) & set(_KINDS):
                found.append(item)
    return found


# --- building receipts ---------------------------------------------------------------------


@dataclass
class _Builder:
    """Collects what several schema.org objects say about one order."""

    merchant: dict[str, Any] = field(default_factory=dict)
    order_number: str | None = None
    order_date: date | None = None
    order_url: str | None = None
    currency: str | None = None
    total: Decimal | None = None
    amount_due: Decimal | None = None
    payment_due: date | None = None
    items: list[ReceiptItem] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    status: str | None = None
    types: list[str] = field(default_factory=list)

    def add_order(self, order: dict[str, Any]) -> None:
        self._note_type("Order")
        self.merchant = self.merchant or _organisation(order.get("merchant") or order.get("seller"))
        self.order_number = self.order_number or _str(order.get("orderNumber"))
        self.order_date = self.order_date or _date(order.get("orderDate"))
        self.order_url = self.order_url or _str(order.get("url"))
        self.currency = self.currency or _str(order.get("priceCurrency"))
        self.status = self.status or _status(order.get("orderStatus"))
        if self.total is None:
            for key in ("price", "totalPrice", "priceSpecification", "totalPaymentDue"):
                amount, currency = parse_price(order.get(key), self.currency)
                if amount is not None:
                    self.total, self.currency = amount, self.currency or currency
                    break
        if not self.items:
            self.items = [
                item for offer in _many(order.get("acceptedOffer")) if (item := self._item(offer))
            ]
            self.items += [
                item for entry in _many(order.get("orderedItem")) if (item := self._ordered(entry))
            ]

    def add_invoice(self, invoice: dict[str, Any]) -> None:
        self._note_type("Invoice")
        self.merchant = self.merchant or _organisation(invoice.get("provider"))
        amount, currency = parse_price(invoice.get("totalPaymentDue"), self.currency)
        if amount is None:
            amount, currency = parse_price(invoice.get("minimumPaymentDue"), self.currency)
        self.amount_due = amount
        self.currency = self.currency or currency
        self.payment_due = _date(invoice.get("paymentDueDate") or invoice.get("paymentDue"))
        for order in _many(invoice.get("referencesOrder")):
            if isinstance(order, dict):
                self.add_order(order)

    def add_delivery(self, delivery: dict[str, Any]) -> None:
        self._note_type("ParcelDelivery")
        order = delivery.get("partOfOrder")
        if isinstance(order, dict):
            self.add_order(order)
        carrier = _organisation(delivery.get("carrier") or delivery.get("provider"))
        self.shipments.append(
            Shipment(
                tracking_number=_str(delivery.get("trackingNumber")),
                carrier=carrier.get("name"),
                status=_status(delivery.get("deliveryStatus")) or self.status,
                expected_by=_date(
                    delivery.get("expectedArrivalUntil") or delivery.get("expectedArrivalFrom")
                ),
                tracking_url=_str(delivery.get("trackingUrl")),
            )
        )
        if not self.items:
            self.items = [
                ReceiptItem(name=name)
                for product in _many(delivery.get("itemShipped"))
                if (name := _name(product))
            ]

    def build(self, kind: str, envelope: dict[str, Any], notes: list[str]) -> Receipt:
        domain = _hostname(self.merchant.get("url"))
        sender = envelope.get("sender_email")
        if domain is None and sender and "@" in sender:
            domain = sender.rsplit("@", 1)[1]
        return Receipt(
            source_kind=kind,
            merchant_name=self.merchant.get("name") or envelope.get("sender_name"),
            merchant_email=self.merchant.get("email"),
            merchant_domain=domain.lower().removeprefix("www.") if domain else None,
            order_number=self.order_number,
            order_date=self.order_date,
            order_url=self.order_url,
            currency=self.currency.upper() if self.currency else None,
            items=tuple(self.items),
            total=self.total,
            amount_due=self.amount_due,
            payment_due=self.payment_due,
            shipments=tuple(self.shipments),
            schema_types=tuple(self.types),
            notes=tuple(notes),
            **envelope,
        )

    def _item(self, offer: Any) -> ReceiptItem | None:
        if not isinstance(offer, dict):
            return None
        products = _many(offer.get("itemOffered"))
        name = _name(products[0]) if products else _name(offer)
        if not name:
            return None
        price, currency = parse_price(offer.get("price"), _str(offer.get("priceCurrency")))
        if price is None:
            price, currency = parse_price(offer.get("priceSpecification"), currency)
        product = products[0] if products and isinstance(products[0], dict) else {}
        return ReceiptItem(
            name=name,
            sku=_str(product.get("sku") or offer.get("sku")),
            quantity=_quantity(offer.get("eligibleQuantity")),
            unit_price=price,
            currency=(currency or self.currency or "").upper() or None,
        )

    def _ordered(self, entry: Any) -> ReceiptItem | None:
        """An item given the schema.org way: ``orderedItem`` of OrderItem or Product."""
        if not isinstance(entry, dict):
            return None
        product = entry.get("orderedItem") if "OrderItem" in _types(entry) else entry
        name = _name(product)
        if not name or not isinstance(product, dict):
            return None
        offers = product.get("offers")
        offer: dict[str, Any] = offers if isinstance(offers, dict) else {}
        price, currency = parse_price(offer.get("price"), _str(offer.get("priceCurrency")))
        return ReceiptItem(
            name=name,
            sku=_str(product.get("sku")),
            quantity=_quantity(entry.get("orderQuantity")),
            unit_price=price,
            currency=(currency or self.currency or "").upper() or None,
        )

    def _note_type(self, name: str) -> None:
        if name not in self.types:
            self.types.append(name)


def _group_by_order(objects: list[dict[str, Any]]) -> dict[str | None, _Builder]:
    """One builder per order number; invoices and parcels join the order they reference."""
    builders: dict[str | None, _Builder] = {}

    def builder(number: str | None) -> _Builder:
        if number not in builders and None in builders and number is not None:
            # A numbered object after an unnumbered one: they describe the same order.
            builders[number] = builders.pop(None)
        return builders.setdefault(number, _Builder())

    for obj in objects:
        types = _types(obj)
        if "Order" in types:
            builder(_str(obj.get("orderNumber"))).add_order(obj)
    for obj in objects:
        types = _types(obj)
        if "Invoice" in types:
            refs = [o for o in _many(obj.get("referencesOrder")) if isinstance(o, dict)]
            builder(_str(refs[0].get("orderNumber")) if refs else None).add_invoice(obj)
        elif "ParcelDelivery" in types:
            order = obj.get("partOfOrder")
            number = _str(order.get("orderNumber")) if isinstance(order, dict) else None
            builder(number).add_delivery(obj)
    return builders


# --- schema.org values ---------------------------------------------------------------------


def _types(obj: dict[str, Any]) -> set[str]:
    """``@type`` as bare names: ``http://schema.org/Order`` and ``Order`` are the same."""
    raw = obj.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/#:]", n)[-1] for n in names if isinstance(n, str)}


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str | int) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return _str(value.get("name")) if isinstance(value, dict) else _str(value)


def _organisation(value: Any) -> dict[str, str]:
    """Name, url and email of an Organization given as an object or as a bare name."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        found = {k: _str(value.get(k)) for k in ("name", "url", "email")}
        return {k: v for k, v in found.items() if v}
    name = _str(value)
    return {"name": name} if name else {}


def _status(value: Any) -> str | None:
    """An OrderStatus or delivery status as its bare name (``OrderInTransit``)."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@type")
    text = _str(value)
    return re.split(r"[/#]", text)[-1] if text else None


def _hostname(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:  # a malformed URL, e.g. an unbalanced IPv6 bracket
        return None


def _quantity(value: Any) -> Decimal:
    if isinstance(value, dict):
        value = value.get("value")
    number = parse_decimal(str(value)) if value is not None else None
    return number if number is not None and number > 0 else Decimal(1)


def _date(value: Any) -> date | None:
    text = _str(value)
    if not text:
        return None
    try:
        # Keep the date as the shop wrote it; converting to UTC could move it a day.
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
