"""Money moved between the customer's own accounts: a card bill settled from the current account,
savings put aside, a loan paid from checking.

Such a move is two lines, one in each account, and neither is money spent or received: counted
as spend, a card bill settled from the current account would count every purchase on the card
twice (once at the shop, once at the bank that issued the card), and a monthly transfer to
savings would look like a subscription.

Two lines are one transfer when

- they are in two different accounts of the customer, in one currency,
- one takes out exactly what the other puts in (to the cent),
- they are booked at most ``WINDOW_DAYS`` apart (the two banks book a move on different days),
- and something says it is a move, not two purchases that happen to match: the text of either
  names the other account (the last digits of its number, as banks write them: "KARTE 9013"), or
  both read as a move of money ("Umbuchung", "transfer", "Ausgleich", "settlement", ...).

Each line is in one transfer at most. Where a line could pair with several, the nearest in time
wins, then the one whose text names the account, then the earlier line: the same book always
pairs the same way.

Plain Python over plain records, no Django.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = [
    "WINDOW_DAYS",
    "Line",
    "key_ids",
    "names_account",
    "pair_key",
    "pairs",
    "reads_as_move",
]

WINDOW_DAYS = 4
HINT_MIN = 3  # an account number's last digits shorter than this name nothing reliably

# Words banks and card issuers put on the two lines of a move between one customer's accounts.
# Not the words of any payment ("card payment to Tesco", "SEPA credit transfer from J Smith"):
# both lines must say them, and an ordinary purchase and an ordinary payment in of one amount
# would otherwise be taken for a move.
_MOVE_WORDS = re.compile(
    r"\b(?:"
    r"umbuchung|uebertrag|übertrag|eigenuebertrag|eigenübertrag|ausgleich|abrechnung|sparen"
    r"|sparplan|tagesgeld|festgeld|settlement|autopay|own account|internal transfer"
    r"|transfer (?:to|from) (?:savings|checking|current)|savings|payment thank you"
    r"|credit card payment|overboeking|spaarrekening|virement interne|prevod mezi ucty"
    r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Line:
    """One booked line: ``amount`` signed (negative is money out)."""

    id: int
    account: int
    date: date
    amount: Decimal
    currency: str
    text: str


def reads_as_move(text: str) -> bool:
    """Whether the text reads as money moved between accounts rather than paid to somebody."""
    return _MOVE_WORDS.search(text) is not None


def names_account(text: str, hint: str) -> bool:
    """Whether the text names the account whose number ends in ``hint``: the digits stand alone
    or end a longer number ("KARTE 9013", "DE12 3456 7890 4821", "…4821"), not inside one."""
    if len(hint) < HINT_MIN:
        return False
    return re.search(_NUMBER.format(hint=re.escape(hint)), text) is not None


# The hint alone, or ending a number: digits or masks before it, an IBAN's country and check
# digits first ("XXXX4821", "DE89370400440532014821"); not the end of a date or a reference
# ("01.02.2025", "2024/4821", the creditor reference "RF18539007544821").
_NUMBER = r"(?<![0-9A-Za-z./-])(?:(?!RF)[A-Z]{{2}}[0-9]{{2}})?[0-9Xx*…]*{hint}(?![0-9A-Za-z])"


def pairs(
    new: Iterable[Line],
    others: Iterable[Line],
    hints: Mapping[int, str],
    *,
    window: int = WINDOW_DAYS,
) -> list[tuple[int, int]]:
    """The transfers between ``new`` lines and ``others`` (or other new lines), each as
    ``(id of the money out, id of the money in)``, in the order of the money out's id.

    ``others`` are lines already in the book that are in no transfer; ``hints`` the accounts'
    last digits by account. See the module docstring for the rules.
    """
    fresh = list(new)
    by_amount: dict[tuple[str, Decimal], list[Line]] = defaultdict(list)
    seen: set[int] = set()
    for line in [*fresh, *others]:
        if line.id not in seen and line.amount:
            seen.add(line.id)
            by_amount[(line.currency, line.amount)].append(line)
    # Each amount's lines in date order: a line is compared only with those in its window.
    days: dict[tuple[str, Decimal], list[int]] = {}
    for key, group in by_amount.items():
        group.sort(key=lambda x: (x.date, x.id))
        days[key] = [x.date.toordinal() for x in group]
    candidates: list[tuple[int, int, int, int, int]] = []
    for line in fresh:
        if not line.amount:
            continue
        key = (line.currency, -line.amount)
        group, ordinals = by_amount.get(key, []), days.get(key, [])
        day = line.date.toordinal()
        for other in group[
            bisect_left(ordinals, day - window) : bisect_right(ordinals, day + window)
        ]:
            if other.account == line.account:
                continue
            apart = abs((other.date - line.date).days)
            named = _names_other(line, other, hints)
            if not named and not (reads_as_move(line.text) and reads_as_move(other.text)):
                continue
            out, into = (line, other) if line.amount < 0 else (other, line)
            candidates.append((apart, 0 if named else 1, min(out.id, into.id), out.id, into.id))
    taken: set[int] = set()
    found = []
    for _apart, _named, _first, out_id, in_id in sorted(set(candidates)):
        if out_id in taken or in_id in taken:
            continue
        taken.update((out_id, in_id))
        found.append((out_id, in_id))
    found.sort()
    return found


def _names_other(line: Line, other: Line, hints: Mapping[int, str]) -> bool:
    return names_account(line.text, hints.get(other.account, "")) or names_account(
        other.text, hints.get(line.account, "")
    )


def pair_key(out_id: int, in_id: int) -> str:
    """The key both lines of a transfer keep: the two ids, money out first."""
    return f"{out_id}:{in_id}"


def key_ids(key: str) -> Sequence[int]:
    """The two line ids of a transfer's key; none for a key that is not one."""
    out, sep, into = key.partition(":")
    return (int(out), int(into)) if sep and out.isdigit() and into.isdigit() else ()
