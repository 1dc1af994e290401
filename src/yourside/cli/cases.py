"""``yourside case``: open cases, record what happens, read them back."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from yourside.cli.common import console, current_user, open_store, print_json
from yourside.errors import UserError

app = typer.Typer(help="Cases: the inquiries, complaints and requests you send to vendors.")


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} {value!r}: expected a date like 2026-11-23") from None


def case_json(case: Any) -> dict[str, Any]:
    """The JSON shape of a case, shared with the API."""
    return {
        "id": case.pk,
        "reference": case.reference,
        "vendor": case.vendor.name,
        "kind": case.kind,
        "law": case.law or None,
        "status": case.status,
        "subject": case.subject,
        "channel": case.channel,
        "sent_date": case.sent_date.isoformat() if case.sent_date else None,
        "received_date": case.received_date.isoformat() if case.received_date else None,
        "due_date": case.due_date.isoformat() if case.due_date else None,
        "extended": case.extended,
        "deadline_rule": case.deadline_rule,
        "events": [
            {"kind": e.kind, "date": e.date.isoformat(), "note": e.note} for e in case.events.all()
        ],
    }


def _get_case(case_id: int) -> Any:
    from yourside.cases.models import Case

    case = (
        Case.objects.owned_by(current_user())
        .select_related("vendor")
        .prefetch_related("events")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise UserError(f"no case {case_id}")
    return case


@app.command("new")
def new(
    vendor: str = typer.Option(..., "--vendor", metavar="NAME", help="The vendor, by name."),
    kind: str = typer.Option(
        ...,
        "--kind",
        metavar="KIND",
        help="inquiry, complaint, refund, warranty, cancellation, price-rise, access,"
        " rectification, erasure, objection, portability or consent.",
    ),
    law: str | None = typer.Option(
        None,
        "--law",
        metavar="LAW",
        help="gdpr, uk-gdpr or ccpa [default: from the vendor's country, for data requests].",
    ),
    sent: str | None = typer.Option(None, "--sent", metavar="DATE", help="The day it was sent."),
    channel: str = typer.Option(
        "email", "--channel", metavar="CHANNEL", help="email, post or web (a form on their site)."
    ),
    subject: str = typer.Option("", "--subject", help="A subject [default: from the kind]."),
    as_json: bool = typer.Option(False, "--json", help="Print the case as JSON."),
) -> None:
    """Open a case against a vendor; with --sent it is sent and its due date is worked out."""
    open_store()
    from yourside.book.models import Vendor
    from yourside.cases.services import open_case

    owner = current_user()
    found = Vendor.objects.owned_by(owner).filter(name__iexact=vendor).first()
    if found is None:
        raise UserError(f"no vendor {vendor!r}: add it with 'yourside vendors add'")
    if law is not None and law not in {"gdpr", "uk-gdpr", "ccpa"}:
        raise UserError(f"--law {law!r}: use gdpr, uk-gdpr or ccpa")
    if channel not in {"email", "post", "web"}:
        raise UserError(f"--channel {channel!r}: use email, post or web")
    case = open_case(
        owner, found, kind, law=law, sent=_date(sent, "--sent"), channel=channel, subject=subject
    )
    if as_json:
        print_json(case_json(_get_case(case.pk)))
    else:
        due = f", reply due {case.due_date}" if case.due_date else ""
        console.print(f"Opened case {case.pk} ({case.reference}): {case.subject}{due}.")


@app.command("list")
def list_cases(as_json: bool = typer.Option(False, "--json", help="Print a JSON array.")) -> None:
    """List your cases, newest first."""
    open_store()
    from yourside.cases.models import Case

    cases = (
        Case.objects.owned_by(current_user()).select_related("vendor").prefetch_related("events")
    )
    if as_json:
        print_json([case_json(c) for c in cases])
        return
    table = Table("Id", "Reference", "Vendor", "Kind", "Status", "Due")
    today = date.today()
    for c in cases:
        due = str(c.due_date or "") + (" overdue" if c.is_overdue(today) else "")
        table.add_row(str(c.pk), c.reference, c.vendor.name, c.kind, c.status, due)
    console.print(table)


@app.command("show")
def show(
    case_id: int = typer.Argument(..., metavar="ID"),
    letter: bool = typer.Option(False, "--letter", help="Print the case's letter."),
    as_json: bool = typer.Option(False, "--json", help="Print the case as JSON."),
) -> None:
    """Show a case and its timeline, or with --letter the letter to send."""
    open_store()
    from yourside.cases.letters import letter_for

    case = _get_case(case_id)
    if letter:
        written = letter_for(case, date.today())
        if as_json:
            print_json(
                {**case_json(case), "letter": {"subject": written.subject, "body": written.body}}
            )
        else:
            sys.stdout.write(f"Subject: {written.subject}\n\n{written.body}\n")
        return
    if as_json:
        print_json(case_json(case))
        return
    console.print(f"[bold]{case.reference}[/bold] {case.subject} — {case.vendor.name}")
    console.print(f"{case.get_kind_display()}, {case.get_status_display()}", highlight=False)
    if case.due_date:
        console.print(f"Reply due {case.due_date}: {case.deadline_rule}", highlight=False)
    for event in case.events.all():
        console.print(f"  {event.date}  {event.get_kind_display()}  {event.note}", highlight=False)


@app.command("event")
def event(
    case_id: int = typer.Argument(..., metavar="ID"),
    kind: str = typer.Option(
        ...,
        "--kind",
        metavar="KIND",
        help="sent, delivered, acknowledged, extended, reply, resolved, escalated, closed or note.",
    ),
    day: str | None = typer.Option(None, "--date", metavar="DATE", help="[default: today]"),
    note: str = typer.Option("", "--note", help="What happened."),
    as_json: bool = typer.Option(False, "--json", help="Print the case as JSON."),
) -> None:
    """Record what happened on a case: it was sent, answered, extended, resolved…"""
    open_store()
    from yourside.cases.services import record_event

    case = _get_case(case_id)
    record_event(case, kind, _date(day, "--date") or date.today(), note)
    if as_json:
        print_json(case_json(_get_case(case_id)))
    else:
        console.print(f"Case {case.pk}: {kind} recorded; status {case.status}.")


@app.command("reply")
def reply(
    file: Path = typer.Argument(
        ..., metavar="FILE", dir_okay=False, help="The vendor's email (.eml)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the case as JSON."),
) -> None:
    """Put a vendor's reply on its case's timeline, matched by reference or by sender."""
    open_store()
    from yourside.cases.services import import_reply

    event = import_reply(current_user(), file.read_bytes(), file.name)
    if as_json:
        print_json(case_json(_get_case(event.case_id)))
    else:
        console.print(f"Reply added to case {event.case_id}.")
