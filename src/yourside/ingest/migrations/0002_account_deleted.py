from django.db import migrations, models


def mark_deleted_accounts(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Statement batches whose account was deleted before this status was: nothing to undo."""
    batch = apps.get_model("ingest", "ImportBatch")
    batch.objects.filter(status="done", account__isnull=True).exclude(
        format__in=["eml", "mbox"]
    ).update(status="gone")


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importbatch",
            name="status",
            field=models.CharField(
                choices=[("done", "Imported"), ("undone", "Undone"), ("gone", "Account deleted")],
                default="done",
                max_length=8,
            ),
        ),
        migrations.RunPython(mark_deleted_accounts, migrations.RunPython.noop),
    ]
