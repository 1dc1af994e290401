"""``yourside vendors``: list and add vendors."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from yourside.cli.common import console, current_user, open_store, print_json

app = typer.Typer(
    help="List the companies you deal with (no command), or add one.", no_args_is_help=False
)


def _as_json(vendor: Any) -> dict[str, Any]:
    return {
        "id": vendor.pk,
        "name": vendor.name,
        "aliases": vendor.aliases,
        "category": vendor.category,
        "country": vendor.country,
        "website": vendor.website,
        "source": vendor.source,
    }


@app.callback(invoke_without_command=True)
def list_vendors(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
) -> None:
    """List your vendors, or add one with 'yourside vendors add'."""
    if ctx.invoked_subcommand is not None:
        return
    open_store()
    from yourside.book.models import Vendor

    vendors = Vendor.objects.owned_by(current_user())
    if as_json:
        print_json([_as_json(v) for v in vendors])
        return
    if not vendors:
        console.print("No vendors yet. Add one: yourside vendors add NAME")
        return
    table = Table("Name", "Category", "Country", "Website")
    for vendor in vendors:
        table.add_row(vendor.name, vendor.get_category_display(), vendor.country, vendor.website)
    console.print(table)


@app.command("add")
def add(
    name: str = typer.Argument(..., help="The vendor's name."),
    country: str = typer.Option("", help="Two-letter country code, e.g. DE."),
    website: str = typer.Option("", help="Web address, e.g. https://example.com."),
    category: str = typer.Option("other", help="bank, telecom, streaming, insurance, shop, …"),
    as_json: bool = typer.Option(False, "--json", help="Print the new vendor as JSON."),
) -> None:
    """Add a vendor."""
    open_store()
    from yourside.book.services import add_vendor

    vendor = add_vendor(current_user(), name, country=country, website=website, category=category)
    if as_json:
        print_json(_as_json(vendor))
    else:
        console.print(f"Added vendor {vendor.name} (id {vendor.pk}).")


def _vendor(owner: Any, name: str) -> Any:
    from yourside.book.models import Vendor
    from yourside.errors import UserError

    vendor = Vendor.objects.owned_by(owner).filter(name__iexact=name).first()
    if vendor is None:
        raise UserError(f"no vendor {name!r}")
    return vendor


@app.command("merge")
def merge(
    name: str = typer.Argument(..., help="The vendor to fold into another."),
    into: str = typer.Option(..., "--into", metavar="NAME", help="The vendor that stays."),
) -> None:
    """Merge two vendors that are one company; the merged name stays as an alias."""
    open_store()
    from yourside.book.services import merge_vendors

    owner = current_user()
    kept = merge_vendors(owner, _vendor(owner, name), _vendor(owner, into))
    console.print(f"Merged {name} into {kept.name}.")


@app.command("assign")
def assign(
    transaction_id: int = typer.Argument(..., metavar="TRANSACTION", help="A transaction's id."),
    name: str = typer.Argument(..., metavar="VENDOR", help="The vendor it belongs to."),
) -> None:
    """File a transaction under a vendor; its payee's other transactions follow, now and later."""
    open_store()
    from yourside.book.models import Transaction
    from yourside.book.services import assign_vendor
    from yourside.errors import UserError

    owner = current_user()
    record = Transaction.objects.owned_by(owner).filter(pk=transaction_id).first()
    if record is None:
        raise UserError(f"no transaction {transaction_id}")
    moved = assign_vendor(owner, record, _vendor(owner, name))
    console.print(f"Filed {moved} transaction(s) under {name}.")


@app.command("unassign")
def unassign(
    transaction_id: int = typer.Argument(..., metavar="TRANSACTION", help="A transaction's id."),
) -> None:
    """Take a transaction out of its vendor, with its payee's other transactions filed there, and
    forget what filing it taught."""
    open_store()
    from yourside.book.models import Transaction
    from yourside.book.services import unfile
    from yourside.errors import UserError

    owner = current_user()
    record = Transaction.objects.owned_by(owner).filter(pk=transaction_id).first()
    if record is None:
        raise UserError(f"no transaction {transaction_id}")
    was = record.vendor
    if was is None:
        raise UserError(f"transaction {transaction_id} is filed under no vendor")
    moved = unfile(owner, record)
    console.print(f"Took {len(moved)} transaction(s) out of {was.name}.")
