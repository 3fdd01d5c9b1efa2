"""Results computed from whole tables, kept in Django's cache until one of those tables changes.

A result's key is its name, today's date, its options and a fingerprint of every table it is computed from:
each table's row count and last change (max updated_at; max id for a table whose rows are only ever added or
deleted, never changed), read afresh on each request. Any write to one of those tables gives a new key, so a
stale result is never served. The cache is in the database (settings.CACHES), so one server process computes a
result and the others read it; in the tests it rolls back with each test like any other row.
Writes that bypass save() on such a table (QuerySet.update, bulk_update) set updated_at themselves, or the
fingerprint would not see them.

The states of all the tables a key needs are read in one statement: a COUNT(*) and a MAX(field) per table,
each a subquery of its own, so SQLite counts from its smallest index and both databases find the maximum at
the end of the field's index (the large tables have one on updated_at) instead of scanning the table. Within one
request (`request_scope`, opened by core.middleware.table_states for reading requests) a table's state is read
once and shared by every key of the request: a page that shows several cached results (the cockpit, a
department) counts each table once. Any save or delete through the ORM during the scope forgets the states read.
The scope also keeps rows several results are computed from (`shared`: the whole pool of cadres and skills for
a cold cockpit's overview and plan roll-up), so a job computing them together reads them once.
"""

import contextvars
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Func, IntegerField, Model, QuerySet
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
UNFINGERPRINTED_APPS = frozenset({"core", "auditlog", "sessions", "django_tasks_database"})


def _forget(sender=None, **_kwargs) -> None:
    if sender is not None and sender._meta.app_label in UNFINGERPRINTED_APPS:
        return
    states = _states.get()
    if states:
        states.clear()


post_save.connect(_forget, dispatch_uid="table_cache_forget_saved")
post_delete.connect(_forget, dispatch_uid="table_cache_forget_deleted")
m2m_changed.connect(_forget, dispatch_uid="table_cache_forget_linked")


def _statement(queryset: QuerySet, last: str) -> tuple[str, tuple] | None:
    """The SQL of `SELECT (count), (max)` for one table; None if the queryset can match nothing."""
    query = queryset.query
    if not (query.where or query.alias_map or query.annotations or query.extra):  # the whole table
        return _whole_table_statement(queryset.db, queryset.model, last)
    return _compiled_statement(queryset, last)


@lru_cache(maxsize=256)
def _whole_table_statement(alias: str, model: type[Model], last: str) -> tuple[str, tuple]:
    """A whole table's statement, the same on every request: compiled once per process (compiling the two
    subqueries of each table was most of the CPU a cached result's key cost)."""
    return _compiled_statement(QuerySet(model).using(alias), last)


def _compiled_statement(queryset: QuerySet, last: str) -> tuple[str, tuple] | None:
    rows = queryset.order_by()
    # Func, not Count/Max: a plain function adds no GROUP BY, so each is one scalar subquery.
    counted = rows.annotate(_n=Func(template="COUNT(*)", output_field=IntegerField())).values("_n")
    latest = rows.annotate(_last=Func(F(last), function="MAX")).values("_last")
    try:
        count_sql, count_params = counted.query.sql_with_params()
        last_sql, last_params = latest.query.sql_with_params()
    except EmptyResultSet:
        return None
    return f"({count_sql}), ({last_sql})", (*count_params, *last_params)


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
