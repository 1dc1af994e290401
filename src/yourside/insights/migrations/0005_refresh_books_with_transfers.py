from typing import Any

from django.db import migrations


def refresh_books_with_transfers(apps: Any, schema_editor: Any) -> None:
    """The books ``book.0008`` paired moves in are looked at whole again on their next look: the
    insights it found in those moves (a "subscription" to the savings account, a card bill as
    spend) end then, not on the next day's first look."""
    transaction = apps.get_model("book", "Transaction")
    refreshed = apps.get_model("insights", "Refreshed")
    owners = transaction.objects.filter(transfer__contains=":").values("owner_id")
    refreshed.objects.filter(owner_id__in=owners).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("book", "0008_transaction_transfer"),
        ("insights", "0004_insight_vendor_set_null"),
    ]

    operations = [
        migrations.RunPython(refresh_books_with_transfers, migrations.RunPython.noop),
    ]
