"""A deterministic bank statement of any length, for the import benchmark and its tests.

:func:`generate_statement` writes what a German bank's CSV export looks like (``;`` separated,
every field quoted, ``31.12.2025`` dates, decimal comma, newest booking first, the columns of a
Sparkasse "CSV-CAMT" export) or, with ``style="en"``, a British one (``,`` separated, day/month
dates, paid-out and paid-in columns, a running balance). The bookings are a household's over six
years, scaled to the number of rows asked for: card payments at a few thousand merchants, each
branch with its own terminal id, a timestamp per payment, online orders with a fresh order code,
PayPal direct debits, salary, rent and savings standing orders, utility and insurance direct
debits, the bank's monthly account fee (which rises once), cash withdrawals, transfers and
refunds.

The file is written day by day, so a million rows never sit in memory, and the same seed gives
the same bytes.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from math import log
from pathlib import Path
from typing import TextIO

__all__ = ["DEFAULT_SEED", "STYLES", "generate_statement"]

STYLES = ("de", "en")
DEFAULT_SEED = 20260517
FIRST_DAY = date(2020, 1, 1)
LAST_DAY = date(2025, 12, 31)

HEADER_DE = (
    "Auftragskonto",
    "Buchungstag",
    "Valutadatum",
    "Buchungstext",
    "Verwendungszweck",
    "Glaeubiger ID",
    "Mandatsreferenz",
    "Beguenstigter/Zahlungspflichtiger",
    "Kontonummer/IBAN",
    "BIC (SWIFT-Code)",
    "Betrag",
    "Waehrung",
    "Info",
)
HEADER_EN = ("Date", "Transaction type", "Description", "Paid out", "Paid in", "Balance")

# German booking texts and the British bank's type codes for the same kinds of booking.
_TYPE_EN = {
    "KARTENZAHLUNG": "DEB",
    "FOLGELASTSCHRIFT": "DD",
    "LASTSCHRIFT": "DD",
    "LOHN  GEHALT": "BAC",
    "DAUERAUFTRAG": "SO",
    "ONLINE-UEBERWEISUNG": "FPO",
    "GUTSCHR. UEBERWEISUNG": "FPI",
    "BARGELDAUSZAHLUNG": "CPT",
    "GUTSCHRIFT": "CR",
    "ENTGELTABSCHLUSS": "CHG",
}

_CITIES = (
    "Berlin", "Hamburg", "Muenchen", "Koeln", "Frankfurt", "Stuttgart", "Duesseldorf", "Leipzig",
    "Dortmund", "Essen", "Bremen", "Dresden", "Hannover", "Nuernberg", "Duisburg", "Bochum",
    "Wuppertal", "Bielefeld", "Bonn", "Muenster", "Mannheim", "Karlsruhe", "Augsburg",
    "Wiesbaden", "Mainz", "Kiel", "Luebeck", "Freiburg", "Regensburg", "Potsdam", "Rostock",
    "Erfurt", "Kassel", "Aachen", "Braunschweig", "Halle", "Magdeburg", "Ulm", "Heidelberg",
    "Wuerzburg", "Darmstadt", "Osnabrueck", "Oldenburg", "Saarbruecken", "Trier", "Goettingen",
)  # fmt: skip
_SURNAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
    "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler",
    "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz",
    "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther",
    "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht",
)  # fmt: skip
_FIRST_NAMES = (
    "Anna", "Lena", "Julia", "Laura", "Sarah", "Lisa", "Katharina", "Marie", "Sophie", "Hannah",
    "Lukas", "Jonas", "Leon", "Felix", "Paul", "Maximilian", "Tim", "Jan", "Niklas", "Tobias",
    "Stefan", "Thomas", "Michael", "Andreas", "Sabine", "Petra", "Monika", "Claudia", "Ayse",
    "Mehmet", "Piotr", "Olga",
)  # fmt: skip
_ITALIAN = (
    "Da Mario", "Bella Napoli", "La Piazza", "Il Gusto", "Toscana", "Da Vinci", "Roma",
    "Venezia", "La Dolce Vita", "Pinocchio", "Sole Mio", "Amalfi", "Trattoria Sardegna",
)  # fmt: skip
_ASIAN = ("Saigon", "Hanoi", "Mekong", "Bangkok", "Tokyo", "Golden Dragon", "Lotus", "Jade", "Wok")
_STREETS = (
    "Hauptstr.", "Bahnhofstr.", "Marktplatz", "Schillerstr.", "Goethestr.", "Lindenallee",
    "Kirchplatz", "Rathausplatz", "Am Stadtpark", "Bergstr.", "Gartenstr.", "Ringstr.",
)  # fmt: skip
_LOCALS: tuple[tuple[str, float, float], ...] = (
    # a local shop's name on the card terminal, its median amount (EUR), the log spread
    ("BAECKEREI {surname}", 6.5, 0.5),
    ("BÄCKEREI {surname} GMBH", 7.0, 0.5),
    ("METZGEREI {surname}", 18.0, 0.6),
    ("APOTHEKE AM {street}", 14.0, 0.8),
    ("{surname}S APOTHEKE", 12.0, 0.8),
    ("CAFE {first}", 9.0, 0.5),
    ("RISTORANTE {italian}", 42.0, 0.5),
    ("PIZZERIA {italian}", 24.0, 0.5),
    ("ASIA IMBISS {asian}", 13.0, 0.4),
    ("SUSHI {asian}", 31.0, 0.5),
    ("DÖNER {first}S GRILL", 8.5, 0.3),
    ("FRISEUR {first}", 35.0, 0.4),
    ("BLUMEN {surname}", 19.0, 0.6),
    ("KIOSK {street}", 5.5, 0.6),
    ("BUCHHANDLUNG {surname}", 21.0, 0.6),
    ("EISCAFE {italian}", 8.0, 0.5),
    ("WEINHANDLUNG {surname}", 38.0, 0.6),
    ("TIERARZTPRAXIS DR. {surname}", 85.0, 0.7),
    ("ZAHNARZT DR. {surname}", 60.0, 0.9),
    ("AUTOHAUS {surname}", 240.0, 0.9),
    ("FAHRRAD {surname}", 45.0, 1.0),
    ("REINIGUNG {surname}", 16.0, 0.4),
)
_CHAINS: tuple[tuple[str, str, float, float, int], ...] = (
    # terminal name, the legal name the bank shows as payee, median, spread, branches
    ("REWE SAGT DANKE", "REWE Markt GmbH", 31.0, 0.7, 220),
    ("EDEKA", "EDEKA Handelsgesellschaft", 27.0, 0.7, 180),
    ("ALDI SUED", "ALDI SUED Dienstleistungs-SE & Co. oHG", 34.0, 0.6, 160),
    ("LIDL DIENSTL", "Lidl Vertriebs-GmbH & Co. KG", 29.0, 0.6, 160),
    ("NETTO MARKEN-DISCOUNT", "Netto Marken-Discount Stiftung & Co. KG", 22.0, 0.6, 120),
    ("PENNY", "Penny Markt GmbH", 19.0, 0.6, 90),
    ("KAUFLAND", "Kaufland Dienstleistung GmbH & Co. KG", 48.0, 0.6, 60),
    ("DM-DROGERIE MARKT", "dm-drogerie markt GmbH + Co. KG", 17.0, 0.6, 120),
    ("ROSSMANN", "Dirk Rossmann GmbH", 14.0, 0.6, 100),
    ("ARAL STATION", "Aral AG", 58.0, 0.4, 80),
    ("SHELL", "Shell Deutschland GmbH", 61.0, 0.4, 70),
    ("ESSO STATION", "Esso Deutschland GmbH", 55.0, 0.4, 50),
    ("JET TANKSTELLE", "JET Tankstellen Deutschland GmbH", 52.0, 0.4, 40),
    ("OBI BAU- UND HEIMWERKERMARKT", "OBI GmbH & Co. Deutschland KG", 46.0, 0.9, 40),
    ("BAUHAUS", "BAUHAUS E-Business GmbH", 52.0, 0.9, 30),
    ("IKEA", "IKEA Deutschland GmbH & Co. KG", 95.0, 0.9, 20),
    ("MEDIAMARKT", "Media Markt E-Business GmbH", 120.0, 1.0, 40),
    ("H+M", "H & M Hennes & Mauritz B.V. & Co. KG", 42.0, 0.6, 60),
    ("DEICHMANN", "Deichmann SE", 45.0, 0.4, 40),
    ("DECATHLON", "Decathlon Deutschland SE & Co. KG", 39.0, 0.8, 25),
    ("MCDONALDS", "McDonald's Deutschland LLC", 11.0, 0.5, 70),
    ("BURGER KING", "Burger King Deutschland GmbH", 12.0, 0.5, 40),
    ("STARBUCKS", "AmRest Coffee Deutschland Sp. z o.o.", 7.5, 0.4, 30),
    ("BACKWERK", "BackWerk Management GmbH", 6.0, 0.4, 40),
    ("DB AUTOMAT", "DB Fernverkehr AG", 29.0, 0.9, 40),
)
_ONLINE: tuple[tuple[str, str, float, float], ...] = (
    # descriptor ({code}: a fresh order code per payment), payee, median, spread
    ("AMZN Mktp DE*{code}", "Amazon EU S.a.r.l.", 27.0, 0.9),
    ("AMAZON.DE*{code}", "Amazon EU S.a.r.l.", 33.0, 0.9),
    ("Amazon Prime*{code}", "Amazon Digital Germany GmbH", 8.99, 0.01),
    ("APPLE.COM/BILL", "Apple Distribution International", 2.99, 1.0),
    ("GOOGLE *YouTube", "Google Ireland Ltd", 12.99, 0.01),
    ("GOOGLE *Google Play", "Google Ireland Ltd", 4.99, 0.8),
    ("NETFLIX.COM", "Netflix International B.V.", 13.99, 0.01),
    ("SPOTIFY P{digits}", "Spotify AB", 10.99, 0.01),
    ("UBER *TRIP {code}", "Uber B.V.", 17.0, 0.5),
    ("BOLT.EU/O/{digits}", "Bolt Operations OU", 14.0, 0.5),
    ("LIEFERANDO.DE", "Takeaway.com Payments B.V.", 28.0, 0.4),
    ("WOLT {city}", "Wolt Enterprises Deutschland GmbH", 26.0, 0.4),
    ("ZALANDO SE", "Zalando Payments GmbH", 64.0, 0.7),
    ("OTTO GMBH", "Otto (GmbH & Co KG)", 71.0, 0.8),
    ("STEAMGAMES.COM {digits}", "Valve Corporation", 19.0, 0.7),
    ("AIRBNB * {code}", "Airbnb Payments Luxembourg S.A.", 310.0, 0.6),
    ("BOOKING.COM HOTEL", "Booking.com B.V.", 180.0, 0.6),
    ("DB VERTRIEB GMBH", "DB Vertrieb GmbH", 49.0, 0.8),
    ("FLIXBUS.DE {digits}", "FlixMobility GmbH", 24.0, 0.5),
    ("LUFTHANSA {digits}", "Deutsche Lufthansa AG", 260.0, 0.6),
    ("TEMU.COM", "Whaleco Technology Limited", 23.0, 0.7),
    ("EBAY O*{digits}", "eBay GmbH", 35.0, 0.9),
)
_SHOP_WORDS = (
    "garten", "kaffee", "tee", "wein", "buch", "spiel", "sport", "rad", "outdoor", "kinder",
    "baby", "tier", "foto", "technik", "werkzeug", "lampen", "moebel", "deko", "schuh", "mode",
)  # fmt: skip
_MONTHS_DE = (
    "Januar", "Februar", "Maerz", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
)  # fmt: skip
ONLINE_SHOPS = 1450  # small web shops: with the chains and local shops, about 2,000 payees
ACCOUNT_FEE = (690, 890, 2023)  # the monthly account fee (cents), its new price and that year
_ALNUM = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_LAG = tuple(timedelta(days=n) for n in (0, 1, 1, 2, 3))  # purchase to booking, card payments

# What a row is, as a share of the day's bookings (the monthly bookings come on top).
_KINDS = (
    ("card", 0.60),
    ("online", 0.15),
    ("paypal", 0.08),
    ("atm", 0.04),
    ("transfer_out", 0.05),
    ("transfer_in", 0.03),
    ("refund", 0.05),
)


@dataclass(frozen=True, slots=True)
class _Shop:
    """A place a card is used: one branch of a chain, a local shop, or an online store."""

    descriptor: str  # as the terminal or the acquirer prints it; may hold {code} / {digits}
    payee: str
    median: float
    spread: float
    weight: float  # how often this household goes there

    @property
    def mu(self) -> float:
        return log(self.median)


def _iban(rng: random.Random) -> str:
    """A German IBAN with a valid check number (banks reject the others, so files have none)."""
    bban = f"{rng.randrange(10**7, 10**8)}{rng.randrange(10**9, 10**10)}"
    # ISO 7064 mod 97-10: the country letters as numbers (D=13, E=14) and 00 move to the end.
    check = 98 - int(f"{bban}131400") % 97
    return f"DE{check:02d}{bban}"


def _shops(rng: random.Random) -> tuple[list[_Shop], list[_Shop]]:
    """The household's card shops (chains' branches, local shops) and its online stores."""
    home = rng.sample(_CITIES, 3)
    card: list[_Shop] = []
    for name, payee, median, spread, branches in _CHAINS:
        for _ in range(branches):
            # Most shopping happens near home; other cities are trips and commutes.
            city = rng.choice(home) if rng.random() < 0.6 else rng.choice(_CITIES)
            terminal = rng.randrange(10_000_000, 70_000_000)
            weight = rng.paretovariate(1.2) * (3.0 if city in home else 0.3)
            card.append(_Shop(f"{name} {terminal}//{city}/DE", payee, median, spread, weight))
    for _ in range(1400):
        template, median, spread = rng.choice(_LOCALS)
        city = rng.choice(home) if rng.random() < 0.8 else rng.choice(_CITIES)
        name = template.format(
            surname=rng.choice(_SURNAMES).upper(),
            first=rng.choice(_FIRST_NAMES).upper(),
            italian=rng.choice(_ITALIAN).upper(),
            asian=rng.choice(_ASIAN).upper(),
            street=rng.choice(_STREETS).upper(),
        )
        weight = rng.paretovariate(1.1) * (2.0 if city in home else 0.2)
        card.append(_Shop(f"{name}//{city.upper()}/DE", name.title(), median, spread, weight))
    online = [
        _Shop(descriptor, payee, median, spread, rng.paretovariate(1.0) * 2)
        for descriptor, payee, median, spread in _ONLINE
    ]
    for _ in range(ONLINE_SHOPS):
        shop = f"{rng.choice(_SHOP_WORDS)}{rng.choice(_SHOP_WORDS)}-{rng.choice(_CITIES).lower()}"
        online.append(_Shop(f"{shop}.de", shop.title(), 45.0, 0.8, rng.paretovariate(1.3) * 0.2))
    return card, online


@dataclass(frozen=True, slots=True)
class _Booking:
    """One booking, in the terms of the German export; the British one is derived from it."""

    day: date
    value_day: date
    kind: str  # the German "Buchungstext"
    purpose: str
    payee: str
    amount: int  # cents, negative is money out
    iban: str = ""
    bic: str = ""
    creditor: str = ""
    mandate: str = ""


@dataclass
class _Household:
    """The bookings of one checking account, drawn from one seeded random generator."""

    rng: random.Random
    card: list[_Shop]
    online: list[_Shop]
    friends: list[tuple[str, str]]  # (name, IBAN) of people money goes to and comes from
    cards: tuple[str, ...]  # card sequence number and expiry, as the terminal prints them

    @classmethod
    def create(cls, rng: random.Random) -> _Household:
        card, online = _shops(rng)
        friends = [
            (f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}", _iban(rng)) for _ in range(60)
        ]
        return cls(rng, card, online, friends, ("Debitk.1 2027-12", "Debitk.2 2026-09"))

    def _code(self, size: int) -> str:
        return "".join(self.rng.choices(_ALNUM, k=size))

    def _cents(self, shop: _Shop) -> int:
        euros = min(self.rng.lognormvariate(shop.mu, shop.spread), 4000.0)
        return max(1, round(euros * 100))

    def _fill(self, shop: _Shop) -> str:
        text = shop.descriptor
        if "{" not in text:
            return text
        rng = self.rng
        return text.format(
            code=self._code(rng.choice((6, 9, 10))),
            digits=rng.randrange(10**9, 10**10),
            city=rng.choice(_CITIES),
        )

    def random_booking(self, day: date, kind: str, shop: _Shop) -> _Booking:
        """One booking of ``kind`` at ``shop`` (used for card, online and refund kinds)."""
        rng = self.rng
        if kind == "card":
            # Card payments are booked one to three days after the purchase, with its time.
            # (random() rather than randrange(): a third of the generator's time went there.)
            rand = rng.random
            bought = day - _LAG[int(rand() * len(_LAG))]
            clock = 25_200 + int(rand() * 54_000)  # between 07:00 and 22:00
            moment = f"{clock // 3600:02d}:{clock // 60 % 60:02d}:{clock % 60:02d}"
            card = self.cards[int(rand() * len(self.cards))]
            purpose = f"{shop.descriptor} {bought.isoformat()}T{moment} {card}"
            return _Booking(day, bought, "KARTENZAHLUNG", purpose, shop.payee, -self._cents(shop))
        if kind == "online":
            purpose = f"{self._fill(shop)} {rng.choice(self.cards)}"
            return _Booking(day, day, "KARTENZAHLUNG", purpose, shop.payee, -self._cents(shop))
        if kind == "paypal":
            ref = rng.randrange(10**12, 10**13)
            name = shop.payee
            purpose = f"{ref} PP.{rng.randrange(1000, 9999)}.PP . {name}, Ihr Einkauf bei {name}"
            return _Booking(
                day,
                day,
                "FOLGELASTSCHRIFT",
                purpose,
                "PayPal Europe S.a.r.l. et Cie S.C.A",
                -self._cents(shop),
                "LU89751000135104200E",
                "PPLXLUL2",
                "LU96ZZZ0000000000000000058",
                f"{rng.randrange(10**12, 10**13)}",
            )
        # A refund: money back from an online store, with the order code of the return.
        purpose = f"{self._fill(shop)} RETOURE {self._code(8)}"
        return _Booking(day, day, "GUTSCHRIFT", purpose, shop.payee, self._cents(shop) // 2 + 1)

    def other_booking(self, day: date, kind: str) -> _Booking:
        """A cash withdrawal or a transfer to or from a friend."""
        rng = self.rng
        if kind == "atm":
            machine = rng.randrange(10_000, 99_999)
            when = f"{day:%d.%m}/{rng.randrange(7, 23):02d}.{rng.randrange(60):02d}"
            purpose = f"GA NR{machine:08d} BLZ50010517 0 {when}"
            cents = rng.choice((2000, 5000, 5000, 10000, 10000, 15000, 20000, 30000))
            return _Booking(day, day, "BARGELDAUSZAHLUNG", purpose, "Sparkasse", -cents)
        name, iban = rng.choice(self.friends)
        why = rng.choice(
            (
                "Danke fuers Auslegen",
                f"Rechnung {rng.randrange(1000, 99999)}",
                "Geschenk",
                f"Miete Garage {_MONTHS_DE[day.month - 1]}",
                "Urlaub Anteil",
                f"Konzertkarten {rng.randrange(1, 5)}x",
                "Essen",
            )
        )
        cents = round(rng.lognormvariate(log(40), 1.0) * 100)
        if kind == "transfer_out":
            return _Booking(day, day, "ONLINE-UEBERWEISUNG", why, name, -cents, iban, "COBADEFFXXX")
        return _Booking(day, day, "GUTSCHR. UEBERWEISUNG", why, name, cents, iban, "INGDDEFFXXX")

    def monthly(self, day: date, previous_business_day: date | None) -> list[_Booking]:
        """Salary, rent, savings and the direct debits that fall due on ``day``."""
        rng = self.rng
        out: list[_Booking] = []
        years = day.year - FIRST_DAY.year
        month = f"{day.month:02d}/{day.year}"
        # Salary comes on the last business day of the month; rent and savings on the first.
        next_business = day + timedelta(days=3 if day.weekday() == 4 else 1)
        if next_business.month != day.month:
            cents = 342_155 + years * 9_870 + (rng.randrange(0, 40_000) if day.month == 11 else 0)
            out.append(
                _Booking(
                    day,
                    day,
                    "LOHN  GEHALT",
                    f"GEHALT {month} PERSONALNR. 004711 MUSTER SOFTWARE GMBH",
                    "Muster Software GmbH",
                    cents,
                    "DE02100500000054540402",
                    "BELADEBEXXX",
                )
            )
            # The bank's own account fee, booked with the month's closing; it goes up once.
            old, new, since = ACCOUNT_FEE
            out.append(
                _Booking(
                    day,
                    day,
                    "ENTGELTABSCHLUSS",
                    f"Kontofuehrungsentgelt {month} Entgelte siehe Anlage",
                    "Sparkasse",
                    -(new if day.year >= since else old),
                )
            )
        first = previous_business_day is None or previous_business_day.month != day.month
        if first:
            out.append(
                _Booking(
                    day,
                    day,
                    "DAUERAUFTRAG",
                    f"MIETE {_MONTHS_DE[day.month - 1].upper()} {day.year} WHG 3.OG LINKS",
                    "Hausverwaltung Schmidt GmbH",
                    -(115_000 + years * 2_500),
                    "DE27100777770209299700",
                    "NORSDE51XXX",
                )
            )
            out.append(
                _Booking(
                    day,
                    day,
                    "DAUERAUFTRAG",
                    "SPARPLAN ETF DEPOT 4711",
                    "Max Mustermann",
                    -25_000,
                    "DE12500105170648489890",
                    "INGDDEFFXXX",
                )
            )
        debits = (
            (3, "Telekom Deutschland GmbH", "Festnetz Vertragskonto 8264719103", 4495),
            (5, "Vodafone GmbH", "Kundennr. 118372644 Mobilfunk", 2999),
            (15, "Stadtwerke", "ABSCHLAG STROM GAS VK 20043817", 9800 + years * 1200),
            (1, "HUK-COBURG", "VS-NR. 415/283761-K KFZ-HAFTPFLICHT", 6317),
            (1, "RSG Group GmbH", "McFIT Mitgliedsbeitrag 7719821", 2490),
        )
        for due, payee, purpose, cents in debits:
            if _falls_on(day, due, previous_business_day):
                mandate = f"M{_stable_hash(payee) % 10**9:09d}"
                out.append(
                    _Booking(
                        day,
                        day,
                        "FOLGELASTSCHRIFT",
                        f"{purpose} RG {day.year}{day.month:02d}{rng.randrange(100, 999)}",
                        payee,
                        -cents,
                        "DE44500105175407324931",
                        "INGDDEFFXXX",
                        f"DE{_stable_hash(payee) % 100:02d}ZZZ00000{due:02d}3819",
                        mandate,
                    )
                )
        return out


def _stable_hash(text: str) -> int:
    """A stable small hash (``hash()`` of a str changes per process)."""
    value = 0
    for ch in text:
        value = (value * 31 + ord(ch)) % 1_000_000_007
    return value


def _falls_on(day: date, due: int, previous: date | None) -> bool:
    """Whether a booking due on day ``due`` of the month is booked on business day ``day``."""
    if day.day == due:
        return True
    # Due on a weekend: booked on the next business day.
    return day.day > due and (previous is None or previous.month != day.month or previous.day < due)


def _business_days() -> list[date]:
    days = []
    day = FIRST_DAY
    while day <= LAST_DAY:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _quotas(rng: random.Random, days: list[date], rows: int) -> list[int]:
    """How many rows each business day gets, adding up to exactly ``rows``."""
    # Mondays book the weekend's card payments; spending grows a little year by year.
    weights = [
        (1.8 if d.weekday() == 0 else 1.0)
        * (1.0 + 0.06 * (d.year - FIRST_DAY.year))
        * rng.uniform(0.6, 1.4)
        for d in days
    ]
    total = sum(weights)
    quotas = []
    done = 0
    running = 0.0
    for w in weights:
        running += w
        upto = round(rows * running / total)
        quotas.append(upto - done)
        done = upto
    return quotas


def _bookings(seed: int, rows: int, newest_first: bool) -> Iterator[list[_Booking]]:
    """The statement's bookings, one business day at a time."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    household = _Household.create(rng)
    days = _business_days()
    quotas = _quotas(rng, days, rows)
    kinds = [k for k, _ in _KINDS]
    kind_weights = [w for _, w in _KINDS]
    card_weights = [s.weight for s in household.card]
    online_weights = [s.weight for s in household.online]
    order = range(len(days) - 1, -1, -1) if newest_first else range(len(days))
    for i in order:
        day, quota = days[i], quotas[i]
        booked = household.monthly(day, days[i - 1] if i else None)[:quota]
        todo = quota - len(booked)
        if todo > 0:
            card_shops = rng.choices(household.card, weights=card_weights, k=todo)
            online_shops = rng.choices(household.online, weights=online_weights, k=todo)
            for kind, card, online in zip(
                rng.choices(kinds, weights=kind_weights, k=todo),
                card_shops,
                online_shops,
                strict=True,
            ):
                if kind in ("atm", "transfer_out", "transfer_in"):
                    booked.append(household.other_booking(day, kind))
                else:
                    shop = card if kind == "card" else online
                    booked.append(household.random_booking(day, kind, shop))
        if newest_first:
            booked.reverse()
        yield booked


