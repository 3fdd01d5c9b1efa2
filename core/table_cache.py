"""Results computed from whole tables, kept in Django's cache until one of those tables changes.

A result's key is its name, today's date, its options and a fingerprint of every table it is computed from,
read afresh on each request. Any write to one of those tables gives a new key, so a stale result is never served.
The cache is in the database (settings.CACHES), so one server process computes a result and the others read it;
in the tests it rolls back with each test like any other row. A table's state is:
- on PostgreSQL, how many statements have written to it and the latest one's id (core.models.TableChange): a
  trigger on every table of a domain app adds a row per writing statement, in the writer's transaction, so the
  sum moves when the write commits, whatever the order in which writers commit, the id (from a sequence) keeps
  a state from coming back after the rows are emptied, and reading it costs the same at a million cadres as at
  a hundred (counting the rows cost 37 ms at 50,000 cadres and grows with them). `compact_changes` (run by
  `sweep_jobs`) folds each table's rows into one with their sum. A table without the trigger (installed after
  every `migrate`) is fingerprinted as on SQLite;
- on SQLite, its row count and last change (max updated_at; max id for a table whose rows are only ever added
  or deleted, never changed): SQLite has one writer at a time, so commits come in the order of the changes.
  Writes that bypass save() on such a table (QuerySet.update, bulk_update) set updated_at themselves, or the
  fingerprint would not see them.

The states of all the tables a key needs are read in one statement: a subquery per table (the sum of its
changes; or a COUNT(*) and a MAX(field), so SQLite counts from its smallest index and finds the maximum at the
end of the field's index instead of scanning the table). Within one
request (`request_scope`, opened by core.middleware.table_states for reading requests) a table's state is read
once and shared by every key of the request: a page that shows several cached results (the cockpit, a
department) counts each table once. Any save or delete through the ORM during the scope forgets the states read.
The scope also keeps rows several results are computed from (`shared`: the whole pool of cadres and skills for
a cold cockpit's overview and plan roll-up), so a job computing them together reads them once. A table that
nearly every request needs (`read_with_user`: the departments, whose tree scopes a head's every request) has its
state read in the very statement that loads the request's user (core.auth), so a result kept under that state
by the process (talent.access.department_children) costs a request no statement at all.
"""

import contextvars
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Func, IntegerField, JSONField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

CACHE_SECONDS = 24 * 60 * 60
Result = TypeVar("Result")

# (database alias, SQL, params) of a table's state statement -> its (count, last), for the current scope; and
# ("shared", name) -> the rows `shared` read under that name.
_states: ContextVar[dict[tuple, tuple] | None] = ContextVar("table_cache_states", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """Within the block each table's state is read at most once (the first key that needs it reads it). Within an
    open scope (a job run at once by the request that started it) the outer one goes on."""
    if _states.get() is not None:
        yield
        return
    token = _states.set({})
    try:
        yield
    finally:
        _states.reset(token)


# Rows that no cached result is computed from: saving one (a job's progress, a notice, an audit entry for a read)
# leaves the states read so far good.
UNFINGERPRINTED_APPS = frozenset({"core", "auditlog", "sessions", "django_tasks_database", "admin", "contenttypes",
                                  "authtoken"})


def _forget(sender=None, **_kwargs) -> None:
    if sender is not None and sender._meta.app_label in UNFINGERPRINTED_APPS:
        return
    states = _states.get()
    if states:
        states.clear()


post_save.connect(_forget, dispatch_uid="table_cache_forget_saved")
post_delete.connect(_forget, dispatch_uid="table_cache_forget_deleted")
m2m_changed.connect(_forget, dispatch_uid="table_cache_forget_linked")


def _subqueries(queryset: QuerySet, last: str) -> tuple[tuple[str, tuple], tuple[str, tuple]] | None:
    """A table's state as two scalar subqueries, each (sql, params): (changes, latest change's id) where the
    table's changes are counted, otherwise (count, max); None if the queryset can match nothing."""
    table = queryset.model._meta.db_table
    if not queryset.query.is_empty() and table in _changes_counted(queryset.db):
        # The whole table's changes, whatever the queryset selects: coarser, never stale.
        changes = "FROM core_tablechange WHERE table_name = %s"
        return (f"SELECT COALESCE(SUM(weight), 0)::bigint {changes}", (table,)), (f"SELECT MAX(id) {changes}", (table,))
    rows = queryset.order_by()
    # Func, not Count/Max: a plain function adds no GROUP BY, so each is one scalar subquery.
    counted = rows.annotate(_n=Func(template="COUNT(*)", output_field=IntegerField())).values("_n")
    latest = rows.annotate(_last=Func(F(last), function="MAX")).values("_last")
    try:
        return counted.query.sql_with_params(), latest.query.sql_with_params()
    except EmptyResultSet:
        return None


def _joined(parts: tuple[tuple[str, tuple], tuple[str, tuple]]) -> tuple[str, tuple]:
    (count_sql, count_params), (last_sql, last_params) = parts
    return f"({count_sql}), ({last_sql})", (*count_params, *last_params)


def _statement(queryset: QuerySet, last: str) -> tuple[str, tuple] | None:
    """The SQL of a table's state, two values (_subqueries); None if the queryset can match nothing."""
    parts = _subqueries(queryset, last)
    return None if parts is None else _joined(parts)


_TRIGGER = "table_cache_change"
_counted: dict[str, frozenset[str]] = {}  # database alias -> the tables whose changes are counted there


def _changes_counted(alias: str) -> frozenset[str]:
    """The tables with the change trigger, read once per process and database (install_change_triggers adds
    to it): none on SQLite."""
    if alias not in _counted:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            _counted[alias] = frozenset()
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [_TRIGGER])
                _counted[alias] = frozenset(name.strip('"') for (name,) in cursor.fetchall())
    return _counted[alias]


