"""Resolve raw statement descriptors to vendors, and learn from the customer's corrections.

A :class:`VendorMatcher` is built from three sources, in order of precedence:

1. the customer's **rules** (:class:`Rule`), learned from corrections and merges: a counterparty
   account, a normalised descriptor, or an alias, each pointing at one of the customer's vendors;
2. the customer's **vendors** (:class:`Vendor`: id, name, aliases, web domain) and the starter
   **directory** of well-known merchants (``data/merchants.csv``), matched by exact alias phrases
   in the normalised descriptor; a directory entry that is also one of the customer's vendors (same
   domain or name) resolves to that vendor;
3. **fuzzy** matching (rapidfuzz) of the normalised descriptor against every name and alias, with
   a cutoff chosen on the labelled set (``docs/ACCURACY-descriptors.md``).

Everything is plain data and pure functions; the Django app stores vendors and rules and builds a
matcher per import. Framework-free: no Django import here.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Final, Generic, Literal, TypeVar

from rapidfuzz import fuzz, process

from yourside.core.descriptors import (
    GENERIC_WORDS,
    fold,
    is_generic,
    name_key,
    normalise,
    parse,
    split_key,
)

__all__ = [
    "DEFAULT_CUTOFF",
    "DEFAULT_SCORER",
    "DirectoryEntry",
    "Match",
    "Rule",
    "RuleKind",
    "RuleSet",
    "Vendor",
    "VendorId",
    "VendorMatcher",
    "apply_rules",
    "load_directory",
    "merge_rules",
    "name_key",
    "propose_vendor_name",
    "rule_from_correction",
    "rules_from_merge",
]

VendorId = int | str
RuleKind = Literal["account", "descriptor", "alias"]
Scorer = Callable[..., float]

# Chosen on tests/data/descriptor_labels.csv with `scripts/eval_descriptors.py --sweep` (tables in
# docs/ACCURACY-descriptors.md). Exact alias hits come first, so fuzzy matching only sees what is
# left: unknown small merchants, people, truncated names. token_sort_ratio compares whole names;
# WRatio and partial_ratio score a short name found inside a longer one ("carr" in "carrefour",
# "media" in "virgin media") at 90 and lost accuracy against the directory at every cutoff. At 90
# token_sort_ratio keeps the one right fuzzy hit of the set ("NOWTV" for the vendor "NOW TV", 91)
# and makes no wrong one; from 88 down it takes "eurospar" for Eurostar, below 80 "media" for
# Medibank.
DEFAULT_SCORER: Final[Scorer] = fuzz.token_sort_ratio
DEFAULT_CUTOFF: Final = 90.0

# A fuzzy query needs this many letters; shorter keys ("bp", "ee") only match exactly.
_MIN_FUZZY_LETTERS: Final = 4

# Names shorter than this are left out of fuzzy matching: inside longer words a scorer finds them
# everywhere ("ing" in "dingbats", "ee" in "gefeliciteerd"); they still match exactly.
_MIN_FUZZY_CHOICE: Final = 5

# An alias may match anywhere in a descriptor ("AMREST STARBUCKS") only when it is distinctive:
# seven characters or more and not a booking word. Shorter aliases ("spar", "ah", "bp") must start
# the key, because short words turn up inside unrelated descriptors.
_ANYWHERE_MIN_CHARS: Final = 7


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """A well-known merchant from the starter directory."""

    name: str
    aliases: tuple[str, ...] = ()
    domain: str = ""
    country: str = ""
    category: str = ""


@dataclass(frozen=True, slots=True)
class Vendor:
    """One of the customer's vendors, as the matcher needs it."""

    id: VendorId
    name: str
    aliases: tuple[str, ...] = ()
    domain: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """A learned rule: descriptors like ``pattern`` belong to vendor ``vendor_id``.

    ``account``: the counterparty account equals ``pattern``. ``descriptor``: the normalised name
    key equals ``pattern`` or starts with it followed by more words. ``alias``: ``pattern`` occurs
    in the key as a phrase (anywhere when distinctive, else at the start), like a vendor alias.
    """

    kind: RuleKind
    pattern: str
    vendor_id: VendorId


