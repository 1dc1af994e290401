"""The ``yourside`` command as a person or a script runs it: in a fresh store, in a subprocess.

These run on SQLite in a temporary folder whatever database the rest of the suite uses, because a
subprocess cannot see the test database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def run(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YOURSIDE_")}
    env["YOURSIDE_DATA_DIR"] = str(data_dir)
    env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "yourside", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.fixture
def store(tmp_path: Path) -> Path:
    password = tmp_path / "password.txt"
    password.write_text("a long enough passphrase\n")
    result = run(tmp_path / "data", "init", "--username", "ann", "--password-file", str(password))
    assert result.returncode == 0, result.stderr
    return tmp_path / "data"


def test_init_creates_store_and_user(store: Path) -> None:
    assert (store / "yourside.sqlite3").is_file()
    assert (store / "secret_key").is_file()


def test_init_without_terminal_asks_for_a_password_file(tmp_path: Path) -> None:
    result = run(tmp_path, "init", "--username", "x", stdin="")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: no terminal to ask for a password on: pass --password-file FILE"
    )


def test_weak_password_is_refused_in_one_line(tmp_path: Path) -> None:
    weak = tmp_path / "pw"
    weak.write_text("123\n")
    result = run(tmp_path / "d", "init", "--username", "x", "--password-file", str(weak))
    assert result.returncode == 1
    assert "too short" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_vendors_add_and_list_as_json(store: Path) -> None:
    added = run(store, "vendors", "add", "Acme", "--country", "de", "--json")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["country"] == "DE"
    listed = run(store, "vendors", "--json")
    assert [v["name"] for v in json.loads(listed.stdout)] == ["Acme"]


def test_user_error_is_one_line_and_exit_1(store: Path) -> None:
    run(store, "vendors", "add", "Acme")
    result = run(store, "vendors", "add", "Acme")
    assert result.returncode == 1
    assert result.stderr == "error: You already have a vendor with this name.\n"


def test_usage_error_is_exit_2(store: Path) -> None:
    result = run(store, "vendors", "add")
    assert result.returncode == 2
    assert "Missing argument" in result.stderr


def test_no_user_yet_says_what_to_do(tmp_path: Path) -> None:
    result = run(tmp_path, "vendors")
    assert result.returncode == 1
    assert "run 'yourside init' first" in result.stderr


def test_demo_twice_changes_nothing(tmp_path: Path) -> None:
    first = run(tmp_path, "demo", "--today", "2026-11-23")
    assert first.returncode == 0, first.stderr
    before = run(tmp_path, "--user", "demo", "export").stdout
    second = run(tmp_path, "demo", "--today", "2026-11-23")
    assert "already loaded" in second.stdout
    after = run(tmp_path, "--user", "demo", "export").stdout
    assert json.loads(before)["records"] == json.loads(after)["records"]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_demo_on_a_day_out_of_this_world_is_refused_before_anything(
    tmp_path: Path, day: str
) -> None:
    result = run(tmp_path, "demo", "--today", day)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: --today '{day}': use a date from 2000 to 2199"
    assert run(tmp_path, "--user", "demo", "transactions").returncode == 1


def test_export_restore_export_round_trip(tmp_path: Path) -> None:
    run(tmp_path / "a", "demo", "--today", "2026-11-23")
    exported = tmp_path / "book.json"
    assert run(tmp_path / "a", "export", "--out", str(exported)).returncode == 0
    password = tmp_path / "pw"
    password.write_text("a long enough passphrase\n")
    run(tmp_path / "b", "init", "--username", "demo", "--password-file", str(password))
    restored = run(tmp_path / "b", "restore", str(exported))
    assert restored.returncode == 0, restored.stderr
    again = json.loads(run(tmp_path / "b", "export").stdout)
    original = json.loads(exported.read_text())
    assert again["records"] == original["records"]
    assert len(original["records"]) > 500


def test_restore_refuses_a_non_empty_store(store: Path, tmp_path: Path) -> None:
    run(store, "vendors", "add", "Acme")
    exported = tmp_path / "book.json"
    run(store, "export", "--out", str(exported))
    result = run(store, "restore", str(exported))
    assert result.returncode == 1
    assert (
        result.stderr == "error: restore needs an empty store, and this one already holds records\n"
    )


def test_restore_of_a_wrong_file_is_a_clear_error(store: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "statement.csv"
    wrong.write_text("date,amount\n2026-01-01,3\n")
    result = run(store, "restore", str(wrong))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {wrong}: not JSON")
    missing = run(store, "restore", str(tmp_path / "nope.json"))
    assert missing.returncode == 1
    assert "No such file or directory" in missing.stderr


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for command in ["init", "serve", "demo", "vendors", "export", "restore"]:
        assert command in result.stdout


def test_transactions_of_an_unknown_account_or_vendor_is_an_error(store: Path) -> None:
    for option in ("--account", "--vendor"):
        result = run(store, "transactions", option, "Nope")
        assert result.returncode == 1
        what = "account" if option == "--account" else "vendor"
        assert result.stderr.strip() == f"error: {option} 'Nope': no {what} of that name"
