"""Bank and card fees in a statement, each explained in plain words, totalled per vendor and year.

Plain Python over plain records, no Django. A line is classified by its raw bank description alone
(English, German, Dutch, French and Czech wording, including the PKDD'99 codes ``SLUZBY`` and
``SANKC. UROK``); the amount only decides whether it is a fee charged (money out) or a fee refunded
(money in).

The description is folded before matching: accents removed (``Gebühr`` and ``GEBUEHR`` and
``Gebuhr`` all match ``GEBÜHR`` in the patterns below), upper case, punctuation turned into spaces.
The rules are tried in a fixed order and the first that matches decides:

1. **Free.** Words that say there was no fee (``GEBÜHRENFREI``, ``fee-free``, ``sans frais``,
   ``zdarma``) make the line not a fee, whatever else it says.
2. **Specific bank wording.** Compounds and phrases only a bank or card issuer uses
   (``Kontoführungsentgelt``, ``Auslandseinsatzentgelt``, ``NON-STERLING TRANSACTION FEE``,
   ``Sollzinsen``, ``SANKC. UROK``, ``Mahngebühr``, ``frais de tenue de compte``) give their kind.
3. **Not a bank fee.** Charges for something bought or a public levy that merely call themselves a
   fee (school fees, parking fee, TV licence, ``Rundfunkgebühr``, ``Versandkosten``, membership,
   ``poplatek za odpad``) are not reported: they are prices, not penalties or bank charges.
4. **Context and a fee word.** A fee word (``FEE``, ``CHARGE``, ``GEBÜHR``, ``ENTGELT``, ``KOSTEN``,
   ``FRAIS``, ``COMMISSION``, ``POPLATEK``) next to a context (``ATM``, ``card``, ``foreign``,
   ``overdraft``, ``late``) gives that context's kind: "CASH WITHDRAWAL" alone is the withdrawal,
   "CASH WITHDRAWAL FEE" the fee.
5. **A fee word on its own** is ``other-fee``. Fee words are whole words, so ``COFFEE``, ``TOFFEE``
   and ``FEED`` never match, and ``KOSTEN`` does not match ``Nebenkosten``.

A credit (positive amount) that classifies as a fee is a refund of that fee and is reported apart,
in ``FeeReport.refunded``. For a generic ``other-fee`` a credit also needs a refund word
(``refund``, ``Erstattung``, ``remboursement``, ``storno``): salary (``Arbeitsentgelt``) and sales
commission (``Provision``) are credits with a fee word in them.

Speed: the classification of each distinct description is cached, so a statement of a million lines
with a few thousand distinct descriptions costs one dictionary look-up a line. The book stores each
line's verdict when the line is written (:func:`fee_of`), so the insights total a book's fees from
its few fee lines and never classify its descriptions again.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final, Literal

from yourside.core.descriptors import fold
from yourside.core.recurrence import Payment

FeeKind = Literal[
    "account",
    "card",
    "foreign",
    "conversion",
    "atm",
    "overdraft-interest",
    "penalty-interest",
    "late",
    "returned-debit",
    "other-fee",
]

FEE_KINDS: Final[tuple[FeeKind, ...]] = (
    "account",
    "card",
    "foreign",
    "conversion",
    "atm",
    "overdraft-interest",
    "penalty-interest",
    "late",
    "returned-debit",
    "other-fee",
)

# What each kind is and whether it is usually avoidable, in the customer's words.
EXPLANATIONS: Final[dict[FeeKind, str]] = {
    "account": (
        "A charge for keeping the account. Many banks offer accounts without one, or waive it "
        "above a monthly deposit, so it is usually avoidable."
    ),
    "card": (
        "A yearly or monthly charge for having the card. Cards without one exist; it is worth "
        "paying only if the card's benefits are worth more to you."
    ),
    "foreign": (
        "A fee for using your card in another currency or abroad; a card without foreign fees "
        "avoids it."
    ),
    "conversion": (
        "A charge for converting a payment into your currency. Paying in the local currency "
        "(decline the merchant's conversion) with a card without foreign fees avoids it."
    ),
    "atm": (
        "A fee for taking out cash. Using your own bank's cash machines, or a card that does "
        "not charge for cash, avoids it."
    ),
    "overdraft-interest": (
        "Interest or a fee for being overdrawn. Keeping the balance above zero, or moving the "
        "debt to cheaper credit, avoids it."
    ),
    "penalty-interest": (
        "Penalty interest for going past an agreed limit or paying late. It stops once the "
        "account or loan is back within its terms."
    ),
    "late": (
        "A charge for paying late or for a reminder. Paying by the due date, for instance by "
        "direct debit, avoids it; a first late fee is often waived if you ask."
    ),
    "returned-debit": (
        "A charge because a direct debit or payment could not be taken from the account. "
        "Enough money in the account on the collection date avoids it."
    ),
    "other-fee": (
        "A charge the bank or vendor calls a fee. Ask what it is for: many fees can be "
        "avoided, negotiated or waived."
    ),
}


@dataclass(frozen=True, slots=True)
class Txn(Payment):
    """A booked transaction with the raw description from the bank statement.

    A :class:`~yourside.core.recurrence.Payment` with its description, so the same records feed
    recurrence detection and every detector here. ``vendor_key`` is whoever charged the line: for
    a bank's own fees, the bank (or the account's key when the bank is not known).
    """

    description: str = ""


@dataclass(frozen=True, slots=True)
class Fee:
    """One fee line. ``amount`` is signed as booked: negative a fee charged, positive a refund."""

    txn_id: str
    vendor_key: str
    date: date
    kind: FeeKind
    amount: Decimal
    explanation: str


@dataclass(frozen=True, slots=True)
class FeeReport:
    """The fees charged and the fee refunds received, each in the order of the input (of a
    ledger: payee by payee, in date order)."""

    fees: list[Fee]
    refunded: list[Fee]


@dataclass(frozen=True, slots=True)
class FeeTotal:
    """The sum (signed) and number of the fees of one kind one vendor charged in one year."""

    vendor_key: str
    year: int
    kind: FeeKind
    total: Decimal
    count: int


# --- patterns -------------------------------------------------------------------------------------


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written in readable German: ``Ü`` matches ``U`` and ``UE`` (the folded
    ``ü`` and its ASCII spelling), likewise ``Ö`` and ``Ä``. Spaces match one space: the text is
    folded to single spaces first."""
    for letter, spelled in (("Ü", "UE?"), ("Ö", "OE?"), ("Ä", "AE?")):
        pattern = pattern.replace(letter, spelled)
    return re.compile(pattern)


