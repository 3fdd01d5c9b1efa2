"""Read replicas: the heavy reads go to a streaming replica, everything else to the primary.

With `DATABASE_REPLICA_URLS` set (config/settings.py), the settings add one database alias per replica
(`replica_1`, `replica_2`, ...). A view marked `replica_reads = True` (a class attribute, or the `replica_reads`
decorator on a function view) reads the domain's tables (talent, sharing, incentives) from a replica while it
answers a GET or HEAD; nothing else ever does:
- writes, and every read in a transaction, go to the primary (a transaction reads what it is about to write);
- sessions, users, tokens, the cache, the jobs and the audit trail are read from the primary, so a fresh
  sign-in or a job just queued is never missing;
- read your own writes: a request that changed something (POST, PUT, PATCH, DELETE answered below 400) gives
  the browser a cookie that keeps its reads on the primary for `REPLICA_LAG_GRACE` seconds, longer than the
  replicas normally lag. Someone else may, for that long, see the replica's slightly older picture on a heavy
  page (docs/scaling.md). The cookie only ever sends a client to the primary, so it needs no signature.
"""

import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA_APPS = frozenset({"talent", "sharing", "incentives"})
PIN_COOKIE = "read_primary_until"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# The replica this request reads from: one per request, so that all its reads (a cached result's table
# fingerprint included, core/table_cache.py) see the same moment.
_replica: ContextVar[str | None] = ContextVar("replica", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def replica_reads(view):
    """Marks a function view whose GET may read from a replica."""
    view.replica_reads = True
    return view


def _marked(view_func) -> bool:
    view = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None) or view_func
    return getattr(view, "replica_reads", False) or getattr(view_func, "replica_reads", False)


class ReplicaRouter:
    """Chooses the database for each query (see the module's docstring)."""

    def db_for_read(self, model, **hints):
        replica = _replica.get()
        if replica is None or model._meta.app_label not in REPLICA_APPS or connections["default"].in_atomic_block:
            return "default"
        return replica

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # replicas follow the primary's schema by streaming it


class ReplicaReadsMiddleware:
    """Lets a marked view's GET read from a replica, unless this client wrote a moment ago."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._replica_token = None
        try:
            response = self.get_response(request)
        finally:
            if request._replica_token is not None:
                _replica.reset(request._replica_token)
        if request.method in UNSAFE_METHODS and response.status_code < 400 and replica_aliases():
            grace = settings.REPLICA_LAG_GRACE
            response.set_cookie(PIN_COOKIE, str(int(time.time() + grace)), max_age=grace, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        replicas = replica_aliases()
        if replicas and request.method in ("GET", "HEAD") and _marked(view_func) and not _pinned(request):
            request._replica_token = _replica.set(random.choice(replicas))


def _pinned(request) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, 0)) > time.time()
    except ValueError:
        return False

