"""Django for the benchmark scripts: throwaway keys, the database from DATABASE_URL (default: the SQLite
file var/bench.sqlite3, kept apart from the demo database; a PostgreSQL database is created if missing), and
the test client's host allowed."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> str:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    (ROOT / "var").mkdir(exist_ok=True)
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "postgresql":
        _create_database(connection.settings_dict["NAME"])
    return connection.vendor


def _create_database(name: str) -> None:
    import psycopg
    from django.db import connection
    from psycopg import sql

    with psycopg.connect(**{**connection.get_connection_params(), "dbname": "postgres"}, autocommit=True) as server:
        if server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
