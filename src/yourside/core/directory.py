"""The privacy-contact directory: where to send a data-rights request, and whom to complain to.

Framework-free. The data is the open database of the datarequests.org project (CC0 1.0; see
``data/datarequests/LICENSE-datarequests``): about 3,000 companies' privacy contacts and the
European data protection supervisory authorities. It is bundled gzip-compressed (1.7 MB of JSON
lines become 0.34 MB) and read on first use, then kept in memory for the life of the process.

Matching a customer's vendor to a company (:func:`match_vendor`) goes from the strongest evidence
to the weakest and stops at the first tier that finds anything:

1. **Domain.** The vendor's website host equals, or is a subdomain of, a company's domain
   (``smile.amazon.de`` is ``amazon.de``; ``amazon.com`` is *not* ``aws.amazon.com``).
2. **Exact name.** The vendor's name or an alias, normalised (accents and case folded, legal forms
   such as "GmbH & Co. KG" or "S.à r.l." dropped), equals a company's name or one of the services
   it runs. Failing that, the same with country and group words dropped ("Telekom Deutschland"
   is "Telekom") or with the spaces run together ("Ryan Air" is "Ryanair"), or the main label of
   a company's domain ("netflix" for netflix.com); a name beats a domain label on a tie.
3. **Strict fuzzy.** The same number of words, every word of four letters or fewer spelt exactly,
   and every longer word within :data:`MATCH_CUTOFF` (rapidfuzz ``ratio``, 0-100) of its
   counterpart. Word by word, because over the whole string one wrong word drowns in a long
   shared part ("Kreispolizeibehörde Coesfeld" and "... Wesel" score 94); short words exactly,
   because there one letter is another company ("Deutsche Bank" and "Deutsche Bahn" score 92).

   The cutoff, 88, is the lowest that accepts a one-letter slip in a nine-letter word
   ("Lufthanza", "Comdirekt": 88.9); a missing or extra letter in a longer word scores 90 or more
   ("Netflx", "Zalandoo"). Its cost, measured on the directory itself by comparing every name with
   every other: 11 pairs of different companies are within 90 (mostly one letter apart, such as
   Reuter/Reuters, which only an exact name can tell apart), 13 within 88, 19 within 86
   (Eurocard/Europcar, 87.5) and 38 within 85 (Parship/Airship, Gartner/Partner). So a one-letter
   change in a seven- or eight-letter word is not enough: "Deutsche Telecom" (85.7 on "telecom")
   does not match. ``tests/core/test_directory.py`` holds the names it was tried on.

When a tier finds several companies (Amazon has one record per country), the one relevant for the
vendor's country wins, then one relevant for all countries, then the better-quality record.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

__all__ = [
    "ATTRIBUTION",
    "MATCH_CUTOFF",
    "Authority",
    "Company",
    "RequiredElement",
    "authorities",
    "authority_for",
    "companies",
    "company",
    "match_vendor",
    "search",
]

ATTRIBUTION = "from the open database of the datarequests.org project, CC0 1.0"

# The evidence for 88 is in the module docstring.
MATCH_CUTOFF = 88

_DATA = ("data", "datarequests")
_QUALITY_RANK: Mapping[str, int] = {"tested": 0, "verified": 1, "imported": 2, "scraped": 3}


# --- Records -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequiredElement:
    """An item of identification a company insists on (``kind``: input, email, address, ...)."""

    description: str
    kind: str = "input"
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Company:
    """A company's contact for privacy requests, as the datarequests.org database records it.

    ``aliases`` are the services and companies it is responsible for (the schema's ``runs``);
    ``domains`` are derived here from its website and aliases (and its email address when it has
    no website), lower-case without ``www.``. ``countries`` holds lower-case ISO codes or
    ``"all"``. ``transport`` is the suggested medium with the schema's default applied: email when
    there is an address, else letter.
    """

    slug: str
    name: str
    aliases: tuple[str, ...]
    address: str
    email: str
    phone: str
    fax: str
    webform: str
    web: str
    domains: tuple[str, ...]
    countries: tuple[str, ...]
    categories: tuple[str, ...]
    transport: str
    required_elements: tuple[RequiredElement, ...]
    needs_id_document: bool
    request_language: str
    quality: str
    comments: tuple[str, ...]
    sources: tuple[str, ...]

    def serves(self, country: str) -> bool:
        """Whether the record is meant for customers in ``country`` (an ISO code, any case)."""
        return _country(country) in self.countries or "all" in self.countries


@dataclass(frozen=True, slots=True)
class Authority:
    """A data protection supervisory authority that takes complaints.

    ``webform`` is its complaint form. ``transport`` is the suggested medium with the schema's
    default applied: fax when it has a fax number, else letter.
    """

    slug: str
    name: str
    countries: tuple[str, ...]
    address: str
    email: str
    phone: str
    fax: str
    web: str
    webform: str
    complaint_language: str
    transport: str
    comments: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def country(self) -> str:
        """The (upper-case) country it supervises; every record in the data names exactly one."""
        return self.countries[0].upper() if self.countries else ""


# --- Public API ----------------------------------------------------------------------------------


def companies() -> tuple[Company, ...]:
    """Every company in the directory, in the data's order."""
    return _records().companies


def company(slug: str) -> Company | None:
    """The company with this slug, or None."""
    return _records().by_slug.get(slug)


def authorities() -> tuple[Authority, ...]:
    """Every supervisory authority in the directory."""
    return _records().authorities


def search(query: str, limit: int = 20) -> list[Company]:
    """Companies whose name, alias or domain matches ``query``, best first.

    Case- and accent-insensitive ("bunting", "Bünting" and "Buenting" all find Bünting). An exact
    name comes first, then names that start with the query, then names containing it as a word,
    then as any substring. When that leaves room, close spellings fill the rest: every word of the
    query (three letters or more) within rapidfuzz ``ratio`` 80 of a word of the name, so
    "deutche bahn" finds Deutsche Bahn. Ties go to the better-quality record.
    """
    q = _fold(query)
    if limit <= 0 or not q:
        return []
    records, index = _records(), _search_index()
    best: dict[int, tuple[int, float]] = {}

    def consider(owners: Iterable[int], score: tuple[int, float]) -> None:
        for i in owners:
            if score > best.get(i, (-1, 0.0)):
                best[i] = score

    padded = f" {q}"
    # A substring test over all keys is one C loop; only the few hits are classified.
    for key in (k for k in index.key_list if q in k):
        if key == q:
            tier = 4
        elif key.startswith(q):
            tier = 3
        elif padded in f" {key}":
            tier = 2
        elif len(q) >= 3:
            tier = 1
        else:
            continue
        # Within a tier, a key the query covers more of is the better match.
        consider(index.keys[key], (tier, len(q) / len(key)))
    if len(best) < limit:
        for key, similarity in _close_keys(index, q.split()).items():
            consider(index.keys[key], (0, similarity))
    ranked = sorted(
        best,
        key=lambda i: (
            tuple(-x for x in best[i]),
            _QUALITY_RANK.get(records.companies[i].quality, 9),
            records.companies[i].slug,
        ),
    )
    return [records.companies[i] for i in ranked[:limit]]


def match_vendor(
    name: str, aliases: Iterable[str] = (), website: str = "", country: str = ""
) -> Company | None:
    """The directory's company for a customer's vendor, or None when the evidence is too weak.

    ``country`` (an ISO code; a country word in the name such as "Deutschland" counts too) only
    breaks ties, for example between Amazon's per-country records. See the module docstring for
    the order of evidence.
    """
    index = _match_index()
    host = _host(website)
    if host:
        by_host = [(i, 0) for d in _parents(host) for i in index.by_domain.get(d, ())]
        if by_host:
            return _prefer(by_host, country)
    keys = [_keys(n) for n in (name, *aliases) if n and n.strip()]
    country = country or _country_in(keys)
    exact = [
        (i, 0)
        for k in keys
        for key in k.core
        for i, source in index.by_name.get(key, ())
        if source == _CORE
    ]
    if exact:
        return _prefer(exact, country)
    short = [hit for k in keys for key in k.short | k.compact for hit in index.by_name.get(key, ())]
    if short:
        return _prefer(short, country)
    return _fuzzy_match(index, keys, country)


def authority_for(country_code: str, subdivision: str = "") -> Authority | None:
    """The supervisory authority to complain to about a vendor based in ``country_code``.

    One authority per country, except Germany, where the data lists the federal commissioner, the
    sixteen state authorities and church and broadcasting authorities. For ``DE`` this returns the
    Federal Commissioner (BfDI): it is the general, nationwide authority, it takes every complaint
    and passes one about a private company to the state authority of the company's seat, and GDPR
    Art. 77(1) lets a person complain to any supervisory authority. Pass the vendor's state as
    ``subdivision`` (ISO 3166-2 code without the country: ``"BY"``, ``"NW"``, ...) to get the state
    authority that supervises companies there directly (for Bavaria the BayLDA, which covers the
    private sector; the BayLfD covers public bodies). ``"UK"`` and ``"EL"`` are accepted for
    ``GB`` and ``GR``.
    """
    code = _country(country_code)
    records = _records()
    if code == "de":
        slug = _DE_STATE_AUTHORITY.get(subdivision.strip().upper().removeprefix("DE-"), "debfdi")
        return records.authority_by_slug.get(slug)
    for authority in records.authorities:
        if code in authority.countries:
            return authority
    return None


# --- Normalisation -------------------------------------------------------------------------------

# Legal forms, matched as whole trailing word sequences after folding: "S.à r.l." folds to
# "s a r l", and dropping single letters anywhere would eat real names.
_LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    tuple(form.split())
    for form in sorted(
        {
            "ab",
            "ab publ",
            "ag",
            "ag co kg",
            "aps",
            "as",
            "a s",
            "asa",
            "b v",
            "bv",
            "cie",
            "co",
            "co kg",
            "co kgaa",
            "co ohg",
            "company",
            "corp",
            "corporation",
            "dac",
            "e g",
            "e v",
            "eg",
            "et cie",
            "ev",
            "gbr",
            "ggmbh",
            "gmbh",
            "inc",
            "kdor",
            "kft",
            "kg",
            "kgaa",
            "limited",
            "llc",
            "llp",
            "lp",
            "ltd",
            "mbh",
            "n v",
            "nv",
            "ohg",
            "oy",
            "oyj",
            "plc",
            "pty",
            "publ",
            "s a",
            "s a r l",
            "s a s",
            "s c a",
            "s l",
            "s p a",
            "s r l",
            "s r o",
            "sa",
            "sarl",
            "sas",
            "se",
            "sl",
            "sp z o o",
            "spa",
            "srl",
            "sro",
            "stiftung",
            "uab",
            "uc",
            "ug",
            "ulc",
            "unlimited company",
            "unlimited",
            "vvag",
        },
        key=lambda f: (-len(f.split()), f),
    )
)
_LEGAL_FORMS_BY_LAST: Mapping[str, tuple[tuple[str, ...], ...]] = {
    last: tuple(f for f in _LEGAL_FORMS if f[-1] == last) for last in {f[-1] for f in _LEGAL_FORMS}
}
# Words that say where or how a company is organised, not which company it is: "Netflix
# International B.V." is Netflix, "Telekom Deutschland GmbH" is Telekom.
_GROUP_WORDS = frozenset(
    {
        "at",
        "ch",
        "com",
        "de",
        "deutschland",
        "distribution",
        "emea",
        "eu",
        "europe",
        "european",
        "gb",
        "germany",
        "group",
        "gruppe",
        "holding",
        "holdings",
        "international",
        "ireland",
        "operations",
        "the",
        "uk",
    }
)
# Second-level labels under a country code that are not the company's name (amazon.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "or", "ne", "gv"})
_PARENS = re.compile(r"\(([^)]*)\)")
_DOMAIN_IN_TEXT = re.compile(r"(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?=$|[/\s),;])", re.I)
_HOST = re.compile(
    r"(?:[a-z][a-z0-9+.-]*:(?=//)|mailto:)?(?://)?(?:[^@/?#\s]*@)?([^:/?#\s\[\]]+)", re.I
)
# Letters of any script survive (Greek, Cyrillic names are in the data); the rest separates words.
_NON_WORD = re.compile(r"[\W_]+")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _fold(text: str) -> str:
    """Lower-case words separated by single spaces: accents dropped, ß as ss."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text.lower()).strip()


def _variants(text: str) -> set[str]:
    """The folded text, and its German transliteration (ü as ue) when that differs.

    Both spellings are indexed for the data, so a query folded one way finds either.
    """
    if text.isascii():
        return {text} if (text := _fold(text)) else set()
    return {v for v in (_fold(text), _fold(text.translate(_GERMAN))) if v}


def _strip_legal(words: list[str]) -> list[str]:
    while len(words) > 1:
        for form in _LEGAL_FORMS_BY_LAST.get(words[-1], ()):
            if len(words) > len(form) and tuple(words[-len(form) :]) == form:
                words = words[: -len(form)]
                break
        else:
            break
    return words


@dataclass(frozen=True, slots=True)
class _Keys:
    folded: frozenset[str]  # the whole name, for search
    core: frozenset[str]  # without the legal form and any bracketed remark
    short: frozenset[str]  # core without country and group words, unless nothing would remain
    compact: frozenset[str]  # short without spaces: "Ryan Air" is Ryanair, "Check 24" CHECK24


def _keys(text: str) -> _Keys:
    folded = _variants(text)
    bare = _variants(_PARENS.sub(" ", text)) if "(" in text else folded
    core = {" ".join(_strip_legal(v.split())) for v in bare}
    short = set()
    for key in core:
        words = [w for w in key.split() if w not in _GROUP_WORDS]
        short.add(" ".join(words) if words else key)
    compact = {k.replace(" ", "") for k in short}
    return _Keys(frozenset(folded), frozenset(core), frozenset(short), frozenset(compact))


# A country named in the vendor's name ("Sky Deutschland") breaks ties like a country code does.
_COUNTRY_WORDS: Mapping[str, str] = {
    "deutschland": "de",
    "germany": "de",
    "austria": "at",
    "osterreich": "at",
    "oesterreich": "at",
    "schweiz": "ch",
    "switzerland": "ch",
    "suisse": "ch",
    "uk": "gb",
    "britain": "gb",
    "ireland": "ie",
    "france": "fr",
    "italia": "it",
    "italy": "it",
    "espana": "es",
    "spain": "es",
    "nederland": "nl",
    "netherlands": "nl",
    "belgium": "be",
    "polska": "pl",
    "poland": "pl",
}


def _country_in(keys: Iterable[_Keys]) -> str:
    for k in keys:
        for folded in k.folded:
            for word in folded.split():
                if word in _COUNTRY_WORDS:
                    return _COUNTRY_WORDS[word]
    return ""


def _country(code: str) -> str:
    code = code.strip().lower()
    return {"uk": "gb", "el": "gr"}.get(code, code)


def _host(url: str) -> str:
    """The lower-case host of a URL or bare domain, without ``www.``; "" when there is none."""
    # A regex rather than urlsplit: it runs for every record on load, and urlsplit's validation
    # costs a tenth of the load time.
    found = _HOST.match(url.strip())
    return found.group(1).lower().rstrip(".").removeprefix("www.") if found else ""


def _parents(host: str) -> Iterator[str]:
    """The host and each parent domain with at least two labels, longest first."""
    labels = host.split(".")
    for i in range(len(labels) - 1):
        yield ".".join(labels[i:])


def _domain_labels(domain: str) -> set[str]:
    """The name a site goes by: ``netflix`` for netflix.com, ``amazon`` for amazon.co.uk.

    Only for a domain a company registered itself; a subdomain such as aws.amazon.com names a
    part of a bigger site, not the company.
    """
    labels = domain.split(".")
    if len(labels) == 3 and labels[1] in _SECOND_LEVEL and len(labels[2]) == 2:
        return _variants(labels[0])
    return _variants(labels[0]) if len(labels) == 2 else set()


# --- Loading -------------------------------------------------------------------------------------


# Where a name key came from, best first: it decides ties inside the short-name tier, so that
# "Telekom" (the short name of Telekom Deutschland) beats telekom.com (Deutsche Telekom's domain).
_CORE, _SHORT, _LABEL = 0, 1, 2


@dataclass(frozen=True, slots=True)
class _Records:
    companies: tuple[Company, ...]
    by_slug: Mapping[str, Company]
    authorities: tuple[Authority, ...]
    authority_by_slug: Mapping[str, Authority]


@dataclass(frozen=True, slots=True)
class _MatchIndex:
    by_domain: Mapping[str, tuple[int, ...]]
    by_name: Mapping[str, tuple[tuple[int, int], ...]]  # key -> (company, source)
    fuzzy_keys: Sequence[str]


@dataclass(frozen=True, slots=True)
class _SearchIndex:
    keys: Mapping[str, tuple[int, ...]]
    key_list: Sequence[str]
    words: Mapping[str, tuple[str, ...]]  # word -> keys that contain it
    word_list: Sequence[str]


def _read_jsonl(name: str) -> list[dict[str, Any]]:
    raw = resources.files("yourside.core").joinpath(*_DATA, name).read_bytes()
    return [json.loads(line) for line in gzip.decompress(raw).splitlines() if line.strip()]


def _company(record: Mapping[str, Any], own_email_domains: Container[str]) -> Company:
    web = record.get("web", "")
    aliases = tuple(record.get("runs", ()))
    domains = dict.fromkeys(d for d in [_host(web)] if d)
    for alias in aliases:
        for found in _DOMAIN_IN_TEXT.findall(alias):
            domains[_host(found)] = None
    email = record.get("email", "")
    email_domain = email.rpartition("@")[2].lower()
    # Without a website the email domain is the best evidence left, unless it is shared: by an
    # outsourced data-protection officer who answers for several companies (datarep.com, ...) or
    # by a parent company whose own site it is (LIDL Connect writes from vodafone.de).
    if not web and email_domain in own_email_domains:
        domains[email_domain.removeprefix("www.")] = None
    return Company(
        slug=record["slug"],
        name=record["name"],
        aliases=aliases,
        address=record.get("address", ""),
        email=email,
        phone=record.get("phone", ""),
        fax=record.get("fax", ""),
        webform=record.get("webform", ""),
        web=web,
        domains=tuple(d for d in domains if "." in d),
        countries=tuple(c.lower() for c in record.get("relevant-countries", ())),
        categories=tuple(record.get("categories", ())),
        transport=record.get("suggested-transport-medium", "email" if email else "letter"),
        required_elements=tuple(
            RequiredElement(e["desc"], e.get("type", "input"), bool(e.get("optional", False)))
            for e in record.get("required-elements", ())
        ),
        needs_id_document=bool(record.get("needs-id-document", False)),
        request_language=record.get("request-language", ""),
        quality=record.get("quality", "verified"),
        comments=tuple(record.get("comments", ())),
        sources=tuple(record.get("sources", ())),
    )


def _authority(record: Mapping[str, Any]) -> Authority:
    fax = record.get("fax", "")
    return Authority(
        slug=record["slug"],
        name=record["name"],
        countries=tuple(c.lower() for c in record.get("relevant-countries", ())),
        address=record.get("address", ""),
        email=record.get("email", ""),
        phone=record.get("phone", ""),
        fax=fax,
        web=record.get("web", ""),
        webform=record.get("webform", ""),
        complaint_language=record.get("complaint-language", ""),
        # The schema's fallback chain when no medium is suggested: fax, then letter.
        transport=record.get("suggested-transport-medium", "fax" if fax else "letter"),
        comments=tuple(record.get("comments", ())),
        sources=tuple(record.get("sources", ())),
    )


def _add(table: dict[str, dict[int, None]], keys: Iterable[str], i: int) -> None:
    for key in keys:
        if len(key) >= 2:
            table.setdefault(key, {})[i] = None


def _add_name(table: dict[str, dict[int, int]], keys: Iterable[str], i: int, source: int) -> None:
    for key in keys:
        if len(key) >= 2:
            owners = table.setdefault(key, {})
            owners[i] = min(owners.get(i, source), source)


# Caches built on first use, each only when needed: looking up an authority needs no name index,
# and matching a vendor needs no search index.


@functools.cache
def _records() -> _Records:
    records = _read_jsonl("companies.jsonl.gz")
    web_domains = {_host(r.get("web", "")) for r in records}
    email_domains: dict[str, int] = {}
    for r in records:
        domain = r.get("email", "").rpartition("@")[2].lower()
        email_domains[domain] = email_domains.get(domain, 0) + 1
    # An email domain is evidence only when no other company uses it, for mail or for its site.
    own_email_domains = {d for d, n in email_domains.items() if n == 1 and d not in web_domains}
    all_companies = tuple(_company(r, own_email_domains) for r in records)
    all_authorities = tuple(_authority(r) for r in _read_jsonl("supervisory-authorities.jsonl.gz"))
    return _Records(
        companies=all_companies,
        by_slug={c.slug: c for c in all_companies},
        authorities=all_authorities,
        authority_by_slug={a.slug: a for a in all_authorities},
    )


@functools.cache
def _name_keys() -> tuple[tuple[_Keys, ...], ...]:
    """The keys of each company's name and aliases, in company order (shared by both indexes)."""
    return tuple(tuple(_keys(n) for n in (c.name, *c.aliases)) for c in _records().companies)


