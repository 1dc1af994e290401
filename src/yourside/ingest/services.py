"""Import a statement file as one batch; undo a batch.

An import is one transaction: a bad row anywhere, or a process killed half-way, leaves the store
as it was. Lines are inserted with ``INSERT … ON CONFLICT DO NOTHING`` against the unique
(account, fingerprint) index, so a line already in the book is skipped by the database itself and
re-importing a file, or an overlapping statement, adds nothing.

The rows are written with the database cursor rather than the ORM: building a model instance per
line costs more than everything else an import does, and imports run to millions of lines.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from yourside.book.models import TRANSFERS, Account, Document, Order, Source, Transaction
from yourside.book.services import book_did_change, pair_transfers, touched_by, unpair
from yourside.core.formats.csvstatement import ColumnMap
from yourside.errors import UserError
from yourside.ingest.identify import WORKER_MIN_BYTES, Identified, file_on_disk, identified_lines
from yourside.ingest.lines import LINE_COLUMNS
from yourside.ingest.models import ImportBatch, ImportProfile
from yourside.ingest.profiles import signature
from yourside.ingest.readers import (
    RECEIPT_FORMATS,
    SNIFF_BYTES,
    ParsedAccount,
    read_file,
    sniff,
)
from yourside.ingest.receipts import read_receipts, store_receipts
from yourside.ingest.vendors import VendorDirectory

if TYPE_CHECKING:
    from django.contrib.auth.models import User

CHUNK = 5000

Progress = Callable[[int], None]


@dataclass
class ImportResult:
    batches: list[ImportBatch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(b.added for b in self.batches)

    @property
    def duplicates(self) -> int:
        return sum(b.duplicates for b in self.batches)


_ACCOUNT_KINDS = {
    "checking": Account.Kind.CHECKING,
    "bank": Account.Kind.CHECKING,
    "savings": Account.Kind.SAVINGS,
    "moneymarket": Account.Kind.SAVINGS,
    "creditcard": Account.Kind.CARD,
    "creditline": Account.Kind.CARD,
}


def _account_for(
    owner: User, parsed: ParsedAccount, account_name: str | None, filename: str
) -> Account:
    if account_name:
        name = account_name.strip()
    elif parsed.account_id:
        name = parsed.name or f"Account …{parsed.account_id[-4:]}"
    else:
        raise UserError(
            f"{filename}: the file does not say which account it is from; name the account"
            " (the Account field on the import page, --account NAME on the command line,"
            " account in the API)"
        )
    longest = Account._meta.get_field("name").max_length or 0
    if len(name) > longest:
        raise UserError(
            f"{filename}: the account name is {len(name):,} characters long; at most {longest}"
        )
    account = Account.objects.owned_by(owner).filter(name=name).first()
    if account is not None:
        return account
    return Account.objects.create(
        owner=owner,
        name=name,
        kind=_ACCOUNT_KINDS.get(parsed.account_type or "", Account.Kind.OTHER),
        currency=parsed.currency or "EUR",
        # As the account form keeps it (book.services): letters and digits, the last four.
        number_hint="".join(c for c in parsed.account_id or "" if c.isalnum())[-4:],
        source=Source.IMPORT,
        source_ref=filename,
    )


def _rows(
    owner: User,
    batch: ImportBatch,
    account: Account,
    lines: Iterable[Identified],
    vendor_of: Callable[[str, str | None, str | None], int | None],
) -> Iterator[tuple[Any, ...]]:
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    # Looked up once: this loop runs for every line of the file.
    owner_id, account_id, batch_id = owner.pk, account.pk, batch.pk
    source, account_currency = str(Source.IMPORT), account.currency
    ref = f"batch {batch_id}: {batch.filename}"
    adapt_date, adapt_amount = ops.adapt_datefield_value, ops.adapt_decimalfield_value
    days: dict[date, Any] = {}  # a statement has few distinct dates: each is adapted once
    for when, amount, currency, description, counterparty, fingerprint, payee, fee in lines:
        day = days.get(when)
        if day is None:
            day = days[when] = adapt_date(when)
        yield (
            owner_id,
            source,
            ref,
            now,
            now,
            account_id,
            day,
            adapt_amount(amount, 14, 2),
            currency or account_currency,
            description[:500],
            vendor_of(description, counterparty, payee),
            batch_id,
            fingerprint,
            payee[:200],
            fee,
        )


def _insert(rows: Iterator[tuple[Any, ...]], progress: Progress | None) -> int:
    table = connection.ops.quote_name(Transaction._meta.db_table)
    columns = LINE_COLUMNS
    if connection.vendor == "postgresql":
        return _copy_insert(table, columns, rows, progress)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - names from the model, values bound
        f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING"
    )
    total = 0
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, CHUNK)):
            cursor.executemany(sql, chunk)
            total += len(chunk)
            if progress is not None:
                progress(total)
    return total


def _copy_insert(
    table: str,
    columns: tuple[str, ...],
    rows: Iterator[tuple[Any, ...]],
    progress: Progress | None,
) -> int:
    """PostgreSQL: each chunk ``COPY``-ed into a temporary table, then moved over with one
    ``INSERT … SELECT … ON CONFLICT DO NOTHING``: one statement a chunk instead of one a line.

    A chunk is made whole before its ``COPY`` starts: making the rows may create a vendor on this
    connection, which cannot run a statement while a ``COPY`` is open.
    """
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE import_lines ON COMMIT DROP AS "  # noqa: S608 - model names
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        copy_sql = f"COPY import_lines ({names}) FROM STDIN"
        move_sql = (
            f"INSERT INTO {table} ({names}) SELECT {names} FROM import_lines "  # noqa: S608
            "ON CONFLICT DO NOTHING"
        )
        raw = cursor.cursor  # psycopg's own, for its COPY support
        total = 0
        while chunk := list(islice(rows, CHUNK)):
            with raw.copy(copy_sql) as copy:
                for row in chunk:
                    copy.write_row(row)
            cursor.execute(move_sql)
            cursor.execute("TRUNCATE import_lines")
            total += len(chunk)
            if progress is not None:
                progress(total)
        cursor.execute("DROP TABLE import_lines")
    return total


def import_file(
    owner: User,
    stream: BinaryIO,
    filename: str,
    *,
    account_name: str | None = None,
    fmt: str = "auto",
    mapping: ColumnMap | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one statement file into ``owner``'s book, all of it or nothing."""
    digest = hashlib.sha256()
    size = 0
    while block := stream.read(1 << 20):
        digest.update(block)
        size += len(block)
    stream.seek(0)
    filename = Path(filename).name
    result = ImportResult()
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    found = sniff(head, filename, fmt)
    if found in RECEIPT_FORMATS:
        return _import_receipts(owner, stream.read(), filename, found, digest.hexdigest(), size)
    shape = signature(head) if found == "csv" else None
    given = mapping
    if mapping is None and shape is not None:
        profile = ImportProfile.objects.owned_by(owner).filter(signature=shape).first()
        if profile is not None:
            mapping = ColumnMap.from_dict(profile.mapping)
    vendor_of = VendorDirectory(owner).resolver()
    if connection.vendor == "sqlite":
        # The unique index is keyed by a hash, so rows land on random pages: a 64 MiB page cache
        # (instead of SQLite's 2 MiB) keeps them in memory for this connection's imports.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")
    with transaction.atomic():
        for parsed in read_file(stream, filename, found, mapping):
            account = _account_for(owner, parsed, account_name, filename)
            batch = ImportBatch.objects.create(
                owner=owner,
                filename=filename,
                format=found,
                sha256=digest.hexdigest(),
                size=size,
                account=account,
                layout=parsed.layout,
                source=Source.IMPORT,
                source_ref=filename,
            )
            # A big CSV file on disk is read a second time by a worker process while this one
            # writes (see yourside.ingest.identify); other files are read here.
            path = file_on_disk(stream) if found == "csv" and size >= WORKER_MIN_BYTES else None
            with identified_lines(
                parsed.lines, path=path, source=filename, mapping=mapping
            ) as lines:
                total = _insert(_rows(owner, batch, account, lines, vendor_of), progress)
            batch.added = Transaction.objects.filter(batch=batch).count()
            batch.duplicates = total - batch.added
            if batch.added:
                batch.save(update_fields=["added", "duplicates"])
            else:
                # Nothing new: the file was imported before. Say so, but keep no empty batch.
                batch.delete()
                batch.pk = None
            result.batches.append(batch)
            result.notes.extend(parsed.notes)
        added = [b.pk for b in result.batches if b.pk is not None]
        # Before the search for moves: its query is planned for the book as it is now.
        _renew_statistics(sum(b.added for b in result.batches))
        if added:
            # Moves between the customer's own accounts, this file's lines one side of them.
            pair_transfers(owner, Transaction.objects.filter(batch_id__in=added))
        if given is not None and shape is not None:
            # Remember how this bank's files are read, for its next file.
            ImportProfile.objects.update_or_create(
                owner=owner,
                signature=shape,
                defaults={"mapping": given.as_dict(), "source": Source.MANUAL},
            )
    return result


