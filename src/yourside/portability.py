"""Export the whole book as one versioned JSON document, and restore it into an empty store.

Records keep their ids, timestamps and provenance, so export → restore → export gives the same
document apart from ``exported_at``. Django's own serializers do the field conversions.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone

from yourside.book.models import (
    Account,
    Agreement,
    Document,
    Holding,
    Note,
    Order,
    OrderItem,
    Owned,
    Terms,
    Transaction,
    Vendor,
)
from yourside.book.services import pair_transfers
from yourside.cases.models import Case, CaseEvent
from yourside.core.fees import fee_of
from yourside.errors import UserError
from yourside.ingest.models import ImportBatch, ImportProfile
from yourside.insights.models import Insight, Refreshed

if TYPE_CHECKING:
    from django.contrib.auth.models import User

FORMAT = "yourside-book"
VERSION = 1

# In dependency order: a record only refers to records of models listed before it.
MODELS: list[type[Owned]] = [
    Vendor,
    Account,
    ImportBatch,
    ImportProfile,
    Transaction,
    Order,
    OrderItem,
    Holding,
    Agreement,
    Terms,
    Note,
    Document,
    Case,
    CaseEvent,
    Insight,
]
LABELS = {model._meta.label_lower: model for model in MODELS}


class _Encoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; an export must keep every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def _fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.name not in {"id", "owner"}]


def export_book(owner: User) -> dict[str, Any]:
    """Every record of ``owner``'s book, in dependency order, with its provenance."""
    records: list[dict[str, Any]] = []
    for model in MODELS:
        queryset = model.objects.owned_by(owner).order_by("pk")
        records.extend(serializers.serialize("python", queryset, fields=_fields(model)))
    # Round-trip through JSON so the result holds only JSON types (dates and decimals as strings).
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "owner": owner.get_username(),
        "records": records,
    }
    loaded: dict[str, Any] = json.loads(json.dumps(document, cls=_Encoder))
    return loaded


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def _check_document(document: Any) -> list[dict[str, Any]]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserError("not a Yourside export (its 'format' is not 'yourside-book')")
    if document.get("version") != VERSION:
        version = document.get("version")
        raise UserError(
            f"export version {version!r} is not supported; this Yourside reads {VERSION}"
        )
    records = document.get("records")
    if not isinstance(records, list):
        raise UserError("the export has no 'records' list")
    for index, record in enumerate(records):
        if not isinstance(record, dict) or record.get("model") not in LABELS:
            raise UserError(
                f"record {index + 1}: unknown model {record.get('model')!r}"
                if isinstance(record, dict)
                else f"record {index + 1}: not an object"
            )
    return records


@transaction.atomic
def restore_book(owner: User, document: Any) -> int:
    """Load an export into ``owner``'s book; the store must hold no book records yet.

    Returns the number of records restored. Nothing is written unless every record loads.
    """
    records = _check_document(document)
    if any(model.objects.exists() for model in MODELS):
        raise UserError("restore needs an empty store, and this one already holds records")
    try:
        for index, obj in enumerate(serializers.deserialize("python", records), start=1):
            instance = obj.object
            assert isinstance(instance, Owned)
            instance.owner = owner
            try:
                obj.save()
            except (DatabaseError, ValueError) as error:
                raise UserError(
                    f"record {index} ({records[index - 1]['model']}): {error}"
                ) from None
    except DeserializationError as error:
        raise UserError(f"a record cannot be read: {str(error).splitlines()[0]}") from None
    try:
        # References are checked at the commit: a record pointing at one the export does not
        # hold would fail it with the database's words for it, and name no record.
        connection.check_constraints()
    except IntegrityError as error:
        raise UserError(
            # PostgreSQL says which key on a second line: all of it, on one.
            f"a record refers to one the export does not hold: {' '.join(str(error).split())}"
        ) from None
    # An export made before lines kept their fee kind has none: each is worked out as the line's
    # own save would (a record is loaded as it was exported, without the model's save).
    changed = []
    for line in Transaction.objects.owned_by(owner).only("pk", "description", "amount", "fee"):
        kind = fee_of(line.description, line.amount)
        if line.fee != kind:
            line.fee = kind
            changed.append(line)
    Transaction.objects.bulk_update(changed, ["fee"], batch_size=1000)
    # An export made before moves between accounts were paired has none: paired as an import
    # pairs them. A newer one keeps its pairs, its refusals and its lines in none as exported
    # (a line whose other side was deleted, or whose amount was changed, stays in none).
    if any(
        "transfer" not in record.get("fields", {})
        for record in records
        if record["model"] == "book.transaction"
    ):
        pair_transfers(owner, Transaction.objects.owned_by(owner))
    # The insights come as they were exported: the next look brings them up to date.
    Refreshed.objects.filter(owner=owner).delete()
    # Ids were inserted explicitly, so PostgreSQL's sequences must be moved past them.
    statements = connection.ops.sequence_reset_sql(no_style(), MODELS)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return len(records)
