"""Every write to the book goes through here, whether it comes from the web, the API or the CLI.

The services check what a form or schema cannot: that every record referred to belongs to the same
owner, and the model's own constraints. They raise ``ValidationError``; the edges turn it into a
form error, a 422 or a one-line CLI message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from yourside.book.models import Account, Owned, Source, Terms, Transaction, Vendor

if TYPE_CHECKING:
    from django.contrib.auth.models import User

R = TypeVar("R", bound=Owned)


def _check_references(owner: User, record: Owned) -> None:
    """Refuse a reference to another owner's record as if it did not exist."""
    errors: dict[str, str] = {}
    for field in record._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey) or field.name == "owner":
            continue
        target = field.related_model
        value = getattr(record, field.attname)
        if value is None or not (isinstance(target, type) and issubclass(target, Owned)):
            continue
        if not target.objects.filter(pk=value, owner_id=owner.pk).exists():
            errors[field.name] = f"no {target._meta.verbose_name} with id {value}"
    if errors:
        raise ValidationError(errors)


def _normalise(record: Owned) -> None:
    for name in ("currency", "country"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            setattr(record, name, value.strip().upper())
    for field in record._meta.concrete_fields:
        if isinstance(field, models.CharField) and not field.choices:
            value = getattr(record, field.attname)
            if isinstance(value, str):
                setattr(record, field.attname, value.strip())


def _save(owner: User, record: R) -> R:
    _normalise(record)
    _check_references(owner, record)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def create_record(
    owner: User,
    model: type[R],
    data: Mapping[str, Any],
    *,
    source: str = Source.MANUAL,
    source_ref: str = "",
) -> R:
    """Create one record of ``model`` in ``owner``'s book from field values."""
    record = model(owner=owner, source=source, source_ref=source_ref, **data)
    return _save(owner, record)


@transaction.atomic
def update_record(record: R, data: Mapping[str, Any]) -> R:
    """Change fields of an existing record; the owner and provenance stay as they were."""
    protected = {"id", "pk", "owner", "owner_id", "source", "source_ref", "created_at"}
    for name, value in data.items():
        if name in protected:
            raise ValidationError({name: "cannot be changed"})
        setattr(record, name, value)
    return _save(record.owner, record)


@transaction.atomic
def delete_record(record: Owned) -> None:
    record.delete()


def add_vendor(owner: User, name: str, **fields: Any) -> Vendor:
    """Add a vendor by name; the one write the CLI, the web and the API share for vendors."""
    return create_record(owner, Vendor, {"name": name, **fields})


def add_transaction(owner: User, account: Account, **fields: Any) -> Transaction:
    """Record one transaction; its currency defaults to the account's."""
    fields.setdefault("currency", account.currency)
    return create_record(owner, Transaction, {"account": account, **fields})


def set_terms(owner: User, vendor: Vendor, **fields: Any) -> Terms:
    """Create or replace the customer's terms for one vendor."""
    terms = Terms.objects.owned_by(owner).filter(vendor=vendor).first()
    if terms is None:
        return create_record(owner, Terms, {"vendor": vendor, **fields})
    return update_record(terms, fields)
