"""Finding the vendor a statement line or an email belongs to, among the customer's own vendors."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from yourside.book.models import Source, Vendor, VendorRule
from yourside.core import vendormatch as vm

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# The directory's categories, in the book's words.
_CATEGORIES = {
    "streaming": Vendor.Category.STREAMING,
    "telecom": Vendor.Category.TELECOM,
    "bank": Vendor.Category.BANK,
    "insurance": Vendor.Category.INSURANCE,
    "utility": Vendor.Category.UTILITY,
    "supermarket": Vendor.Category.GROCERIES,
    "retail": Vendor.Category.SHOP,
    "drugstore": Vendor.Category.SHOP,
    "online": Vendor.Category.SHOP,
    "transport": Vendor.Category.TRAVEL,
    "travel": Vendor.Category.TRAVEL,
    "food": Vendor.Category.FOOD,
    "software": Vendor.Category.SOFTWARE,
    "fuel": Vendor.Category.CAR,
    "fitness": Vendor.Category.FITNESS,
    "government": Vendor.Category.PUBLIC,
}


_DIGITS = str.maketrans("0123456789", "0000000000")
# Payees that collect for someone else: the description names the real merchant.
_PROCESSOR = re.compile(
    r"paypal|klarna|stripe|adyen|sumup|mollie|worldline|wirecard|payone|computop|unzer|"
    r"amazon payments|google payment|apple distribution",
    re.IGNORECASE,
)
_ACCOUNT_LIKE = re.compile(r"\d{9,}|[A-Z]{2}\d{2}[A-Z0-9]{10,}")


class _Mark:
    """What the resolver knows of a payee besides its vendor (a plain object, not an ``Enum``:
    an enum member costs a slow class attribute look-up, and this is looked at once a line)."""


_UNSEEN = _Mark()
_COLLECTS_FOR_OTHERS = _Mark()  # a payment processor: the description names the merchant


@functools.cache
def _directory() -> tuple[vm.DirectoryEntry, ...]:
    return vm.load_directory()


def domain_of(url_or_domain: str) -> str:
    """``https://www.netflix.com/de`` → ``netflix.com``; a bare domain passes through."""
    text = url_or_domain.strip().lower()
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    return host.removeprefix("www.")


def _same_site(a: str, b: str) -> bool:
    # mail.amazon.de and amazon.de are one site; amazon.de and amazon.com are two vendors' sites.
    return a == b or a.endswith("." + b) or b.endswith("." + a)