def install_change_triggers(using: str = "default", **_kwargs) -> None:
    """After every migrate (a post_migrate receiver): on PostgreSQL, a statement trigger on every table of the
    apps a result may be computed from, adding a core_tablechange row per writing statement (TRUNCATE too)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)
                     if model._meta.app_label not in UNFINGERPRINTED_APPS and model._meta.managed
                     and not model._meta.proxy and model._meta.db_table in existing})
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("""
            CREATE OR REPLACE FUNCTION table_cache_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO core_tablechange (table_name, weight) VALUES (TG_TABLE_NAME, 1);
                RETURN NULL;
            END $$""")
        for table in tables:
            cursor.execute(f"CREATE OR REPLACE TRIGGER {_TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                           f"ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION table_cache_note_change()")
    _counted.pop(using, None)


def compact_changes(using: str = "default") -> int:
    """Fold each table's change rows into one with their sum and latest id, in one statement: every fingerprint
    is the same before and after. Rows of writers not yet committed are not seen, so not folded. Returns how many
    rows there were."""
    if connections[using].vendor != "postgresql":
        return 0
    with connections[using].cursor() as cursor:
        cursor.execute("""
            WITH gone AS (DELETE FROM core_tablechange RETURNING id, table_name, weight),
                 folded AS (INSERT INTO core_tablechange (id, table_name, weight)
                            SELECT MAX(id), table_name, SUM(weight) FROM gone GROUP BY table_name)
            SELECT COUNT(*) FROM gone""")
        return cursor.fetchone()[0]


def table_states(tables: Iterable[tuple[QuerySet, str]]) -> list[tuple]:
    """(row count, last change) of each table, in order: from the request's scope where already read, the rest
    in one statement per database."""
    memo = _states.get()
    found: dict[tuple, tuple] = {}
    wanted: dict[str, list[tuple]] = {}
    keys = []
    for queryset, last in tables:
        statement = _statement(queryset, last)
        if statement is None:
            keys.append(None)
            continue
        key = (queryset.db, *statement)
        keys.append(key)
        if memo is not None and key in memo:
            found[key] = memo[key]
        elif key not in found:
            found[key] = ()
            wanted.setdefault(queryset.db, []).append(key)
    for alias, statements in wanted.items():
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(sql for _alias, sql, _params in statements),
                           [param for _alias, _sql, params in statements for param in params])
            row = cursor.fetchone()
        for index, key in enumerate(statements):
            found[key] = (row[2 * index], row[2 * index + 1])
            if memo is not None:
                memo[key] = found[key]
    return [(0, None) if key is None else found[key] for key in keys]


# Tables whose state each request reads in the statement that loads its user (core.auth), as (a function giving
# the queryset, its `last` field): a result nearly every request needs (the department tree, talent.access) is
# then kept by each process under that state and costs no statement of its own.
_read_with_user: list[tuple[Callable[[], QuerySet], str]] = []


def read_with_user(queryset: Callable[[], QuerySet], last: str) -> None:
    _read_with_user.append((queryset, last))


def _with_user_states(db: str) -> list[tuple[tuple, tuple[tuple[str, tuple], tuple[str, tuple]]]]:
    """(the key table_states keeps the state under, its two subqueries) of each table read with the user from
    database `db`. Kept under `db`, the database the user's statement reads, whatever the router would choose for
    the table: a view reading from a replica (core.replicas) reads there the state of what it reads there, and a
    result read from a lagging replica is never kept under the primary's newer state."""
    found = []
    for queryset, last in _read_with_user:
        rows = queryset().using(db)
        parts = _subqueries(rows, last)
        if parts is not None:
            found.append(((rows.db, *_joined(parts)), parts))
    return found


