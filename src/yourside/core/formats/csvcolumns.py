"""What bank statement columns are called, in English, German, Dutch, French, Czech and Hungarian.

Headers are compared after :func:`normalise_header` (lower case, no accents, punctuation to
spaces, a currency code like ``(EUR)`` taken off as a hint), so one synonym covers
``Betrag (EUR)``, ``Betrag`` and ``BETRAG``. Within a role, earlier synonyms win: a booking date
beats a transaction date, a counterparty's name beats the account holder's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from yourside.core.formats.numbers import CURRENCY_CODES

__all__ = [
    "IN_TOKENS",
    "OUT_TOKENS",
    "ROLES",
    "SUMMARY_LABELS",
    "header_currency",
    "indicator_sign",
    "match_header",
    "normalise_header",
    "normalise_text",
]

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        # booking dates first: they are what the balance follows
        "buchungstag", "buchungsdatum", "booking date", "posting date", "posted date",
        "post date", "date posted", "boekdatum", "boekingsdatum", "datum zauctovani",
        "date de comptabilisation", "date comptable", "konyvelesi datum",
        "date", "datum", "transaction date", "trans date", "txn date", "transactiedatum",
        "date processed", "processed date", "completed date", "created", "date de l operation",
        "date operation", "date d operation", "datum transakce", "datum verrichting",
        "belegdatum", "umsatzdatum", "transaktionsdatum", "tranzakcio datuma", "datum provedeni",
        "execution date", "started date",
    ),
    "value_date": (
        "valutadatum", "wertstellung", "value date", "rentedatum", "valuta", "date de valeur",
        "date valeur", "erteknap", "datum splatnosti", "datum verrekening", "datum valuty",
    ),
    "amount": (
        "amount", "betrag", "bedrag", "montant", "castka", "zauctovana castka", "buchungsbetrag",
        "transaction amount", "tranzakcio osszege", "osszeg", "umsatz", "kwota", "importe",
        "belopp", "amount in account currency",
    ),
    "debit": (
        "debit", "debet", "debit amount", "withdrawals", "withdrawal", "withdrawal amount",
        "money out", "paid out", "out", "outflow", "outgoing", "spent", "afschrijving", "af",
        "soll", "ausgang", "ausgabe", "ausgaben", "montant debit", "debit eur", "vydaj", "vydaje",
        "odchozi", "kiadas",
    ),
    "credit": (
        "credit", "credit amount", "deposits", "deposit", "deposit amount", "money in", "paid in",
        "in", "inflow", "incoming", "received", "bijschrijving", "bij", "haben", "eingang",
        "einnahme", "einnahmen", "montant credit", "prijem", "prijmy", "prichozi", "bevetel",
    ),
    "indicator": (
        "af bij", "bij af", "debit credit", "credit debit", "d k", "k d", "d c", "c d", "cr dr",
        "dr cr", "s h", "soll haben", "debet credit", "credit debet", "debit credit indicator",
        "cd indicator", "dc", "cd", "dk", "bevetel kiadas", "sign", "indicator",
    ),
    "payee": (
        "naam tegenpartij", "naam tegenrekening", "counterparty name", "counteraccount name",
        "payee", "payee name", "beneficiary", "beneficiary name",
        "beguenstigter zahlungspflichtiger", "begunstigter zahlungspflichtiger",
        "empfanger", "zahlungsempfanger", "auftraggeber empfanger", "name zahlungsbeteiligter",
        "auftraggeber", "zahlungspflichtiger", "merchant", "merchant name", "handelaar",
        "nazev protiuctu", "protistrana", "partner neve", "beneficiaire", "tiers", "recipient",
        "other party", "to from", "name", "naam", "counterparty", "tegenpartij",
    ),
    "description": (
        "buchungstext", "description", "details", "transaction details",
        "transaction description", "memo", "narrative", "particulars", "omschrijving",
        "mededelingen", "verwendungszweck", "purpose", "libelle", "libelle operation", "detail",
        "communication", "zprava", "zprava pro prijemce", "zprava pro me", "message",
        "message for payee", "message for me", "poznamka", "popis", "popis transakce", "notes",
        "note", "transaktionsbeschreibung", "transaktionsbeschreibung zusatz", "vrije mededeling",
        "toelichting", "kozlemeny", "text", "informations complementaires",
        "buchungsinformationen", "client note", "klientska poznamka",
    ),
    "kind": (
        "transaktionstyp", "umsatzart", "typ transakce", "transaction type", "type", "code",
        "mutatiesoort", "item", "polozka", "buchungsart", "vorgang",
    ),
    "currency": (
        "currency", "waehrung", "wahrung", "munt", "mena", "mena uctu", "devise", "ccy",
        "currency code", "buchungswahrung", "buchungswaehrung", "tranzakcio devizaneme",
        "devizanem", "waluta",
    ),
    "balance": (
        "balance", "saldo", "saldo na trn", "kontostand", "solde", "zustatek", "egyenleg",
        "running balance", "saldo nach buchung", "balance after",
    ),
    "reference": (
        "id", "transaction id", "id transakce", "volgnr", "transaction reference number",
        "referencni cislo transakce", "buchungsreferenz", "transaction reference",
        "reference number", "fitid",
    ),
}  # fmt: skip

ROLES = tuple(_SYNONYMS)
_INDEX = {role: {name: i for i, name in enumerate(names)} for role, names in _SYNONYMS.items()}

# Values of a debit/credit indicator column, lower case.
OUT_TOKENS = frozenset({
    "d", "dr", "db", "debit", "debet", "s", "soll", "af", "o", "out", "outflow", "w", "kiadas",
    "ausgang", "-",
})  # fmt: skip
IN_TOKENS = frozenset({
    "c", "cr", "credit", "k", "kredit", "h", "haben", "bij", "i", "in", "inflow", "bevetel",
    "eingang", "+",
})  # fmt: skip

# Descriptions of lines that total the statement instead of booking money, lower case as written.
SUMMARY_LABELS = frozenset(
    {
        "opening balance", "closing balance", "turnover", "balance", "total", "totals",
        "balance brought forward", "balance carried forward", "brought forward",
        "carried forward", "start balance", "end balance", "anfangssaldo", "endsaldo",
        "alter kontostand", "neuer kontostand", "beginsaldo", "eindsaldo", "solde initial",
        "solde final", "ancien solde", "nouveau solde", "solde précédent",
        "počáteční zůstatek", "konečný zůstatek", "nyitó egyenleg", "záró egyenleg",
    }
)  # fmt: skip

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_CODE_IN_PARENS = re.compile(r"[(\[]\s*([A-Za-z]{3})\s*[)\]]")
_TRAILING_NUMBER = re.compile(r"\s+\d+$")


def normalise_text(text: str) -> str:
    """Lower case, accents removed, runs of anything but letters and digits turned into a space."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", plain).strip()