class VendorDirectory:
    """The owner's vendors, loaded once per import, looked up by name, alias or web domain."""

    def __init__(self, owner: User) -> None:
        self.owner = owner
        self.vendors = list(Vendor.objects.owned_by(owner))
        self._names: dict[str, Vendor] = {}
        for vendor in self.vendors:
            for name in [vendor.name, *vendor.aliases]:
                self._names.setdefault(name.casefold(), vendor)

    def by_name(self, name: str | None) -> Vendor | None:
        return self._names.get(name.casefold().strip()) if name else None

    def by_domain(self, domain: str | None) -> Vendor | None:
        if not domain:
            return None
        wanted = domain_of(domain)
        for vendor in self.vendors:
            if vendor.website and _same_site(domain_of(vendor.website), wanted):
                return vendor
        return None

    def resolver(self) -> Callable[[str, str | None, str | None], int | None]:
        """A function from a statement line's description (and payee, when the bank gives one,
        and the line's key, its normalised description as ``Transaction.payee`` holds it) to a
        vendor id, cached per payee, per key and per description's shape.

        The customer's learned rules come first: a rule learned from a line (its key) files every
        line with that key, whatever payee the bank names (the customer who filed "ROSSMANN
        57313059//Hannover" under their Rossmann meant it for the next statement too, although
        the bank's payee column says "Dirk Rossmann GmbH", which names nobody they know).

        Then a bank's payee column ("Lidl Vertriebs-GmbH & Co. KG"), which names the vendor more
        plainly than its description, unless it is a payment processor (PayPal, Klarna…)
        collecting for the merchant that the description names. Then the description. Each is
        looked up by the learned rules, then the vendors' names and aliases, then the starter
        directory of well-known merchants (a merchant seen for the first time becomes a vendor of
        the book), then a strict fuzzy match. See ``yourside.core.vendormatch``.
        """
        rules = [
            vm.Rule(kind=r.kind, pattern=r.pattern, vendor_id=r.vendor_id)  # type: ignore[arg-type]
            for r in VendorRule.objects.owned_by(self.owner)
        ]
        matcher = vm.VendorMatcher(
            [
                vm.Vendor(v.pk, v.name, tuple(v.aliases), domain_of(v.website) if v.website else "")
                for v in self.vendors
            ],
            rules=rules,
            directory=_directory(),
        )
        cache: dict[str, int | None] = {}
        created: dict[str, int] = {}
        # Per payee: its vendor, or that it is a payment processor. One look-up a line: this runs
        # for every line of the file, and a file has few payees.
        by_payee: dict[str, int | _Mark | None] = {}
        by_key: dict[str, int | None] = {}
        learned = matcher.rules

        def resolve(
            description: str, payee: str | None = None, key: str | None = None
        ) -> int | None:
            if key and learned:
                if key not in by_key:
                    rule = learned.find(key)
                    by_key[key] = None if rule is None else int(rule.vendor_id)
                ruled = by_key[key]
                if ruled is not None:
                    return ruled
            if payee:
                found = by_payee.get(payee, _UNSEEN)
                if found is _UNSEEN:
                    # The payee is who was paid; when it names no known vendor, neither does the
                    # description of the same line (it repeats the payee with card and place
                    # noise). A processor collects for the merchant the description names.
                    found = _COLLECTS_FOR_OTHERS if _PROCESSOR.search(payee) else by_text(payee)
                    by_payee[payee] = found
                if not isinstance(found, _Mark):
                    return found
            return by_description(description)

        def by_description(description: str) -> int | None:
            # Statements stamp lines with dates, times, card and terminal numbers: lines that
            # differ only in their digits are the same payee. Long digit runs are accounts,
            # which learned rules tell apart, so those lines are matched one by one.
            shape = (
                description if _ACCOUNT_LIKE.search(description) else description.translate(_DIGITS)
            )
            if shape not in cache:
                cache[shape] = by_text(description)
            return cache[shape]

        def by_text(text: str) -> int | None:
            match = matcher.match(text)
            found: int | None = None
            if match is not None and match.vendor_id is not None:
                found = int(match.vendor_id)
            elif match is not None and match.entry is not None:
                entry = match.entry
                if entry.name not in created:
                    created[entry.name] = self._from_directory(entry).pk
                found = created[entry.name]
            return found

        return resolve

    def _from_directory(self, entry: vm.DirectoryEntry) -> Vendor:
        existing = self.by_name(entry.name)
        if existing is not None:
            return existing
        vendor = Vendor.objects.create(
            owner=self.owner,
            name=entry.name,
            website=f"https://{entry.domain}" if entry.domain else "",
            country=entry.country if len(entry.country) == 2 else "",
            category=_CATEGORIES.get(entry.category, Vendor.Category.OTHER),
            aliases=list(entry.aliases),
            source=Source.IMPORT,
            source_ref="starter directory of merchants",
        )
        self.vendors.append(vendor)
        self._names.setdefault(vendor.name.casefold(), vendor)
        return vendor

    def find_or_create(
        self, name: str | None, domain: str | None, source_ref: str
    ) -> Vendor | None:
        """The vendor with this web domain or name; a new one when there is a name to give it."""
        vendor = self.by_domain(domain) or self.by_name(name)
        if vendor is not None or not (name or domain):
            return vendor
        site = domain_of(domain) if domain else ""
        vendor = Vendor.objects.create(
            owner=self.owner,
            name=(name or site).strip()[:200],
            website=f"https://{site}" if site else "",
            source=Source.IMPORT,
            source_ref=source_ref,
        )
        self.vendors.append(vendor)
        self._names.setdefault(vendor.name.casefold(), vendor)
        return vendor