# A word that names a charge, in each language. German compounds end in the fee word
# (Mahngebühr, Buchungsentgelt), so the German words may have a prefix; the others are whole words
# so that COFFEE, FEED and Nebenkosten do not match. CHARGE counts only as the whole line: as a word
# it is also an electric car's charge ("POD POINT CHARGE").
_FEE: Final = _rx(
    r"\bFEES?\b|^CHARGES?$|\b\w*GEBÜHR(?:EN)?\b|\b\w*ENTGELTE?\b|\bKOSTEN\b|\bSPESEN\b"
    r"|\bFRAIS\b|\bCOMMISSIONS?\b|\bPROVISIE\b|\bPOPLAT(?:EK|KY|KU)\b"
)

_FREE: Final = _rx(
    r"GEBÜHRENFREI|ENTGELTFREI|KOSTENFREI|KOSTENLOS|\bFEE ?FREE\b|\bNO (?:FEES?|CHARGES?)\b"
    r"|\bWITHOUT (?:FEES?|CHARGES?)\b|\bZERO FEES?\b|\bFREE OF CHARGE\b|\bSANS FRAIS\b"
    r"|\bGRATUIT|\bGRATIS\b|\bZONDER KOSTEN\b|\bBEZ POPLATKU\b|\bZDARMA\b"
)

