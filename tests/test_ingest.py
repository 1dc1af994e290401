"""Importing statements: idempotent, atomic, undoable, from the CLI, the API and the web."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.shared_data import SHARED_DATA, needs_shared_data
from yourside.book.models import Account, Transaction
from yourside.book.services import delete_record
from yourside.core.records import ParseError
from yourside.errors import UserError
from yourside.ingest.models import ImportBatch
from yourside.ingest.services import import_file, undo_import

STATEMENT = """Date,Description,Amount
2026-01-03,COFFEE CORNER,-3.20
2026-01-03,COFFEE CORNER,-3.20
2026-01-05,SALARY ACME,2500.00
2026-01-09,NETFLIX.COM,-15.99
"""


# A bad line deep in a file, past what the reader samples to learn the layout.
MORE = "".join(f"2026-02-{d:02d},GROCER {d},-{d}.50\n" for d in range(1, 29))
BAD = STATEMENT + MORE + "2026-03-01,BAKERY,twelve\n"
BAD_LINE = len(BAD.splitlines())


def run_import(user: User, text: str, name: str = "jan.csv", **kwargs: Any) -> Any:
    return import_file(user, io.BytesIO(text.encode()), name, account_name="Current", **kwargs)


def amounts(user: User) -> list[Decimal]:
    return list(
        Transaction.objects.owned_by(user).order_by("date", "id").values_list("amount", flat=True)
    )


def test_import_adds_lines_with_signs(alice: User) -> None:
    result = run_import(alice, STATEMENT)
    assert (result.added, result.duplicates) == (4, 0)
    assert amounts(alice) == [
        Decimal("-3.20"),
        Decimal("-3.20"),
        Decimal("2500.00"),
        Decimal("-15.99"),
    ]
    assert Account.objects.get(owner=alice).name == "Current"


def test_reimport_adds_nothing(alice: User) -> None:
    run_import(alice, STATEMENT)
    again = run_import(alice, STATEMENT)
    assert (again.added, again.duplicates) == (0, 4)
    assert Transaction.objects.owned_by(alice).count() == 4
    assert ImportBatch.objects.owned_by(alice).count() == 1


def test_overlapping_statement_adds_only_new_lines(alice: User) -> None:
    run_import(alice, STATEMENT)
    later = STATEMENT.splitlines()[0] + "\n" + "\n".join(STATEMENT.splitlines()[3:])
    later += "\n2026-01-12,GYM CLUB,-24.90\n"
    result = run_import(alice, later, "jan-feb.csv")
    assert (result.added, result.duplicates) == (1, 2)


def test_two_identical_coffees_on_one_day_both_stay(alice: User) -> None:
    run_import(alice, STATEMENT)
    assert Transaction.objects.owned_by(alice).filter(description="COFFEE CORNER").count() == 2


def test_a_bad_row_imports_nothing_and_says_where(alice: User) -> None:
    with pytest.raises(ParseError) as error:
        run_import(alice, BAD, "bad.csv")
    assert f"bad.csv, line {BAD_LINE}" in str(error.value)
    assert "amount" in str(error.value)
    assert Transaction.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    assert not Account.objects.exists()


def test_undo_takes_the_batch_out(alice: User) -> None:
    batch = run_import(alice, STATEMENT).batches[0]
    assert undo_import(batch) == 4
    assert Transaction.objects.owned_by(alice).count() == 0
    batch.refresh_from_db()
    assert batch.status == "undone"
    assert run_import(alice, STATEMENT).added == 4  # and it can be imported again


def test_statement_without_an_account_asks_for_one(alice: User) -> None:
    from yourside.errors import UserError

    with pytest.raises(UserError, match="does not say which account"):
        import_file(alice, io.BytesIO(STATEMENT.encode()), "x.csv")


def test_not_a_statement_is_refused(alice: User) -> None:
    with pytest.raises(ParseError, match=r"x\.png"):
        run_import(alice, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.png")


@needs_shared_data
def test_ofx_reimport_adds_nothing_by_fitid(alice: User) -> None:
    path = SHARED_DATA / "ofx" / "checking.ofx"
    with path.open("rb") as stream:
        first = import_file(alice, stream, path.name)
    with path.open("rb") as stream:
        again = import_file(alice, stream, path.name)
    assert first.added > 0
    assert again.added == 0
    assert (
        Transaction.objects.owned_by(alice).filter(fingerprint__startswith="f").count()
        == first.added
    )


def post_import(client: Client, token: str, name: str, text: str) -> Any:
    """``POST /api/imports`` of one file, into the account "Current"."""
    upload = io.BytesIO(text.encode())
    upload.name = name
    return client.post(
        "/api/imports",
        {"file": upload, "account": "Current"},
        headers={"Authorization": f"Bearer {token}"},
    )


def test_api_import(client: Client, alice: User, alice_token: str) -> None:
    response = post_import(client, alice_token, "jan.csv", STATEMENT)
    assert response.status_code == 201
    body = response.json()
    assert (body["added"], body["duplicates"], body["errors"]) == (4, 0, [])


def test_api_import_of_two_files_at_once_is_refused(
    client: Client, alice: User, alice_token: str
) -> None:
    files = []
    for name in ("jan.csv", "feb.csv"):
        upload = io.BytesIO(STATEMENT.encode())
        upload.name = name
        files.append(upload)
    response = client.post(
        "/api/imports",
        {"file": files, "account": "Current"},
        headers={"Authorization": f"Bearer {alice_token}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == ["file: send one file per request"]
    assert not Transaction.objects.owned_by(alice).exists()


def test_api_import_of_a_bad_file_is_422_with_the_line(client: Client, alice_token: str) -> None:
    response = post_import(client, alice_token, "bad.csv", BAD)
    assert response.status_code == 422
    assert f"bad.csv, line {BAD_LINE}" in response.json()["errors"][0]


def test_a_file_with_a_field_too_long_for_csv_is_422_and_adds_nothing(
    client: Client, alice: User, alice_token: str
) -> None:
    huge = f'Date,Description,Amount\n2024-01-02,"{"x" * 200_000}",-1\n'
    response = post_import(client, alice_token, "huge.csv", huge)
    assert response.status_code == 422
    assert response.json()["errors"][0].startswith("huge.csv")
    assert not Transaction.objects.owned_by(alice).exists()


# Dates as yymmdd, as the Czech bank of PKDD'99 wrote them: the reader takes them for no dates.
YYMMDD = '"trans_id";"account_id";"date";"type";"amount";"balance"\n' + "".join(
    f'{n};2378;9301{n + 1:02d};"PRIJEM";{700 + n}.00;{700 * (n + 1)}.00\n' for n in range(20)
)


def test_a_file_none_of_whose_rows_reads_as_a_booking_asks_for_its_layout(alice: User) -> None:
    from yourside.core.formats.csvstatement import NeedsMapping

    with pytest.raises(NeedsMapping, match="none of its 20 rows reads as a booking"):
        run_import(alice, YYMMDD, "pkdd.csv")
    assert not Transaction.objects.owned_by(alice).exists()
    assert not Account.objects.filter(owner=alice).exists()  # no empty account left behind


def test_the_web_shows_the_columns_of_a_file_none_of_whose_rows_reads(
    alice_client: Client,
) -> None:
    upload = io.BytesIO(YYMMDD.encode())
    upload.name = "pkdd.csv"
    response = alice_client.post(
        "/imports/", {"file": upload, "account": "Current", "format": "auto"}, follow=True
    )
    page = response.content.decode()
    assert "none of its 20 rows reads as a booking" in page
    assert "Say what each column holds" in page
    # The message counts columns from 1; so does the page.
    assert '<small class="muted">Column 3</small>' in page


def test_web_upload_and_undo(alice_client: Client, alice: User) -> None:
    upload = io.BytesIO(STATEMENT.encode())
    upload.name = "jan.csv"
    response = alice_client.post(
        "/imports/", {"file": upload, "account": "Current", "format": "auto"}
    )
    assert response.status_code == 302
    page = alice_client.get("/imports/").content.decode()
    assert "4 transactions added" in page
    assert "jan.csv" in page
    batch = ImportBatch.objects.get(owner=alice)
    alice_client.post(f"/imports/{batch.pk}/undo/")
    assert not Transaction.objects.owned_by(alice).exists()
    # Again (a second tab, a double click): said, not done twice.
    again = alice_client.post(f"/imports/{batch.pk}/undo/", follow=True)
    assert f"import {batch.pk} (jan.csv) was undone already" in again.content.decode()


def test_undoing_an_import_twice_is_refused_and_the_api_stays_idempotent(
    client: Client, alice: User, alice_token: str
) -> None:
    run_import(alice, STATEMENT)
    batch = ImportBatch.objects.get(owner=alice)
    assert undo_import(batch) == 4
    with pytest.raises(UserError, match="was undone already"):
        undo_import(batch)
    headers = {"Authorization": f"Bearer {alice_token}"}
    assert client.delete(f"/api/imports/{batch.pk}", headers=headers).status_code == 204


def test_an_import_whose_account_was_deleted_has_nothing_to_undo(
    client: Client, alice_client: Client, alice: User, alice_token: str
) -> None:
    kept = run_import(alice, STATEMENT).batches[0]
    gone = import_file(
        alice,
        io.BytesIO(("Date,Description,Amount\n" + MORE).encode()),
        "feb.csv",
        account_name="Savings",
    )
    delete_record(Account.objects.get(owner=alice, name="Savings"))

    batch = ImportBatch.objects.get(pk=gone.batches[0].pk)
    assert batch.status == ImportBatch.Status.ACCOUNT_DELETED
    assert ImportBatch.objects.get(pk=kept.pk).status == ImportBatch.Status.DONE
    with pytest.raises(UserError, match="its account was deleted, and its lines with it"):
        undo_import(batch)
    page = alice_client.get("/imports/").content.decode()
    assert page.count(">Undo</button>") == 1  # jan.csv's only
    assert "Account deleted" in page
    headers = {"Authorization": f"Bearer {alice_token}"}
    assert client.delete(f"/api/imports/{batch.pk}", headers=headers).status_code == 204
    assert Transaction.objects.owned_by(alice).count() == 4


def test_a_file_that_names_no_account_asks_for_one_on_every_edge(alice_client: Client) -> None:
    upload = io.BytesIO(STATEMENT.encode())
    upload.name = "jan.csv"
    response = alice_client.post("/imports/", {"file": upload, "account": "", "format": "auto"})
    assert (
        "jan.csv: the file does not say which account it is from; name the account (the Account"
        " field on the import page, --account NAME on the command line, account in the API)"
    ) in response.content.decode()
    assert not Transaction.objects.exists()


def test_web_upload_error_is_shown_on_the_form(alice_client: Client) -> None:
    upload = io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00")
    upload.name = "photo.png"
    response = alice_client.post("/imports/", {"file": upload, "account": "X", "format": "auto"})
    assert response.status_code == 200
    assert "photo.png" in response.content.decode()


@pytest.mark.slow
def test_cli_import_json(tmp_path: Path) -> None:
    from tests.test_cli import run

    password = tmp_path / "pw"
    password.write_text("a long enough passphrase\n")
    run(tmp_path / "d", "init", "--username", "ann", "--password-file", str(password))
    statement = tmp_path / "jan.csv"
    statement.write_text(STATEMENT)
    first = run(tmp_path / "d", "import", str(statement), "--account", "Current", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["added"] == 4
    again = json.loads(
        run(tmp_path / "d", "import", str(statement), "--account", "Current", "--json").stdout
    )
    assert (again["added"], again["duplicates"], again["errors"]) == (0, 4, [])
    listed = json.loads(
        run(tmp_path / "d", "transactions", "--account", "Current", "--json").stdout
    )
    assert {"date", "amount", "currency", "description", "vendor", "account"} <= set(listed[0])
    assert listed[0]["amount"] == "-15.99"
    assert listed[0]["transfer"] is False  # no move between two of the customer's accounts


# A card statement with no header and only positive amounts: the sign cannot be known.
HEADERLESS = "".join(f"{d:02d}/03/2026,CARD PURCHASE {d},{d}.25\n" for d in range(13, 29))


def test_ambiguous_file_says_what_it_needs(alice: User) -> None:
    from yourside.core.formats.csvstatement import NeedsMapping

    with pytest.raises(NeedsMapping, match="negate=yes"):
        run_import(alice, HEADERLESS, "card.csv")


def test_mapping_is_remembered_for_the_banks_next_file(alice: User) -> None:
    from yourside.core.formats.csvstatement import ColumnMap

    run_import(alice, HEADERLESS, "march.csv", mapping=ColumnMap.parse("negate=yes"))
    april = HEADERLESS.replace("/03/", "/04/")
    result = run_import(alice, april, "april.csv")
    assert result.added == 16
    assert all(a < 0 for a in amounts(alice))


def test_web_preview_lets_the_customer_pick_columns(alice_client: Client, alice: User) -> None:
    upload = io.BytesIO(HEADERLESS.encode())
    upload.name = "card.csv"
    response = alice_client.post("/imports/", {"file": upload, "account": "Card", "format": "auto"})
    assert response.status_code == 302
    preview = alice_client.get(response["Location"]).content.decode()
    assert "CARD PURCHASE 13" in preview
    assert 'name="col2"' in preview
    done = alice_client.post(
        response["Location"],
        {
            "col0": "date",
            "col1": "description",
            "col2": "amount",
            "negate": "yes",
            "date_format": "%d/%m/%Y",
            "account": "Card",
        },
    )
    assert done.status_code == 302
    assert len(amounts(alice)) == 16
    assert all(a < 0 for a in amounts(alice))


@pytest.mark.slow
def test_a_process_killed_mid_import_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.test_cli import run

    data = tmp_path / "d"
    password = tmp_path / "pw"
    password.write_text("a long enough passphrase\n")
    run(data, "init", "--username", "ann", "--password-file", str(password))
    big = tmp_path / "big.csv"
    with big.open("w") as out:
        out.write("Date,Description,Amount\n")
        for i in range(400_000):
            out.write(f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d},SHOP {i},-{i % 500}.{i % 100:02d}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("YOURSIDE_")}
    env["YOURSIDE_DATA_DIR"] = str(data)
    process = subprocess.Popen(
        [sys.executable, "-m", "yourside", "import", str(big), "--account", "Big", "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = data / "yourside.sqlite3-wal"
    deadline = time.monotonic() + 60
    # Wait until rows are being written, then kill without warning.
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 2_000_000):
        assert process.poll() is None, "the import finished before it could be interrupted"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert json.loads(run(data, "transactions", "--json").stdout) == []
    assert json.loads(run(data, "imports", "--json").stdout) == []
    assert json.loads(run(data, "vendors", "--json").stdout) == []


# The import runs in another thread, on its own database connection: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_big_web_upload_runs_in_the_background_with_progress(
    alice_client: Client, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from yourside.web.views import imports

    monkeypatch.setattr(imports, "BACKGROUND_BYTES", 10)
    upload = io.BytesIO(STATEMENT.encode())
    upload.name = "jan.csv"
    response = alice_client.post(
        "/imports/", {"file": upload, "account": "Current", "format": "auto"}
    )
    job_url = response["Location"]
    assert job_url.startswith("/imports/jobs/")
    # The form (htmx, swapping the body) lands on the whole page, menu and heading included.
    landed = alice_client.get(job_url, HTTP_HX_REQUEST="true", follow=True).content.decode()
    assert "<nav" in landed
    assert "<h1>Importing jan.csv</h1>" in landed or "transactions added" in landed
    deadline = time.monotonic() + 20
    while "transactions added" not in (
        page := alice_client.get(
            job_url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="import-job"
        ).content.decode()
    ):
        assert time.monotonic() < deadline, page
        time.sleep(0.1)
    assert "4 transactions added" in page
    assert Transaction.objects.owned_by(alice).count() == 4


def _analyses() -> int:
    """How often the lines' planner statistics were renewed: SQLite's are there or not (0 or 1),
    PostgreSQL counts its ANALYZE runs (read afresh, not from the transaction's cached view)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return 0  # ANALYZE never ran
            cursor.execute("SELECT count(*) > 0 FROM sqlite_stat1 WHERE tbl = 'book_transaction'")
        else:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'book_transaction'"
            )
        (count,) = cursor.fetchone()
    return int(count)


