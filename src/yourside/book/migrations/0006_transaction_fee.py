from typing import Any

from django.db import migrations, models

from yourside.core.fees import fee_of


def fill_fees(apps: Any, schema_editor: Any) -> None:
    """Every line already in the book gets its fee kind, as an import would give it."""
    transaction = apps.get_model("book", "Transaction")
    table = schema_editor.quote_name(transaction._meta.db_table)
    sql = f"UPDATE {table} SET fee = %s WHERE id = %s"  # noqa: S608 - the model's table
    last = 0
    with schema_editor.connection.cursor() as cursor:
        # A page at a time by id, as in 0005: the table is not written while a read is open.
        while page := list(
            transaction.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "description", "amount")[:5000]
        ):
            fees = [(kind, pk) for pk, text, amount in page if (kind := fee_of(text, amount))]
            cursor.executemany(sql, fees)
            last = page[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("book", "0005_transaction_payee"),
    ]

    operations = [
        migrations.AddField(
            model_name="transaction",
            name="fee",
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.RunPython(fill_fees, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="transaction",
            index=models.Index(
                condition=models.Q(("fee", ""), _negated=True),
                fields=["owner"],
                name="transaction_owner_fees",
            ),
        ),
    ]
