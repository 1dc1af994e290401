"""``yourside insights``: what needs attention, with the evidence."""

from __future__ import annotations

import typer
from rich.table import Table

from yourside.cli.common import console, current_user, open_store, print_json
from yourside.errors import UserError

KINDS = ("recurring", "price-rise", "fee", "duplicate", "refund", "deadline")


def insights(
    kind: str | None = typer.Option(
        None,
        "--kind",
        metavar="KIND",
        help="Only recurring, price-rise, fee, duplicate, refund or deadline.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
) -> None:
    """Find and list insights: recurring payments, price rises, fees, duplicates, deadlines."""
    if kind is not None and kind not in KINDS:
        raise UserError(f"--kind {kind!r}: use one of {', '.join(KINDS)}")
    open_store()
    from django.utils import timezone

    from yourside.insights.models import Insight
    from yourside.insights.services import insight_json, keep_current

    owner = current_user()
    keep_current(owner, timezone.localdate())
    found = Insight.objects.owned_by(owner).filter(current=True).select_related("vendor")
    if kind:
        found = found.filter(kind=kind)
    found = found.order_by("kind", "-amount")
    if as_json:
        print_json([insight_json(i) for i in found])
        return
    from yourside.core.wording import day, money, render
    from yourside.locale import current_locale

    locale = current_locale()
    table = Table("Kind", "What", "At stake", "Due", "Status")
    for i in found:
        stake = render(money(i.amount, i.currency), locale)
        due = render(day(i.due), locale) if i.due else ""
        table.add_row(i.kind, i.shown_title, stake, due, i.status)
    console.print(table)


def digest(
    send: bool = typer.Option(False, "--send", help="Email it instead of printing it."),
    to: str | None = typer.Option(
        None, "--to", metavar="EMAIL", help="[default: your user's email]"
    ),
) -> None:
    """What needs attention today, as a short digest; --send emails it (for a daily cron job)."""
    open_store()
    from django.utils import timezone

    from yourside.insights.digest import compose_digest, send_digest

    owner = current_user()
    if not send:
        found = compose_digest(owner, timezone.localdate())
        console.print(found[1] if found else "Nothing needs your attention.", highlight=False)
        return
    address = to or owner.email
    if not address:
        raise UserError("no address to send to: pass --to EMAIL")
    sent = send_digest(owner, timezone.localdate(), address)
    console.print(
        f"Digest sent to {address}." if sent else "Nothing needs your attention; no email sent."
    )


def register(app: typer.Typer) -> None:
    app.command()(insights)
    app.command()(digest)
