"""``yourside import``, ``yourside transactions`` and ``yourside imports``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from yourside.cli.common import console, console_err, current_user, open_store, print_json
from yourside.errors import UserError


def import_files(
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="Statement files to import."),
    account: str | None = typer.Option(
        None,
        "--account",
        metavar="NAME",
        help="The account the statements are from (created when new).",
    ),
    fmt: str = typer.Option(
        "auto", "--format", metavar="FORMAT", help="auto, csv, ofx, qfx, camt, qif, eml or mbox."
    ),
    mapping: str | None = typer.Option(
        None,
        "--map",
        metavar="MAP",
        help="How to read a CSV the reader cannot work out alone, e.g."
        " 'date=1,amount=4,description=2' or 'date_format=%d/%m/%Y' or 'negate=yes'.",
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print added, duplicates and errors as JSON."
    ),
) -> None:
    """Import bank and card statements; importing the same lines again adds nothing."""
    open_store()
    from django.utils import timezone

    from yourside.core.formats.csvstatement import ColumnMap
    from yourside.core.records import ParseError
    from yourside.ingest.services import import_file
    from yourside.insights.services import refresh_after_import

    column_map = None
    if mapping:
        try:
            column_map = ColumnMap.parse(mapping)
        except (ParseError, ValueError) as error:
            raise UserError(f"--map: {error}") from None
    user = current_user()
    report: dict[str, Any] = {"added": 0, "duplicates": 0, "errors": [], "files": []}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,} lines"),
        TimeElapsedColumn(),
        console=console_err,
        transient=True,
        disable=as_json,
    ) as bar:
        for path in files:
            task = bar.add_task(path.name, total=None)

            def progress(lines: int, task: Any = task) -> None:
                bar.update(task, completed=lines)

            try:
                with path.open("rb") as stream:
                    result = import_file(
                        user,
                        stream,
                        path.name,
                        account_name=account,
                        fmt=fmt,
                        mapping=column_map,
                        progress=progress,
                    )
            except (ParseError, UserError, OSError) as error:
                text = str(error) if not isinstance(error, OSError) else f"{path}: {error.strerror}"
                report["errors"].append(text)
                continue
            finally:
                bar.remove_task(task)
            refresh_after_import(user, [b.pk for b in result.batches], timezone.localdate())
            report["added"] += result.added
            report["duplicates"] += result.duplicates
            report["files"].append(
                {
                    "file": str(path),
                    "added": result.added,
                    "duplicates": result.duplicates,
                    "batches": [b.pk for b in result.batches],
                    "notes": result.notes,
                }
            )
    if as_json:
        print_json(report)
    else:
        for entry in report["files"]:
            ids = ", ".join(str(b) for b in entry["batches"] if b)
            console.print(
                f"{entry['file']}: {entry['added']:,} added, {entry['duplicates']:,} already there"
                + (f" (batch {ids})" if ids else ""),
                highlight=False,
                soft_wrap=True,
            )
        for problem in report["errors"]:
            console_err.print(f"error: {problem}", markup=False, highlight=False, soft_wrap=True)
    if report["errors"]:
        raise typer.Exit(1)


def transactions(
    account: str | None = typer.Option(
        None, "--account", metavar="NAME", help="Only this account."
    ),
    vendor: str | None = typer.Option(None, "--vendor", metavar="NAME", help="Only this vendor."),
    since: str | None = typer.Option(None, "--since", metavar="DATE", help="From this ISO date."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
) -> None:
    """List transactions, newest first."""
    open_store()
    from yourside.book.models import Account, Transaction, Vendor

    owner = current_user()
    rows = Transaction.objects.owned_by(owner).select_related("account", "vendor")
    # A name that is nobody's is a mistyped one: said, not answered with an empty list.
    for option, name, model in (("--account", account, Account), ("--vendor", vendor, Vendor)):
        if name and not model.objects.owned_by(owner).filter(name=name).exists():
            raise UserError(f"{option} {name!r}: no {model._meta.verbose_name} of that name")
    if account:
        rows = rows.filter(account__name=account)
    if vendor:
        rows = rows.filter(vendor__name=vendor)
    if since:
        try:
            rows = rows.filter(date__gte=date.fromisoformat(since))
        except ValueError:
            raise UserError(f"--since {since!r}: expected a date like 2026-01-31") from None
    if as_json:
        print_json(
            [
                {
                    "id": t.pk,
                    "date": t.date.isoformat(),
                    "amount": str(t.amount),
                    "currency": t.currency,
                    "description": t.description,
                    "vendor": t.vendor.name if t.vendor else None,
                    "account": t.account.name,
                    "transfer": t.is_transfer,
                }
                for t in rows.iterator(chunk_size=2000)
            ]
        )
        return
    table = Table("Date", "Amount", "Description", "Vendor", "Account")
    for t in rows[:200]:
        table.add_row(
            str(t.date),
            f"{t.amount} {t.currency}",
            t.description,
            t.vendor.name if t.vendor else "",
            t.account.name,
        )
    console.print(table)


imports_app = typer.Typer(help="List import batches (no command), or undo one.")


@imports_app.callback(invoke_without_command=True)
def list_imports(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print a JSON array.")
) -> None:
    """List import batches, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    open_store()
    from yourside.ingest.models import ImportBatch

    batches = ImportBatch.objects.owned_by(current_user()).select_related("account")
    data: list[dict[str, Any]] = [
        {
            "id": b.pk,
            "file": b.filename,
            "account": b.account.name if b.account else None,
            "added": b.added,
            "duplicates": b.duplicates,
            "status": b.status,
            "imported_at": b.created_at.isoformat(),
        }
        for b in batches
    ]
    if as_json:
        print_json(data)
        return
    table = Table("Batch", "File", "Account", "Added", "Already there", "Status", "When")
    for row in data:
        table.add_row(
            str(row["id"]),
            row["file"],
            row["account"] or "",
            f"{row['added']:,}",
            f"{row['duplicates']:,}",
            row["status"],
            row["imported_at"][:16],
        )
    console.print(table)


@imports_app.command("undo")
def undo(
    batch_id: int = typer.Argument(..., help="The batch number, from 'yourside imports'."),
) -> None:
    """Take one import's transactions out of the book again."""
    open_store()
    from yourside.ingest.models import ImportBatch
    from yourside.ingest.services import undo_import

    batch = ImportBatch.objects.owned_by(current_user()).filter(pk=batch_id).first()
    if batch is None:
        raise UserError(f"no import batch {batch_id}")
    console.print(f"Removed {undo_import(batch):,} transactions of {batch.filename}.")


def register(app: typer.Typer) -> None:
    app.command("import")(import_files)
    app.command()(transactions)
    app.add_typer(imports_app, name="imports")
