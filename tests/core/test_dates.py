"""Dates in whatever order and spelling a bank uses, decided per column."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.formats.dates import (
    DateFormat,
    DateOrderUnknown,
    order_from_pattern,
    parse_date,
    sniff_date_order,
)

PATTERNS = [
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y/%m/%d",
    "%Y.%m.%d.",
    "%Y%m%d",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d %b %y",
    "%b %d, %Y",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y %H:%M",
]

# Two-digit years follow strptime's pivot; the compact form only reads years 1900-2100.
days = st.dates(min_value=date(1969, 1, 1), max_value=date(2068, 12, 31))


@given(day=days, pattern=st.sampled_from(PATTERNS))
def test_formatted_date_reads_back(day: date, pattern: str) -> None:
    assert parse_date(day.strftime(pattern), order_from_pattern(pattern)) == day


@given(start=days, pattern=st.sampled_from(["%d/%m/%Y", "%m/%d/%Y", "%d.%m.%y", "%Y-%m-%d"]))
def test_a_month_of_dates_settles_the_order(start: date, pattern: str) -> None:
    column = [(start + timedelta(days=i)).strftime(pattern) for i in range(31)]
    assert sniff_date_order(column) == order_from_pattern(pattern)


def test_sorted_column_settles_what_no_single_value_does() -> None:
    assert sniff_date_order(["01/02/2024", "02/01/2024", "03/01/2024"]) == "mdy"


def test_a_lone_slashed_date_is_left_open() -> None:
    with pytest.raises(DateOrderUnknown):
        sniff_date_order(["10/02/2018"])


def test_dotted_dates_are_day_first() -> None:
    assert sniff_date_order(["02.03.2018"]) == "dmy"


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("27 Feb 2018", "dmy", date(2018, 2, 27)),
        ("05-Jan-2026", "dmy", date(2026, 1, 5)),
        ("3 mars 2024", "dmy", date(2024, 3, 3)),
        ("1. Okt. 2023", "dmy", date(2023, 10, 1)),
        ("2018-02-25 12:34:56 +0000", "ymd", date(2018, 2, 25)),
        ("2019.04.19.", "ymd", date(2019, 4, 19)),
        ("Pending", "dmy", None),
        ("31.02.2024", "dmy", None),
    ],
)
def test_spellings(text: str, order: str, expected: date | None) -> None:
    assert DateFormat(order).parse(text) == expected
