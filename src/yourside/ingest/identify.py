"""Statement lines with their identity, payee and fee kind, worked out here or in a second
process.

An import does two kinds of work per line. Reading the file, the fingerprint, the payee key and
the fee kind need no store; the vendor look-up and the write need the import's connection and
transaction. For a big CSV file on disk the first kind runs in a spawned process that hands over
ready lines in chunks, so that on two cores an import takes about as long as the slower kind
instead of both (a million lines: about 27 s instead of 40 s). Small files are not worth starting
a process for.

No Django import here: the worker process starts without a configured store.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

from yourside.core.descriptors import PayeeKeys
from yourside.core.fees import fee_of
from yourside.core.formats.csvlayout import NeedsMapping
from yourside.core.formats.csvstatement import ColumnMap, read_statement
from yourside.core.identity import Fingerprinter
from yourside.core.records import ParseError, StatementLine

__all__ = ["WORKER_MIN_BYTES", "Identified", "file_on_disk", "identified_lines", "identify"]

# What an import writes of a line: its date, amount, currency, description and payee column
# (counterparty), then its fingerprint, payee key and fee kind. A plain tuple, as it crosses from
# the worker pickled: a named tuple would cost a Python call on each side for every line.
Identified = tuple[date, Decimal, str | None, str, str | None, str, str, str]

# About 80,000 lines: below this, starting a process (a fraction of a second) gains little.
WORKER_MIN_BYTES = 16 << 20
_CHUNK = 5000


def identify(lines: Iterable[StatementLine]) -> Iterator[Identified]:
    """What an import writes of each line, with its fingerprint, payee key and fee kind, in this
    process."""
    fingerprint, payee = Fingerprinter(), PayeeKeys()
    for line in lines:
        yield (
            line.date,
            line.amount,
            line.currency,
            line.description,
            line.counterparty,
            fingerprint(line),
            payee(line.description),
            fee_of(line.description, line.amount),
        )


def file_on_disk(stream: IO[bytes]) -> str | None:
    """The path of the file ``stream`` reads, when it is a file that can be opened again."""
    name = getattr(stream, "name", None)
    if not isinstance(name, str):
        return None
    try:
        return name if os.path.samestat(os.fstat(stream.fileno()), Path(name).stat()) else None
    except (OSError, ValueError):  # no descriptor (io.UnsupportedOperation), or no such file
        return None


def _work(path: str, source: str, mapping: ColumnMap | None, out: Connection) -> None:
    """The worker: read the CSV file again (the layout detected the same way, from the same
    bytes and mapping) and send its identified lines in chunks, then how it ended."""
    try:
        with Path(path).open("rb") as stream:
            lines = identify(read_statement(stream, source=source, mapping=mapping).lines)
            while chunk := list(islice(lines, _CHUNK)):
                out.send(("lines", chunk))
        out.send(("end", None))
    except NeedsMapping as error:  # found only at the end: no row read as a booking
        out.send(("needs-mapping", (error.message, error.source, error.needed)))
    except ParseError as error:
        out.send(("error", (error.message, error.source, error.line, error.field)))
    except BrokenPipeError:
        pass  # the importing process has gone: nobody to tell
    except Exception:  # a bug in the reader: the importing process fails with this trace
        out.send(("crash", traceback.format_exc()))
    finally:
        out.close()


def _receive(source: Connection, fallback: Iterable[StatementLine]) -> Iterator[Identified]:
    started = False
    while True:
        try:
            kind, value = source.recv()
        except EOFError:
            if started:
                raise RuntimeError("the process reading the statement stopped") from None
            # It could not even start (a program whose main module cannot be imported again):
            # nothing was read yet, so this process reads the file itself.
            yield from identify(fallback)
            return
        started = True
        if kind == "lines":
            yield from value
        elif kind == "end":
            return
        elif kind == "error":
            message, where, line, field = value
            raise ParseError(message, source=where, line=line, field=field)
        elif kind == "needs-mapping":
            message, where, needed = value
            raise NeedsMapping(message, source=where, needed=needed)
        else:
            raise RuntimeError(f"the process reading the statement failed:\n{value}")


@contextmanager
def identified_lines(
    lines: Iterable[StatementLine],
    *,
    path: str | None = None,
    source: str = "",
    mapping: ColumnMap | None = None,
) -> Iterator[Iterable[Identified]]:
    """``lines`` with their fingerprints and payee keys.

    With ``path`` (the CSV file ``lines`` are read from, as :func:`read_statement` read it with
    ``source`` and ``mapping``), a worker process reads the file again and does this work while
    the caller writes; ``lines`` is then only read if the worker cannot start. The worker is
    stopped when the block ends, also on an error.
    """
    if path is None or multiprocessing.current_process().daemon:  # a daemon may not have one
        yield identify(lines)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads and a DB
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(
        target=_work, args=(path, source, mapping, sending), name="yourside-read", daemon=True
    )
    worker.start()
    sending.close()  # the worker holds its own end; EOF here means it has ended
    try:
        yield _receive(receiving, lines)
    finally:
        receiving.close()
        worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()
            worker.join()