# Specific wording: what only a bank, card issuer or creditor writes. Tried in order, so a returned
# debit's fee is not taken for a late fee, nor a foreign cash fee for a plain cash fee.
_SPECIFIC: Final[tuple[tuple[FeeKind, re.Pattern[str]], ...]] = (
    (
        "returned-debit",
        _rx(
            r"RÜCKLASTSCHRIFT ?(?:GEBÜHR|ENTGELT|KOSTEN)"
            r"|\b(?:RETURNED|UNPAID|BOUNCED) (?:DIRECT DEBIT|DD|ITEM|PAYMENT|CHEQUE|CHECK) "
            r"(?:FEE|CHARGE)|\bNSF (?:FEE|CHARGE)|\bINSUFFICIENT FUNDS (?:FEE|CHARGE)"
            r"|STORNERINGSKOSTEN|\bFRAIS (?:DE )?REJET|\bFRAIS (?:D )?IMPAYE"
            r"|\bPOPLATEK ZA (?:ODMITNUTI|NEPROVEDENI|VRACENI)"
        ),
    ),
    (
        "late",
        _rx(
            r"MAHNGEBÜHR|MAHNKOSTEN|MAHNENTGELT|\bLATE (?:PAYMENT )?(?:FEE|CHARGE)"
            r"|\bPAST DUE (?:FEE|CHARGE)|\bFRAIS (?:DE )?RETARD|\bPENALITES? DE RETARD"
            r"|AANMANINGSKOSTEN|HERINNERINGSKOSTEN|INCASSOKOSTEN|\bPOPLATEK ZA UPOMINK"
        ),
    ),
    (
        "penalty-interest",
        _rx(
            r"\bSANKC\w* UROK|\bUROK Z PRODLENI|VERZUGSZINS|\bPENALTY INTEREST"
            r"|\bDEFAULT INTEREST|\bINTERETS? DE RETARD|\bVERTRAGINGSRENTE"
        ),
    ),
    (
        "overdraft-interest",
        _rx(
            r"SOLLZINS|ÜBERZIEHUNGSZINS|DISPOZINS|DISPOSITIONSZINS|ÜBERZIEHUNGS(?:ENTGELT|GEBÜHR)"
            r"|\bOVERDRAFT (?:INTEREST|FEE|CHARGE|USAGE)|\bUNARRANGED OVERDRAFT"
            r"|\bDEBIT INTEREST|\bINTEREST ON OVERDRAFT|\bINTERETS? DEBITEURS?|\bAGIOS\b"
            r"|\bCOMMISSIONS? D INTERVENTION|\bDEBETRENTE|\bRENTE ROOD|\bROOD STAAN"
            r"|\bDEBETNI UROK|\bUROK Z (?:DEBETU|PRECERPANI)"
        ),
    ),
    (
        "conversion",
        _rx(
            r"\b(?:CCY|CURRENCY|FX) CONVERSION (?:FEE|CHARGE)|\bCONVERSION (?:FEE|CHARGE)"
            r"|\bFX (?:FEE|CHARGE)|\bEXCHANGE RATE (?:FEE|CHARGE|MARGIN)"
            r"|UMRECHNUNGS(?:GEBÜHR|ENTGELT)|FREMDWÄHRUNGS\w*(?:GEBÜHR|ENTGELT)"
            r"|\b(?:FRAIS|COMMISSION) DE CHANGE|\bKOERSOPSLAG|\bWISSELKOERSKOSTEN"
            r"|\bPOPLATEK ZA (?:KONVERZI|PREVOD MENY)"
        ),
    ),
    (
        "foreign",
        _rx(
            r"AUSLANDSEINSATZ|AUSLANDS(?:ENTGELT|GEBÜHR)"
            r"|\bFOREIGN (?:TRANSACTION |TXN |PURCHASE |CASH |EXCHANGE |CURRENCY )?(?:FEE|CHARGE)"
            r"|\bNON ?STERLING (?:TRANSACTION |PURCHASE |CASH )?(?:FEE|CHARGE)"
            r"|\bINTERNATIONAL (?:TRANSACTION |PURCHASE )?(?:FEE|CHARGE)"
            r"|\bCROSS ?BORDER (?:FEE|CHARGE)"
            r"|\b(?:FRAIS|COMMISSIONS?) (?:SUR |DE )?(?:OPERATIONS? |PAIEMENTS? )?(?:A L )?ETRANGER"
            r"|\bBUITENLAND\w* ?KOSTEN|\bKOSTEN BUITENLAND"
            r"|\bPOPLATEK ZA (?:ZAHRANICNI|PLATBU V CIZI)"
        ),
    ),
    (
        "atm",
        _rx(
            r"\bCASH (?:WITHDRAWAL |MACHINE )?(?:FEE|CHARGE)"
            r"|\bATM (?:WITHDRAWAL |USAGE |SURCHARGE )?(?:FEE|CHARGE)|\bATM SURCHARGE"
            r"|FREMDAUTOMAT|AUTOMATENGEBÜHR|\bGAA ?(?:GEBÜHR|ENTGELT)|\bFRAIS (?:DE )?RETRAIT"
            r"|\bCOMMISSIONS? (?:DE |SUR )?RETRAIT|OPNAMEKOSTEN|\bKOSTEN GELDOPNAME"
            r"|\bPOPLATEK ZA VYBER"
        ),
    ),
    (
        "card",
        _rx(
            r"KARTEN(?:GEBÜHR|ENTGELT|PREIS)|\bANNUAL CARD FEE|\bCARD (?:FEE|CHARGE)"
            r"|\bCOTISATION (?:CARTE|ANNUELLE)|\bFRAIS (?:DE )?CARTE"
            r"|\bJAARLIJKSE? (?:KOSTEN|BIJDRAGE)|\bKAARTKOSTEN|\bKOSTEN (?:CREDIT)?KAART"
            r"|\bPOPLATEK ZA (?:KARTU|VYDANI KARTY)|\bROCNI POPLATEK"
        ),
    ),
    (
        "account",
        _rx(
            r"KONTOFÜHRUNG|KONTO(?:ENTGELT|GEBÜHR|PREIS)|BUCHUNGS(?:ENTGELT|GEBÜHR|POSTEN)"
            r"|\bPOSTENENTGELT|\bACCOUNT (?:MAINTENANCE |SERVICE )?(?:FEE|CHARGE)"
            r"|\bMONTHLY (?:ACCOUNT|SERVICE|MAINTENANCE) (?:FEE|CHARGE)|\bPACKAGED ACCOUNT"
            r"|\bBANK CHARGES?\b|\bSTATEMENT (?:FEE|CHARGE)"
            r"|\bTENUE DE COMPTE|\bCOTISATION (?:MENSUELLE|PACKAGE|OFFRE)"
            r"|BETAALPAKKET|\bKOSTEN \w*PAKKET|\bKOSTEN REKENING|REKENINGKOSTEN"
            r"|\bPOPLATEK ZA (?:VEDENI|SLUZBY|VYPIS)|\bPOPLATKY ZA SLUZBY|\bVEDENI UCTU"
            # PKDD'99's code for the statement fee; as one word among others it is Czech for
            # "services" ("Platba za sluzby Vodafone" pays a vendor).
            r"|^SLUZBY$"
        ),
    ),
)

