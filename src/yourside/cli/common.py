"""What every command shares: the global options, opening the store, choosing the user, output."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Console

from yourside.errors import UserError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

console = Console()
console_err = Console(stderr=True)


@dataclass
class State:
    data_dir: str | None = None
    username: str | None = None
    opened: bool = False


state = State()


def open_store() -> None:
    """Point Django at the store, create it on first use and bring its schema up to date."""
    if state.opened:
        return
    if state.data_dir:
        os.environ["YOURSIDE_DATA_DIR"] = state.data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yourside.settings")

    from yourside.config import data_dir, ensure_data_dir

    ensure_data_dir(data_dir())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
    state.opened = True


def current_user() -> User:
    """The user named by --user, or the store's only user."""
    from django.contrib.auth.models import User

    if state.username:
        user = User.objects.filter(username=state.username).first()
        if user is None:
            raise UserError(f"no user {state.username!r} in this store")
        return user
    names = list(User.objects.order_by("username").values_list("username", flat=True)[:6])
    if not names:
        raise UserError("this store has no user yet: run 'yourside init' first")
    if len(names) > 1:
        listed = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
        raise UserError(f"this store has several users ({listed}): choose one with --user")
    return User.objects.get(username=names[0])


def print_json(value: Any) -> None:
    """JSON on stdout and nothing else, for scripts."""
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")