@functools.cache
def _match_index() -> _MatchIndex:
    by_domain: dict[str, dict[int, None]] = {}
    by_name: dict[str, dict[int, int]] = {}
    # Compact keys stay out of the fuzzy list: run together, "deutschebank" is one long word
    # within a letter of "deutschebahn", and the short-word rule could no longer tell them apart.
    fuzzy_keys: dict[str, None] = {}
    for i, (c, name_keys) in enumerate(zip(_records().companies, _name_keys(), strict=True)):
        _add(by_domain, c.domains, i)
        for keys in name_keys:
            _add_name(by_name, keys.core, i, _CORE)
            _add_name(by_name, keys.short, i, _SHORT)
            _add_name(by_name, keys.compact, i, _SHORT)
            fuzzy_keys.update(dict.fromkeys(keys.core | keys.short))
        for domain in c.domains:
            labels = _domain_labels(domain)
            _add_name(by_name, labels, i, _LABEL)
            fuzzy_keys.update(dict.fromkeys(labels))
    return _MatchIndex(
        by_domain={k: tuple(v) for k, v in by_domain.items()},
        by_name={k: tuple(v.items()) for k, v in by_name.items()},
        fuzzy_keys=[k for k in fuzzy_keys if len(k) >= 4],
    )


@functools.cache
def _search_index() -> _SearchIndex:
    keys: dict[str, dict[int, None]] = {}
    for i, (c, name_keys) in enumerate(zip(_records().companies, _name_keys(), strict=True)):
        for k in name_keys:
            _add(keys, k.folded | k.core, i)
        _add(keys, (_fold(d) for d in c.domains), i)
    words: dict[str, dict[str, None]] = {}
    for key in keys:
        for word in key.split():
            words.setdefault(word, {})[key] = None
    return _SearchIndex(
        keys={k: tuple(v) for k, v in keys.items()},
        key_list=list(keys),
        words={k: tuple(v) for k, v in words.items()},
        word_list=list(words),
    )