@dataclass(frozen=True, slots=True)
class Match:
    """The vendor a descriptor resolved to, and why.

    ``vendor_id`` is set when it is one of the customer's vendors, ``entry`` when it came from the
    directory (both when a directory merchant is also the customer's vendor). ``reason`` is one of
    ``rule``, ``vendor``, ``directory``, ``fuzzy``; ``score`` is 100 for exact hits. For a rule
    pointing at a vendor the matcher was not given, ``name`` is the vendor id as text.
    """

    name: str
    score: float
    reason: str
    vendor_id: VendorId | None = None
    entry: DirectoryEntry | None = None


# ---------------------------------------------------------------------------------------------
# The directory
# ---------------------------------------------------------------------------------------------


def _read_directory(text: str) -> tuple[DirectoryEntry, ...]:
    entries = []
    for row in csv.DictReader(text.splitlines()):
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        entries.append(
            DirectoryEntry(
                name=row["name"].strip(),
                aliases=aliases,
                domain=(row.get("domain") or "").strip().lower(),
                country=(row.get("country") or "").strip(),
                category=(row.get("category") or "").strip(),
            )
        )
    return tuple(entries)


@lru_cache(maxsize=4)
def load_directory(path: Path | None = None) -> tuple[DirectoryEntry, ...]:
    """Load the starter directory of merchants (the bundled CSV unless ``path`` is given)."""
    if path is None:
        text = resources.files("yourside.core").joinpath("data/merchants.csv").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    return _read_directory(text)


def _domain_label(domain: str) -> str:
    """``netflix.com`` -> ``netflix``; ``tfl.gov.uk`` -> ``tfl``."""
    labels = domain.lower().removeprefix("www.").split(".")
    return labels[0] if labels and labels[0] else ""


# ---------------------------------------------------------------------------------------------
# Phrase index: exact alias hits inside a key
# ---------------------------------------------------------------------------------------------


_T = TypeVar("_T")


@dataclass(slots=True)
class _PhraseIndex(Generic[_T]):
    """Maps alias phrases (name keys) to owners; finds the best phrase inside a key."""

    owners: dict[str, _T] = field(default_factory=dict)
    max_tokens: int = 1

    def add(self, phrase: str, owner: _T) -> None:
        # First writer wins: the first directory entry (or vendor) to claim an alias keeps it, so
        # the order of the list decides a clash instead of the last row silently taking it.
        if phrase and phrase not in self.owners:
            self.owners[phrase] = owner
            self.max_tokens = max(self.max_tokens, phrase.count(" ") + 1)

    def find(self, key: str) -> tuple[_T, str] | None:
        """Return ``(owner, phrase)`` for the earliest, then longest, phrase found in ``key``."""
        tokens = key.split()
        owners = self.owners
        for start in range(len(tokens)):
            for size in range(min(self.max_tokens, len(tokens) - start), 0, -1):
                phrase = " ".join(tokens[start : start + size])
                owner = owners.get(phrase)
                if owner is None:
                    continue
                if start == 0 or (
                    len(phrase) >= _ANYWHERE_MIN_CHARS and phrase not in GENERIC_WORDS
                ):
                    return owner, phrase
        return None


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


class RuleSet:
    """Rules indexed for lookup. For the same kind and pattern, the later rule wins.

    Precedence among rules: account, then descriptor (longest pattern first), then alias.
    """

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._accounts: dict[str, Rule] = {}
        self._descriptors: dict[str, Rule] = {}
        self._aliases: _PhraseIndex[Rule] = _PhraseIndex()
        alias_rules: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.kind == "account":
                self._accounts[rule.pattern.lower()] = rule
            elif rule.kind == "descriptor":
                self._descriptors[rule.pattern] = rule
            else:
                alias_rules[name_key(rule.pattern)] = rule
        for phrase, rule in alias_rules.items():
            self._aliases.add(phrase, rule)

    def __len__(self) -> int:
        return len(self.rules)

    def find(self, normalised: str) -> Rule | None:
        """Return the rule that decides ``normalised`` (a normalised key), or ``None``."""
        key, account = split_key(normalised)
        if account and account in self._accounts:
            return self._accounts[account]
        if key and self._descriptors:
            tokens = key.split()
            for size in range(len(tokens), 0, -1):
                rule = self._descriptors.get(" ".join(tokens[:size]))
                if rule is not None:
                    return rule
        if key and self._aliases.owners:
            found = self._aliases.find(key)
            if found is not None:
                return found[0]
        return None