# Prices and public levies that call themselves a fee, and salary (German "Arbeitsentgelt"): not
# what a bank or a creditor charges on top. Checked after the specific wording, before the rest.
_NOT_A_BANK_FEE: Final = _rx(
    r"\bSCHOOL|\bTUITION|\bCOURSE|\bPARK|\bENTRY\b|\bENTRANCE|\bADMISSION|\bMEMBERSHIP"
    r"|\bREGISTRATION|\bAPPLICATION|\bEXAM|\bLICEN[CS]E|\bCOURT|\bDELIVERY|\bSHIPPING"
    r"|\bBOOKING|\bGYM\b|\bCLUB\b|\bTICKET|\bTOLL\b|\bSERVICE CHARGE\b|\bEUROPEAN COMMISSION"
    r"|RUNDFUNK|STUDIEN|SEMESTER|SCHUL|\bKITA|MITGLIED|EINTRITT|KURSGEBÜHR|ANMELDE|MÜLL"
    r"|ABFALL|GERICHTS|VERSAND|LIEFER|PORTO|\bMAUT|ARBEITSENTGELT|ENTGELTABRECHNUNG|\bLOHN"
    r"|\bGEHALT|SCOLAIRE|INSCRIPTION|STATIONNEMENT|PARCMETRE|PEAGE|ADHESION|LIVRAISON"
    r"|\bFRAIS DE PORT|\bCOMMISSION EUROPEENNE|INSCHRIJF|LIDMAATSCHAP|CONTRIBUTIE|VERZEND"
    r"|BEZORG|COLLEGEGELD|SCHOOLGELD|ODPAD|SKOLNE|ROZHLAS|TELEVIZ|CLENSK|POSTOVNE"
    r"|MISTNI POPLATEK|\bSPRAVNI POPLATEK|KONCESION|\bZA PSA\b"
)

