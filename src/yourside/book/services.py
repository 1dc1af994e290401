"""Every write to the book goes through here, whether it comes from the web, the API or the CLI.

The services check what a form or schema cannot: that every record referred to belongs to the same
owner, and the model's own constraints. They raise ``ValidationError``; the edges turn it into a
form error, a 422 or a one-line CLI message.

A write that adds, changes, moves or removes lines says which vendors and payees it touched
(``yourside.book.signals.book_changed``), so the insights follow a correction at once.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models, transaction
from django.db.models import Q, QuerySet, Value, When
from django.utils import timezone

from yourside.book.models import (
    TRANSFERS,
    Account,
    Document,
    Note,
    Owned,
    Source,
    Terms,
    Transaction,
    Vendor,
    VendorRule,
)
from yourside.book.signals import book_changed
from yourside.core import transfers as tr
from yourside.core import vendormatch as vm
from yourside.core.descriptors import normalise

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


HINT_DIGITS = 4  # of an account's number, the book keeps only the last few


def _normalise(record: Owned) -> None:
    if isinstance(record, Account) and record.number_hint:
        # "Last digits of the number": a whole IBAN typed there is cut to them, as promised.
        record.number_hint = "".join(c for c in record.number_hint if c.isalnum())[-HINT_DIGITS:]
    for name in ("currency", "country"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            setattr(record, name, value.strip().upper())
    for field in record._meta.concrete_fields:
        if isinstance(field, models.CharField) and not field.choices:
            value = getattr(record, field.attname)
            if isinstance(value, str):
                setattr(record, field.attname, value.strip())


def _check_one_line(
    model: type[Owned], data: Mapping[str, Any], stored: Owned | None = None
) -> None:
    """Refuse a line break, a tab or another control character in a one-line field being written
    (a name, a description; each of a vendor's aliases).

    A name with a line break in it cannot be shown in a list or a table, nor typed again to find
    it; PostgreSQL refuses a NUL in text outright. Only values written anew are checked: a
    description a bank sent with a line break, imported as it was, does not stop an edit of the
    line's vendor, nor a PUT that sends it back unchanged.
    """
    errors = {}
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # not a field: refused where it is set
        if stored is not None and getattr(stored, getattr(field, "attname", name), None) == value:
            continue
        if isinstance(field, models.CharField):
            texts = [value] if isinstance(value, str) else []
        elif name == "aliases" and isinstance(value, list):
            texts = [v for v in value if isinstance(v, str)]
        else:
            continue
        if any(unicodedata.category(c) == "Cc" for text in texts for c in text.strip()):
            errors[name] = "must be one line: no line breaks, tabs or other control characters"
    if errors:
        raise ValidationError(errors)


def _check_vendor_name(owner: User, vendor: Vendor) -> None:
    """Refuse a second vendor whose name differs from one already there only in capitals.

    "netflix" beside "Netflix" is one company twice: its lines and insights would be split between
    the two. (The same name exactly is refused by the model's constraint.)
    """
    name = vendor.name.casefold()
    others = Vendor.objects.owned_by(owner).exclude(pk=vendor.pk).values_list("name", flat=True)
    for other in others:
        if other.casefold() == name and other != vendor.name:
            raise ValidationError(
                {
                    "name": f"You already have a vendor called “{other}”: names that differ only"
                    " in capitals are one vendor (rename that one, or merge into it)."
                }
            )


def _save(owner: User, record: R, *, named: bool = True) -> R:
    """Check and save ``record``; ``named`` when its name is new (checked against the others')."""
    _normalise(record)
    _check_references(owner, record)
    if isinstance(record, Vendor) and named:
        # Only a new name: two vendors "Spotify" and "spotify" kept from before this check was
        # must stay editable (merging them is the way to one).
        _check_vendor_name(owner, record)
    record.full_clean()
    record.save()
    return record


class Touched(NamedTuple):
    """The vendors and the unfiled payees some lines belong to, as ``book_changed`` names them."""

    vendor_ids: frozenset[int] = frozenset()
    payees: frozenset[str] = frozenset()

    def __or__(self, other: Touched) -> Touched:
        return Touched(self.vendor_ids | other.vendor_ids, self.payees | other.payees)


def touched_by(lines: QuerySet[Transaction] | Iterable[Transaction]) -> Touched:
    """Where ``lines`` are filed: their vendors, and the payees of those filed under none."""
    if isinstance(lines, QuerySet):
        pairs = set(lines.order_by().values_list("vendor_id", "payee").distinct())
    else:
        pairs = {(line.vendor_id, line.payee) for line in lines}
    return Touched(
        frozenset(vendor_id for vendor_id, _ in pairs if vendor_id is not None),
        # A line stored before payees were (an older export) has none: nothing to name it by.
        frozenset(payee for vendor_id, payee in pairs if vendor_id is None and payee),
    )


def book_did_change(
    owner: User, touched: Touched, renamed: Mapping[str, str] | None = None
) -> None:
    """Tell the apps built on the book (:mod:`yourside.book.signals`) what a write touched."""
    book_changed.send(
        sender=Transaction,
        owner=owner,
        vendor_ids=touched.vendor_ids,
        payees=touched.payees,
        renamed=dict(renamed or {}),
    )


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
    _check_one_line(model, data)
    record = model(owner=owner, source=source, source_ref=source_ref, **data)
    _save(owner, record)
    if isinstance(record, Transaction):
        book_did_change(owner, touched_by([record]))
    return record


@transaction.atomic
def update_record(record: R, data: Mapping[str, Any]) -> R:
    """Change fields of an existing record; the owner and provenance stay as they were."""
    protected = {"id", "pk", "owner", "owner_id", "source", "source_ref", "created_at"}
    _check_one_line(type(record), data, record)
    if isinstance(record, Vendor) and data.get("name", record.name) != record.name:
        # The old name stays an alias, so statements that still say it find the vendor.
        aliases = list(data.get("aliases", record.aliases))
        if record.name not in aliases:
            data = {**data, "aliases": [*aliases, record.name]}
    before = touched_by([record]) if isinstance(record, Transaction) else None
    renamed = isinstance(record, Vendor) and data.get("name", record.name) != record.name
    for name, value in data.items():
        if name in protected:
            raise ValidationError({name: "cannot be changed"})
        setattr(record, name, value)
    if before is not None and isinstance(record, Transaction):
        # The transfer as stored now, the row locked: an import may have paired the line since
        # it was read, and saving what was read would leave its other line a half pair.
        stored = Transaction.objects.select_for_update().values(*_MOVED_BY, "transfer")
        stored_now = stored.get(pk=record.pk)
        record.transfer = stored_now["transfer"]
        if record.is_transfer and any(stored_now[n] != getattr(record, n) for n in _MOVED_BY):
            # Another date, amount or account: the two lines may no longer be one move.
            before |= unpair([record.transfer])
            record.transfer = ""
    _save(record.owner, record, named=renamed)
    if isinstance(record, Transaction) and before is not None:
        book_did_change(record.owner, before | touched_by([record]))
    elif renamed:
        book_did_change(record.owner, Touched(frozenset({record.pk})))  # its insights name it
    return record


@transaction.atomic
def delete_record(record: Owned) -> None:
    """Delete a record, and what the database deletes with it (an account's lines)."""
    touched, renamed = None, {}
    if isinstance(record, Transaction):
        touched = touched_by([record])
        if record.is_transfer:
            touched |= unpair([record.transfer])  # the other line counts again
    elif isinstance(record, Vendor):
        _check_no_cases(record)
        # Its lines stay, filed under no vendor: their payees are looked at again. What was said
        # about the vendor is said of its payee, if its lines are one payee's; else it ends.
        lines = Transaction.objects.filter(owner_id=record.owner_id, vendor=record)
        payees = lines.exclude(payee="").order_by().values_list("payee", flat=True).distinct()
        touched = Touched(payees=frozenset(payees))
        only = next(iter(touched.payees)) if len(touched.payees) == 1 else None
        renamed = {f"v{record.pk}": f"d:{only}" if only else ""}
    elif isinstance(record, Account):
        lines = Transaction.objects.filter(account=record)
        touched = touched_by(lines) | unpair(
            lines.filter(TRANSFERS).values_list("transfer", flat=True)
        )
    record.delete()
    if touched is not None:
        book_did_change(record.owner, touched, renamed)


def _check_no_cases(vendor: Vendor) -> None:
    """Refuse to delete a vendor with cases: a case and its timeline are the customer's evidence,
    and would go with it. Merging keeps them (they move to the vendor merged into)."""
    references = list(vendor.cases.order_by("sent_date", "pk").values_list("reference", flat=True))
    if references:
        shown = ", ".join(r or "a draft" for r in references[:3])
        more = f" and {len(references) - 3} more" if len(references) > 3 else ""
        raise ValidationError(
            f"{vendor.name} has {len(references)} case{'s' if len(references) != 1 else ''}"
            f" ({shown}{more}), your evidence, which would be deleted with it: merge it into"
            " another vendor instead, and the cases move there."
        )


def what_goes_with(vendor: Vendor) -> str:
    """What deleting ``vendor`` deletes too, and what stays, in a sentence for the confirmation;
    for a vendor with cases, that it cannot be deleted (``_check_no_cases``), said before asking."""
    try:
        _check_no_cases(vendor)
    except ValidationError as refused:
        return refused.messages[0]
    counts = [
        (vendor.agreements.count(), "agreement", "agreements"),
        (vendor.orders.count(), "order", "orders"),
        (vendor.notes.count(), "note", "notes"),
        (vendor.documents.count(), "document", "documents"),
        (vendor.terms.count(), "set of your terms", "sets of your terms"),
    ]
    gone = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    lines = vendor.transactions.count()
    said = f"Its {', '.join(gone)} will be deleted with it. " if gone else ""
    if lines:
        said += f"Its {lines:,} transaction{'s' if lines != 1 else ''} stay, filed under no vendor."
    return said.strip()


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


def _save_rule(owner: User, rule: vm.Rule) -> VendorRule:
    saved, _ = VendorRule.objects.update_or_create(
        owner=owner,
        kind=rule.kind,
        pattern=rule.pattern,
        defaults={"vendor_id": rule.vendor_id, "source": Source.MANUAL},
    )
    return saved


class _Moved(NamedTuple):
    lines: int
    touched: Touched  # where the moved lines were, and where they are
    renamed: dict[str, str]  # payees all of whose unfiled lines went to one vendor: "d:…" → "v…"


def _apply_rules(owner: User, rules: list[vm.Rule]) -> _Moved:
    """Re-file the owner's past transactions that the rules now claim.

    A line's payee is its normalised description (``Transaction.payee``), so the rules are asked
    once per payee, not once per line, and the database moves each payee's lines in one update:
    on a book of a million lines, a second rather than ten.
    """
    ruleset = vm.RuleSet(rules)
    lines = Transaction.objects.owned_by(owner)
    targets: dict[str, int] = {}
    where: dict[str, set[int | None]] = {}  # each claimed payee's vendors before (None: unfiled)
    for payee, vendor_id in (
        lines.exclude(payee="").order_by().values_list("payee", "vendor_id").distinct()
    ):
        if payee not in targets:
            found = vm.apply_rules(ruleset, payee)
            if found is None:
                continue
            targets[payee] = int(found)
        where.setdefault(payee, set()).add(vendor_id)
    moved = 0
    payees = sorted(targets)
    for start in range(0, len(payees), 500):
        by_target: dict[int, list[str]] = {}
        for payee in payees[start : start + 500]:
            by_target.setdefault(targets[payee], []).append(payee)
        filed = Q()  # the lines already where their rule says
        for target, chunk in by_target.items():
            filed |= Q(payee__in=chunk, vendor_id=target)
        moved += (
            lines.filter(payee__in=payees[start : start + 500])
            .exclude(filed)
            .update(
                vendor_id=models.Case(
                    *(When(payee__in=chunk, then=Value(t)) for t, chunk in by_target.items())
                )
            )
        )
    # Lines stored before payees were (an older export) have none: asked line by line.
    keys: dict[str, int | None] = {}
    strays: dict[int, list[int]] = {}
    stray_vendors: set[int] = set()
    for pk, description, vendor_id in lines.filter(payee="").values_list(
        "pk", "description", "vendor_id"
    ):
        if description not in keys:
            found = vm.apply_rules(ruleset, normalise(description))
            keys[description] = int(found) if found is not None else None
        wanted = keys[description]
        if wanted is not None and wanted != vendor_id:
            strays.setdefault(wanted, []).append(pk)
            stray_vendors |= {wanted} if vendor_id is None else {wanted, vendor_id}
    for target, pks in strays.items():
        for start in range(0, len(pks), 500):
            moved += Transaction.objects.filter(pk__in=pks[start : start + 500]).update(
                vendor_id=target
            )
    # The payees whose lines moved, each with the vendors (or None) they moved from.
    moving = {p: before - {targets[p]} for p, before in where.items() if before != {targets[p]}}
    touched = Touched(
        frozenset(
            {targets[p] for p in moving}
            | {v for before in moving.values() for v in before if v is not None}
            | stray_vendors
        ),
        frozenset(p for p, before in moving.items() if None in before),
    )
    renamed = {f"d:{p}": f"v{targets[p]}" for p in touched.payees}
    return _Moved(moved, touched, renamed)


@transaction.atomic
def assign_vendor(owner: User, record: Transaction, vendor: Vendor) -> int:
    """File a transaction under ``vendor`` and learn it: every past and future transaction with
    the same payee goes there too. Returns how many transactions moved in all."""
    if vendor.owner_id != owner.pk or record.owner_id != owner.pk:
        raise ValidationError({"vendor": f"no vendor with id {vendor.pk}"})
    before = touched_by([record])
    record.vendor = vendor
    record.save(update_fields=["vendor", "updated_at"])
    try:
        rule = vm.rule_from_correction(record.description, vendor.pk)
    except ValueError:
        # "Cash withdrawal" or "Transfer" names nobody: file this one line, learn nothing.
        moved = _Moved(0, Touched(), {})
    else:
        _save_rule(owner, rule)
        moved = _apply_rules(owner, [rule])
    renamed = dict(moved.renamed)
    unfiled = Transaction.objects.owned_by(owner).filter(vendor=None)
    for payee in before.payees - moved.touched.payees:
        if not unfiled.filter(payee=payee).exists():
            renamed[f"d:{payee}"] = f"v{vendor.pk}"  # its last unfiled line: the vendor now
    book_did_change(owner, before | touched_by([record]) | moved.touched, renamed)
    return 1 + moved.lines


@transaction.atomic
def unfile(owner: User, record: Transaction) -> list[int]:
    """Take a transaction out of its vendor, with the other lines of its payee filed there, and
    forget the rule :func:`assign_vendor` learned from it: the way back from a filing. Returns the
    ids of the transactions taken out (none when the line was filed under no vendor).

    What else finds the vendor (its name or an alias in a descriptor, the starter directory) still
    files the next import's lines there; renaming the vendor, or removing the alias, stops that.
    """
    vendor = record.vendor
    if vendor is None or record.owner_id != owner.pk:
        return []
    lines = Transaction.objects.owned_by(owner).filter(vendor=vendor)
    lines = lines.filter(payee=record.payee) if record.payee else lines.filter(pk=record.pk)
    touched = touched_by(lines)
    try:
        rule = vm.rule_from_correction(record.description, vendor.pk)
    except ValueError:
        pass  # nothing was learned from such a line (assign_vendor)
    else:
        rules = VendorRule.objects.owned_by(owner).filter(vendor=vendor, kind=rule.kind)
        rules.filter(pattern=rule.pattern).delete()
    moved = list(lines.values_list("pk", flat=True))
    Transaction.objects.filter(pk__in=moved).update(vendor=None, updated_at=timezone.now())
    record.vendor = None
    renamed = {}
    if record.payee and not Transaction.objects.filter(owner=owner, vendor=vendor).exists():
        renamed[f"v{vendor.pk}"] = f"d:{record.payee}"  # what was said of the vendor: its payee's
    unfiled = Touched(payees=frozenset({record.payee} - {""}))
    book_did_change(owner, touched | unfiled, renamed)
    return moved


@transaction.atomic
def file_payees(owner: User, vendors: Mapping[str, Vendor]) -> int:
    """File every line of each payee (a normalised description, as ``Transaction.payee`` holds
    it) under its vendor, and learn each, as :func:`assign_vendor` does for one: what naming the
    merchants of many unfiled lines at once amounts to. Returns how many lines moved.

    A payee that names nobody ("cash", "transfer") cannot be learned: a ``ValidationError`` says
    which, and nothing is filed.
    """
    rules = []
    for payee, vendor in vendors.items():
        if vendor.owner_id != owner.pk:
            raise ValidationError({"vendor": f"no vendor with id {vendor.pk}"})
        try:
            rules.append(vm.rule_from_correction(payee, vendor.pk))
        except ValueError as error:
            raise ValidationError({"payee": str(error)}) from None
    for rule in rules:
        _save_rule(owner, rule)
    moved = _apply_rules(owner, rules)
    book_did_change(owner, moved.touched, moved.renamed)
    return moved.lines


@transaction.atomic
def merge_vendors(owner: User, absorbed: Vendor, into: Vendor) -> Vendor:
    """Fold ``absorbed`` into ``into``: its records, names and learned rules; then delete it."""
    if absorbed.pk == into.pk:
        raise ValidationError({"into": "a vendor cannot be merged into itself"})
    if absorbed.owner_id != owner.pk or into.owner_id != owner.pk:
        raise ValidationError({"into": "no such vendor"})
    for relation in Vendor._meta.related_objects:
        model = relation.related_model
        if model is Terms or model is VendorRule:
            continue
        model._default_manager.filter(**{relation.field.name: absorbed}).update(
            **{relation.field.name: into}
        )
    if not Terms.objects.filter(vendor=into).exists():
        Terms.objects.filter(vendor=absorbed).update(vendor=into)
    else:
        for terms in Terms.objects.filter(vendor=absorbed):
            _keep_as_note(owner, terms, into)
    VendorRule.objects.filter(vendor=absorbed).update(vendor=into)
    names = [absorbed.name, *absorbed.aliases]
    into.aliases = list(dict.fromkeys([*into.aliases, *(n for n in names if n != into.name)]))
    into.save(update_fields=["aliases", "updated_at"])
    absorbed_plain = vm.Vendor(absorbed.pk, absorbed.name, tuple(absorbed.aliases))
    for rule in vm.rules_from_merge(absorbed_plain, into.pk):
        _save_rule(owner, rule)
    absorbed.delete()
    # Its lines and insights are the kept vendor's now; what the customer answered carries over.
    book_did_change(owner, Touched(frozenset({into.pk})), {f"v{absorbed_plain.id}": f"v{into.pk}"})
    return into


def _keep_as_note(owner: User, terms: Terms, into: Vendor) -> Note:
    """A merged vendor's terms, where the vendor it is merged into has terms of its own: kept as a
    note on that one (a vendor has one set of terms), so that nothing the customer said is lost."""
    channels = ", ".join(Terms.Channel(c).label for c in terms.channels if c in Terms.Channel)
    purposes = "; ".join(Terms.Purpose(p).label for p in terms.purposes if p in Terms.Purpose)
    answer = terms.get_vendor_response_display()
    if terms.responded_on:
        answer += f" on {terms.responded_on.isoformat()}"
    body = (
        f"Channels allowed: {channels or 'none'}.\nPurposes allowed: {purposes or 'none'}.\n"
        f"The vendor's answer: {answer}.\n\nKept when {terms.vendor.name} was merged into"
        f" {into.name}, which has terms of its own: those stay the terms in force."
    )
    return Note.objects.create(
        owner=owner, vendor=into, title=f"Your terms for {terms.vendor.name}"[:200], body=body
    )


def add_document(
    owner: User,
    data: bytes,
    filename: str,
    *,
    vendor: Vendor | None = None,
    title: str = "",
    content_type: str = "application/octet-stream",
    source: str = Source.MANUAL,
) -> Document:
    """Keep a file in the book (its bytes in the store, so it goes and comes back with exports)."""
    return create_record(
        owner,
        Document,
        {
            "vendor": vendor,
            "title": (title or filename)[:200],
            "filename": filename[:255],
            "content": data,
            "size": len(data),
            "content_type": content_type[:100],
            "sha256": hashlib.sha256(data).hexdigest(),
        },
        source=source,
    )


# -- moves between the customer's own accounts (yourside.core.transfers) ----------------------


def pair_transfers(owner: User, lines: QuerySet[Transaction]) -> Touched:
    """Find the moves between ``owner``'s own accounts that ``lines`` (an import's new lines)
    are one side of, the other side being another of them or a line already in the book, and
    mark both lines of each. Returns where the paired lines are filed, for the insights.

    Only lines in no transfer, and not refused as one, take part, and of them only those whose
    amount another account holds the other way round are read (``_pairable``): of an import of
    a million lines, a few.
    """
    accounts = dict(Account.objects.owned_by(owner).values_list("pk", "number_hint"))
    if len(accounts) < 2:
        return Touched()
    fresh = lines.filter(owner_id=owner.pk, transfer="").exclude(amount=0)
    span = fresh.aggregate(first=models.Min("date"), last=models.Max("date"))
    if span["first"] is None:
        return Touched()
    window = timedelta(days=tr.WINDOW_DAYS)
    book = Transaction.objects.owned_by(owner).filter(
        transfer="", date__range=(span["first"] - window, span["last"] + window)
    )
    others, new = _pairable(book, fresh)
    if not new:
        return Touched()
    found = tr.pairs(new, others, accounts)
    if not found:
        return Touched()
    read = {line.id: line for line in others}
    touched = Touched()
    for start in range(0, len(found), 250):
        chunk = found[start : start + 250]
        for out, into in chunk:
            key = tr.pair_key(out, into)
            # Only lines still in no transfer and as they were read: an import running beside
            # this one may have paired one of them since, an edit changed its amount or date.
            # Then neither keeps this key.
            both = Transaction.objects.filter(pk__in=[out, into])
            unchanged = models.Q()
            for line in (read[out], read[into]):
                unchanged |= models.Q(
                    pk=line.id,
                    account_id=line.account,
                    date=line.date,
                    amount=line.amount,
                    currency=line.currency,
                )
            if both.filter(unchanged, transfer="").update(transfer=key) != 2:
                both.filter(transfer=key).update(transfer="")
        touched |= touched_by(Transaction.objects.filter(pk__in=[i for p in chunk for i in p]))
    return touched


def _pairable(
    book: QuerySet[Transaction], fresh: QuerySet[Transaction]
) -> tuple[list[tr.Line], list[tr.Line]]:
    """The lines of ``book`` whose amount another of its accounts holds the other way round (the
    only ones that can be one side of a move), and those of them that are ``fresh``. The
    database finds them in one pass, through the amounts the book holds (a million lines of one
    account, and a card's, hold a few hundred thousand), not line by line against the book."""
    table = connection.ops.quote_name(Transaction._meta.db_table)
    held, held_params = (
        book.order_by().values("currency", "amount", "account_id").distinct().query
    ).sql_with_params()
    ids, ids_params = book.order_by().values("pk").query.sql_with_params()
    new, new_params = fresh.order_by().values("pk").query.sql_with_params()
    found = Transaction.objects.raw(
        f"WITH held (currency, amount, account_id) AS ({held}) "  # noqa: S608 - Django's own SQL
        "SELECT t.id, t.account_id, t.date, t.amount, t.currency, t.description,"
        f" t.id IN ({new}) AS fresh FROM {table} t WHERE t.id IN ({ids}) AND EXISTS ("
        " SELECT 1 FROM held h WHERE h.currency = t.currency AND h.amount = -t.amount"
        " AND h.account_id <> t.account_id)",
        [*held_params, *new_params, *ids_params],
    )
    lines, fresh_lines = [], []
    for line in found:
        lines.append(
            tr.Line(
                line.pk, line.account_id, line.date, line.amount, line.currency, line.description
            )
        )
        if getattr(line, "fresh", False):  # the query's own column
            fresh_lines.append(lines[-1])
    return lines, fresh_lines


# The fields whose change may make a transfer's two lines no longer one move.
_MOVED_BY = ("date", "amount", "currency", "account_id")


def transfer_lines(keys: Iterable[str]) -> Iterator[QuerySet[Transaction]]:
    """Both lines of the transfers of these keys, a few hundred transfers a query (a bounded
    number of SQL parameters); nothing, and no query, for no key. Looked up by the ids the keys
    hold (the column has no index), and only where a line still keeps its key."""
    wanted = sorted({k for k in keys if tr.key_ids(k)})
    for start in range(0, len(wanted), 250):
        some = wanted[start : start + 250]
        ids = [pk for key in some for pk in tr.key_ids(key)]
        yield Transaction.objects.filter(pk__in=ids, transfer__in=some)


def unpair(keys: Iterable[str], to: str = "") -> Touched:
    """Take the lines of these transfers' keys out of their transfers (what is left of them when
    one line was deleted); ``to`` is what they keep instead. Returns where they are filed."""
    touched = Touched()
    for lines in transfer_lines(keys):
        touched |= touched_by(lines)
        lines.update(transfer=to)
    return touched


@transaction.atomic
def not_a_transfer(owner: User, record: Transaction) -> Touched:
    """The customer says the line's transfer is none: both of its lines count again (as spend
    and income), and are not paired again by a later import."""
    if not record.is_transfer:
        raise ValidationError("this line is not in a transfer between your accounts")
    touched = unpair([record.transfer], to=Transaction.NOT_A_TRANSFER)
    record.transfer = Transaction.NOT_A_TRANSFER
    book_did_change(owner, touched)
    return touched
