"""Docs that fail when they fall behind the code."""

from __future__ import annotations

import re
from pathlib import Path

from yourside.cli.reference import reference

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_current() -> None:
    assert (ROOT / "docs" / "cli.md").read_text() == reference(), "run 'make docs'"


def test_every_environment_variable_is_documented() -> None:
    used = set()
    for path in (ROOT / "src").rglob("*.py"):
        used |= set(re.findall(r"\b(YOURSIDE_[A-Z_]+)\b", path.read_text()))
    documented = set(
        re.findall(r"`(YOURSIDE_[A-Z_]+)`", (ROOT / "docs/configuration.md").read_text())
    )
    assert used <= documented, f"undocumented: {sorted(used - documented)}"
    assert documented <= used, f"documented but unused: {sorted(documented - used)}"


def test_readme_quick_start_has_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^make \w+$", quick_start, flags=re.MULTILINE) == ["make demo", "make test"]
