"""``python -m yourside`` runs the command line."""

from __future__ import annotations

from yourside.cli import main

main()
