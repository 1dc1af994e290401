"""The ledger: a book grouped by payee, as the detectors read it, from records or database rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from yourside.core.duplicates import duplicates_in, find_duplicates
from yourside.core.fees import Txn, fees_in, find_fees
from yourside.core.ledger import Row, from_rows, ledger
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
    assert shop.descriptions == ["first", "", "later"]
    assert (shop.id_of(2), shop.account_of(2), shop.date_of(2)) == (
        "c",
        "acct",
        START.replace(day=3),
    )
    # The exact amount is the record's own Decimal.
    assert str(shop.decimal_of(0)) == "-1.50"


def test_database_rows_name_vendors_and_payees_and_keep_exact_amounts() -> None:
    day = START.toordinal()
    rows: list[Row] = [
        (12, "netflix", 1, 7, day, -12.99, "NETFLIX.COM", "EUR"),
        (None, "corner bakery", 2, 7, day, -4.5, "CORNER BAKERY 0815", "EUR"),
        (12, "netflix", 3, 8, day + 30, -12.99, "NETFLIX.COM", "EUR"),
    ]
    book = from_rows(rows, lambda a: Decimal(f"{a:.2f}"), _key_of)
    assert sorted(book) == ["d:corner bakery", "v12"]
    netflix = book["v12"]
    assert (netflix.ids, netflix.accounts, netflix.currency) == (["1", "3"], ["7", "8"], "EUR")
    assert str(netflix.decimal_of(1)) == "-12.99"
    assert netflix.date_of(1) == START + timedelta(days=30)


def _key_of(payee: object) -> str:
    return f"v{payee}" if isinstance(payee, int) else f"d:{payee}"


_TEXTS = ["CARD PAYMENT SHOP", "Kontoführungsentgelt", "ATM FEE", "Gutschrift", "FOREIGN TXN FEE"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 700),  # days after START
            st.sampled_from([-49.99, -9.99, -120.0, -5.0, -3.2, 15.0, 49.99, 0.0]),
            st.sampled_from([3, 4, None]),  # a vendor's id, or none
            st.sampled_from(["gym", "phone"]),  # the payee when there is no vendor
            st.sampled_from(_TEXTS),
            st.sampled_from([1, 2]),
        ),
        max_size=120,
    )
)
def test_rows_from_a_database_find_what_the_records_find(
    drawn: list[tuple[int, float, int | None, str, str, int]],
) -> None:
    """The detectors over a ledger made from database rows (integer ids, float amounts, payees
    named by vendor id or description) find exactly what they find in the same lines as records.
    """
    # Ids of one width, so that the records' text ids sort as the database's numbers do.
    lines = [
        (1000 + k, START.toordinal() + offset, amount, vendor, payee, text, account)
        for k, (offset, amount, vendor, payee, text, account) in enumerate(drawn)
    ]
    lines.sort(key=lambda line: (line[1], line[0]))  # the database's order: date, then id
    rows: list[Row] = [
        (vendor, payee, pk, account, day, amount, text, "EUR")
        for pk, day, amount, vendor, payee, text, account in lines
    ]
    records = [
        Txn(
            str(pk),
            str(account),
            date.fromordinal(day),
            Decimal(f"{amount:.2f}"),
            _key_of(vendor if vendor is not None else payee),
            text,
        )
        for pk, day, amount, vendor, payee, text, account in reversed(lines)
    ]
    book = from_rows(rows, lambda a: Decimal(f"{a:.2f}"), _key_of)
    as_of = START + timedelta(days=720)
    series = series_in(book, as_of=as_of)
    assert series == detect_series(records, as_of=as_of)
    assert duplicates_in(book, series) == find_duplicates(records, series)
    key = lambda fee: (fee.vendor_key, fee.date, fee.txn_id)  # noqa: E731
    assert sorted(fees_in(book).fees, key=key) == sorted(find_fees(records).fees, key=key)