def apply_rules(rules: Iterable[Rule] | RuleSet, normalised: str) -> VendorId | None:
    """Return the vendor id the customer's rules give a descriptor, or ``None``.

    ``normalised`` should be the output of :func:`~yourside.core.descriptors.normalise`; a raw
    descriptor works too because normalising is idempotent.
    """
    rule_set = rules if isinstance(rules, RuleSet) else RuleSet(rules)
    rule = rule_set.find(normalise(normalised))
    return None if rule is None else rule.vendor_id


def rule_from_correction(raw_descriptor: str, vendor_id: VendorId) -> Rule:
    """The rule learned when the customer says this descriptor belongs to ``vendor_id``.

    A counterparty account, when the descriptor has one, identifies the payee best; otherwise the
    normalised descriptor does. Raises ``ValueError`` when the descriptor names nothing (only
    payment-method words such as "Überweisung", or nothing at all): such a rule would capture
    unrelated payments, so the correction stays on that one transaction.
    """
    descriptor = parse(raw_descriptor)
    if descriptor.account:
        return Rule("account", descriptor.account, vendor_id)
    if descriptor.key and not is_generic(descriptor.key) and descriptor.kind != "cash":
        return Rule("descriptor", descriptor.key, vendor_id)
    raise ValueError(f"descriptor {raw_descriptor!r} names no payee to learn a rule from")


def rules_from_merge(absorbed: Vendor, into_id: VendorId) -> tuple[Rule, ...]:
    """Alias rules that send whatever matched ``absorbed`` to ``into_id`` from now on."""
    phrases = [absorbed.name, *absorbed.aliases]
    if absorbed.domain:
        phrases.append(_domain_label(absorbed.domain))
    seen: set[str] = set()
    rules = []
    for phrase in phrases:
        key = name_key(phrase)
        if key and key not in seen and not is_generic(key):
            seen.add(key)
            rules.append(Rule("alias", key, into_id))
    return tuple(rules)


def merge_rules(rules: Iterable[Rule], absorbed: Vendor, into_id: VendorId) -> tuple[Rule, ...]:
    """The rule list after merging vendor ``absorbed`` into ``into_id``.

    Rules that pointed at the absorbed vendor now point at the survivor, and the absorbed vendor's
    name, aliases and domain become alias rules of the survivor.
    """
    redirected = tuple(
        Rule(rule.kind, rule.pattern, into_id) if rule.vendor_id == absorbed.id else rule
        for rule in rules
    )
    return redirected + rules_from_merge(absorbed, into_id)


# ---------------------------------------------------------------------------------------------
# The matcher
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Owner:
    """Who an alias phrase belongs to: a customer vendor, a directory entry, or both."""

    name: str
    vendor_id: VendorId | None
    entry: DirectoryEntry | None


