"""Encryption at rest for personal data, and the masks shown to roles that may not see it."""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes each)"
        ) from exc


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Stored personal data cannot be decrypted with FIELD_ENCRYPTION_KEYS; was a key removed?"
        ) from exc


class EncryptedCharField(models.TextField):
    """Stores a Fernet token; Python code sees the plain string. Not searchable, by design."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


def mask(value: str | None, *, keep_start: int, keep_end: int) -> str:
    if not value:
        return value or ""
    hidden = max(len(value) - keep_start - keep_end, 0)
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :] if hidden else "*" * len(value)


def mask_national_id(value: str | None) -> str:
    return mask(value, keep_start=4, keep_end=4)


def mask_phone(value: str | None) -> str:
    return mask(value, keep_start=3, keep_end=4)


def mask_credential_number(value: str | None) -> str:
    return mask(value, keep_start=2, keep_end=2)


def mask_for_audit(value: str) -> str:
    """auditlog's mask_callable: the trail never stores personal data in clear."""
    return mask(value, keep_start=2, keep_end=2)
