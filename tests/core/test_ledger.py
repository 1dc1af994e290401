"""The ledger: a book grouped by payee, as the detectors read it, from records or a database's
columns."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from yourside.core.duplicates import duplicates_in, find_duplicates
from yourside.core.fees import Txn
from yourside.core.ledger import from_columns, ledger, ordinals
from yourside.core.recurrence import detect_series, series_in

START = date(2023, 1, 2)


def txn(id: str, day: date, amount: str, key: str = "shop", text: str = "") -> Txn:
    return Txn(id, "acct", day, Decimal(amount), key, text)


def test_lines_are_grouped_by_payee_in_date_then_id_order() -> None:
    book = ledger(
        [
            txn("b", START, "-2.00"),
            txn("c", START + timedelta(days=1), "-3.00", text="later"),
            txn("a", START, "-1.50", text="first"),
            txn("z", START, "9.00", key="bank"),
        ]
    )
    shop = book["shop"]
    assert list(book) == ["shop", "bank"]
    assert shop.ids == ["a", "b", "c"]
    assert shop.days == [START.toordinal()] * 2 + [START.toordinal() + 1]
    assert shop.amounts == [-1.5, -2.0, -3.0]
    assert (shop.id_of(2), shop.account_of(2), shop.date_of(2)) == (
        "c",
        "acct",
        START.replace(day=3),
    )
    # The exact amount is the record's own Decimal.
    assert str(shop.decimal_of(0)) == "-1.50"


def test_columns_from_a_database_are_put_in_date_then_id_order() -> None:
    day = START.toordinal()
    book = from_columns(
        [
            (
                "v12",
                [3, 1, 2],
                ["8", "7", "7"],
                [day + 30, day, day],
                [-12.99, -12.99, -4.5],
                "EUR",
            ),
            ("d:corner bakery", [5], ["7"], [day], [-4.5], "EUR"),
        ],
        _exact,
    )
    assert sorted(book) == ["d:corner bakery", "v12"]
    netflix = book["v12"]
    assert (netflix.ids, netflix.accounts, netflix.currency) == (
        ["1", "2", "3"],
        ["7", "7", "8"],
        "EUR",
    )
    assert netflix.days == [day, day, day + 30]
    assert netflix.amounts == [-12.99, -4.5, -12.99]
    assert str(netflix.decimal_of(2)) == "-12.99"
    assert netflix.date_of(2) == START + timedelta(days=30)


def test_iso_dates_become_ordinals() -> None:
    assert ordinals(["2023-01-02", "2024-02-29"]) == [
        START.toordinal(),
        date(2024, 2, 29).toordinal(),
    ]


def _exact(amount: float | Decimal) -> Decimal:
    return Decimal(f"{amount:.2f}")


def _key_of(payee: object) -> str:
    return f"v{payee}" if isinstance(payee, int) else f"d:{payee}"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 700),  # days after START
            st.sampled_from([-49.99, -9.99, -120.0, -5.0, -3.2, 15.0, 49.99, 0.0]),
            st.sampled_from([3, 4, None]),  # a vendor's id, or none
            st.sampled_from(["gym", "phone"]),  # the payee when there is no vendor
            st.sampled_from([1, 2]),
        ),
        max_size=120,
    ),
    st.randoms(use_true_random=False),
)
def test_columns_from_a_database_find_what_the_records_find(
    drawn: list[tuple[int, float, int | None, str, int]], shuffler: Random
) -> None:
    """The detectors over a ledger made from a database's columns (integer ids, float amounts,
    payees named by vendor id or description, each payee's lines in any order) find exactly what
    they find in the same lines as records.
    """
    # Ids of one width, so that the records' text ids sort as the database's numbers do.
    lines = [
        (1000 + k, START.toordinal() + offset, amount, vendor, payee, account)
        for k, (offset, amount, vendor, payee, account) in enumerate(drawn)
    ]
    shuffler.shuffle(lines)  # a database groups them in an order of its own
    groups: dict[str, list[tuple[int, int, float, int]]] = {}
    for pk, day, amount, vendor, payee, account in lines:
        groups.setdefault(_key_of(vendor or payee), []).append((pk, day, amount, account))
    book = from_columns(
        [
            (
                key,
                [pk for pk, *_ in group],
                [str(account) for *_, account in group],
                [day for _, day, *_ in group],
                [amount for _, _, amount, _ in group],
                "EUR",
            )
            for key, group in groups.items()
        ],
        _exact,
    )
    records = [
        Txn(
            str(pk),
            str(account),
            date.fromordinal(day),
            Decimal(f"{amount:.2f}"),
            _key_of(vendor if vendor is not None else payee),
        )
        for pk, day, amount, vendor, payee, account in lines
    ]
    as_of = START + timedelta(days=720)
    series = series_in(book, as_of=as_of)
    assert series == detect_series(records, as_of=as_of)
    assert duplicates_in(book, series) == find_duplicates(records, series)