def _enough_lines() -> str:
    """A statement with enough lines for PostgreSQL to renew the statistics after: a tenth of
    what the table had when they were last renewed (in another test, perhaps)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'book_transaction'")
            (known,) = cursor.fetchone()
            lines = 60 + int(max(known, 0) * 0.1)  # more than the 50 + 10 % it needs
        else:
            lines = 4
    return "Date,Description,Amount\n" + "".join(
        f"2026-01-{1 + n % 28:02d},SHOP {n},-{n + 1}.00\n" for n in range(lines)
    )


def test_an_import_renews_the_planner_statistics_of_the_lines(alice: User) -> None:
    before = _analyses()
    if connection.vendor == "sqlite" and before:
        with connection.cursor() as cursor:  # renewed by an earlier test: forget them
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'book_transaction'")
        assert _analyses() == 0
    run_import(alice, _enough_lines())
    assert _analyses() == (1 if connection.vendor == "sqlite" else before + 1)


def test_statistics_that_cannot_be_renewed_fail_no_import(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yourside.ingest import services

    warned: list[str] = []
    monkeypatch.setattr(services, "_ANALYZE", "ANALYZE no_such_table")
    # Recorded here, not through logging: another test may have configured logging otherwise.
    monkeypatch.setattr(services.logger, "warning", lambda text, *args: warned.append(text % args))
    text = _enough_lines()
    result = run_import(alice, text)
    assert result.added == len(text.splitlines()) - 1
    assert Transaction.objects.owned_by(alice).count() == result.added
    assert len(warned) == 1
    assert warned[0].startswith("the lines' planner statistics were not renewed:")


def test_a_small_import_into_a_big_book_leaves_postgresql_its_statistics(alice: User) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite renews its statistics after every import: a few ms")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE book_transaction")
        cursor.execute("UPDATE pg_class SET reltuples = 1000000 WHERE relname = 'book_transaction'")
    before = _analyses()
    run_import(alice, STATEMENT)
    assert _analyses() == before


def test_every_imported_line_has_its_payee(alice: User) -> None:
    run_import(alice, STATEMENT)
    payees = Transaction.objects.owned_by(alice).order_by("date", "id").values_list("payee")
    assert [p for (p,) in payees] == ["coffee corner", "coffee corner", "salary acme", "netflix"]


def test_the_imports_page_writes_counts_as_the_reader_does(
    alice_client: Client, alice: User
) -> None:
    ImportBatch.objects.create(
        owner=alice, filename="big.csv", format="csv", sha256="0" * 64, size=1, added=49102
    )
    english = alice_client.get("/imports/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<td class="num">49,102</td>' in english
    assert "Take the 49,102 transactions" in english
    german = alice_client.get("/imports/", HTTP_ACCEPT_LANGUAGE="de-DE").content.decode()
    assert '<td class="num">49.102</td>' in german


def test_the_imports_page_writes_when_as_the_reader_does(alice_client: Client, alice: User) -> None:
    batch = ImportBatch.objects.create(
        owner=alice, filename="big.csv", format="csv", sha256="0" * 64, size=1, added=3
    )
    moment = datetime(2026, 3, 5, 14, 7, tzinfo=UTC)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=moment)
    english = alice_client.get("/imports/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    german = alice_client.get("/imports/", HTTP_ACCEPT_LANGUAGE="de-DE").content.decode()
    local = timezone.localtime(moment)
    assert f"<td>3/5/26, {local:%-I:%M} {local:%p}</td>" in english.replace("\u202f", " ")
    assert f"<td>05.03.26, {local:%H:%M}</td>" in german


def test_what_an_import_did_is_said_in_good_grammar(alice: User) -> None:
    from yourside.ingest.services import added_message

    once = run_import(alice, "Date,Description,Amount\n2026-01-03,COFFEE,-3.20\n")
    assert (
        added_message("a.csv", once) == "a.csv: 1 transaction added, 0 were already in your book."
    )
    again = run_import(alice, STATEMENT.replace("2026-01-05", "2026-01-06"))
    more = run_import(alice, STATEMENT.replace("2026-01-05", "2026-01-06") + "2026-02-01,X,-1\n")
    assert (
        added_message("b.csv", more) == "b.csv: 1 transaction added, 4 were already in your book."
    )
    assert again.added == 4


def test_an_account_name_too_long_is_refused_and_nothing_imported(alice: User) -> None:
    with pytest.raises(UserError, match=r"^jan\.csv: the account name is 201 characters long"):
        import_file(alice, io.BytesIO(STATEMENT.encode()), "jan.csv", account_name="A" * 201)
    assert not Account.objects.owned_by(alice).exists()
    assert not Transaction.objects.owned_by(alice).exists()


def test_undoing_a_receipt_says_records_and_counts_in_good_grammar(
    alice_client: Client, alice: User
) -> None:
    ImportBatch.objects.create(
        owner=alice, filename="order.eml", format="eml", sha256="0" * 64, size=1, added=1
    )
    page = alice_client.get("/imports/").content.decode()
    assert "Take the 1 record of order.eml out of your book?" in page
    batch = ImportBatch.objects.get(filename="order.eml")
    answer = alice_client.post(f"/imports/{batch.pk}/undo/", follow=True).content.decode()
    assert "Import of order.eml undone: 0 records removed." in answer


def test_an_account_the_import_creates_keeps_its_numbers_last_letters_and_digits(
    alice: User,
) -> None:
    path = Path(__file__).parent / "data" / "camt" / "camt053_v04_two_accounts.xml"
    with path.open("rb") as stream:
        import_file(alice, stream, path.name)
    # As the account form keeps a number: "1100-5678.901" ends in 8901, not in ".901".
    hints = sorted(Account.objects.owned_by(alice).values_list("number_hint", flat=True))
    assert hints == ["2957", "8901"]
