"""Exit 0 when the PostgreSQL server of a URL answers, 1 otherwise (used by `make test`)."""

from __future__ import annotations

import sys

import dj_database_url
import psycopg


def main() -> int:
    url = sys.argv[1]
    params = dj_database_url.parse(url)
    try:
        # Connect to the maintenance database: the test database does not exist yet.
        psycopg.connect(
            host=params["HOST"],
            port=params["PORT"] or 5432,
            user=params["USER"],
            password=params["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
