from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yourside.core.formats.receipts import (
    Receipt,
    ReceiptItem,
    Shipment,
    iter_mbox,
    parse_price,
    read_eml,
)
from yourside.core.records import ParseError

EMAIL_DIR = Path(__file__).resolve().parents[1] / "data" / "email"


def read(name: str) -> list[Receipt]:
    return read_eml((EMAIL_DIR / name).read_bytes(), name)


def html_email(html: str) -> bytes:
    return (
        "From: Shop <shop@example.com>\nSubject: Order\nDate: Mon, 1 Jul 2024 10:00:00 +0000\n"
        f"Content-Type: text/html; charset=utf-8\n\n{html}"
    ).encode()


def test_json_ld_order_with_items_and_total() -> None:
    [receipt] = read("order_jsonld.eml")
    assert receipt.source_kind == "jsonld"
    assert (receipt.merchant_name, receipt.merchant_domain) == (
        "Northwind Books",
        "northwindbooks.example",
    )
    assert (receipt.order_number, receipt.order_date) == ("NW-100234", date(2024, 3, 4))
    assert (receipt.total, receipt.currency) == (Decimal("1299.00"), "USD")  # from "$1,299.00"
    assert receipt.items == (
        ReceiptItem(
            "Espresso machine Barista Pro", "EM-880", Decimal(1), Decimal("1249.00"), "USD"
        ),
        ReceiptItem("Descaling tablets (10)", "DT-10", Decimal(2), Decimal("25.0"), "USD"),
    )


def test_parcel_delivery_joins_its_order() -> None:
    [receipt] = read("order_jsonld.eml")
    assert receipt.schema_types == ("Order", "ParcelDelivery")
    assert receipt.shipments == (
        Shipment(
            tracking_number="1Z999AA10123456784",
            carrier="UPS",
            status="OrderInTransit",
            expected_by=date(2024, 3, 8),
            tracking_url="https://www.ups.com/track?tracknum=1Z999AA10123456784",
        ),
    )


def test_microdata_order_with_euro_prices() -> None:
    [receipt] = read("order_microdata_eur.eml")
    assert receipt.source_kind == "microdata"
    assert (receipt.total, receipt.currency) == (Decimal("12.50"), "EUR")  # from "€12,50"
    assert receipt.items[0].name == "Röstkaffee Hausmischung 500 g"  # windows-1252, base64
    assert receipt.subject == "Ihre Bestellung KV-2024-5512 ist bestätigt"  # RFC 2047


def test_broken_json_ld_falls_back_to_microdata() -> None:
    [receipt] = read("broken_jsonld_microdata.eml")
    assert receipt.source_kind == "microdata"
    assert receipt.shipments[0].tracking_number == "00340434161234567890"
    assert receipt.shipments[0].carrier == "DHL"
    assert (receipt.order_number, receipt.merchant_name) == ("A-99812", "Alpenmode Shop")
    assert "JSON-LD" in receipt.notes[0]


def test_broken_json_ld_alone_gives_a_record_without_markup() -> None:
    [receipt] = read("broken_jsonld_only.eml")
    assert (receipt.source_kind, receipt.order_number) == ("none", None)
    assert receipt.notes


def test_invoice_gives_amount_due_and_due_date() -> None:
    [receipt] = read("invoice_jsonld.eml")
    assert (receipt.amount_due, receipt.currency) == (Decimal("84.20"), "GBP")
    assert receipt.payment_due == date(2024, 5, 15)
    assert (receipt.merchant_name, receipt.order_number) == ("Brightwave Energy", "BILL-2024-04")


def test_email_without_markup_keeps_sender_subject_and_date() -> None:
    [receipt] = read("plain_receipt.eml")
    assert receipt.source_kind == "none"
    assert (receipt.sender_name, receipt.sender_email, receipt.sender_domain) == (
        "Cityline Parking",
        "noreply@cityline-parking.example",
        "cityline-parking.example",
    )
    assert receipt.subject == "Receipt for your parking session"
    assert receipt.receipt_date == date(2024, 4, 20)


def test_mbox_yields_every_message() -> None:
    receipts = list(iter_mbox(EMAIL_DIR / "receipts.mbox"))
    assert [r.source_kind for r in receipts] == ["jsonld", "none", "none"]
    flowers = receipts[0]
    assert (flowers.merchant_name, flowers.total, flowers.currency) == (
        "Petal & Stem",
        Decimal("39.90"),
        "EUR",
    )
    assert flowers.items[0].sku == "RB-12"  # schema.org orderedItem inside an @graph


def test_missing_mbox_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read the mailbox"):
        list(iter_mbox(tmp_path / "nothing.mbox"))


def test_bytes_that_are_not_an_email_are_an_error() -> None:
    with pytest.raises(ParseError, match="not an email"):
        read_eml(b"\n\njust some text")


def test_two_orders_in_one_email_give_two_receipts() -> None:
    orders = "".join(
        f'<script type="application/ld+json">{{"@context": "http://schema.org", '
        f'"@type": "Order", "orderNumber": "{n}", "price": "{n}.00", "priceCurrency": "USD"}}'
        "</script>"
        for n in (1, 2)
    )
    receipts = read_eml(html_email(f"<html><head>{orders}</head></html>"))
    assert [(r.order_number, r.total) for r in receipts] == [("1", Decimal(1)), ("2", Decimal(2))]


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        ("$1,299.00", None, (Decimal("1299.00"), "USD")),
        ("€12,50", None, (Decimal("12.50"), "EUR")),
        ("12.00 EUR", None, (Decimal("12.00"), "EUR")),
        ("CA$ 5.00", None, (Decimal("5.00"), "CAD")),
        ("$5", "AUD", (Decimal("5"), "AUD")),  # priceCurrency wins over the symbol
        ("-$3.50", None, (Decimal("-3.50"), "USD")),
        (19.99, "GBP", (Decimal("19.99"), "GBP")),
        ({"price": "7.5", "priceCurrency": "CHF"}, None, (Decimal("7.5"), "CHF")),
        ("free", None, (None, None)),
    ],
)
def test_parse_price(value: Any, currency: Any, expected: Any) -> None:
    assert parse_price(value, currency) == expected


@given(st.text(max_size=300))
def test_any_html_gives_a_receipt(html: str) -> None:
    assert len(read_eml(html_email(html))) >= 1