def added_message(filename: str, result: ImportResult) -> str:
    """What an import did, in a sentence: ``jan.csv: 1 transaction added, 2 were already in
    your book.``"""
    added, there = result.added, result.duplicates
    return (
        f"{filename}: {added:,} transaction{'s' if added != 1 else ''} added, "
        f"{there:,} {'was' if there == 1 else 'were'} already in your book."
    )


# PostgreSQL's autovacuum renews a table's statistics once 50 rows and this share of it changed.
ANALYZE_SHARE = 0.1
_ANALYZE = "ANALYZE {table}"
logger = logging.getLogger(__name__)


def _renew_statistics(added: int) -> None:
    """Renew the planner's statistics of the lines after an import that changed them much.

    Without them SQLite takes the owner index, which holds every line of a one-person book, for
    look-ups by id (the home page's evidence: 0.2 s at a million lines); so it is renewed after
    every import, from a sample of each index (a few ms). PostgreSQL renews them itself, when its
    autovacuum gets to it (and never, where it is off); until then a book that just grew by a
    million lines is planned as the empty book it was (the vendor and transactions pages twice as
    slow). So they are renewed here when autovacuum would: when the import added a tenth of the
    lines the table had, or it never had any.

    Renewed inside the import's transaction, before its search for moves between accounts
    (``pair_transfers``), whose query PostgreSQL would otherwise plan for the empty table: a
    nested loop over a million lines that did not end in 13 minutes. Statistics that cannot be
    renewed (a lock or statement timeout, a role that does not own the table) fail no import:
    the savepoint is rolled back, the lines stay, and a warning is logged.
    """
    if not added:
        return
    table = connection.ops.quote_name(Transaction._meta.db_table)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA analysis_limit = 1000")
            elif connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                    [Transaction._meta.db_table],
                )
                (known,) = cursor.fetchone()
                if known >= 0 and added < 50 + ANALYZE_SHARE * known:
                    return
            cursor.execute(_ANALYZE.format(table=table))
    except DatabaseError as error:
        logger.warning("the lines' planner statistics were not renewed: %s", error)


