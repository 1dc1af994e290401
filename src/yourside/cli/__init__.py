"""The ``yourside`` command line: Typer commands that call the same services as the web and API.

Exit codes: 0 success, 1 a user error (one line on stderr), 2 a usage error. Never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DatabaseError

from yourside.cli import cases, ingest, insights, store, vendors
from yourside.cli.common import console_err, state
from yourside.config import ConfigError
from yourside.errors import UserError, one_line

app = typer.Typer(
    name="yourside",
    help="Yourside: your own record of every company you deal with.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def main_options(
    data_dir: str | None = typer.Option(
        None,
        "--data-dir",
        envvar="YOURSIDE_DATA_DIR",
        metavar="DIR",
        help="Folder of the embedded store [default: the user data folder].",
    ),
    user: str | None = typer.Option(
        None,
        "--user",
        envvar="YOURSIDE_USER",
        metavar="NAME",
        help="Whose book to use when the store has several users.",
    ),
) -> None:
    state.data_dir = data_dir
    state.username = user


store.register(app)
app.add_typer(vendors.app, name="vendors")
ingest.register(app)
insights.register(app)
app.add_typer(cases.app, name="case")


def _fail(message: str, code: int = 1) -> None:
    console_err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script.

    Typer (standalone) prints usage errors with exit 2 and handles --help; the errors a command
    raises on purpose come through here and become one line on stderr with exit 1.
    """
    try:
        app(args=list(argv) if argv is not None else None, prog_name="yourside")
    except UserError as error:
        _fail(str(error))
    except ValidationError as error:
        _fail(one_line(error))
    except (ConfigError, ImproperlyConfigured) as error:
        _fail(f"configuration: {error}")
    except DatabaseError as error:
        _fail(f"the store cannot be used: {str(error).strip().splitlines()[0]}")
    except OSError as error:
        _fail(f"{error.strerror or error}: {error.filename}" if error.filename else str(error))
