"""Lines with their identity, read here or by a second process: the same either way."""

from __future__ import annotations

import io
import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from yourside.book.models import Transaction
from yourside.core.formats.csvstatement import read_statement
from yourside.core.records import ParseError
from yourside.ingest import services
from yourside.ingest.identify import file_on_disk, identified_lines, identify
from yourside.ingest.services import import_file

STATEMENT = """Date,Description,Amount
2026-01-03,COFFEE CORNER,-3.20
2026-01-03,COFFEE CORNER,-3.20
2026-01-05,SALARY ACME,2500.00
2026-01-09,NETFLIX.COM 866-579-7172 NL,-15.99
"""


def on_disk(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "jan.csv"
    path.write_text(text)
    return path


def test_the_reading_process_gives_what_this_process_gives(tmp_path: Path) -> None:
    path = on_disk(tmp_path, STATEMENT)
    here = list(identify(read_statement(path.read_bytes(), source="jan.csv").lines))
    lines = read_statement(path.read_bytes(), source="jan.csv").lines
    with identified_lines(lines, path=str(path), source="jan.csv") as there:
        assert list(there) == here
    assert len({fingerprint for *_, fingerprint, _payee, _fee in here}) == 4


def test_a_bad_row_read_by_the_reading_process_says_where(tmp_path: Path) -> None:
    path = on_disk(tmp_path, STATEMENT + "2026-01-10,BAKERY,twelve\n")
    lines = read_statement(path.read_bytes(), source="jan.csv").lines
    with (
        pytest.raises(ParseError, match="cannot read 'twelve'") as caught,
        identified_lines(lines, path=str(path), source="jan.csv") as there,
    ):
        list(there)
    assert (caught.value.source, caught.value.line, caught.value.field) == ("jan.csv", 6, "amount")


def test_a_file_no_row_of_which_reads_asks_for_its_layout_from_the_reading_process(
    tmp_path: Path,
) -> None:
    from yourside.core.formats.csvstatement import NeedsMapping

    text = '"id";"date";"amount"\n' + "".join(f"{n};9301{n + 1:02d};{n}.00\n" for n in range(9))
    path = on_disk(tmp_path, text)
    lines = read_statement(path.read_bytes(), source="jan.csv").lines
    with (
        pytest.raises(NeedsMapping, match="none of its 9 rows reads as a booking") as caught,
        identified_lines(lines, path=str(path), source="jan.csv") as there,
    ):
        list(there)
    assert caught.value.source == "jan.csv"
    assert "date" in caught.value.needed


class _Ended:
    """A process that has ended before doing anything."""

    def start(self) -> None:
        pass

    def join(self, timeout: float | None = None) -> None:
        pass

    def is_alive(self) -> bool:
        return False


class _NoProcesses:
    def Pipe(self, duplex: bool) -> tuple[Connection, Connection]:  # named as in multiprocessing
        return multiprocessing.Pipe(duplex)

    def Process(self, **kwargs: Any) -> _Ended:  # named as in multiprocessing
        return _Ended()


def test_without_a_reading_process_the_file_is_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(multiprocessing, "get_context", lambda _: _NoProcesses())
    path = on_disk(tmp_path, STATEMENT)
    here = list(identify(read_statement(path.read_bytes()).lines))
    with identified_lines(read_statement(path.read_bytes()).lines, path=str(path)) as lines:
        assert list(lines) == here


def test_only_a_file_that_can_be_opened_again_is_on_disk(tmp_path: Path) -> None:
    path = on_disk(tmp_path, STATEMENT)
    with path.open("rb") as stream:
        assert file_on_disk(stream) == str(path)
        path.unlink()
        path.write_text("another file now")
        assert file_on_disk(stream) is None
    assert file_on_disk(io.BytesIO(STATEMENT.encode())) is None


def test_lines_imported_through_the_reading_process_are_known_to_an_import_here(
    alice: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "WORKER_MIN_BYTES", 0)
    paths: list[str | None] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        paths.append(kwargs["path"])
        return identified_lines(*args, **kwargs)

    monkeypatch.setattr(services, "identified_lines", spy)
    path = on_disk(tmp_path, STATEMENT)
    with path.open("rb") as stream:
        first = import_file(alice, stream, "jan.csv", account_name="Current")
    again = import_file(alice, io.BytesIO(STATEMENT.encode()), "jan.csv", account_name="Current")
    assert paths == [str(path), None]
    assert (first.added, again.added, again.duplicates) == (4, 0, 4)
    assert Transaction.objects.owned_by(alice).filter(vendor__name="Netflix").count() == 1
