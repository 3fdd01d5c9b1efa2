"""Typed readers for environment variables that fail loudly on bad values."""

import os
import re
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int, *, low: int | None = None, high: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ImproperlyConfigured(f"{name} must be between {low} and {high}, got {value}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


_RATE = re.compile(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)")


def env_rate(name: str, default: str) -> str:
    """A DRF throttle rate such as 10/min; DRF itself would only fail, with a 500, on the first request."""
    value = os.environ.get(name, default).strip()
    if not _RATE.fullmatch(value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 10/min (per s, min, hour or day), got {value!r}")
    return value


def env_url(name: str, default: str) -> str:
    """An absolute http(s) address without a trailing slash."""
    value = os.environ.get(name, default).strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name} must be an http(s) address such as https://talent.example.gov.cn, "
                                   f"got {value!r}")
    return value


def env_required(name: str) -> str:
    """A secret: there is no default in code, so a missing one stops start-up with a clear message."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set; see README, 'Running in production'.")
    return value


# SQLite writes one transaction at a time. A transaction that reads first and writes later (the services' checks)
# would otherwise take the write lock only at its first write, and two of them fail at once with "database is
# locked" rather than wait; IMMEDIATE takes it at BEGIN, so each waits its turn, up to `timeout` seconds. WAL lets
# reads go on while one writes, and synchronous=NORMAL is the safe setting for WAL. A page cache of up to 64 MiB
# per connection (the default is 2 MiB) keeps a province's skill table and its indexes in memory: counting the
# 325,000 cadre skills for a table_cache fingerprint takes 0.1 ms from it against 30 ms re-read from the file.
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20,
                  "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536"}


def database_from_url(url: str) -> dict:
    """Django DATABASES entry from postgres://user:pass@host:port/name or sqlite:///path."""
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL names no database")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        # sqlite:///relative.db gives "/relative.db"; sqlite:////abs/path gives "//abs/path"
        path = path[1:] if path.startswith("//") else path.lstrip("/")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or ":memory:", "OPTIONS": SQLITE_OPTIONS}
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported (postgres or sqlite)")
