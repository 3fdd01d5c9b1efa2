"""Ed25519 signatures anyone can check with the public key: a key ring (the current key and the public halves
of retired ones, each with a key id), its JWKS, and compact JWS (RFC 7515) with alg EdDSA (RFC 8037).

The private key never leaves the server; the public keys are published, so a signature made here is checked
by any standard library, or by a browser's Web Crypto, without asking this server. Rotating the key means a
new current key and the old public key kept in the ring: what the old key signed still verifies.

Keys are written as `kid:base64url`, the 32-byte private seed for the current key and the 32-byte public key
for retired ones, which is all a JWKS needs and all an operator has to keep.
"""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from django.core.exceptions import ImproperlyConfigured


class BadSignature(ValueError):
    """The text is not something this ring signed: malformed, an unknown key id, or a signature that fails."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or not text.isascii():
        raise BadSignature("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise BadSignature("not base64url") from exc


@dataclass(frozen=True)
class Key:
    kid: str
    public: Ed25519PublicKey
    private: Ed25519PrivateKey | None = None

    @property
    def public_bytes(self) -> bytes:
        return self.public.public_bytes(Encoding.Raw, PublicFormat.Raw)

    def jwk(self) -> dict:
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url(self.public_bytes), "kid": self.kid, "alg": "EdDSA",
                "use": "sig"}


@dataclass(frozen=True)
class KeyRing:
    current: Key
    retired: tuple[Key, ...] = ()

    def find(self, kid: str) -> Key | None:
        return next((key for key in (self.current, *self.retired) if key.kid == kid), None)

    def jwks(self) -> dict:
        return {"keys": [key.jwk() for key in (self.current, *self.retired)]}

    def sign(self, message: bytes) -> bytes:
        return self.current.private.sign(message)

    def verify(self, kid: str, message: bytes, signature: bytes) -> bool:
        key = self.find(kid)
        if key is None:
            return False
        try:
            key.public.verify(signature, message)
        except InvalidSignature:
            return False
        return True


def _kid(text: str, setting: str) -> tuple[str, str]:
    kid, _, value = text.strip().partition(":")
    if not kid or not value or not all(ch.isalnum() or ch in "-_." for ch in kid):
        raise ImproperlyConfigured(f"{setting} must be written kid:base64url (the kid letters, digits, - _ .)")
    return kid, value


def _raw32(value: str, setting: str) -> bytes:
    try:
        raw = b64url_decode(value)
    except BadSignature:
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{setting} must hold 32 bytes in base64url after the kid")
    return raw


def derived_key(secret: str, label: bytes) -> Key:
    """A key made from a secret under its own label, for when none is configured: the same secret always
    gives the same key, so a restart keeps verifying what was signed before."""
    private = Ed25519PrivateKey.from_private_bytes(hmac.new(secret.encode(), label, hashlib.sha256).digest())
    public = private.public_key()
    kid = "d-" + b64url(hashlib.sha256(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).digest())[:10]
    return Key(kid=kid, public=public, private=private)


def key_ring(*, current: str | None, retired: list[str], fallback: Key,
             current_setting: str, retired_setting: str) -> KeyRing:
    """The ring from settings: `current` is kid:seed (None: the fallback key), `retired` are kid:public-key."""
    if current:
        kid, value = _kid(current, current_setting)
        private = Ed25519PrivateKey.from_private_bytes(_raw32(value, current_setting))
        key = Key(kid=kid, public=private.public_key(), private=private)
    else:
        key = fallback
    old = []
    for text in retired:
        kid, value = _kid(text, retired_setting)
        old.append(Key(kid=kid, public=Ed25519PublicKey.from_public_bytes(_raw32(value, retired_setting))))
    kids = [key.kid, *(k.kid for k in old)]
    if len(set(kids)) != len(kids):
        raise ImproperlyConfigured(f"{current_setting} and {retired_setting} repeat a kid: {kids}")
    return KeyRing(current=key, retired=tuple(old))


def new_key_text(kid: str) -> tuple[str, str]:
    """A fresh key as the settings write it: (kid:seed for the current key, kid:public-key for when it retires)."""
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return f"{kid}:{b64url(seed)}", f"{kid}:{b64url(public)}"


def _json(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def jws_sign(ring: KeyRing, *, header: dict, payload: dict) -> str:
    """Compact JWS of the JSON payload, signed with the current key; the header gets alg and kid."""
    signing_input = f"{b64url(_json({'alg': 'EdDSA', 'kid': ring.current.kid, **header}))}.{b64url(_json(payload))}"
    return f"{signing_input}.{b64url(ring.sign(signing_input.encode('ascii')))}"


def jws_verify(ring: KeyRing, token: str) -> tuple[dict, dict]:
    """(header, payload) of a compact JWS signed by a key of the ring; BadSignature otherwise."""
    parts = token.strip().split(".") if isinstance(token, str) else []
    if len(parts) != 3:
        raise BadSignature("not a compact JWS")
    try:
        header = json.loads(b64url_decode(parts[0]))
    except ValueError as exc:
        raise BadSignature("bad header") from exc
    if not isinstance(header, dict) or header.get("alg") != "EdDSA" or not isinstance(header.get("kid"), str):
        raise BadSignature("not EdDSA with a kid")
    if not ring.verify(header["kid"], f"{parts[0]}.{parts[1]}".encode("ascii"), b64url_decode(parts[2])):
        raise BadSignature("signature does not verify")
    try:
        return header, json.loads(b64url_decode(parts[1]))
    except ValueError as exc:
        raise BadSignature("bad payload") from exc
