"""The benchmark's generator and runner work; how fast the import is, is `make bench`'s business."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yourside.bench import run
from yourside.bench.statement import generate_statement
from yourside.core.formats.csvstatement import read_statement


def read_back(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for _ in read_statement(stream, source=path.name).lines)


def test_same_seed_gives_the_same_file(tmp_path: Path) -> None:
    one = generate_statement(tmp_path / "one.csv", 500, seed=7).read_bytes()
    two = generate_statement(tmp_path / "two.csv", 500, seed=7).read_bytes()
    other = generate_statement(tmp_path / "other.csv", 500, seed=8).read_bytes()
    assert one == two
    assert one != other


@pytest.mark.parametrize("style", ["de", "en"])
def test_reader_reads_every_generated_row(tmp_path: Path, style: str) -> None:
    path = generate_statement(tmp_path / "s.csv", 3000, seed=1, style=style)
    assert read_back(path) == 3000


def test_descriptors_vary_per_row(tmp_path: Path) -> None:
    path = generate_statement(tmp_path / "s.csv", 2000, seed=1)
    with path.open("rb") as stream:
        texts = [line.description for line in read_statement(stream).lines]
    assert len(set(texts)) > 0.9 * len(texts)
    assert any("REWE SAGT DANKE" in t for t in texts)
    assert any("GEHALT" in t for t in texts)


def test_runner_measures_sqlite_end_to_end(tmp_path: Path) -> None:
    report = tmp_path / "figures.json"
    argv = ["--rows", "2000", "--database", "sqlite", "--cache-dir", str(tmp_path)]
    status = run.main([*argv, "--json", str(report)])
    # A small file misses the speed target (start-up costs dominate); only the run is checked.
    assert status in (0, 1)
    (sqlite,) = json.loads(report.read_text())["results"]
    steps = {s["name"]: s for s in sqlite["steps"]}
    assert steps["import"]["rows"] == 2000
    assert steps["baseline"]["rows"] == 2000
    assert steps["import"]["peak_mb"] > 0
    assert not [m for m in sqlite["missed"] if "added" in m or "stored" in m]
    # The insights over the imported book: the newest 1,000 lines taken out and imported again.
    insights = sqlite["insights"]
    assert insights["removed"] == insights["added"] == 1000
    assert insights["lines"] == 1000
    assert len(insights["home_ms"]) == 20
    pages = insights["pages_ms"]  # every page answered 200, or the bench stopped
    assert {"vendors", "busiest vendor", "transactions"} <= set(pages)
    assert any(label.startswith("search") for label in pages)
    assert insights["update_differs"] == 0  # the update leaves what a whole refresh finds
    # Every payee that names somebody was filed under a vendor of its own; the fee lines found.
    assert insights["filed_lines"] > 0
    assert insights["vendors"] > insights["payees"]
    assert insights["by_kind"]["fee"] > 0