class VendorMatcher:
    """Resolve descriptors to the customer's vendors and to directory merchants.

    Immutable once built; build a new one (cheap) when vendors or rules change. Results are cached
    per normalised descriptor.
    """

    def __init__(
        self,
        vendors: Iterable[Vendor] = (),
        *,
        rules: Iterable[Rule] | RuleSet = (),
        directory: Sequence[DirectoryEntry] | None = None,
        scorer: Scorer = DEFAULT_SCORER,
        cutoff: float = DEFAULT_CUTOFF,
        fuzzy: bool = True,
    ) -> None:
        self.vendors: tuple[Vendor, ...] = tuple(vendors)
        self.rules = rules if isinstance(rules, RuleSet) else RuleSet(rules)
        self.directory: tuple[DirectoryEntry, ...] = tuple(
            load_directory() if directory is None else directory
        )
        self.scorer = scorer
        self.cutoff = cutoff
        self.fuzzy = fuzzy
        self._by_id = {vendor.id: vendor for vendor in self.vendors}
        self._cache: dict[str, Match | None] = {}

        vendor_phrases = {
            vendor.id: self._phrases(vendor.name, vendor.aliases, vendor.domain)
            for vendor in self.vendors
        }
        vendor_by_key: dict[str, Vendor] = {}
        vendor_by_domain: dict[str, Vendor] = {}
        for vendor in self.vendors:
            for phrase in vendor_phrases[vendor.id]:
                vendor_by_key.setdefault(phrase, vendor)
            if vendor.domain:
                vendor_by_domain.setdefault(vendor.domain.lower().removeprefix("www."), vendor)

        # A directory merchant the customer already has as a vendor (same domain, or a shared
        # name or alias) resolves to that vendor, and the vendor's matches carry the entry.
        self._directory_phrases: _PhraseIndex[_Owner] = _PhraseIndex()
        entry_of_vendor: dict[VendorId, DirectoryEntry] = {}
        for entry in self.directory:
            phrases = self._phrases(entry.name, entry.aliases, entry.domain)
            linked = vendor_by_domain.get(entry.domain) if entry.domain else None
            linked = linked or next((vendor_by_key[p] for p in phrases if p in vendor_by_key), None)
            if linked:
                entry_of_vendor.setdefault(linked.id, entry)
                owner = _Owner(linked.name, linked.id, entry)
            else:
                owner = _Owner(entry.name, None, entry)
            for phrase in phrases:
                self._directory_phrases.add(phrase, owner)

        self._vendor_phrases: _PhraseIndex[_Owner] = _PhraseIndex()
        for vendor in self.vendors:
            owner = _Owner(vendor.name, vendor.id, entry_of_vendor.get(vendor.id))
            for phrase in vendor_phrases[vendor.id]:
                self._vendor_phrases.add(phrase, owner)

        # Short names are matched exactly or not at all: inside longer words they are noise to a
        # fuzzy scorer ("ing" in "dingbats", "ee" in "gefeliciteerd").
        self._vendor_choices = [
            p for p in self._vendor_phrases.owners if len(p) >= _MIN_FUZZY_CHOICE
        ]
        self._directory_choices = [
            p for p in self._directory_phrases.owners if len(p) >= _MIN_FUZZY_CHOICE
        ]

    @staticmethod
    def _phrases(name: str, aliases: Iterable[str], domain: str) -> list[str]:
        phrases = [name_key(name), *(name_key(alias) for alias in aliases)]
        label = _domain_label(domain) if domain else ""
        # Short domain labels ("bt", "ee", "ns") are already aliases or too ambiguous.
        if len(label) >= 4:
            phrases.append(name_key(label))
        return [p for p in dict.fromkeys(phrases) if p and not is_generic(p)]

    def with_rules(self, rules: Iterable[Rule] | RuleSet) -> VendorMatcher:
        """A matcher with the same vendors and directory and these rules."""
        return VendorMatcher(
            self.vendors,
            rules=rules,
            directory=self.directory,
            scorer=self.scorer,
            cutoff=self.cutoff,
            fuzzy=self.fuzzy,
        )

    def match(self, raw: str) -> Match | None:
        """Resolve a raw descriptor; ``None`` when it names no known vendor."""
        return self.match_normalised(normalise(raw))

    def match_normalised(self, normalised: str) -> Match | None:
        """Resolve an already normalised descriptor (cached)."""
        try:
            return self._cache[normalised]
        except KeyError:
            pass
        result = self._resolve(normalised)
        if len(self._cache) >= 1 << 20:
            self._cache.clear()  # bounded memory on pathological inputs; hits stay the norm
        self._cache[normalised] = result
        return result

    def _resolve(self, normalised: str) -> Match | None:
        rule = self.rules.find(normalised)
        if rule is not None:
            vendor = self._by_id.get(rule.vendor_id)
            name = vendor.name if vendor else str(rule.vendor_id)
            return Match(name, 100.0, "rule", vendor_id=rule.vendor_id)
        key, _account = split_key(normalised)
        if not key or key == "cash":
            return None
        for index, reason in (
            (self._vendor_phrases, "vendor"),
            (self._directory_phrases, "directory"),
        ):
            found = index.find(key)
            if found is None:
                continue
            owner, phrase = found
            if key != phrase and not key.startswith(f"{phrase} "):
                # "Margit Putz Willhaben": a person's name first and the brand only later is a
                # payment to that person (here for a classifieds sale), not to the brand.
                if _starts_with_person(key):
                    return None
                # "Bäckerei Müller": a baker called Müller, maybe one of the customer's own
                # vendors by a name close enough (fuzzily, below), not the Müller drugstores.
                if _owners_name(key, phrase, owner.entry):
                    break
            return Match(owner.name, 100.0, reason, owner.vendor_id, owner.entry)
        if not self.fuzzy or is_generic(key) or sum(c.isalpha() for c in key) < _MIN_FUZZY_LETTERS:
            return None
        for choices, index in (
            (self._vendor_choices, self._vendor_phrases),
            (self._directory_choices, self._directory_phrases),
        ):
            if not choices:
                continue
            best = process.extractOne(
                key, choices, scorer=self.scorer, processor=None, score_cutoff=self.cutoff
            )
            if best is not None:
                phrase, score, _ = best
                owner = index.owners[phrase]
                return Match(owner.name, float(score), "fuzzy", owner.vendor_id, owner.entry)
        return None


