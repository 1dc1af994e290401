"""Normalise raw bank and card statement descriptors into a stable matching key.

A descriptor is the free text a bank prints for a transaction: ``AMZN Mktp US*2K3L1``,
``Kartenzahlung REWE SAGT DANKE. 41400673//Hamburg 2018-03-01T11:33:59``,
``HOFER DANKT  0527  K2   18.09. 17:20``. The same merchant appears under many strings because
banks append dates, times, card numbers, terminal and store numbers, references, cities and
countries, and prefix the payment method or the payment processor. :func:`normalise` removes all
of that and returns a short key (``amzn mktp``, ``rewe``, ``hofer``) that is the same for every
transaction with the merchant; :func:`parse` returns the richer :class:`Descriptor` (a display name
for people, the processor, the counterparty account, the web domain).

The work is an ordered list of compiled regular expressions, each with a comment saying why it is
there. Rules that only delete text are joined into one alternation per pass so a descriptor costs a
handful of regex scans, and each rule is tried only when the text has what it needs (a digit, a
dot, a plus sign). Results are cached twice: by the exact string, and by its *shape* (every digit
written as 0), because most of a million-row import is the same few thousand merchants with a new
date, time or terminal number each time. Framework-free: no Django import here.

The key has a small grammar that :mod:`yourside.core.vendormatch` relies on: lowercase words
(accents folded, no digits-only tokens, no punctuation except ``&`` inside a word) and, when the
descriptor names a counterparty account (an IBAN, or a Czech ``number/bank`` account), a last token
``acct:<account>``. ``normalise(normalise(x)) == normalise(x)`` for any text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

__all__ = [
    "GENERIC_WORDS",
    "Descriptor",
    "PayeeKeys",
    "clear_caches",
    "fold",
    "is_generic",
    "join_key",
    "name_key",
    "normalise",
    "parse",
    "split_key",
]

_I: Final = re.IGNORECASE

ACCOUNT_PREFIX: Final = "acct:"

# Words that say how money moved or what kind of booking it is, in the languages of the statements
# we read (EN, DE, NL, FR, CZ, LT, plus bank jargon). A key made only of these names no vendor, so
# segment choice skips them and the matcher does not fuzzy-match them onto a merchant.
GENERIC_WORDS: Final = frozenset(
    """
    a aankoop ab abrechnung account ach an and annual apy at atm auf aus auftraggeber authorized
    automatic autorisatie bancontact bank banking bea bei beitrag beneficiary betaalautomaat
    betaling betalingskenmerk bgc bijdrage bill billing bonus buchung buchungsentgelt by card carte
    cash cb ccd ccy chaps charge check checking checkcard cheque chg conversion credit cz da darbo
    das dauerauftrag de debit debet debitk dem den der des deposit die direct dividend dd
    domiciliation domiciliering du duchod earned een eft eftpos einzug electric empfanger en
    entgelt erstattung erstlastschrift et eur euro faster fee fees fil filiale folgelastschrift for
    foreign fpi fpo from fur gbp gea gehalt geld girocard gutschrift habenzinsen handyway het ihr
    ihre im in incasso info inkaso inst instant interest internet invoice is jednorazova
    kapitalertragsteuer karte kartenzahlung kartou kontofuhrung la lastschrift late le leasing
    lening les loan lohn maestro mandate mastercard merchandise met miscellaneous monthly more mzda
    na naar nakup of on online op order overboeking overmaking overschrijving paid paiement payee
    payment payments pay percentage period pirkinys platba pmt pojistne pos ppd preauthorized
    prelevement prevod prikaz prlv purchase rechnung receipt received recurring ref reference refund
    rente retour returned ruckbuchung salaris salary sankc savings sepa service services settlement
    sipo sluzby so standing statement storno thank the through to trade transaction transfer
    transferred trvaly trx ucet uctu um und urok usd uver uberweisung uzmokestis van vdc vdp
    verwendungszweck virement visa vom von wdl web withdrawal www yield you your z za zahlung
    zahlungsempfanger zinsen
    aud cad chf czk dkk hkd huf jpy ltl nok nzd pln sek sgd
    """.split()  # noqa: SIM905 - a word list reads and diffs better as words than as 250 literals
)

# ACH entry classes, standing-order and direct-debit codes that banks append after the payee
# ("ELECTRIC BILL WEB", "CU Lin SO", "Media SEPA DD"); stripped from the end of a name.
_TRAILING_CODES: Final = frozenset(
    ("so", "dd", "sepa", "web", "ppd", "ccd", "pmt", "tel", "pos", "on")
)

# ---------------------------------------------------------------------------------------------
# Character handling
# ---------------------------------------------------------------------------------------------

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_FOLD_EXTRA: Final = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "\u0131": "i",  # dotless i (Turkish)
    }
)


def fold(text: str) -> str:
    """Fold accents away (``Überweisung`` -> ``Uberweisung``), keeping other scripts intact.

    Banks are inconsistent about accents (``Zürich`` / ``Zurich``, ``Převod`` / ``PREVOD``), so
    keys compare without them.
    """
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(c for c in text if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
# Pass 0: on the whole raw string, before it is cut into segments
# ---------------------------------------------------------------------------------------------

# Tabs and line breaks separate fields in fixed-width exports, exactly like runs of spaces do;
# NBSP and friends come from HTML exports.
_WHITESPACE: Final = re.compile(r"[\t\r\n\f\v]+|[\u00a0\u2007\u202f]")

# Austrian banks (Raiffeisen, BAWAG, Erste) print card payments as
# "POS  23,55 AT  K1  16.09. 11:32 SPAR DANKT 4105": amount, country, card index K1/K2, date and
# time before the merchant. Removed as a unit because the amount's decimal comma and the K1 token
# would otherwise survive as noise.
_AUSTRIAN_POS: Final = re.compile(
    r"^\s*POS\s+\d+,\d\d\s+[A-Z]{2}\s+K\d\s+\d\d\.\d\d\.\s+\d\d:\d\d(?:\s+|$)", _I
)

# ... and it ends with the city and the Austrian four-digit postcode: "KORNEUBURG 2100".
_AUSTRIAN_TAIL: Final = re.compile(r"\s([^\W\d_]{3,})\s+\d{4}\s*$")

# German SEPA purpose fields glued together (DKB/Commerzbank CSV):
# "EREF+... MREF+... CRED+... SVWZ+<purpose>". The reference values and the creditor id say
# nothing about the payee (and a creditor id looks like an IBAN); the purpose and the deviating
# payer/payee names (SVWZ, ABWA, ABWE) are kept without their tag.
_SEPA_REF_TAGS: Final = re.compile(
    r"(?<![A-Za-z])(?:EREF|MREF|CRED|KREF|BREF|RREF|PURP|COAM|OAMT|SQTP|DEBT|IBAN|BIC)\+.*?"
    r"(?=[A-Z]{4}\+|$)"
)
_SEPA_KEEP_TAGS: Final = re.compile(r"(?<![A-Za-z])(?:SVWZ|ABWA|ABWE)\+")

# The counterparty account is the identity of a bank transfer when the name is missing or
# anonymised (PKDD'99 rows carry only "bank/account"). IBANs are checked with mod 97 so creditor
# ids and reference numbers are not taken for one; Czech accounts are written
# "[prefix-]number/bank"; "acct:<id>" is our own canonical form, so keys normalise to themselves.
_IBAN: Final = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", re.ASCII)
_CZ_ACCOUNT: Final = re.compile(
    r"(?<![\w/])(?:\d{1,6}-)?\d{5,10}/(?:\d{4}|[A-Z]{2})(?![\w/])", _I | re.ASCII
)
_OWN_ACCOUNT: Final = re.compile(re.escape(ACCOUNT_PREFIX) + r"(\S+)", _I)

# A web domain in a descriptor ("NETFLIX.COM", "www.vodafone.de/meinkabel", "TFL.GOV.UK/CP") names
# the merchant better than anything around it; it is recorded and replaced by its main label.
_DOMAIN: Final = re.compile(
    r"(?<![\w.@])(?:www\.)?((?:[a-z0-9-]+\.)+"
    r"(?:com|net|org|info|biz|io|app|tv|me|co|eu|de|nl|uk|fr|be|at|cz|ie|au|ch|lt|es|it|pl|se|dk|"
    r"no|fi|lu|us|ca|nz|sg))(?![\w-])(?:/[\w./-]*)?",
    _I,
)
_TWO_PART_SUFFIXES: Final = frozenset(
    {"co.uk", "org.uk", "gov.uk", "ac.uk", "me.uk", "com.au", "net.au", "org.au", "gov.au"}
    | {"co.nz", "com.sg", "co.at", "or.at"}
)

# Cash machines and cash desks: the machine's operator is not a vendor relationship, so every cash
# booking shares the key "cash" (ATM08SEP and ATMD are Bank of Ireland, GEA is Dutch, BANKOMAT
# Austrian, VYBER/VKLAD Czech withdrawal/deposit, GRYNIEJI Lithuanian, VDA- AIB's ATM prefix).
_CASH: Final = re.compile(
    r"^\W*(?:ATMD?(?![A-Z])|CASH\s+(?:WITHDRAWAL|ADVANCE|DEPOSIT)|BANKOMAT|GELDAUTOMAAT|GEA\b|"
    r"GELDAUTOMAT|BARGELD\w*|BARAUSZAHLUNG|BAREINZAHLUNG|V[YÝ]B[EĚ]R\b|VKLAD\b|GRYNIEJI\b|"
    r"RETRAIT\b|VDA-)",
    _I,
)

# Fields in fixed-width exports are padded with runs of spaces ("DELIVEROO.CO.UK   LONDON   LND");
# semicolons separate a booking category from the payee in OFX memos ("POS MERCHANDISE;MCDONALD'S");
# a comma not followed by a digit separates name from place ("Quality Nuts (EEMDIJK, NL)",
# "NETFLIX.COM 14087249160, NL"). The merchant is in the first segment that names something.
_SEGMENT_SPLIT: Final = re.compile(r"\s{2,}|;|,(?!\d)")

# ---------------------------------------------------------------------------------------------
# Pass 1: volatile parts that change on every transaction (deleted before any keyword rule, so that
# appending one of them can never change how the rest is read)
# ---------------------------------------------------------------------------------------------

_MONTHS: Final = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec|mrz|mai|okt|dez|mei)"
_CURRENCIES: Final = r"(?:eur|usd|gbp|chf|czk|pln|huf|sek|nok|dkk|aud|nzd|sgd|cad|jpy|ltl|hkd)"

_VOLATILE_PATTERNS: Final = (
    # ISO dates and datetimes (DKB card bookings, bunq, Monzo).
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?",
    # Numeric dates d.m.y, d/m/y, d-m-y and y.m.d (every European bank, Lithuanian PIRKINYS).
    r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?!\d)",
    r"(?<!\d)\d{4}[./]\d{1,2}[./]\d{1,2}(?!\d)",
    # Day and month without a year, "18.09." (Austrian POS) and "15/04" (US/SG), and "02/2018".
    r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?!\d)",
    r"(?<![\d/])\d{1,2}/(?:\d{1,2}|\d{4})(?![\d/])",
    # Dates with an English month, glued or not: "POS31AUG", "ATMD 23SEP", "22FEB", "12 Dec 2019".
    r"(?<!\d)\d{1,2}\s?" + _MONTHS + r"(?:\s?\d{4}|\s?\d{2}(?!\d))?(?![a-z])",
    # Times "11:33", "11:33:59", and "@12:34" stamps.
    r"@?\s?(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)",
    # Full card numbers, grouped or not, and masked ones ("4400 77** **** 1234", "XXXX-XXXX-1234").
    r"(?<![\w*•])(?:[\dX*•]{4}[ -]?){3,4}[\dX*•]{1,4}(?![\w*•])",
    # Masked card with the last digits only: "****1234", "XX1234".
    r"(?<![\w*•])[X*•]{2,}\d{2,4}(?!\w)",
    # "CARD 1234", "Card No. 1234", "CARTE X1234": the last four digits of the customer's card.
    r"\b(?:card|karte|carte)\s*(?:no|nr|number|nummer)?\.?\s*[#:]?\s*[X*•]*\d{4}(?![ -]?\d)",
    # German card sequence number and expiry appended to card bookings: "KFN 1 VJ 1812".
    r"\bKFN\s*\d+(?:\s*VJ\s*\d+)?",
    # Amounts with a currency, either order, and FX lines "1 USD = 0.88241 EUR", "FOR: 6.66 SGD".
    r"(?<![\w.,])[-+]?\d+(?:[.,]\d+)*\s?" + _CURRENCIES + r"(?![a-z])",
    r"(?<![a-z])" + _CURRENCIES + r"\s?[-+]?\d+(?:[.,]\d{3})*[.,]\d{2}(?!\d)",
    r"(?<![a-z])=\s?[\d.,]+",
)
_VOLATILE: Final = re.compile("|".join(f"(?:{p})" for p in _VOLATILE_PATTERNS), _I)
# Every volatile pattern and every code pattern needs a digit; most name segments have none.
_DIGIT: Final = re.compile(r"\d")

# ---------------------------------------------------------------------------------------------
# Pass 2: prefixes naming the payment method, then the payment processor
# ---------------------------------------------------------------------------------------------

# Payment-method words that banks put before the payee, grouped by what they tell us. Stripped only
# when a name follows (two letters at least), so a descriptor that is nothing but "Überweisung"
# keeps it and stays recognisably generic.
_METHOD_PREFIXES: Final = (
    (
        "card",
        # DE/AT: Kartenzahlung, girocard, Debitkarte; NL: Betaalautomaat, BEA (ABN AMRO/ING card
        # payment, "BEA NR:xxxx"); BE: Bancontact, "Betaling met debetkaart"; FR: "Paiement par
        # carte", CB (carte bancaire), "CARTE X1234"; CZ: "Platba kartou", "Nákup"; LT: PIRKINYS;
        # IE: AIB VDP-/VDC-; AU: EFTPOS (HANDYWAY is Suncorp's EFTPOS network); US/UK/SG: POS,
        # Visa, debit/check card purchases; OFX memos: "POS MERCHANDISE".
        r"kartenzahlung(?:/-abrechnung)?|girocard|debitk(?:arte)?\.?|karte|maestro"
        r"|mastercard(?: zahlung)?|visa(?: (?:zahlung|purchase|debit|dda pur))?"
        r"|(?:debit |credit |check ?)card(?: (?:payment|purchase|transaction))?(?: to| at)?"
        r"|card (?:payment|purchase|transaction)(?: to| at)?"
        r"|checkcard|pos(?: (?:purchase|debit|merchandise|transaction|authori[sz]ation))?"
        r"|eftpos(?: (?:wdl|purchase|dep))?(?: handyway)?|handyway|debit purchase"
        r"|purchase(?: authori[sz]ed on)?|contactless|apple pay|google pay"
        r"|betaalautomaat|bea(?: nr:?\S*)?|betaling (?:met|via) (?:debetkaart|bancontact|maestro)"
        r"|(?:aankoop|betaling) bancontact(?: met kaart)?|aankoop|bancontact"
        r"|paiement(?: par carte| cb| maestro)?|cb|carte"
        r"|platba kartou|n[aá]kup|pirkinys|vd[pc]-",
    ),
    (
        "transfer",
        # Credit transfers and standing orders, with the "payee:" labels that precede the name.
        r"(?:sepa[- ])?(?:internet[- ]|online[- ]|echtzeit[- ])?[uü]e?berweisung(?: (?:an|von))?"
        r"|dauerauftrag|gutschrift|(?:sepa )?overboeking|overschrijving|(?:sepa )?overmaking"
        r"|virement(?: sepa)?(?: (?:recu|re[cç]u|emis|[ée]mis|instantan[ée]))?"
        r"|vir(?: sepa)?(?: inst)?|p[rř]evod(?: na [uú][cč]et| z [uú][cč]tu)?"
        r"|trval[yý] p[rř][ií]kaz|jednor[aá]zov[aá] platba"
        r"|platba|faster payments?(?: receipt)?|fp[io]|bgc|standing order"
        r"|transfer(?:red)?(?: (?:to|from))?"
        r"|bill payment|online payment|payment to|zahlungsempf[aä]e?nger:?|empf[aä]e?nger:?"
        r"|auftraggeber:?|beneficiary:?|payee:?|refund:?|erstattung|r[uü]ckbuchung|storno",
    ),
    (
        "debit",
        # Direct debits: German Lastschrift family, Dutch incasso, Belgian domiciliëring, French
        # prélèvement (PRLV), Czech inkaso, UK DD, US ACH.
        r"(?:sepa[- ])?(?:basis-?|firmen-?)?lastschrift(?:einzug)?|folgelastschrift|erstlastschrift"
        r"|(?:sepa )?incasso(?: algemeen doorlopend)?|domicili[eë]ring|domiciliation"
        r"|prlv(?: sepa)?|pr[eé]l[eè]vement(?: sepa)?|inkaso|direct debit|sepa dd|dd|d/d"
        r"|ach(?: (?:debit|credit|withdrawal|pmt))?|preauthori[sz]ed debit|recurring payment"
        r"|automatic (?:payment|withdrawal)",
    ),
)
# One alternation with a named group per kind: a single scan finds the prefix and says its kind.
# The group is atomic so that "PREVOD NA UCET" followed by nothing is not stripped to "NA UCET"
# by backtracking into a shorter alternative.
_METHOD_PREFIX: Final = re.compile(
    r"^[\s\W]*(?>"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _METHOD_PREFIXES)
    + r")(?:(?<=-)|(?![\w/-]))[\s:.*-]*(?=.*[^\W\d_]{2})",
    _I,
)

# Payment processors print their own code, a star, then the merchant ("SQ *BLUE BOTTLE"). The
# merchant is the vendor; the processor is kept for the record.
_PROCESSORS: Final = {
    "sq": "Square",
    "squ": "Square",
    "tst": "Toast",
    "pp": "PayPal",
    "paypal": "PayPal",
    "sumup": "SumUp",
    "iz": "Zettle",
    "izettle": "Zettle",
    "zettle": "Zettle",
    "ztl": "Zettle",
    "crv": "Curve",
    "sp": "Shopify",
    "fs": "FastSpring",
    "2co": "2Checkout",
    "paddle": "Paddle",
    "paddle.net": "Paddle",
    "dnh": "GoDaddy",
    "wpy": "WePay",
    "eb": "Eventbrite",
    "yoco": "Yoco",
    "lsp": "Lightspeed",
    "ls": "Lightspeed",
    "pypl": "PayPal",
}
_PROCESSOR_PREFIX: Final = re.compile(
    r"^\W*(" + "|".join(re.escape(p) for p in sorted(_PROCESSORS, key=len, reverse=True)) + r")"
    r"\s?\*\s*",
    _I,
)
# Marketplaces that are vendors themselves but also bill on behalf of others ("GOOGLE *YouTube",
# "MSFT *Xbox"): the name after the star wins when there is one, else the marketplace is the vendor.
_MARKETPLACE_PREFIX: Final = re.compile(r"^\W*(google|msft|microsoft|apple)\s?\*\s*", _I)

# German PayPal and marketplace debits put the real merchant in the purpose: "... Ihr Einkauf bei
# Netflix International B.V.".
_PURCHASE_AT: Final = re.compile(
    r"^.*?\b(?:ihr einkauf bei|your purchase at|uw aankoop bij)\s+", _I
)

# ---------------------------------------------------------------------------------------------
# Pass 3: cut everything after a marker that ends the merchant's name
# ---------------------------------------------------------------------------------------------

_LEGAL_FORMS: Final = (
    r"gmbh(?: & co\.? kg)?|mbh|gesmbh|ges\.m\.b\.h\.?|ag|se|kg|ohg|og|ug|e\.\s?v\.|e\.\s?u\."
    r"|aktiengesellschaft|ltd\.?|limited|plc|llc|llp|inc\.?|corp\.?|corporation|pty(?: ltd)?"
    r"|b\.\s?v\.?|bv|n\.\s?v\.?|nv|bvba|vzw|asbl|sprl|s\.\s?a\.\s?r\.\s?l\.?|sarl|sas|s\.\s?a\.?|sa"
    r"|s\.\s?r\.\s?o\.?|spol\.|a\.\s?s\.|ab|a/s|aps|oy|& co\.?(?: kg)?"
)
_CUT_PATTERNS: Final = (
    # Legal form: what follows is the address or a department ("Deutsche Telekom AG Friedrich
    # Ebert Allee 140 53113 Bonn", "Hutchison Drei Austria GmbH BRUENNER STRASSE 52").
    r"(?<=\w)\W+(?:" + _LEGAL_FORMS + r")(?![\w&])(?:\s.*|\W*)$",
    # German and Austrian card slips: "//Hamburg" city after the terminal id (DKB).
    r"\s*//.*$",
    # Supermarket thank-you tails: "REWE SAGT DANKE. 41400673", "HOFER DANKT 0527 K2".
    r"\s+(?:sagt\s+)?dank(?:e|t)\b.*$",
    # Care-of address: "NÖ Wohnbauförderung c/o NÖ Hypo-Bank".
    r"\s+c/o\b.*$",
    # A spaced dash separates the name from a subtitle: "DER MANN - BACKWAREN".
    r"(?<=\w)\s+-\s+.*$",
)
_CUT: Final = re.compile("|".join(f"(?:{p})" for p in _CUT_PATTERNS), _I)

# Parentheses hold a place, a phone number or a store code: "(EEMDIJK, NL)", "(BSJ8)", and an
# opening one left by truncation; deleted anywhere.
_PARENS: Final = re.compile(r"\([^)]*(?:\)|$)")

# A German legal form glued to the last word by a truncating export: "DeutschlandGmbH".
_GLUED_GMBH: Final = re.compile(r"(?<=[a-zäöü])(?=GmbH\b)")

# ---------------------------------------------------------------------------------------------
# Pass 4: references, store and terminal numbers, codes
# ---------------------------------------------------------------------------------------------

_CODE_PATTERNS: Final = (
    # A keyword announcing a reference, invoice, customer, contract, order, terminal or store
    # number, with its value; the keyword must be followed by a value with a digit or by ".:#" so
    # plain words ("iD Mobile", "Tesco Store") are left alone.
    r"\b(?:ref(?:erenz|erence)?|rechnr|rechnungsnr|rg-?nr|re-nr|k-?nr|kd-?nr|kunden-?nr|vertragsnr"
    r"|mandat(?:sref)?|inv(?:oice)?|order|bestellnr|trx|txn|auth|kenmerk|nr|no|vs|ks|ss|id"
    r"|store|fil|filiale|branch|terminal|term|tid|kasse|pas)\b"
    r"(?:\s*[.:#]\s*(?:[\w/-]*\d[\w/-]*)?|\s*[\w/-]*\d[\w/-]*)",
    # "#112" store numbers (McDonald's #112) and "*2K3L1" order references after a star.
    r"#\s?\d+",
    r"\*\s*[a-z0-9]*\d[a-z0-9]*\b",
    # Percentages and VAT notes: "20%USt".
    r"\d+(?:[.,]\d+)?\s?%\s?(?:ust|mwst|vat|btw|p\.a\.)?",
    # Postal code glued to a city by a truncating export: "2100Korneuburg".
    r"(?<![\w])\d{4,5}(?=[a-z]{3,})",
)
_CODES: Final = re.compile("|".join(f"(?:{p})" for p in _CODE_PATTERNS), _I)

# Everything but word characters, "&", apostrophes, dots and hyphens is punctuation; the latter
# three are resolved per token.
_PUNCT: Final = re.compile(r"[^\w&'.\-]+")
_INITIALS_DOTS: Final = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=[^\W\d_])")
_SINGLE_HYPHEN: Final = re.compile(r"(?<![\w])(\w)-(?=\w)")
_SPACED_AMP: Final = re.compile(r"(?<![\w])([^\W\d_]{1,2}) & ([^\W\d_]{1,2})(?![\w])")

# Place tails that survive segment splitting: ISO country codes (printed in upper case at the end),
# US and Australian states, large cities, and "online", which card statements print in the city
# column for web shops. Stripped from the end only, and never the first word of a name.
_TAIL_CODES: Final = frozenset(
    """
    AT AU BE CH CZ DE DK ES FI FR GB IE IT LT LU NL NO NZ PL PT SE SG SI SK UK US NG
    AUT AUS BEL CHE CZE DEU DNK ESP FRA GBR IRL ITA LTU LUX NLD NZL POL SGP USA LND
    AL AK AZ AR CA CO CT DC FL GA HI ID IL IN IA KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM
    NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY NSW VIC QLD TAS ACT NT WA SA
    """.split()  # noqa: SIM905 - word lists read better as words
)
_TAIL_CITIES: Final = frozenset(
    fold(c).casefold()
    for c in """
    london manchester birmingham leeds glasgow edinburgh liverpool bristol cardiff belfast dublin
    cork galway limerick berlin hamburg munchen munich koln frankfurt stuttgart dusseldorf leipzig
    dresden hannover nurnberg bremen essen dortmund wien vienna graz linz salzburg innsbruck
    amsterdam rotterdam utrecht eindhoven groningen haag brussel bruxelles brussels antwerpen gent
    liege paris lyon marseille toulouse nice lille bordeaux nantes strasbourg praha prague brno
    ostrava plzen vilnius kaunas singapore sydney melbourne brisbane perth adelaide canberra
    newyork chicago seattle boston austin denver oakland atlanta houston dallas miami portland
    stockholm luxembourg madrid barcelona milano milan roma rome geneve geneva copenhagen
    kobenhavn oslo helsinki lisboa lisbon warszawa warsaw budapest bratislava riga tallinn
    toronto vancouver montreal auckland wellington
    online internet
    """.split()  # noqa: SIM905 - word lists read better as words
)

_LETTER_PAIR: Final = re.compile(r"[^\W\d_]{2}")


# ---------------------------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Descriptor:
    """What a raw descriptor says, cleaned.

    ``key`` is the matching key of the name part (``rewe``); ``display`` the same name as people
    write it (``Rewe``, ``Quality Nuts``, ``L'Olilo``); ``kind`` the payment method when a prefix
    told us (``card``, ``transfer``, ``debit``, ``cash``); ``processor`` the payment processor
    (``Square``); ``domain`` a web domain found in the text (``netflix.com``); ``account`` the
    counterparty account (an IBAN or ``number/bank``), lowercase.
    """

    key: str
    display: str = ""
    kind: str = ""
    processor: str = ""
    domain: str = ""
    account: str = ""

    @property
    def normalised(self) -> str:
        """The full key, as :func:`normalise` returns it: name key plus ``acct:`` token."""
        return join_key(self.key, self.account)


def join_key(key: str, account: str) -> str:
    """Join a name key and a counterparty account into one normalised key."""
    if not account:
        return key
    return f"{key} {ACCOUNT_PREFIX}{account}" if key else f"{ACCOUNT_PREFIX}{account}"


def split_key(normalised: str) -> tuple[str, str]:
    """Split a normalised key into ``(name key, account)``; the inverse of :func:`join_key`."""
    head, sep, account = normalised.rpartition(ACCOUNT_PREFIX)
    if not sep:
        return normalised, ""
    return head.rstrip(), account


def is_generic(key: str) -> bool:
    """True when every word of ``key`` is a payment-method or booking word (or there is none)."""
    return all(token in GENERIC_WORDS for token in key.split())


# ---------------------------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------------------------


def _iban_valid(candidate: str) -> bool:
    # ISO 13616 check digits: move the first four characters to the end, letters to numbers,
    # the whole number mod 97 must be 1.
    text = candidate.replace(" ", "").upper()
    if not 15 <= len(text) <= 34 or sum(c.isdigit() for c in text) < 10:
        return False
    digits = "".join(str(int(c, 36)) for c in text[4:] + text[:4])
    return int(digits) % 97 == 1


def _take_account(text: str) -> tuple[str, str]:
    """Remove counterparty account identifiers from ``text``; return the first one found."""
    found = ""
    # Cheap tests first: most descriptors carry no account at all.
    match = _OWN_ACCOUNT.search(text) if ":" in text else None
    if match:
        found = match.group(1).lower()
        text = text[: match.start()] + " " + text[match.end() :]
    for iban in _IBAN.finditer(text) if _DIGIT.search(text) else ():
        if _iban_valid(iban.group()):
            found = found or iban.group().replace(" ", "").lower()
            text = text.replace(iban.group(), " ")
    match = _CZ_ACCOUNT.search(text) if "/" in text else None
    if match:
        found = found or match.group().lower()
        text = _CZ_ACCOUNT.sub(" ", text)
    return text, found


def _registrable(host: str) -> tuple[str, str]:
    """Return ``(registrable domain, its main label)`` for a host name."""
    labels = host.lower().split(".")
    if labels[0] == "www":
        labels = labels[1:]
    take = 3 if ".".join(labels[-2:]) in _TWO_PART_SUFFIXES else 2
    registrable = labels[-take:]
    return ".".join(registrable), registrable[0]


def _take_domain(text: str) -> tuple[str, str]:
    found = ""

    def label(match: re.Match[str]) -> str:
        nonlocal found
        domain, main = _registrable(match.group(1))
        found = found or domain
        # The label as the bank printed it, so the display name keeps its case.
        start = match.group(1).lower().find(main)
        return f" {match.group(1)[start : start + len(main)]} "

    return _DOMAIN.sub(label, text), found


def _has_name(text: str) -> bool:
    """True when ``text`` holds a word that is not generic and not a code."""
    for token in _PUNCT.sub(" ", fold(text)).split():
        token = token.strip(".'-").casefold()
        if (
            _LETTER_PAIR.search(token)
            and not any(c.isdigit() for c in token)
            and token not in GENERIC_WORDS
        ):
            return True
    return False


def _strip_prefixes(text: str) -> tuple[str, str, str]:
    """Strip method and processor prefixes; return ``(text, kind, processor)``."""
    kind = processor = ""
    changed = True
    while changed:
        changed = False
        match = _METHOD_PREFIX.match(text)
        if match:
            text = text[match.end() :]
            kind = kind or match.lastgroup or ""
            changed = True
        if "*" not in text:
            continue
        match = _PROCESSOR_PREFIX.match(text)
        if match and _LETTER_PAIR.search(text, match.end()):
            processor = processor or _PROCESSORS[match.group(1).lower()]
            text = text[match.end() :]
            changed = True
        match = _MARKETPLACE_PREFIX.match(text)
        if match:
            rest = text[match.end() :]
            # Keep the marketplace when nothing but generic words or its own name follows.
            if _has_name(rest) and not rest.lower().startswith(match.group(1).lower()):
                processor = processor or match.group(1).capitalize()
                text = rest
            else:
                text = text[: match.start(1)] + match.group(1) + " " + rest
            changed = True
    return text, kind, processor


def _tidy_tokens(text: str, *, tails: bool = True) -> list[str]:
    """Split cleaned text into display tokens, dropping codes, numbers and masks."""
    text = _PUNCT.sub(" ", text)
    if "." in text:
        text = _INITIALS_DOTS.sub(r"\1", text)  # "S.C.D." -> "SCD.", "E.ON" -> "EON"
        text = text.replace(".", " ")
    if "-" in text:
        text = _SINGLE_HYPHEN.sub(r"\1", text)  # "T-Mobile" -> "TMobile", "X-911" -> "X911"
        text = text.replace("-", " ")
    if "&" in text:
        text = _SPACED_AMP.sub(r"\1&\2", text)  # "V & A" -> "V&A", "M & S" -> "M&S"
    tokens: list[str] = []
    for raw_token in text.split():
        word = raw_token.strip("'")
        if not word:
            continue
        if word.isalpha():
            # The common case; only a masked field "XXXXX" is dropped.
            if not (len(word) >= 3 and word[0] in "Xx" and word.strip("Xx") == ""):
                tokens.append(word)
            continue
        if "&" not in word:
            digits = sum(c.isdigit() for c in word)
            letters = len(word) - digits
            # Store codes, references and phone numbers: three digits or more, or more digits
            # than letters ("B115", "KD020007057822", "X10"); "O2" and "7ELEVEN" stay.
            if digits >= 3 or digits > letters:
                continue
            if word.strip("Xx*•") == "" and len(word) >= 3:
                continue  # a masked field "XXXXX"
        elif word == "&" and not tokens:
            continue
        tokens.append(word)
    while tokens and tokens[-1] == "&":
        tokens.pop()
    # Country, state and city tails and trailing booking codes, never the first word.
    while (
        tails
        and len(tokens) > 1
        and (
            tokens[-1] in _TAIL_CODES
            or fold(tokens[-1]).casefold() in _TAIL_CITIES
            or tokens[-1].casefold() in _TRAILING_CODES
        )
    ):
        tokens.pop()
    return tokens


def _display(tokens: list[str]) -> str:
    """People's form of the name: all-caps words become capitalised, short acronyms stay."""
    words = []
    for token in tokens:
        if token.isupper() and len(token) > 3 and "&" not in token:
            # "L'OLILO" -> "L'Olilo", "O'NEILL" -> "O'Neill"; "MCDONALD'S" -> "Mcdonald's".
            if len(token) > 3 and token[1] == "'":
                token = token[:2] + token[2] + token[3:].lower()
            else:
                token = token[0] + token[1:].lower()
        words.append(token)
    return " ".join(words)


def _key_of_tokens(tokens: list[str]) -> str:
    key_tokens = []
    for token in tokens:
        folded = fold(token).casefold().replace("'", "")
        for part in _PUNCT.sub(" ", folded).split():
            # Single letters are initials or leftovers ("W. Koelewijn", "S" after a city).
            if len(part) > 1 or "&" in part:
                key_tokens.append(part)
    return " ".join(key_tokens)


def _clean_segment(segment: str) -> tuple[list[str], str, str]:
    """Clean one segment; return ``(tokens, kind, processor)``."""
    has_digit = _DIGIT.search(segment) is not None
    if has_digit:
        segment = _VOLATILE.sub(" ", segment)
    segment, kind, processor = _strip_prefixes(segment.strip())
    if "(" in segment:
        segment = _PARENS.sub(" ", segment)
    if "GmbH" in segment:
        segment = _GLUED_GMBH.sub(" ", segment)
    segment = _CUT.sub("", segment)
    if has_digit:
        segment = _CODES.sub(" ", segment)
        # A legal form can surface only once codes are gone ("ARAG SE 123"): cut again.
        segment = _CUT.sub("", segment.strip())
    tokens = _tidy_tokens(segment)
    # A leading Lithuanian legal form ("UAB IMONE") is not part of the name.
    if len(tokens) > 1 and tokens[0].casefold() == "uab":
        tokens = tokens[1:]
    return tokens, kind, processor


def _austrian_merchant(text: str) -> str:
    """The merchant of an Austrian POS line: "AVANTI 8620/ KORNEUBUR KORNEUBURG 2100" -> "AVANTI".

    The line ends with the city and its four-digit postcode; the merchant field before it is
    often cut off in the middle of the city name, so words that begin the city name go too.
    """
    match = _AUSTRIAN_TAIL.search(text)
    if not match:
        return text
    city = match.group(1).casefold()
    kept = [
        word
        for word in text[: match.start()].split()
        if not (len(word) >= 4 and city.startswith(word.casefold()))
    ]
    return " ".join(kept) if kept else text


def _parse_once(raw: str) -> Descriptor:
    text = _WHITESPACE.sub("  ", raw).strip()
    if not text:
        return Descriptor(key="")
    if _CASH.match(text):
        return Descriptor(key="cash", display="Cash", kind="cash")
    kind = ""
    match = _AUSTRIAN_POS.match(text)
    if match:
        text, kind = _austrian_merchant(text[match.end() :]), "card"
    # Each whole-text rule is tried only when the text holds the character or word it needs.
    lower = text.lower()
    if "einkauf" in lower or "purchase at" in lower or "aankoop" in lower:
        text = _PURCHASE_AT.sub("", text)
    if "+" in text:
        text = _SEPA_REF_TAGS.sub(" ", text)
        text = _SEPA_KEEP_TAGS.sub(" ", text)
    text, account = _take_account(text)
    domain = ""
    if "." in text:
        text, domain = _take_domain(text)

    chosen: tuple[list[str], str] | None = None
    fallback: tuple[list[str], str] | None = None
    processor = ""
    for segment in _SEGMENT_SPLIT.split(text):
        if not segment.strip():
            continue
        tokens, seg_kind, seg_processor = _clean_segment(segment)
        kind = kind or seg_kind
        processor = processor or seg_processor
        if not tokens:
            continue
        key = _key_of_tokens(tokens)
        if not key:
            continue
        if not is_generic(key):
            chosen = (tokens, key)
            break
        if fallback is None:
            fallback = (tokens, key)
    chosen = chosen or fallback
    if chosen is None:
        return Descriptor(key="", kind=kind, processor=processor, domain=domain, account=account)
    tokens, key = chosen
    return Descriptor(
        key=key,
        display=_display(tokens),
        kind=kind,
        processor=processor,
        domain=domain,
        account=account,
    )


# Descriptors that differ only in their digits ("HOFER DANKT 0527 K2 18.09. 17:20" on every
# shopping day) are parsed once: the cache key is the descriptor with every digit written as 0.
# The key is the UTF-8 with every digit byte made a "0": the same key for the same texts as the
# text with its digits replaced, at a tenth of the cost (str.translate looks each character up).
_DIGIT_BYTES: Final = bytes.maketrans(b"0123456789", b"0000000000")
_BY_SHAPE: dict[bytes, Descriptor] = {}


def _shape(text: str) -> bytes:
    # "surrogatepass": a text read with surrogateescape still has a shape, and never raises.
    return text.encode("utf-8", "surrogatepass").translate(_DIGIT_BYTES)


# One step of the fixed-point iteration per key: many raw descriptors share a key ("hofer"), so
# checking that a key parses to itself is done once per key, not once per descriptor.
_KEY_STEP: dict[str, str] = {}


def _fixed_point(normalised: str) -> str:
    for _ in range(8):
        step = _KEY_STEP.get(normalised)
        if step is None:
            step = _parse_once(normalised).normalised
            if len(_KEY_STEP) >= 1 << 18:
                _KEY_STEP.clear()
            _KEY_STEP[normalised] = step
        if step == normalised:
            break
        normalised = step
    return normalised


@lru_cache(maxsize=1 << 16)
def parse(raw: str) -> Descriptor:
    """Parse a raw descriptor into a :class:`Descriptor`; never raises, cached.

    The key is brought to a fixed point (parsing the key again gives the key), which is what makes
    :func:`normalise` idempotent whatever the rules do.
    """
    # The counterparty account is taken out first: it is the one part of a descriptor whose
    # digits matter, and without it the rest can be cached by shape (below).
    text, account = raw, ""
    if "+" in text:
        text = _SEPA_KEEP_TAGS.sub(" ", _SEPA_REF_TAGS.sub(" ", text))
    text, account = _take_account(text)
    shape = _shape(text)
    result = _BY_SHAPE.get(shape)
    if result is None:
        result = _parse_once(text)
        key = _fixed_point(result.key)
        if key != result.key:
            result = replace(result, key=key, display=result.display if key else "")
        # The rules look at where digits are, never at which digits they are (an IBAN's check
        # digits aside), so a digit-free result holds for every text of the same shape: the
        # supermarket line with a new date and time every day is parsed once.
        if not _DIGIT.search(key) and not _IBAN.search(text):
            if len(_BY_SHAPE) >= 1 << 18:
                _BY_SHAPE.clear()
            _BY_SHAPE[shape] = result
    if account:
        # An account spelt out in the text wins over one written into the key (acct:...).
        result = replace(result, account=account)
    return result


def normalise(raw: str) -> str:
    """Return the matching key of a raw descriptor (``"AMZN Mktp US*2K3L1"`` -> ``"amzn mktp"``).

    Strips card numbers, dates, times, store/terminal/reference numbers, city and country tails,
    payment-method and processor prefixes; folds accents and case. A counterparty account, when
    present, is kept as a last ``acct:<account>`` token. Idempotent, never raises, cached.
    """
    return parse(raw).normalised


def clear_caches() -> None:
    """Empty every cache (for benchmarks and tests; the caches are bounded anyway)."""
    parse.cache_clear()
    _BY_SHAPE.clear()
    _KEY_STEP.clear()


def name_key(text: str) -> str:
    """Key a vendor name or alias the way descriptor words are keyed, without descriptor rules.

    Used for the customer's vendor names, directory names and aliases: ``"Sainsbury's"`` ->
    ``"sainsburys"``, ``"Marks & Spencer"`` -> ``"marks & spencer"``, ``"T-Mobile"`` ->
    ``"tmobile"``, ``"Quality Nuts B.V."`` -> ``"quality nuts"`` (legal forms go, as in
    descriptors; place names stay, since they can be part of a name).
    """
    text = _CUT.sub("", _PARENS.sub(" ", _GLUED_GMBH.sub(" ", text)).strip())
    return _key_of_tokens(_tidy_tokens(text, tails=False))


# Long digit runs are accounts (IBANs, account numbers), which tell payees apart. Read on a line's
# shape (digits as 0), which has them exactly where the line has.
_ACCOUNT_SHAPE: Final = re.compile(rb"0{9,}|[A-Z]{2}00[A-Z0-9]{10,}")


class PayeeKeys:
    """:func:`normalise` for many statement lines, once per shape of a line.

    Statements stamp lines with times, card, terminal and order numbers, so a million lines have
    hundreds of thousands of descriptions but a few tens of thousands of shapes (the line's UTF-8
    with every digit a 0). ``normalise`` drops those numbers, so one call per shape gives every
    line of the shape its key. A line with an account number that its key keeps is keyed on its
    own, as the account tells payees apart.
    """

    def __init__(self) -> None:
        self._by_shape: dict[bytes, str] = {}
        self._with_account: set[bytes] = set()  # shapes whose lines are keyed one by one
        self._by_text: dict[str, str] = {}

    def __call__(self, description: str) -> str:
        shape = description.encode().translate(_DIGIT_BYTES)
        key = self._by_shape.get(shape)
        if key is not None:
            return key
        if shape not in self._with_account:
            key = normalise(description)
            # A long number that is no account (a payment reference) leaves none in the key:
            # then the shape's other lines have the same key whatever their digits.
            if not (_ACCOUNT_SHAPE.search(shape) and ACCOUNT_PREFIX in key):
                self._by_shape[shape] = key
                return key
            self._with_account.add(shape)
        found = self._by_text.get(description)
        if found is None:
            found = self._by_text[description] = normalise(description)
        return found
