"""Django for the benchmark scripts: throwaway keys, the database from DATABASE_URL (default: the SQLite
file var/bench.sqlite3, kept apart from the demo database), and the test client's host allowed."""

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

    return connection.vendor