# ---------------------------------------------------------------------------------------------
# A name for a new vendor
# ---------------------------------------------------------------------------------------------

# Honorifics that start a private person's name on statements (EN, DE, NL, FR, CZ).
_HONORIFICS: Final = frozenset(
    "mr mrs ms miss mx dr herr frau hr fr dhr mevr mw mme mlle pan pani ing mgr".split()  # noqa: SIM905
)

# Common given names in the countries whose statements we read. A transfer whose text starts with
# one of these, in two to four words, is taken for a private person: no vendor to create.
_GIVEN_NAMES: Final = frozenset(
    fold(name).casefold()
    for name in """
    aaron adam adrian agnes alan albert alex alexander alexandra alice alina alois amanda amy andrea
    andreas andrew angela anita ann anna anne annette anton antonia arthur barbara bart bastiaan
    ben benjamin bernd bernhard bianca birgit brian bridget bruno carina carl carla carmen caroline
    catherine charles charlotte chloe chris christian christina christine christoph claire claudia
    colm conor daan daniel daniela david dean denis dennis dieter dirk dominik dorothea eduard elena
    elisabeth elke ella ellen emily emma eric erik erika eva fabian felix florian frank franz
    frederik gabriel gabriele georg george gerhard gert gerrit gillian grace gregor hana hannah hans
    harald harry heinz helen helena helmut henk henry herbert hugo ian ilse ingrid isabel jack jacob
    james jan jana jane janine jaroslav jasper jeroen jessica jiri joachim joe johan johann johanna
    johannes john jonas jonathan josef joseph julia julian jurgen karel karin karl katarina
    katharina kathrin katrin kees kevin klaus kristina lars laura lea lena leon lisa lucas lucie
    ludwig luis lukas luuk maarten manfred manuel marc marcel margit maria marie marek mark markus
    marta martin martina mary matthias max melanie michael michaela michal michel monika niamh
    nicole niels nina noah oliver olivia oskar patricia patrick paul paula pavel peter petr petra
    philipp pieter rachel rainer ralf raphael rebecca richard robert roman ronan rudolf ruth sabine
    sandra sara sarah sean sebastian simon sofia sophie stefan stefanie stephan stephanie susanne
    sven thomas tim tobias tom tomas ursula valentina vera veronika viktor walter werner willem
    wolfgang xavier yvonne zdenek zuzana
    """.split()  # noqa: SIM905 - word lists read better as words
)


