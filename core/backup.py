"""Backup and restore of the whole database with the database's own tools.

The copy is taken below the ORM, so personal data stays in the backup exactly as it is stored: Fernet
ciphertext. Reading it after a restore needs FIELD_ENCRYPTION_KEYS (README, "Backup and restore").

SQLite is copied page by page with sqlite3's online backup API; PostgreSQL with pg_dump's custom format
and pg_restore, which must be at least as new as the server.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from core.crypto import EncryptedCharField, decrypt

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """The backup or restore cannot be done; the message tells the operator why and what to do."""


def backup(connection, out: Path) -> dict[str, int]:
    """Writes the whole database to `out` (a new file, readable by its owner only); returns rows per table."""
    if out.exists():
        raise BackupError(f"{out} already exists; a backup never overwrites a file.")
    partial = out.with_name(out.name + ".partial")
    try:
        # Created first and private: the backup holds password hashes and API tokens.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise BackupError(f"{partial} exists: another backup is running, or one was interrupted "
                          "(delete it if so).") from None
    except OSError as exc:
        raise BackupError(f"Cannot write {out}: {exc.strerror}.") from None
    try:
        counts = _BACKUP[connection.vendor](connection, partial)
        if not counts:
            raise BackupError(f"The database {connection.settings_dict['NAME']} has no tables: is DATABASE_URL right?")
        partial.rename(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return counts


def restore(connection, source: Path) -> dict[str, int]:
    """Restores a backup into the connection's database, which must be empty; returns rows per table."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    kind = {"sqlite": SQLITE_MAGIC, "postgresql": PG_DUMP_MAGIC}[connection.vendor]
    if not head.startswith(kind):
        raise BackupError(f"{source} is not a backup of a {connection.vendor} database "
                          f"(backups restore into the kind of database they were taken from).")
    existing = connection.introspection.table_names(include_views=True)
    if existing:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty: it holds {len(existing)} tables "
            f"({', '.join(existing[:3])}, ...). Restore only into a new, empty database, so that nothing "
            "in it is overwritten or mixed with the backup."
        )
    _RESTORE[connection.vendor](connection, source)
    with connection.cursor() as cursor:
        return row_counts(cursor, connection.introspection.table_names(cursor))


def row_counts(cursor, tables: list[str]) -> dict[str, int]:
    """Rows in each table; the cursor may be Django's or the driver's (names are quoted for both databases)."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def unreadable_personal_data(connection) -> dict[str, int]:
    """Encrypted columns holding values the configured keys cannot decrypt: "app.Model.field" -> how many."""
    unreadable = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, EncryptedCharField):
                    continue
                column, table = connection.ops.quote_name(field.column), connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")
                failures = sum(not _decrypts(token) for (token,) in cursor.fetchall())
                if failures:
                    unreadable[f"{model._meta.label}.{field.name}"] = failures
    return unreadable


def _decrypts(token: str) -> bool:
    try:
        decrypt(token)
    except ImproperlyConfigured:
        return False
    return True


# --- SQLite ----------------------------------------------------------------------------------------------------

def _sqlite_backup(connection, out: Path) -> dict[str, int]:
    connection.ensure_connection()
    target = sqlite3.connect(out)
    try:
        # Page by page from the live database; writers in the middle of it restart the copy, so it is consistent.
        connection.connection.backup(target)
        return row_counts(target.cursor(), _sqlite_tables(target))
    finally:
        target.close()


def _sqlite_restore(connection, source: Path) -> None:
    backup_db = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        problems = backup_db.execute("PRAGMA integrity_check").fetchall()
        if problems != [("ok",)]:
            raise BackupError(f"{source} is damaged: {problems[0][0]}")
        if "django_migrations" not in _sqlite_tables(backup_db):
            raise BackupError(f"{source} is an SQLite database but not a backup of this service.")
        connection.ensure_connection()
        backup_db.backup(connection.connection)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} cannot be read as an SQLite database: {exc}") from None
    finally:
        backup_db.close()


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [name for (name,) in rows]


# --- PostgreSQL ------------------------------------------------------------------------------------------------

def _postgres_backup(connection, out: Path) -> dict[str, int]:
    pg_dump = _client("pg_dump", connection)
    with _exported_snapshot(connection) as (snapshot, cursor):
        counts = row_counts(cursor, connection.introspection.table_names(cursor))
        # pg_dump reads the same snapshot, so the counts above are exactly what the file holds.
        _run([pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={out}"],
             connection)
    return counts


def _postgres_restore(connection, source: Path) -> None:
    pg_restore = _client("pg_restore", connection)
    connection.close()
    # All or nothing; owners and grants are the restoring user's, as the backup may come from another server.
    _run([pg_restore, "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges",
          "--no-password", f"--dbname={connection.settings_dict['NAME']}", str(source)], connection)


@contextmanager
def _exported_snapshot(connection):
    raw = psycopg.connect(**connection.get_connection_params())
    try:
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor.fetchone()[0], cursor
    finally:
        raw.rollback()
        raw.close()


def _client(program: str, connection) -> str:
    path = shutil.which(program)
    if path is None:
        raise BackupError(f"{program} is not on PATH; install the PostgreSQL client tools, "
                          f"version {connection.pg_version // 10000} or newer (the server's).")
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    problem = client_version_problem(program, output, connection.pg_version)
    if problem:
        raise BackupError(problem)
    return path


def client_version_problem(program: str, version_output: str, server_version: int) -> str | None:
    """Why `program --version` cannot serve a server of this version (as in server_version_num), or None."""
    found = re.search(r"\(PostgreSQL\) (\d+)", version_output)
    if found is None:
        return f"Cannot tell the version of {program} from {version_output.strip()!r}."
    client, server = int(found[1]), server_version // 10000
    if client < server:
        return (f"{program} is version {client} but the server runs PostgreSQL {server}; put the version-{server} "
                f"client first on PATH (on Debian: /usr/lib/postgresql/{server}/bin).")
    return None


def _run(command: list[str], connection) -> None:
    # Through the environment, so the password is not on a command line; unset values keep libpq's defaults,
    # as they do for Django's own connection.
    settings = connection.settings_dict
    given = {"PGHOST": settings["HOST"], "PGPORT": settings["PORT"], "PGUSER": settings["USER"],
             "PGPASSWORD": settings["PASSWORD"], "PGDATABASE": settings["NAME"]}
    env = {**os.environ, **{name: value for name, value in given.items() if value}}
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


_BACKUP = {"sqlite": _sqlite_backup, "postgresql": _postgres_backup}
_RESTORE = {"sqlite": _sqlite_restore, "postgresql": _postgres_restore}
