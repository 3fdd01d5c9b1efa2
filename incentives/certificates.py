"""Certificate serials, verification codes and the verdict of a public check. Pure: no ORM, no request.

A serial is the year and eight random characters (40 bits): it says nothing about how many
certificates exist and cannot be guessed. The verification code is an HMAC-SHA256, under a secret
key, of the serial and every text printed on the certificate, cut to ten characters (50 bits): only
the holder of the key can make a code, and a code no longer matches if a printed text is changed in
the database. Both use Crockford's base 32 (no I, L, O or U), so a code read off paper and typed back
survives the usual confusions (I/L for 1, O for 0, lower case, spaces, hyphens, full-width characters).

A wrong code and an unknown serial get the same answer after the same work, so the answer tells a
guesser nothing about which serials exist.
"""

import hashlib
import hmac
import json
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from talent.validators import visible

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})
SERIAL_CHARS = 8
CODE_CHARS = 10
SERIAL_MAX_LENGTH = 4 + 1 + SERIAL_CHARS + 1  # "2025-ABCD-EFGH"

# The label that turns SECRET_KEY into a key used for nothing but certificate codes.
KEY_LABEL = b"talentpool/incentives/certificate-verification-codes/v1"

VALID = "valid"
REVOKED = "revoked"
NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Content:
    """What a certificate says; the code is computed over all of it."""

    serial: str
    name: str
    department: str
    honour: str
    cycle: str
    issuer: str
    issued_on: date


# Stands in for the certificate when the serial is unknown, so that case costs one HMAC like the others.
_NOBODY = Content(serial="0000-0000-0000", name="", department="", honour="", cycle="", issuer="",
                  issued_on=date(2000, 1, 1))


def derive_key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), KEY_LABEL, hashlib.sha256).digest()


def signing_key(*, configured: str | None, secret_key: str) -> bytes:
    """CERTIFICATE_SIGNING_KEY when set; otherwise a key derived from SECRET_KEY under its own label."""
    return configured.encode() if configured else derive_key(secret_key)


def _base32(data: bytes, length: int) -> str:
    number = int.from_bytes(data, "big")
    bits = len(data) * 8
    return "".join(ALPHABET[(number >> (bits - 5 * (i + 1))) & 31] for i in range(length))


def _canonical(text: str) -> str:
    # NFKC first: a Chinese input method may type full-width letters and digits (２０２５－ＡＢ).
    return unicodedata.normalize("NFKC", text).upper().translate(_CONFUSABLE).replace("-", "").replace(" ", "")


def new_serial(year: int, random_bytes: Callable[[int], bytes] = secrets.token_bytes) -> str:
    chars = _base32(random_bytes(5), SERIAL_CHARS)
    return f"{year:04d}-{chars[:4]}-{chars[4:]}"


def parse_serial(text: str) -> str | None:
    """The serial in its printed form, or None when the text cannot be one."""
    raw = _canonical(text or "")
    if len(raw) != 4 + SERIAL_CHARS or any(ch not in ALPHABET[:10] for ch in raw[:4]) \
            or any(ch not in ALPHABET for ch in raw[4:]):
        return None
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _payload(content: Content) -> bytes:
    # JSON keeps the fields apart whatever characters they hold.
    return json.dumps([content.serial, content.name, content.department, content.honour, content.cycle,
                       content.issuer, content.issued_on.isoformat()], ensure_ascii=False).encode()


def code_for(key: bytes, content: Content) -> str:
    """The code in compact form (ten characters); print it with format_code."""
    return _base32(hmac.new(key, _payload(content), hashlib.sha256).digest()[:7], CODE_CHARS)


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def verdict(*, key: bytes, found: Content | None, revoked: bool, presented_code: str) -> str:
    """valid, revoked or not_found. An unknown serial and a wrong code are both not_found."""
    expected = code_for(key, found or _NOBODY).encode()
    presented = _canonical((presented_code or "")[:64]).encode()
    matches = hmac.compare_digest(expected, presented)
    if found is None or not matches:
        return NOT_FOUND
    return REVOKED if revoked else VALID


def verification_url(base_url: str, serial: str, code: str, signed: str = "") -> str:
    """What the QR code opens; `signed` is the payload an offline check reads (incentives.credentials)."""
    url = f"{base_url.rstrip('/')}/verify/{quote(serial)}?code={quote(code)}"
    return f"{url}&s={signed}" if signed else url


def masked_name(name: str) -> str:
    """The name as the public page shows it: 李* for two characters, 欧**华 for longer names. A direction override
    or an invisible character (in a name saved before the text policy) is not shown, nor counted."""
    name = visible(name).strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
