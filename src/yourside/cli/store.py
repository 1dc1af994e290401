"""Commands about the store itself: init, serve, demo, export, restore."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

import typer

from yourside.cli.common import console, current_user, open_store
from yourside.errors import UserError

DEMO_USER = "demo"
DEMO_PASSWORD = "demo"  # noqa: S105 - the demo's sign-in is printed for the person trying it


def _read_password(password_file: Path | None) -> str:
    if password_file is not None:
        text = password_file.read_text(encoding="utf-8").splitlines()
        if not text or not text[0]:
            raise UserError(f"{password_file}: the first line should hold the password")
        return text[0]
    if not sys.stdin.isatty():
        raise UserError("no terminal to ask for a password on: pass --password-file FILE")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise UserError("the two passwords differ")
    return first


def init(
    username: str = typer.Option(
        getpass.getuser(), "--username", "-u", help="Name to sign in with.", show_default=False
    ),
    password_file: Path | None = typer.Option(
        None,
        "--password-file",
        metavar="FILE",
        dir_okay=False,
        help="Read the password from the first line of FILE instead of asking on the terminal.",
    ),
) -> None:
    """Create the store and its first user (or another user)."""
    password = _read_password(password_file)
    open_store()
    from yourside.accounts import create_user

    user = create_user(username, password)
    console.print(f"Store ready. Sign in as [bold]{user.username}[/bold] after 'yourside serve'.")


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    threads: int = typer.Option(8, min=1, max=64, help="Worker threads."),
) -> None:
    """Run the web UI and the API on a production-grade server (waitress)."""
    open_store()
    from waitress import serve as waitress_serve

    from yourside.wsgi import application

    console.print(f"Yourside is at [bold]http://{host}:{port}/[/bold] — press Ctrl+C to stop.")
    waitress_serve(application, host=host, port=port, threads=threads, ident="yourside")


def demo(
    today: str | None = typer.Option(
        None, help="Pretend today is this ISO date (the book ends on it) [default: today]."
    ),
) -> None:
    """Load the demo household into the store, for a user 'demo' with the password 'demo'."""
    from datetime import date

    open_store()
    from django.contrib.auth.models import User

    from yourside.demo import load_demo

    try:
        day = date.fromisoformat(today) if today else date.today()
    except ValueError:
        raise UserError(f"--today {today!r}: expected a date like 2026-11-23") from None
    if not date(2000, 1, 1) <= day <= date(2199, 12, 31):
        # The book spans years before it and agreements renew years after it.
        raise UserError(f"--today {today!r}: use a date from 2000 to 2199")
    user = User.objects.filter(username=DEMO_USER).first()
    if user is None:
        user = User.objects.create_user(DEMO_USER, password=DEMO_PASSWORD)
    loaded = load_demo(user, day)
    console.print(
        "Demo book loaded." if loaded else "The demo book is already loaded; nothing changed."
    )
    console.print(
        f"Sign in as [bold]{DEMO_USER}[/bold] with the password [bold]{DEMO_PASSWORD}[/bold]."
    )


def export(
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        metavar="FILE",
        dir_okay=False,
        help="Write to FILE instead of standard output.",
    ),
) -> None:
    """Export the whole book as one JSON document (lossless; 'restore' reads it back)."""
    open_store()
    from yourside.portability import dumps, export_book

    text = dumps(export_book(current_user()))
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"Exported to {out}.")


def restore(
    file: Path = typer.Argument(..., metavar="FILE", dir_okay=False, help="An export to load."),
) -> None:
    """Load an export into an empty store (run 'yourside init' first to create its user)."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise UserError(f"{file}: not JSON (line {error.lineno}, column {error.colno})") from None
    except UnicodeDecodeError:
        raise UserError(f"{file}: not a UTF-8 text file") from None
    open_store()
    from yourside.portability import restore_book

    count = restore_book(current_user(), document)
    console.print(f"Restored {count} records from {file}.")


def register(app: typer.Typer) -> None:
    for command in (init, serve, demo, export, restore):
        app.command()(command)
