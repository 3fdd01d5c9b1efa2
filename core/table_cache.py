"""Results computed from whole tables, kept in Django's cache until one of those tables changes.

A result's key is its name, today's date, its options and a fingerprint of every table it is computed from:
each table's row count and last change (max updated_at; max id for a table whose rows are only ever added or
deleted, never changed), read afresh on each request. Any write to one of those tables gives a new key, so a
stale result is never served. The cache is in the database (settings.CACHES), so one server process computes a
result and the others read it; in the tests it rolls back with each test like any other row.
Writes that bypass save() on such a table (QuerySet.update, bulk_update) set updated_at themselves, or the
fingerprint would not see them.
"""

import contextvars
import hashlib
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

CACHE_SECONDS = 24 * 60 * 60
Result = TypeVar("Result")


def key(name: str, *options, tables: Iterable[tuple[QuerySet, str]], today: date | None = None) -> str:
    """tables: (queryset, the field that moves on every change: "updated_at", or "id" for immutable rows)."""
    states = [sorted(queryset.aggregate(n=Count("pk"), last=Max(last)).items()) for queryset, last in tables]
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
