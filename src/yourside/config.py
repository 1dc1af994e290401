"""Typed readers for the environment, and where the store lives.

Kept free of Django so the CLI can resolve the data directory before Django starts. Every reader
fails loudly with the variable's name on a bad value instead of guessing.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs


class ConfigError(ValueError):
    """An environment variable has a value Yourside cannot use."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r}: expected true or false")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The folder holding the embedded store, the secret key and uploaded files."""
    raw = env_str("YOURSIDE_DATA_DIR")
    if raw:
        return Path(raw).expanduser().resolve()
    return Path(platformdirs.user_data_dir("yourside", appauthor=False))


SECRET_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


def read_secret_key(folder: Path) -> str | None:
    """The instance's secret key: from the environment, else from the data folder, else None."""
    key = env_str("YOURSIDE_SECRET_KEY")
    if key:
        return key
    path = folder / SECRET_FILE
    if path.is_file():
        return path.read_text(encoding="utf-8").strip() or None
    return None


def ensure_data_dir(folder: Path) -> None:
    """Create the data folder and its secret key once; called by the CLI, never at settings load."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SECRET_FILE
    if not path.exists() and not env_str("YOURSIDE_SECRET_KEY"):
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
