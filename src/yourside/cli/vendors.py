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