def normalise_header(name: str) -> tuple[str, str | None]:
    """A header cell as compared with the synonyms, and the currency code it names, if any."""
    currency = None
    m = _CODE_IN_PARENS.search(name)
    if m and m[1].upper() in CURRENCY_CODES:
        currency = m[1].upper()
        name = name[: m.start()] + name[m.end() :]
    words = normalise_text(name).split()
    if len(words) > 1 and words[-1].upper() in CURRENCY_CODES:
        currency = currency or words[-1].upper()
        words = words[:-1]
    return " ".join(words), currency


def _role_of(name: str) -> tuple[str, int] | None:
    for candidate in (name, _TRAILING_NUMBER.sub("", name)):
        for role in ROLES:
            rank = _INDEX[role].get(candidate)
            if rank is not None:
                return role, rank
    return None


def match_header(cells: Sequence[str]) -> dict[str, list[int]]:
    """Which columns each role's synonyms name, best synonym first, then left to right."""
    found: dict[str, list[tuple[int, int]]] = {}
    for col, cell in enumerate(cells):
        name, _currency = normalise_header(cell)
        hit = _role_of(name) if name else None
        if hit:
            found.setdefault(hit[0], []).append((hit[1], col))
    return {role: [col for _rank, col in sorted(hits)] for role, hits in found.items()}


def header_currency(cell: str) -> str | None:
    """The currency a header names, as in ``Betrag (EUR)`` or ``Amount CZK``."""
    return normalise_header(cell)[1]


def indicator_sign(value: str) -> int:
    """+1 for money in, -1 for money out, 0 for a value that is no debit/credit indicator."""
    raw = value.strip()
    token = raw if raw in ("+", "-") else normalise_text(raw)
    if token in OUT_TOKENS:
        return -1
    if token in IN_TOKENS:
        return 1
    return 0