# --- Matching ------------------------------------------------------------------------------------


def _prefer(hits: Iterable[tuple[int, int]], country: str) -> Company:
    """The best of several matching records: for the vendor's country, then for all countries,
    then the better source of the name, then the better-quality record."""
    code = _country(country)
    companies = _records().companies
    source: dict[int, int] = {}
    for i, s in hits:
        source[i] = min(source.get(i, s), s)

    def rank(i: int) -> tuple[int, int, int, int, str]:
        c = companies[i]
        place = 0 if code and code in c.countries else 1 if "all" in c.countries else 2
        return (place, source[i], _QUALITY_RANK.get(c.quality, 9), len(c.countries), c.slug)

    return companies[min(source, key=rank)]


def _similarity(a: str, b: str) -> float:
    """Word-by-word similarity (0-100) of two names with the same number of words.

    The weakest word decides, so one wrong word in a long name is not averaged away: "Kreis-
    polizeibehörde Coesfeld" is not "Kreispolizeibehörde Wesel" however long the shared part. Words
    of four letters or fewer must be spelt the same (0 otherwise): there a single letter is another
    company ("Bank" and "Bahn", "Otto" and "Otti").
    """
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return 0.0
    weakest = 100.0
    for x, y in zip(wa, wb, strict=True):
        if x != y:
            if min(len(x), len(y)) <= 4:
                return 0.0
            weakest = min(weakest, fuzz.ratio(x, y))
    return weakest