# Trades a local shop or practice names itself by, before its owner's name ("Bäckerei Müller",
# "Zahnarzt Dr. Müller"), and the directory categories of a chain that may follow one: "Bäckerei
# Kamps" is the bakery chain, "Bäckerei Müller" a baker called Müller, not the Müller drugstores.
# No chain is a practice: the name after "Zahnarzt" is the dentist's.
_FOOD: Final = frozenset({"food", "supermarket"})
_TRADE_WORDS: Final[dict[str, frozenset[str]]] = {
    "baeckerei backerei bakery bakkerij boulangerie pekarna konditorei metzgerei fleischerei"
    " butcher slagerij boucherie reznictvi restaurant gasthaus gaststaette gaststatte gasthof"
    " cafe imbiss pizzeria bistro weinhandlung": _FOOD,
    "apotheke apotheek pharmacie lekarna": frozenset({"pharmacy"}),
    "tankstelle": frozenset({"fuel", "supermarket"}),
    "blumen florist buchhandlung bookshop fahrrad optik": frozenset({"retail"}),
    "zahnarzt zahnarztpraxis arzt arztpraxis tierarzt tierarztpraxis praxis physiotherapie"
    " autohaus kfz werkstatt friseur frisor frisoer reinigung schneiderei": frozenset(),
}
_TRADES: Final = {word: fits for words, fits in _TRADE_WORDS.items() for word in words.split()}
# The chains a local shop may share a name with: a surname is no bank's or insurer's name
# ("Erstattung Zahnarzt Allianz" is the insurer paying back a dentist's bill).
_SHOPS: Final = frozenset({"retail", "supermarket", "food", "pharmacy", "drugstore", "fuel"})
# What stands between a shop's trade and its owner's name: "Apotheke am Markt Inh. Müller".
_OWNER_WORDS: Final = frozenset({"inh", "inhaber", "inhaberin", "prop", "owner"})


def _owners_name(key: str, phrase: str, entry: DirectoryEntry | None) -> bool:
    """Whether the shop chain named by ``phrase``, found inside ``key`` after other words, is the
    name of a person there: after an honorific ("zahnarzt dr mueller", "inh mueller") or after
    the trade of a shop the chain is not ("baeckerei mueller"). A vendor of the customer's own,
    with no directory entry and so no category, is taken as found."""
    if entry is None or entry.category not in _SHOPS:
        return False
    tokens, size = key.split(), phrase.count(" ") + 1
    start = next(i for i in range(len(tokens)) if " ".join(tokens[i : i + size]) == phrase)
    before = tokens[start - 1] if start else ""
    if before in _HONORIFICS or before in _OWNER_WORDS:
        return True
    return before in _TRADES and entry.category not in _TRADES[before]


def _starts_with_person(key: str) -> bool:
    first = key.split(" ", 1)[0]
    return first in _HONORIFICS or first in _GIVEN_NAMES


def _looks_like_person(display: str, key: str) -> bool:
    tokens = key.split()
    if not tokens or "&" in key:
        return False
    if tokens[0] in _HONORIFICS:
        return True
    # An initial before a surname: "W. Koelewijn", "J.P. Smith".
    first = display.split()[0] if display else ""
    if len(first.rstrip(".")) == 1 and first[:1].isalpha() and len(tokens) <= 3:
        return True
    return 2 <= len(tokens) <= 4 and tokens[0] in _GIVEN_NAMES


def propose_vendor_name(raw: str) -> str | None:
    """A name for a new vendor when no known vendor matched, or ``None`` when there is none.

    ``None`` for cash, for descriptors made only of payment words (fees, interest, "transfer"),
    and for what looks like a private person (an honorific, an initial, a common given name).
    """
    descriptor = parse(raw)
    key = descriptor.key
    if descriptor.kind == "cash" or not key or is_generic(key):
        return None
    if sum(c.isalpha() for c in key) < 2:
        return None
    if _looks_like_person(descriptor.display, key):
        return None
    return descriptor.display
