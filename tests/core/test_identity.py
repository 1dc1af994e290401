"""Fingerprints of statement lines: stable across versions, repeats counted by value."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from yourside.core.identity import Fingerprinter, normalise_text
from yourside.core.records import StatementLine


def tuple_keyed(lines: list[StatementLine]) -> list[str]:
    """The fingerprints as the first version computed them (repeats keyed by a tuple)."""
    seen: dict[Hashable, int] = {}
    prints = []
    for line in lines:
        if line.fitid:
            prints.append("f" + hashlib.blake2b(line.fitid.encode(), digest_size=15).hexdigest())
            continue
        key = (line.date, line.amount, normalise_text(line.description))
        count = seen.get(key, 0)
        seen[key] = count + 1
        text = f"{line.date.isoformat()}|{line.amount}|{key[2]}|{count}"
        prints.append("h" + hashlib.blake2b(text.encode(), digest_size=15).hexdigest())
    return prints


def test_stored_fingerprints_do_not_change() -> None:
    # Books store these: a re-import finds its lines by them.
    day = date(2026, 1, 3)
    lines = [
        StatementLine(day, Decimal("-3.20"), "COFFEE CORNER"),
        StatementLine(day, Decimal("-3.20"), "Coffee  corner "),
        StatementLine(day, Decimal("-3.2"), "coffee corner"),
        StatementLine(date(2026, 1, 4), Decimal("-3.20"), "COFFEE CORNER"),
        StatementLine(day, Decimal("-3.20"), "COFFEE CORNER", fitid="T-1"),
        StatementLine(day, Decimal("0"), "FEE"),
        StatementLine(day, Decimal("-0.00"), "FEE"),
    ]
    assert list(map(Fingerprinter(), lines)) == [
        "h3df82d402586279a651dd3a6a3b111",
        "h3599737fd3a05a5246d3c8e7f55902",
        "h4e91e5ef853f5bcd0a06fa4c80562d",
        "h968fb0f9381821c465f3bead6ff292",
        "f51cd178a6a5f1552ac7f763e4be98b",
        "h6df961ca46d2d306ee22116eac4881",
        "hc03035288252e73959a17e35032d13",
    ]


def test_an_amount_written_differently_is_still_a_repeat() -> None:
    fingerprint = Fingerprinter()
    first = fingerprint(StatementLine(date(2026, 1, 3), Decimal("-3.2"), "COFFEE"))
    second = fingerprint(StatementLine(date(2026, 1, 3), Decimal("-3.20"), "COFFEE"))
    third = fingerprint(StatementLine(date(2026, 1, 3), Decimal("-3.2"), "COFFEE"))
    assert len({first, second, third}) == 3  # counts 0, 1 and 2


amounts = st.sampled_from(["-3.2", "-3.20", "-3.200", "0", "-0", "0.00", "12", "1.2E+1", "-7.5"])
lines = st.builds(
    StatementLine,
    date=st.sampled_from([date(2026, 1, 3), date(2026, 1, 4)]),
    amount=amounts.map(Decimal),
    description=st.sampled_from(["COFFEE", "coffee", " Coffee ", "TEA | x", "TEA |", "tea"]),
    fitid=st.sampled_from([None, None, None, "", "T-1"]),
)


@given(st.lists(lines, max_size=30))
def test_fingerprints_match_the_tuple_keyed_counter(statement: list[StatementLine]) -> None:
    assert list(map(Fingerprinter(), statement)) == tuple_keyed(statement)