def _fuzzy_match(index: _MatchIndex, keys: Sequence[_Keys], country: str) -> Company | None:
    best_score, best_hits = 0.0, []
    for key in {key for k in keys for key in k.core | k.short if len(key) >= 4}:
        # Shorter keys leave no room for a typo: a changed letter in "O2" or "ING" is another firm.
        # The whole-string ratio preselects: when every word reaches the cutoff, so does the whole
        # string (its distance is at most the sum of the words'). _similarity decides.
        for found, _, _ in process.extract(
            key, index.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=MATCH_CUTOFF, limit=20
        ):
            score = _similarity(key, found)
            if score < MATCH_CUTOFF:
                continue
            if score > best_score:
                best_score, best_hits = score, list(index.by_name[found])
            elif score == best_score:
                best_hits.extend(index.by_name[found])
    return _prefer(best_hits, country) if best_hits else None


def _close_keys(index: _SearchIndex, words: Sequence[str]) -> dict[str, float]:
    """Search keys holding, for every query word, the same word or one within ratio 80."""
    result: dict[str, float] | None = None
    for word in words:
        close: dict[str, float] = {}
        if len(word) < 3:
            close = dict.fromkeys(index.words.get(word, ()), 100.0)
        else:
            for found, score, _ in process.extract(
                word, index.word_list, scorer=fuzz.ratio, score_cutoff=80, limit=20
            ):
                for key in index.words[found]:
                    close[key] = max(close.get(key, 0.0), score)
        if result is None:
            result = close
        else:
            result = {k: min(v, close[k]) for k, v in result.items() if k in close}
        if not result:
            return {}
    return {k: v / 100 for k, v in (result or {}).items()}


# ISO 3166-2:DE codes to the state authority for companies based there (see authority_for).
_DE_STATE_AUTHORITY: Mapping[str, str] = {
    "BW": "debawueldb",
    "BY": "debaylda",
    "BE": "deberlbdi",
    "BB": "debralda",
    "HB": "debrelfdi",
    "HH": "dehmbbfdi",
    "HE": "dehessbdi",
    "MV": "demvldi",
    "NI": "dendslfd",
    "NW": "denrwldi",
    "RP": "derlpbdi",
    "SL": "desaarudz",
    "SN": "desaechsdsb",
    "ST": "desalbd",
    "SH": "deshuld",
    "TH": "detlfdi",
}