def _euros(cents: int, decimal: str) -> str:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}{decimal}{part:02d}"


def _write_de(out: TextIO, seed: int, rows: int) -> None:
    rng = random.Random(seed ^ 0x5EED)  # noqa: S311 - reproducible test data, not a secret
    account = _iban(rng)
    dates: dict[date, str] = {}

    def text(day: date) -> str:
        found = dates.get(day)
        if found is None:
            found = dates[day] = day.strftime("%d.%m.%Y")
        return found

    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(HEADER_DE)
    for booked in _bookings(seed, rows, newest_first=True):
        writer.writerows(
            [
                account,
                text(b.day),
                text(b.value_day),
                b.kind,
                b.purpose,
                b.creditor,
                b.mandate,
                b.payee,
                b.iban,
                b.bic,
                _euros(b.amount, ","),
                "EUR",
                "Umsatz gebucht",
            ]
            for b in booked
        )


def _write_en(out: TextIO, seed: int, rows: int) -> None:
    balance = 524_310
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER_EN)
    for booked in _bookings(seed, rows, newest_first=False):
        if not booked:
            continue
        day = booked[0].day.strftime("%d/%m/%Y")
        lines = []
        for b in booked:
            balance += b.amount
            money = _euros(abs(b.amount), ".")
            paid_out, paid_in = (money, "") if b.amount < 0 else ("", money)
            description = f"{b.payee} {b.purpose}" if b.kind != "KARTENZAHLUNG" else b.purpose
            lines.append(
                [
                    day,
                    _TYPE_EN[b.kind],
                    description,
                    paid_out,
                    paid_in,
                    _euros(balance, "."),
                ]
            )
        writer.writerows(lines)


def generate_statement(
    path: str | Path, rows: int, seed: int = DEFAULT_SEED, *, style: str = "de"
) -> Path:
    """Write a statement of exactly ``rows`` bookings to ``path``; the same seed, the same bytes.

    ``style`` is ``"de"`` (a German bank's export, UTF-8) or ``"en"`` (a British one). The file is
    written day by day and never held in memory whole. Returns the path.
    """
    if style not in STYLES:
        raise ValueError(f"style: expected one of {', '.join(STYLES)}, got {style!r}")
    if rows < 0:
        raise ValueError(f"rows: expected zero or more, got {rows}")
    target = Path(path)
    with target.open("w", encoding="utf-8", newline="") as out:
        if style == "de":
            _write_de(out, seed, rows)
        else:
            _write_en(out, seed, rows)
    return target