USER_STATES = "table_states"  # the annotation user_state_columns adds


def user_state_columns(db: str) -> dict[str, RawSQL]:
    """The annotation for the statement that loads the request's user from database `db`: the state of each table
    read_with_user, all in one JSON array, for remember_user_states. None outside a request scope (a write, a
    job), where nothing would keep the states."""
    memo = _states.get()
    if memo is None or not _read_with_user:
        return {}
    tables = memo[(USER_STATES,)] = _with_user_states(db)
    parts = [part for _key, both in tables for part in both]
    array = "JSONB_BUILD_ARRAY" if connections[db].vendor == "postgresql" else "JSON_ARRAY"
    return {USER_STATES: RawSQL(f"{array}({', '.join(f'({sql})' for sql, _params in parts)})",
                                tuple(param for _sql, params in parts for param in params), output_field=JSONField())}


def remember_user_states(loaded) -> None:
    """Keeps in the request's scope the states that user_state_columns read with `loaded` (the user, or their
    token), so that table_states reads them from there."""
    memo = _states.get()
    states = getattr(loaded, USER_STATES, None)
    if memo is None or states is None:
        return
    for index, (key, _parts) in enumerate(memo.pop((USER_STATES,), ())):
        memo[key] = (states[2 * index], states[2 * index + 1])


# name -> (the table's state, the result read under it), for this process (kept).
_kept: dict[tuple[str, str], tuple[tuple, object]] = {}


def kept(name: str, table: tuple[QuerySet, str], read: Callable[[], Result]) -> Result:
    """`read()`'s result, kept by this process under the state of the one table (queryset, last) it is read from,
    and read again only once that table has changed: for a small table that most requests read whole (the state
    comes with the user when the table is read_with_user; otherwise it is a statement). Callers only read it."""
    [state] = table_states([table])
    slot = (name, table[0].db)
    found = _kept.get(slot)
    if found is None or found[0] != state:
        found = _kept[slot] = (state, read())
    return found[1]


def shared(name: str, read: Callable[[], Result]) -> Result:
    """Rows that several results of one scope are computed from, read once in the scope: a cold cockpit's bureau
    overview and plan roll-up both start from every cadre on the books and their skills. Forgotten with the
    states on a write; outside a scope, read each time."""
    memo = _states.get()
    if memo is None:
        return read()
    if ("shared", name) not in memo:
        memo[("shared", name)] = read()
    return memo[("shared", name)]


def already_read(name: str):
    """What `shared` read under this name in the scope, or None: for a result that can read less on its own."""
    memo = _states.get()
    return None if memo is None else memo.get(("shared", name))


def key(name: str, *options, tables: Iterable[tuple[QuerySet, str]], today: date | None = None) -> str:
    """tables: (queryset, the field that moves on every change: "updated_at", or "id" for immutable rows)."""
    states = [(count, str(last)) for count, last in table_states(tables)]
    fingerprint = hashlib.sha256(repr([options, states]).encode()).hexdigest()
    return ":".join([name, str(today or timezone.localdate()), fingerprint])


class Cold(Exception):
    """A result asked for within `warm_only` is not in the cache: computing it is long work (a job)."""


_warm_only: contextvars.ContextVar[bool] = contextvars.ContextVar("warm_only", default=False)


@contextmanager
def warm_only():
    """Within it, `cached` raises Cold instead of computing a missing result: a view asks for its answer
    this way, answers at once when everything is cached, and otherwise starts a job that computes it."""
    token = _warm_only.set(True)
    try:
        yield
    finally:
        _warm_only.reset(token)


def cached(key: str, compute: Callable[[], Result]) -> Result:
    found = cache.get(key)
    if found is None:
        if _warm_only.get():
            raise Cold(key)
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found
