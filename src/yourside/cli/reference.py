"""The CLI reference in docs/cli.md, generated from the commands' own --help.

Run ``python -m yourside.cli.reference > docs/cli.md`` (``make docs``); a test fails when the file
falls behind the code.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.testing import CliRunner


def _paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, sub in getattr(command, "commands", {}).items():
        paths += _paths(sub, (*prefix, name))
    return paths


def reference() -> str:
    from yourside.cli import app

    runner = CliRunner()
    parts = [
        "# Command line reference\n",
        "Generated from `yourside --help` by `make docs`; do not edit by hand.\n",
    ]
    for path in _paths(typer.main.get_command(app)):
        result = runner.invoke(app, [*path, "--help"], prog_name="yourside", env={"COLUMNS": "100"})
        title = " ".join(("yourside", *path))
        parts.append(f"## `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
