from collections import defaultdict
from typing import Any

from django.db import migrations, models

from yourside.core.transfers import Line, pair_key, pairs


def pair_books(apps: Any, schema_editor: Any) -> None:
    """The moves between one customer's accounts already in the books, paired as an import pairs
    them (``yourside.book.services.pair_transfers``): a book imported before keeps no double
    count of its card bills."""
    account = apps.get_model("book", "Account")
    transaction = apps.get_model("book", "Transaction")
    hints: dict[int, dict[int, str]] = defaultdict(dict)
    for pk, owner, hint in account.objects.values_list("pk", "owner_id", "number_hint"):
        hints[owner][pk] = hint
    for owner, accounts in hints.items():
        if len(accounts) < 2:
            continue
        rows = transaction.objects.filter(owner_id=owner).values_list(
            "pk", "account_id", "date", "amount", "currency"
        )
        # Only amounts held the other way round by another account can pair.
        held: dict[tuple[str, Any], set[int]] = defaultdict(set)
        lines = list(rows.iterator(chunk_size=5000))
        for _pk, account_id, _day, amount, currency in lines:
            held[(currency, amount)].add(account_id)
        lines = [r for r in lines if held.get((r[4], -r[3]), set()) - {r[1]}]
        texts: dict[int, str] = {}
        for start in range(0, len(lines), 500):  # a bounded number of SQL parameters a query
            chunk = [r[0] for r in lines[start : start + 500]]
            texts.update(transaction.objects.filter(pk__in=chunk).values_list("pk", "description"))
        found = pairs(
            (Line(pk, acc, day, amount, cur, texts[pk]) for pk, acc, day, amount, cur in lines),
            (),
            accounts,
        )
        for out, into in found:
            transaction.objects.filter(pk__in=[out, into]).update(transfer=pair_key(out, into))


class Migration(migrations.Migration):
    dependencies = [
        ("book", "0007_vendor_order_stable"),
    ]

    operations = [
        migrations.AddField(
            model_name="transaction",
            name="transfer",
            field=models.CharField(
                blank=True, db_default="", default="", editable=False, max_length=41
            ),
        ),
        migrations.RunPython(pair_books, migrations.RunPython.noop),
    ]
