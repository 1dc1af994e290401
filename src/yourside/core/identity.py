"""Identity of a statement line, so that importing the same file twice adds nothing.

A bank's own id (OFX FITID) is the identity when there is one. Otherwise the identity is a
fingerprint of the date, the amount and the normalised text, with an occurrence count: two
identical coffees on one day in one statement are two lines, and a later statement that overlaps
it has the same two lines with the same counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable

from yourside.core.records import StatementLine


def normalise_text(text: str) -> str:
    """Case and spacing differ between exports of the same bank; the words do not."""
    return " ".join(text.casefold().split())


class Fingerprinter:
    """Gives each line of one account's statement its identity, counting repeats."""

    def __init__(self) -> None:
        self._seen: dict[Hashable, int] = {}

    def __call__(self, line: StatementLine) -> str:
        if line.fitid:
            return "f" + hashlib.blake2b(line.fitid.encode(), digest_size=15).hexdigest()
        key = (line.date, line.amount, normalise_text(line.description))
        count = self._seen.get(key, 0)
        self._seen[key] = count + 1
        text = f"{line.date.isoformat()}|{line.amount}|{key[2]}|{count}"
        return "h" + hashlib.blake2b(text.encode(), digest_size=15).hexdigest()