# A context and a fee word anywhere in the line give the context's kind. In order, like _SPECIFIC.
_CONTEXT: Final[tuple[tuple[FeeKind, re.Pattern[str]], ...]] = (
    ("returned-debit", _rx(r"RÜCKLASTSCHRIFT|\bRETURNED\b|\bUNPAID\b|\bREJET\b|\bSTORNERING")),
    ("late", _rx(r"\bLATE\b|\bOVERDUE\b|MAHNUNG|\bRETARD\b|\bAANMANING|\bUPOMIN")),
    ("overdraft-interest", _rx(r"\bOVERDRAFT|ÜBERZIEHUNG|\bDISPO|\bDECOUVERT|\bROOD\b")),
    ("conversion", _rx(r"\bCONVERSION\b|UMRECHNUNG|\bDE CHANGE\b|\bKONVERZ|\bWISSELKOERS")),
    (
        "foreign",
        _rx(
            r"\bFOREIGN\b|\bNON ?STERLING\b|AUSLAND|\bETRANGER|\bHORS ZONE EURO\b|\bBUITENLAND"
            r"|\bZAHRANI|\bCIZI\b"
        ),
    ),
    (
        "atm",
        _rx(r"\bATM\b|GELDAUTOMAT|BARGELD|\bGAA\b|\bCASH\b|\bRETRAIT|GELDOPNAME|\bBANKOMAT"),
    ),
    ("card", _rx(r"\bCARDS?\b|KARTE\b|\bKAART|\bCARTE\b|\bKART[AUY]\b|\bANNUAL\b|\bYEARLY\b")),
    (
        "account",
        _rx(r"\bACCOUNT\b|\bKONTO\b|\bCOMPTE\b|\bREKENING\b|\bUCTU\b|\bUCET\b|\bPAKKET\b"),
    ),
)

# Words that make a credit with a generic fee word a refund of a fee. Not "Gutschrift": German
# banks call every incoming transfer that.
_REFUND: Final = _rx(
    r"\bREFUND|\bREBATE|\bREVERS|\bERSTATT|\bRÜCKERSTATT|\bSTORNO|\bREMBOURSEMENT"
    r"|\bRISTOURNE|\bANNULATION|\bTERUGBETAL|\bTERUGSTORT|\bCREDITERING|\bVRACENI|\bVRATKA"
)

_SPACES: Final = re.compile(r"[^0-9A-Z]+")


def _normalise(description: str) -> str:
    """Upper case, accents folded, punctuation as single spaces."""
    if "Ã" in description:
        # UTF-8 read as Latin-1 ("KontofÃ¼hrung"), common in German bank exports.
        with contextlib.suppress(UnicodeError):
            description = description.encode("latin-1").decode("utf-8")
    return _SPACES.sub(" ", fold(description).upper()).strip()


# Every text that _FEE or a _SPECIFIC pattern matches contains one of these (a test checks it on
# texts generated from each pattern): most lines contain none, and a substring test is far cheaper
# than the patterns' many alternatives.
_STEMS: Final = (
    "FEE", "CHARGE", "GEB", "ENTGELT", "KOSTEN", "SPESEN", "FRAIS", "COMMISSION", "PROVISIE",
    "POPLAT", "ZINS", "UROK", "INTERE", "RENTE", "AGIOS", "ROOD", "KOERSOPSLAG", "AUSLANDSEINSATZ",
    "AUTOMAT", "PREIS", "KONTOF", "POSTEN", "PACKAGED", "TENUE", "COTISATION", "PAKKET",
    "BIJDRAGE", "SLUZBY", "VEDENI", "PENALIT", "MARGIN", "OVERDRAFT",
)  # fmt: skip


def _may_be_fee(text: str) -> bool:
    return any(stem in text for stem in _STEMS)


def _classify(description: str) -> tuple[FeeKind | None, bool]:
    """(kind, whether the line says it is a refund) for a description; kind None: not a fee."""
    if description.isascii() and not _may_be_fee(description.upper()):
        # The stems are letters, which folding and spacing leave as they are in plain ASCII:
        # most lines are told apart here, before the normalising.
        return None, False
    text = _normalise(description)
    if not text or not _may_be_fee(text) or _FREE.search(text):
        return None, False
    refund = _REFUND.search(text) is not None
    for kind, pattern in _SPECIFIC:
        if pattern.search(text):
            return kind, refund
    if _NOT_A_BANK_FEE.search(text) or not _FEE.search(text):
        return None, False
    for kind, pattern in _CONTEXT:
        if pattern.search(text):
            return kind, refund
    return "other-fee", refund


