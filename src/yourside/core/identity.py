"""Identity of a statement line, so that importing the same file twice adds nothing.

A bank's own id (OFX FITID) is the identity when there is one. Otherwise the identity is a
fingerprint of the date, the amount and the normalised text, with an occurrence count: two
identical coffees on one day in one statement are two lines, and a later statement that overlaps
it has the same two lines with the same counts.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from yourside.core.records import StatementLine


def normalise_text(text: str) -> str:
    """Case and spacing differ between exports of the same bank; the words do not."""
    return " ".join(text.casefold().split())


class Fingerprinter:
    """Gives each line of one account's statement its identity, counting repeats.

    The fingerprint of a line without a bank id is the BLAKE2b of
    ``"{date}|{amount}|{normalised text}|{count}"``, where the count is how many lines of the same
    date, amount (by value: ``10.5`` and ``10.50`` are one amount) and normalised text came before
    it. Stored fingerprints depend on exactly this, so it must never change.
    """

    def __init__(self) -> None:
        # Repeats are counted by the string "date|amount|text|" rather than by a (date, amount,
        # text) tuple. New tuples are tracked by the garbage collector, so a million of them kept
        # here made it run every few hundred lines and walk this growing dict (about 2.5 s per
        # million lines); strings are never tracked.
        self._seen: dict[str, int] = {}
        # The key writes each amount as the first amount of its value was written, so that
        # 10.5 and 10.50 still count as repeats of one another, as equal tuples did.
        self._amounts: dict[Decimal, str] = {}
        # Statements have few distinct dates: each is written out once.
        self._days: dict[date, str] = {}

    def __call__(self, line: StatementLine) -> str:
        if line.fitid:
            return "f" + hashlib.blake2b(line.fitid.encode(), digest_size=15).hexdigest()
        day = self._days.get(line.date)
        if day is None:
            day = self._days[line.date] = line.date.isoformat()
        amount = f"{line.amount}"
        same_value = self._amounts.setdefault(line.amount, amount)
        text = normalise_text(line.description)
        key = f"{day}|{same_value}|{text}|"
        count = self._seen.get(key, 0)
        self._seen[key] = count + 1
        # The hashed text has the line's own amount, as written (nearly always the key's).
        hashed = f"{key}{count}" if same_value == amount else f"{day}|{amount}|{text}|{count}"
        return "h" + hashlib.blake2b(hashed.encode(), digest_size=15).hexdigest()
