"""Finding the vendor a statement line or an email belongs to, among the customer's own vendors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from yourside.book.models import Source, Vendor

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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

    def resolver(self) -> Callable[[str], int | None]:
        """A function from a raw statement description to a vendor id, cached per description.

        A vendor is found when its name or one of its aliases appears in the description, the
        longest first so that "AMAZON PRIME" wins over "AMAZON".
        """
        needles = sorted(
            ((name, vendor.pk) for name, vendor in self._names.items() if len(name) >= 3),
            key=lambda pair: -len(pair[0]),
        )
        cache: dict[str, int | None] = {}

        def resolve(description: str) -> int | None:
            if description in cache:
                return cache[description]
            text = description.casefold()
            found = next((pk for needle, pk in needles if needle in text), None)
            cache[description] = found
            return found

        return resolve

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