@transaction.atomic
def _import_receipts(
    owner: User, data: bytes, filename: str, fmt: str, sha256: str, size: int
) -> ImportResult:
    batch = ImportBatch.objects.create(
        owner=owner,
        filename=filename,
        format=fmt,
        sha256=sha256,
        size=size,
        source=Source.IMPORT,
        source_ref=filename,
    )
    added, duplicates = store_receipts(owner, batch, read_receipts(data, filename, fmt))
    batch.added, batch.duplicates = added, duplicates
    if added:
        batch.save(update_fields=["added", "duplicates"])
    else:
        batch.delete()
        batch.pk = None
    return ImportResult(batches=[batch])


@transaction.atomic
def undo_import(batch: ImportBatch) -> int:
    """Take what a batch added out of the book; returns how many records were removed."""
    if batch.status == ImportBatch.Status.UNDONE:
        raise UserError(f"import {batch.pk} ({batch.filename}) was undone already")
    if batch.status == ImportBatch.Status.ACCOUNT_DELETED:
        raise UserError(
            f"import {batch.pk} ({batch.filename}): its account was deleted, and its lines with it"
        )
    lines = Transaction.objects.filter(batch=batch)
    # A move between accounts whose one line goes: the other line counts again.
    touched = touched_by(lines) | unpair(lines.filter(TRANSFERS).values_list("transfer", flat=True))
    removed = 0
    for model in (Transaction, Order, Document):
        removed += model.objects.filter(batch=batch).delete()[1].get(model._meta.label, 0)
    batch.status = ImportBatch.Status.UNDONE
    batch.save(update_fields=["status"])
    book_did_change(batch.owner, touched)
    return removed