# Cache per shape of a description: its UTF-8 bytes with every digit a 0. No pattern reads a digit,
# and statements stamp lines with times, card, terminal and order numbers: a million lines have a
# few tens of thousands of shapes. A plain dict (not lru_cache) keeps the per-line cost to one
# look-up. Cleared when it grows past _CACHE_LIMIT so that unique texts cannot hold memory.
_CACHE: dict[bytes, tuple[FeeKind | None, bool]] = {}
_CACHE_LIMIT: Final = 200_000
_DIGITS: Final = bytes.maketrans(b"0123456789", b"0000000000")


def classify(description: str) -> FeeKind | None:
    """The kind of fee a raw bank description names, or None when it is not a fee."""
    shape = description.encode().translate(_DIGITS)
    found = _CACHE.get(shape)
    if found is None:
        found = _remember(shape, description)
    return found[0]


# The one verdict of every line that is no fee.
_NOT_A_FEE: Final[tuple[FeeKind | None, bool]] = (None, False)


def _remember(shape: bytes, description: str) -> tuple[FeeKind | None, bool]:
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    found = _classify(description)
    if found[0] is None:
        found = _NOT_A_FEE
    _CACHE[shape] = found
    return found


def find_fees(txns: Iterable[Txn]) -> FeeReport:
    """The fees in ``txns``, with the fee refunds apart; zero amounts are neither."""
    report = FeeReport([], [])
    for t in txns:
        shape = t.description.encode().translate(_DIGITS)
        found = _CACHE.get(shape) or _remember(shape, t.description)
        if found[0] is not None:
            _add(report, found, t.id, t.vendor_key, t.date, t.amount)
    return report


def fee_of(description: str, amount: Decimal | float) -> FeeKind | Literal[""]:
    """The kind of fee a line is, charged (money out) or given back (money in), or ``""`` when it
    is none: what :func:`find_fees` would report it as, by the line alone.

    The book stores this with every line when it is written (``Transaction.fee``), so that the
    insights total a book's fees without reading its descriptions again.
    """
    shape = description.encode().translate(_DIGITS)
    return _counted(_CACHE.get(shape) or _remember(shape, description), amount) or ""


def _counted(found: tuple[FeeKind | None, bool], amount: Decimal | float) -> FeeKind | None:
    """The fee kind a line of ``amount`` counts as, given its text's verdict (kind, whether it
    says "refund"): any kind charged; money back only when it names the fee or says it refunds
    one (a credit that merely mentions a charge is no fee given back)."""
    kind, says_refund = found
    if kind is None or amount == 0 or (amount > 0 and kind == "other-fee" and not says_refund):
        return None
    return kind


def _add(
    report: FeeReport,
    found: tuple[FeeKind | None, bool],
    txn_id: str,
    key: str,
    day: date,
    amount: Decimal,
) -> None:
    kind = _counted(found, amount)
    if kind is None:
        return
    if amount < 0:
        report.fees.append(Fee(txn_id, key, day, kind, amount, EXPLANATIONS[kind]))
    else:
        explanation = "Money back for an earlier fee. " + EXPLANATIONS[kind]
        report.refunded.append(Fee(txn_id, key, day, kind, amount, explanation))


def fee_totals(fees: Iterable[Fee]) -> list[FeeTotal]:
    """The signed sum and count of ``fees`` per vendor, year and kind, sorted by those.

    Pass ``FeeReport.fees`` for what was charged, or the fees and the refunds together for the net.
    """
    totals: dict[tuple[str, int, FeeKind], Decimal] = {}
    counts: dict[tuple[str, int, FeeKind], int] = defaultdict(int)
    for fee in fees:
        key = (fee.vendor_key, fee.date.year, fee.kind)
        totals[key] = totals.get(key, Decimal(0)) + fee.amount
        counts[key] += 1
    order = sorted(totals, key=lambda k: (k[0], k[1], FEE_KINDS.index(k[2])))
    return [FeeTotal(*key, totals[key], counts[key]) for key in order]


def clear_cache() -> None:
    """Forget the cached classifications (after the rules changed, in tests)."""
    _CACHE.clear()
