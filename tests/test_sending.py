"""Case letters sent through a real SMTP conversation, to a sink on this machine."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import date
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User
from django.test import Client

from yourside.book.models import Vendor
from yourside.cases.models import Case
from yourside.cases.sending import send_letter
from yourside.cases.services import open_case
from yourside.errors import UserError


class Sink:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def sink(settings: Any) -> Iterator[Sink]:
    handler = Sink()
    with socket.socket() as probe:  # a free port: aiosmtpd checks readiness by connecting to it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "alex@example.org"
    yield handler
    controller.stop()


@pytest.fixture
def draft(alice: User) -> Case:
    vendor = Vendor.objects.create(
        owner=alice, name="Streamco", country="DE", privacy_email="privacy@streamco.example"
    )
    return open_case(alice, vendor, "access", disclosed={"Name": "Alex Example"})


def test_a_letter_is_sent_with_a_pdf_and_the_clock_starts(sink: Sink, draft: Case) -> None:
    send_letter(draft, date(2026, 1, 31))
    draft.refresh_from_db()
    assert (draft.status, draft.sent_date, draft.due_date) == (
        "sent",
        date(2026, 1, 31),
        date(2026, 3, 2),
    )
    [message] = sink.messages
    assert message["To"] == "privacy@streamco.example"
    assert draft.reference in message["Subject"]
    parts = [p.get_content_type() for p in message.walk()]
    assert "application/pdf" in parts


def test_without_smtp_it_says_how_to_configure(draft: Case, settings: Any) -> None:
    settings.EMAIL_HOST = ""
    with pytest.raises(UserError, match="YOURSIDE_SMTP_HOST"):
        send_letter(draft, date(2026, 1, 31))
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_refusing_server_records_nothing(draft: Case, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard port: nothing listens
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "alex@example.org"
    with pytest.raises(UserError, match="refused"):
        send_letter(draft, date(2026, 1, 31))
    draft.refresh_from_db()
    assert (draft.status, draft.sent_date) == ("draft", None)
    assert list(draft.events.values_list("kind", flat=True)) == ["drafted"]


def test_send_button_in_the_web(sink: Sink, draft: Case, alice_client: Client) -> None:
    page = alice_client.get(f"/cases/{draft.pk}/").content.decode()
    assert "Send it now by email" in page
    alice_client.post(f"/cases/{draft.pk}/send/")
    assert len(sink.messages) == 1


def test_pdf_download(draft: Case, alice_client: Client) -> None:
    response = alice_client.get(f"/cases/{draft.pk}/letter/?as=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_the_digest_is_sent_to_the_sink(sink: Sink, alice: User) -> None:
    from yourside.demo import load_demo
    from yourside.insights.digest import send_digest

    load_demo(alice, date(2026, 11, 23))
    assert send_digest(alice, date(2026, 11, 23), "alex@example.org")
    [message] = sink.messages
    assert message["To"] == "alex@example.org"
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert b"need your attention" in body


def test_an_empty_book_sends_no_digest(sink: Sink, alice: User) -> None:
    from yourside.insights.digest import send_digest

    assert not send_digest(alice, date(2026, 11, 23), "alex@example.org")
    assert sink.messages == []
