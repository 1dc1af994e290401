"""The demo book: a realistic household, generated deterministically.

Two years of a German household's dealings, ending on the day it is loaded so that deadlines and
warranties always look current. The same seed and the same ``today`` give the same book.

The bank statements and the shops' order emails are written as files first, in the formats banks
and shops use, and brought in through the same importers a customer's own files go through.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import transaction

from yourside.book.models import (
    Account,
    Agreement,
    Holding,
    Note,
    OrderItem,
    Source,
    Terms,
    Vendor,
)
from yourside.cases.models import Case
from yourside.cases.services import open_case, record_event
from yourside.core.periods import add_months
from yourside.ingest.services import import_file
from yourside.insights.services import refresh_insights

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SEED = 7012  # after IEEE 7012, machine-readable personal privacy terms
SOURCE_REF = "demo book"
D = Decimal

# name, category, country, website, aliases
VENDORS: list[tuple[str, str, str, str, list[str]]] = [
    ("Nordbank", "bank", "DE", "https://www.nordbank.example", ["NORDBANK AG"]),
    ("Brightwave GmbH", "other", "DE", "https://brightwave.example", ["BRIGHTWAVE"]),
    ("Hausverwaltung Berger", "housing", "DE", "", ["HV BERGER"]),
    ("Netflix", "streaming", "NL", "https://www.netflix.com", ["NETFLIX.COM"]),
    ("Spotify", "streaming", "SE", "https://www.spotify.com", ["SPOTIFY"]),
    ("Disney+", "streaming", "NL", "https://www.disneyplus.com", ["DISNEY PLUS"]),
    ("Deutsche Telekom", "telecom", "DE", "https://www.telekom.de", ["TELEKOM DEUTSCHLAND"]),
    ("Vodafone", "telecom", "DE", "https://www.vodafone.de", ["VODAFONE GMBH"]),
    ("Allianz", "insurance", "DE", "https://www.allianz.de", ["ALLIANZ VERSICHERUNGS-AG"]),
    ("Stadtwerke München", "utility", "DE", "https://www.swm.de", ["SWM VERSORGUNGS GMBH"]),
    ("Autohaus Schmidt", "car", "DE", "https://autohaus-schmidt.example", []),
    ("Volkswagen Bank", "bank", "DE", "https://www.vwfs.de", ["VOLKSWAGEN BANK GMBH"]),
    ("FitX", "fitness", "DE", "https://www.fitx.de", ["FITX DEUTSCHLAND"]),
    ("REWE", "groceries", "DE", "https://www.rewe.de", ["REWE SAGT DANKE"]),
    ("Lidl", "groceries", "DE", "https://www.lidl.de", ["LIDL DIENSTL"]),
    ("Amazon", "shop", "LU", "https://www.amazon.de", ["AMZN MKTP DE", "AMAZON.DE"]),
    ("MediaMarkt", "shop", "DE", "https://www.mediamarkt.de", ["MEDIA MARKT"]),
    ("Zalando", "shop", "DE", "https://www.zalando.de", ["ZALANDO SE"]),
    ("IKEA", "shop", "DE", "https://www.ikea.com/de", ["IKEA DEUTSCHLAND"]),
    ("Apple", "shop", "IE", "https://www.apple.com/de", ["APPLE.COM/BILL"]),
    ("Shell", "car", "DE", "https://www.shell.de", ["SHELL"]),
    ("Deutsche Bahn", "travel", "DE", "https://www.bahn.de", ["DB VERTRIEB GMBH"]),
    ("Lieferando", "food", "NL", "https://www.lieferando.de", ["LIEFERANDO.DE"]),
    ("Dropbox", "software", "IE", "https://www.dropbox.com", ["DROPBOX*"]),
    ("ADAC", "car", "DE", "https://www.adac.de", ["ADAC E.V."]),
    (
        "ARD ZDF Beitragsservice",
        "public",
        "DE",
        "https://www.rundfunkbeitrag.de",
        ["RUNDFUNK ARD ZDF"],
    ),
]


@dataclass(frozen=True)
class Recurring:
    vendor: str
    account: str  # "giro" or "card"
    description: str
    amount: Decimal  # signed
    months: int = 1  # every how many months
    day: int = 1
    first_month: int = 0  # months after the start of the two years
    # (months from the start, new signed amount): a price change that stays.
    change: tuple[int, Decimal] | None = None
    jitter: float = 0.0  # relative variation, for metered bills


RECURRING = [
    Recurring("Brightwave GmbH", "giro", "GEHALT BRIGHTWAVE GMBH", D("3850.00"), day=27),
    Recurring(
        "Hausverwaltung Berger", "giro", "HV BERGER MIETE WOHNUNG 3.OG", D("-1150.00"), day=1
    ),
    Recurring(
        "Netflix",
        "card",
        "NETFLIX.COM 866-579-7172 NL",
        D("-13.99"),
        day=7,
        change=(16, D("-15.99")),
    ),
    Recurring("Spotify", "card", "Spotify P2A41C7E9 Stockholm", D("-10.99"), day=12),
    Recurring("Disney+", "card", "DISNEY PLUS DISNEYPLUS.COM", D("-8.99"), day=19, first_month=9),
    Recurring(
        "Deutsche Telekom", "giro", "TELEKOM DEUTSCHLAND GMBH KD-NR 443817203", D("-44.95"), day=4
    ),
    Recurring("Vodafone", "giro", "VODAFONE GMBH MOBILFUNK 0172", D("-19.99"), day=9),
    Recurring(
        "Stadtwerke München",
        "giro",
        "SWM VERSORGUNGS GMBH ABSCHLAG STROM",
        D("-78.00"),
        day=15,
        jitter=0.12,
    ),
    Recurring(
        "Volkswagen Bank",
        "giro",
        "VOLKSWAGEN BANK GMBH DARLEHEN 7733102",
        D("-329.00"),
        day=15,
        first_month=2,
    ),
    Recurring("FitX", "giro", "FITX DEUTSCHLAND GMBH MITGLIEDSBEITRAG", D("-24.90"), day=2),
    Recurring("Allianz", "giro", "ALLIANZ VERSICHERUNGS-AG HAUSRAT", D("-38.50"), months=3, day=1),
    Recurring(
        "ARD ZDF Beitragsservice", "giro", "RUNDFUNK ARD ZDF DRADIO", D("-55.08"), months=3, day=15
    ),
    Recurring("Nordbank", "giro", "NORDBANK AG KONTOFUEHRUNGSENTGELT", D("-4.95"), day=30),
    Recurring(
        "Dropbox", "card", "DROPBOX*7HQ2PLUS DUBLIN", D("-119.88"), months=12, day=21, first_month=3
    ),
    Recurring(
        "ADAC", "giro", "ADAC E.V. MITGLIEDSBEITRAG", D("-94.00"), months=12, day=5, first_month=5
    ),
]

# vendor, account, description, low, high, visits per month
SHOPPING = [
    ("REWE", "card", "REWE SAGT DANKE 41400673//Muenchen", 18, 140, 5),
    ("Lidl", "card", "LIDL DIENSTL SAGT DANKE", 12, 75, 3),
    ("Amazon", "card", "AMZN Mktp DE*{ref}", 9, 90, 1.5),
    ("Shell", "card", "SHELL 2931 MUENCHEN", 45, 85, 2),
    ("Lieferando", "card", "LIEFERANDO.DE AMSTERDAM", 18, 42, 1),
    ("Deutsche Bahn", "card", "DB VERTRIEB GMBH FRANKFURT", 19, 129, 0.4),
    ("Zalando", "card", "ZALANDO SE BERLIN", 30, 160, 0.3),
]


class Line(NamedTuple):
    """A statement line before it is written to a file."""

    account: str
    date: date
    amount: Decimal
    text: str


def _email(sender: str, address: str, subject: str, day: date) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"{sender} <{address}>"
    message["To"] = "Familie Demo <familie@example.org>"
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC))
    message["Message-ID"] = make_msgid(idstring=f"{day:%Y%m%d}", domain=address.split("@")[1])
    return message


def order_email(
    merchant: str,
    website: str,
    address: str,
    number: str,
    day: date,
    items: list[tuple[str, str, int, str]],
    tracking: tuple[str, str] | None = None,
) -> bytes:
    """An order confirmation with schema.org Order markup in JSON-LD, as Gmail documents it."""
    total = sum((Decimal(price) * qty for _, _, qty, price in items), Decimal(0))
    markup: dict[str, object] = {
        "@context": "http://schema.org",
        "@type": "Order",
        "merchant": {"@type": "Organization", "name": merchant, "url": website},
        "orderNumber": number,
        "orderDate": day.isoformat(),
        "priceCurrency": "EUR",
        "price": f"{total:.2f}",
        "acceptedOffer": [
            {
                "@type": "Offer",
                "itemOffered": {"@type": "Product", "name": name, "sku": sku},
                "price": price,
                "priceCurrency": "EUR",
                "eligibleQuantity": {"@type": "QuantitativeValue", "value": qty},
            }
            for name, sku, qty, price in items
        ],
    }
    blocks: list[dict[str, object]] = [markup]
    if tracking:
        blocks.append(
            {
                "@context": "http://schema.org",
                "@type": "ParcelDelivery",
                "carrier": {"@type": "Organization", "name": tracking[0]},
                "trackingNumber": tracking[1],
                "partOfOrder": {
                    "@type": "Order",
                    "orderNumber": number,
                    "merchant": {"@type": "Organization", "name": merchant},
                },
            }
        )
    message = _email(merchant, address, f"Ihre Bestellung {number}", day)
    listing = "\n".join(f"{qty} x {name}: {price} EUR" for name, _, qty, price in items)
    message.set_content(f"Vielen Dank für Ihre Bestellung {number}.\n\n{listing}\n")
    script = json.dumps(blocks, ensure_ascii=False, indent=1)
    message.add_alternative(
        f'<html><head><script type="application/ld+json">{script}</script></head>'
        f"<body><p>Vielen Dank für Ihre Bestellung {number}.</p></body></html>",
        subtype="html",
    )
    return message.as_bytes()


def plain_email(sender: str, address: str, subject: str, day: date, text: str) -> bytes:
    """A receipt with no markup: kept as a document of the vendor that sent it."""
    message = _email(sender, address, subject, day)
    message.set_content(text)
    return message.as_bytes()


def _day(year_month: date, day: int) -> date:
    """The ``day`` of a month, or its last day when the month is shorter."""
    return add_months(year_month.replace(day=min(day, 28)), 0).replace(
        day=min(day, _month_length(year_month))
    )


def _month_length(month: date) -> int:
    return (add_months(month.replace(day=1), 1) - timedelta(days=1)).day


def _cents(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


class DemoBook:
    """Builds the records in memory, then writes them in one transaction."""

    def __init__(self, owner: User, today: date) -> None:
        self.owner = owner
        self.today = today
        self.start = add_months(today.replace(day=1), -24)
        self.rng = random.Random(SEED)  # noqa: S311 - a repeatable demo, not a secret
        self.vendors: dict[str, Vendor] = {}
        self.accounts: dict[str, Account] = {}
        self.transactions: list[Line] = []

    def _own(self) -> dict[str, object]:
        return {"owner": self.owner, "source": Source.IMPORT, "source_ref": SOURCE_REF}

    def months(self) -> list[date]:
        return [add_months(self.start, i) for i in range(25)]

    def add(self, vendor: str, account: str, when: date, amount: Decimal, text: str) -> None:
        if when > self.today:
            return
        assert vendor in self.vendors, vendor
        self.transactions.append(Line(account, when, amount, text))

    def build(self) -> None:
        for name, category, country, website, aliases in VENDORS:
            self.vendors[name] = Vendor.objects.create(
                name=name,
                category=category,
                country=country,
                website=website,
                aliases=aliases,
                **self._own(),
            )
        bank = self.vendors["Nordbank"]
        self.accounts["giro"] = Account.objects.create(
            name="Girokonto",
            kind=Account.Kind.CHECKING,
            institution=bank,
            currency="EUR",
            number_hint="4821",
            **self._own(),
        )
        self.accounts["card"] = Account.objects.create(
            name="Visa card",
            kind=Account.Kind.CARD,
            institution=bank,
            currency="EUR",
            number_hint="9013",
            **self._own(),
        )
        self._recurring()
        self._shopping()
        self._one_offs()
        self._card_settlements()
        self.transactions.sort(key=lambda t: (t.date, t.text))
        for account, name, content in self.statement_files():
            import_file(self.owner, io.BytesIO(content), name, account_name=account)
        for name, content in self.receipt_files():
            import_file(self.owner, io.BytesIO(content), name)
        self._agreements()
        self._holdings()
        self._cases_terms_notes()

    def _recurring(self) -> None:
        for spec in RECURRING:
            for index, month in enumerate(self.months()):
                if index < spec.first_month or (index - spec.first_month) % spec.months:
                    continue
                amount = spec.amount
                if spec.change and index >= spec.change[0]:
                    amount = spec.change[1]
                if spec.jitter:
                    factor = 1 + self.rng.uniform(-1, 1) * spec.jitter
                    amount = _cents(float(amount) * factor)
                self.add(spec.vendor, spec.account, _day(month, spec.day), amount, spec.description)
        # A yearly car insurance premium every January.
        for month in self.months():
            if month.month == 1:
                self.add(
                    "Allianz",
                    "giro",
                    month.replace(day=2),
                    D("-486.20"),
                    "ALLIANZ VERSICHERUNGS-AG KFZ-VERS 55-221904",
                )

    def _shopping(self) -> None:
        day = self.start
        while day <= self.today:
            for vendor, account, text, low, high, per_month in SHOPPING:
                if self.rng.random() < per_month / 30:
                    ref = "".join(self.rng.choices("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", k=9))
                    amount = -_cents(self.rng.uniform(low, high))
                    self.add(vendor, account, day, amount, text.format(ref=ref))
            day += timedelta(days=1)

    def _one_offs(self) -> None:
        # Charged twice for one purchase: a duplicate for the insights to find.
        twice = self.today - timedelta(days=16)
        for day in (twice, twice + timedelta(days=1)):
            self.add("MediaMarkt", "card", day, D("-64.99"), "MEDIA MARKT ONLINE 4711-8812")
        self.add(
            "MediaMarkt",
            "giro",
            add_months(self.today, -23),
            D("-899.00"),
            "MEDIA MARKT MUENCHEN-PASING",
        )
        self.add(
            "IKEA",
            "giro",
            add_months(self.today, -11),
            D("-1249.00"),
            "IKEA DEUTSCHLAND MUENCHEN-BRUNNTHAL",
        )
        self.add(
            "Apple", "card", add_months(self.today, -14), D("-949.00"), "APPLE STORE R331 MUENCHEN"
        )
        self.add("Zalando", "card", add_months(self.today, -2), D("-129.95"), "ZALANDO SE BERLIN")
        self.add(
            "Zalando",
            "card",
            add_months(self.today, -2) + timedelta(days=12),
            D("59.95"),
            "ZALANDO SE GUTSCHRIFT RETOURE",
        )
        self.add(
            "Autohaus Schmidt",
            "giro",
            add_months(self.start, 1).replace(day=20),
            D("-4500.00"),
            "AUTOHAUS SCHMIDT ANZAHLUNG GOLF",
        )
        self.add(
            "FitX",
            "giro",
            self.start.replace(day=2) + timedelta(days=1),
            D("-19.90"),
            "FITX DEUTSCHLAND GMBH STARTERPAKET",
        )

    def _card_settlements(self) -> None:
        # The card bill is settled from the current account each month, as German banks do.
        for month in self.months()[1:]:
            previous = add_months(month, -1)
            spent = sum(
                (
                    t.amount
                    for t in self.transactions
                    if t.account == "card" and previous <= t.date < month
                ),
                D(0),
            )
            when = month.replace(day=3)
            if spent and when <= self.today:
                self.add("Nordbank", "giro", when, spent, "NORDBANK VISA ABRECHNUNG KARTE 9013")
                self.add("Nordbank", "card", when, -spent, "NORDBANK AUSGLEICH GIROKONTO 4821")

    def statement_files(self) -> list[tuple[str, str, bytes]]:
        """(account, file name, content) of the two statements: a German bank's CSV export with
        decimal commas and day-first dates, and the card issuer's English CSV."""
        giro = ["Buchungstag;Verwendungszweck;Betrag;Waehrung"]
        card = ["Date,Description,Amount,Currency"]
        for t in self.transactions:
            if t.account == "giro":
                amount = f"{t.amount:.2f}".replace(".", ",")
                giro.append(f"{t.date:%d.%m.%Y};{t.text};{amount};EUR")
            else:
                card.append(f'{t.date:%Y-%m-%d},"{t.text}",{t.amount:.2f},EUR')
        stamp = f"{self.start:%Y%m%d}-{self.today:%Y%m%d}"
        return [
            (
                "Girokonto",
                f"umsaetze-girokonto-4821-{stamp}.csv",
                ("\r\n".join(giro) + "\r\n").encode("cp1252"),
            ),
            ("Visa card", f"visa-9013-{stamp}.csv", ("\n".join(card) + "\n").encode()),
        ]

    def receipt_files(self) -> list[tuple[str, bytes]]:
        """Order confirmations with schema.org markup, as shops send them, and a plain receipt."""
        tv_day = add_months(self.today, -23)
        amazon_day = add_months(self.today, -4)
        return [
            (
                "mediamarkt-order.eml",
                order_email(
                    "MediaMarkt",
                    "https://www.mediamarkt.de",
                    "bestellung@mediamarkt.de",
                    "MM-2204-883112",
                    tv_day,
                    [('Samsung GQ55Q80C 55" QLED TV', "GQ55Q80CATXZG", 1, "899.00")],
                    tracking=("DHL", "00340434161094021234"),
                ),
            ),
            (
                "amazon-order.eml",
                order_email(
                    "Amazon",
                    "https://www.amazon.de",
                    "bestellbestaetigung@amazon.de",
                    "302-5521907-1184336",
                    amazon_day,
                    [
                        ("Anker USB-C charger 65 W", "B09C5RG6KV", 1, "39.99"),
                        ("Brita Maxtra Pro filter cartridges, 6 pack", "B07QG3YH5T", 1, "29.99"),
                        ("Tesa powerstrips, large", "B000KJOXJ0", 2, "8.99"),
                    ],
                ),
            ),
            (
                "fitx-receipt.eml",
                plain_email(
                    "FitX",
                    "service@fitx.de",
                    "Deine Mitgliedschaft bei FitX",
                    self.start.replace(day=2),
                    "Willkommen bei FitX! Mindestlaufzeit 12 Monate, danach monatlich kündbar "
                    "mit 4 Wochen Frist. Monatsbeitrag 24,90 EUR, Starterpaket 19,90 EUR.",
                ),
            ),
        ]

    def _agreements(self) -> None:
        v = self.vendors
        two_years = self.start
        specs = [
            (
                v["Netflix"],
                "Netflix Standard",
                "subscription",
                D("15.99"),
                "monthly",
                two_years,
                None,
                True,
                None,
                0,
                "days",
            ),
            (
                v["Spotify"],
                "Spotify Premium Individual",
                "subscription",
                D("10.99"),
                "monthly",
                two_years,
                None,
                True,
                None,
                0,
                "days",
            ),
            (
                v["Disney+"],
                "Disney+ Standard",
                "subscription",
                D("8.99"),
                "monthly",
                add_months(two_years, 9),
                None,
                True,
                None,
                0,
                "days",
            ),
            (
                v["Deutsche Telekom"],
                "MagentaZuhause L (internet)",
                "contract",
                D("44.95"),
                "monthly",
                add_months(two_years, -6),
                24,
                True,
                1,
                1,
                "months",
            ),
            (
                v["Vodafone"],
                "Vodafone Smart S (mobile)",
                "contract",
                D("19.99"),
                "monthly",
                add_months(self.today.replace(day=1), -23),
                24,
                True,
                1,
                1,
                "months",
            ),
            (
                v["Allianz"],
                "Kfz-Versicherung VW Golf",
                "insurance",
                D("486.20"),
                "yearly",
                date(self.today.year - 2, 1, 1),
                12,
                True,
                None,
                1,
                "months",
            ),
            (
                v["Allianz"],
                "Hausratversicherung",
                "insurance",
                D("38.50"),
                "quarterly",
                add_months(two_years, -30),
                12,
                True,
                None,
                3,
                "months",
            ),
            (
                v["Stadtwerke München"],
                "M-Ökostrom",
                "contract",
                D("78.00"),
                "monthly",
                add_months(self.today.replace(day=1), -11),
                12,
                True,
                12,
                6,
                "weeks",
            ),
            (
                v["Volkswagen Bank"],
                "Car loan VW Golf",
                "loan",
                D("329.00"),
                "monthly",
                add_months(two_years, 2).replace(day=15),
                48,
                False,
                None,
                0,
                "days",
            ),
            (
                v["FitX"],
                "FitX membership",
                "contract",
                D("24.90"),
                "monthly",
                two_years.replace(day=2),
                12,
                True,
                1,
                4,
                "weeks",
            ),
            (
                v["Dropbox"],
                "Dropbox Plus",
                "subscription",
                D("119.88"),
                "yearly",
                add_months(two_years, 3).replace(day=21),
                12,
                True,
                None,
                0,
                "days",
            ),
            (
                v["ADAC"],
                "ADAC Plus-Mitgliedschaft",
                "contract",
                D("94.00"),
                "yearly",
                add_months(two_years, 5).replace(day=5),
                12,
                True,
                None,
                3,
                "months",
            ),
        ]
        fields = (
            "vendor",
            "name",
            "kind",
            "price",
            "billing_cycle",
            "start_date",
            "term_months",
            "auto_renews",
            "renewal_months",
            "notice",
            "notice_unit",
        )
        Agreement.objects.bulk_create(
            [
                Agreement(currency="EUR", **dict(zip(fields, spec, strict=True)), **self._own())
                for spec in specs
            ]
        )

    def _holdings(self) -> None:
        v = self.vendors
        tv_day = add_months(self.today, -23)
        tv = OrderItem.objects.owned_by(self.owner).get(sku="GQ55Q80CATXZG")
        Holding.objects.bulk_create(
            [
                Holding(
                    name='Samsung 55" QLED TV',
                    vendor=v["MediaMarkt"],
                    manufacturer="Samsung",
                    serial_number="0C3H3NAW400187K",
                    purchase_date=tv_day,
                    purchase_price=D("899.00"),
                    warranty_end=add_months(tv_day, 24),
                    order_item=tv,
                    **self._own(),
                ),
                Holding(
                    name="iPhone 15, 128 GB",
                    kind=Holding.Kind.DEVICE,
                    vendor=v["Apple"],
                    manufacturer="Apple",
                    serial_number="F2LXK9QH1D",
                    purchase_date=add_months(self.today, -14),
                    purchase_price=D("949.00"),
                    warranty_end=add_months(self.today, 10),
                    **self._own(),
                ),
                Holding(
                    name="VW Golf 1.5 eTSI",
                    kind=Holding.Kind.DEVICE,
                    vendor=v["Autohaus Schmidt"],
                    manufacturer="Volkswagen",
                    serial_number="WVWZZZCDZPW104563",
                    purchase_date=add_months(self.start, 2),
                    purchase_price=D("31900.00"),
                    warranty_end=add_months(self.start, 26),
                    **self._own(),
                ),
                Holding(
                    name="KIVIK sofa, 3 seats",
                    vendor=v["IKEA"],
                    manufacturer="IKEA",
                    purchase_date=add_months(self.today, -11),
                    purchase_price=D("1249.00"),
                    warranty_end=add_months(self.today, 109),
                    **self._own(),
                ),
                Holding(
                    name="Bosch Serie 6 washing machine",
                    vendor=v["MediaMarkt"],
                    manufacturer="Bosch",
                    serial_number="WGG244A40-8811",
                    purchase_date=add_months(self.today, -25),
                    purchase_price=D("649.00"),
                    warranty_end=add_months(self.today, -1),
                    **self._own(),
                ),
            ]
        )

    def _cases(self) -> None:
        """Cases in every state, opened and moved along through the same services as yours."""
        v, today = self.vendors, self.today
        me = {"Name": "Alex Demo", "Email": "alex@example.org", "Customer number": "443817203"}

        def days_ago(n: int) -> date:
            return today - timedelta(days=n)

        def event(record: Case, kind: str, day: date, note: str = "", **kw: Any) -> None:
            record_event(record, kind, day, note, today=today, **kw)

        def case(vendor: str, kind: str, sent: date | None, **kw: Any) -> Case:
            return open_case(
                self.owner, v[vendor], kind, sent=sent, today=today, disclosed=me, **kw
            )

        # Sent twelve days ago; the reply is due soon.
        outage = case(
            "Deutsche Telekom",
            "complaint",
            days_ago(12),
            subject="Internet down 9 days in a row: a pro-rata refund",
            details="My connection was down from 2 to 10 November. Please refund 9 days of "
            "the monthly price and confirm the fault is fixed.",
        )
        event(outage, "acknowledged", days_ago(10), "Ticket 8841-552 opened")
        # A data access request whose month has passed without an answer: overdue.
        case("Netflix", "access", days_ago(45), language="en")
        # An access request the vendor extended by two months (Art. 12(3)).
        extended = case("Amazon", "access", days_ago(40))
        event(extended, "extended", days_ago(20), "They need two more months")
        # Replied, escalated, resolved and closed cases, and a draft.
        rectify = case(
            "Vodafone",
            "rectification",
            days_ago(70),
            details="My postal address is wrong in your records.",
        )
        event(rectify, "reply", days_ago(50), "Address corrected")
        erasure = case("Lieferando", "erasure", days_ago(120))
        event(erasure, "escalated", days_ago(80), "Complaint to the Dutch authority")
        refund = case(
            "Zalando", "refund", add_months(today, -2), subject="Refund for a returned jacket"
        )
        event(refund, "reply", add_months(today, -2) + timedelta(days=5), "Return received")
        event(
            refund,
            "resolved",
            add_months(today, -2) + timedelta(days=12),
            "EUR 59.95 credited to the card",
            outcome=Case.Outcome.FAVOURABLE,
        )
        # A refund the vendor agreed to pay and never paid.
        delay = case(
            "Deutsche Bahn",
            "refund",
            days_ago(44),
            subject="Fahrgastrechte: 2 hours late on ICE 597",
            details="ICE 597 Munich-Berlin on the ticket below arrived 2 h 10 min late: under "
            "the passenger rights regulation, half the fare (64.50 EUR) is due.",
        )
        event(delay, "reply", days_ago(35), "Refund of 64.50 EUR approved")
        objection = case("Allianz", "objection", add_months(today, -5))
        event(objection, "reply", add_months(today, -5) + timedelta(days=20), "Marketing stopped")
        event(objection, "closed", add_months(today, -5) + timedelta(days=21))
        case(
            "Netflix",
            "price-rise",
            None,
            agreement=Agreement.objects.owned_by(self.owner).get(name="Netflix Standard"),
            details="I did not agree to the rise from 13.99 to 15.99.",
        )

    def _cases_terms_notes(self) -> None:
        self._cases()
        v = self.vendors
        Terms.objects.create(
            vendor=v["Deutsche Telekom"],
            channels=["email"],
            purposes=["service", "billing"],
            vendor_response=Terms.Response.PENDING,
            **self._own(),
        )
        Terms.objects.create(
            vendor=v["Amazon"],
            channels=["email", "app"],
            purposes=["service", "billing", "support"],
            vendor_response=Terms.Response.REFUSED,
            responded_on=add_months(self.today, -1),
            **self._own(),
        )
        Note.objects.bulk_create(
            [
                Note(
                    vendor=v["Deutsche Telekom"],
                    title="Promised speed",
                    body="Contract says up to 100 Mbit/s, at least 60 Mbit/s. Measured 38 Mbit/s "
                    "on three evenings (screenshots in the documents).",
                    written_on=self.today - timedelta(days=20),
                    **self._own(),
                ),
                Note(
                    vendor=v["Netflix"],
                    title="Price rise",
                    body="Went from 13.99 to 15.99 without asking me. Do we still use it?",
                    written_on=add_months(self.start, 16),
                    **self._own(),
                ),
                Note(
                    vendor=v["Volkswagen Bank"],
                    title="Loan terms",
                    body="48 monthly payments of 329.00, 4,500 down to Autohaus Schmidt. "
                    "Early repayment allowed at any time.",
                    written_on=add_months(self.start, 2),
                    **self._own(),
                ),
            ]
        )


@transaction.atomic
def load_demo(owner: User, today: date) -> bool:
    """Load the demo book into ``owner``'s book; False (and no change) when it is already there."""
    if Vendor.objects.owned_by(owner).exists():
        return False
    DemoBook(owner, today).build()
    refresh_insights(owner, today)
    return True
