"""Open Badges 3.0 credentials for certificates, the revocation status list, and the compact signed text a
certificate's QR code carries. Pure: no ORM, no request; the key ring comes in (core.signing).

A credential is an `OpenBadgeCredential` (W3C Verifiable Credentials 2.0, Open Badges 3.0.3) signed as a VC-JWT
with EdDSA: anyone holding the issuer's public key (the JWKS) checks it with a standard JOSE library. The
recipient is named by a salted SHA-256 hash of the staff number (the standard's IdentityObject), so the
credential carries no personal data; whoever knows the staff number can confirm it is theirs. Revocation is a
bit in a W3C Bitstring Status List, itself a signed credential, at the certificate's index (its id).

Nothing here is stored: like the printed verification code, a credential is made again from the certificate's
record whenever it is asked for, and comes out the same (Ed25519 signatures are deterministic), until the key
is rotated: then it is signed with the new key, and one downloaded before still verifies with the old one.

The credentials' texts are in Chinese whatever the reader's language: they are the bureau's statement, as the
printed certificate is.
"""

import gzip
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

from core.signing import BadSignature, KeyRing, b64url, b64url_decode, jws_sign, jws_verify
from incentives.certificates import Content

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
# The W3C spec's smallest list (16 KB): with fewer bits, a revoked entry would stand out in it.
STATUS_LIST_BITS = 131_072
STATUS_PURPOSE = "revocation"
# One status list per kind of award, each indexed by its records' ids: honours (certificates) and training.
STATUS_LISTS = {"honour": "revocation", "training": "training"}
SALT_LABEL = b"talentpool/incentives/credential-identity-salt/v1"
# The first line of a QR payload: which format this is, and that the signature is for nothing else.
QR_FORMAT = "TPC1"
QR_PARAMETER = "s"


def issuer_id(base_url: str) -> str:
    return f"{base_url}/credentials/issuer"


def jwks_url(base_url: str) -> str:
    return f"{base_url}/.well-known/jwks.json"


def status_list_url(base_url: str, kind: str = "honour") -> str:
    return f"{base_url}/credentials/status/{STATUS_LISTS[kind]}"


def _urn(*parts: str) -> str:
    # A name, not an address: stable for the same certificate, and no one expects it to open.
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '/'.join(parts))}"


def issuer_profile(*, base_url: str, name: str) -> dict:
    """The Open Badges Profile of the bureau, served at issuer_id()."""
    return {"@context": CONTEXT, "id": issuer_id(base_url), "type": ["Profile"], "name": name, "url": base_url}


@dataclass(frozen=True)
class Award:
    """What a credential says, whatever it was given for (an honour, a completed training programme)."""

    key: str  # unique among the awards of its kind: the certificate serial, the training record's number
    kind: str  # "honour" or "training" (STATUS_LISTS)
    achievement_type: str  # Open Badges' vocabulary: Award, Course...
    title: str  # the credential's name
    achievement: str  # the honour or the programme
    achievement_key: str  # the same for every award of the same achievement
    description: str
    criteria: str  # in Chinese: how it was earned
    issuer: str
    staff_number: str
    valid_from: datetime  # aware
    status_index: int


def identity_salt(secret: bytes, award_key: str) -> str:
    """The salt of the recipient's hash: fixed per award, so the credential comes out the same each time, and
    different between awards, so two credentials of one person cannot be linked by their hashes."""
    return b64url(hmac.new(secret, SALT_LABEL + award_key.encode(), hashlib.sha256).digest()[:12])


def identity_hash(staff_number: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((staff_number + salt).encode()).hexdigest()


def credential(award: Award, *, base_url: str, salt: str) -> dict:
    """The OpenBadgeCredential, unsigned (credential_jwt signs it)."""
    achievement_id = _urn(base_url, "achievement", award.kind, award.achievement_key)
    return {
        "@context": CONTEXT,
        "id": _urn(base_url, "credential", award.kind, award.key),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": award.title,
        "issuer": {"id": issuer_id(base_url), "type": ["Profile"], "name": award.issuer},
        "validFrom": award.valid_from.isoformat(timespec="seconds"),
        "awardedDate": award.valid_from.isoformat(timespec="seconds"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityHash": identity_hash(award.staff_number, salt),
                            "identityType": "ext:staffNumber", "hashed": True, "salt": salt}],
            "achievement": {
                "id": achievement_id, "type": ["Achievement"], "achievementType": award.achievement_type,
                "name": award.achievement,
                "description": award.description, "criteria": {"narrative": award.criteria},
                "creator": {"id": issuer_id(base_url), "type": ["Profile"], "name": award.issuer},
                "inLanguage": "zh-CN",
            },
        },
        "credentialStatus": {
            "id": f"{status_list_url(base_url, award.kind)}#{award.status_index}",
            "type": "BitstringStatusListEntry", "statusPurpose": STATUS_PURPOSE,
            "statusListIndex": str(award.status_index), "statusListCredential": status_list_url(base_url, award.kind),
        },
        "credentialSchema": [{"id": SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def credential_jwt(ring: KeyRing, document: dict) -> str:
    """A credential (an award's, the status list) signed as a VC-JWT with the current key."""
    # VC-JOSE-COSE: the payload is the credential itself; iss, jti and nbf repeat it for plain JWT libraries.
    nbf = int(datetime.fromisoformat(document["validFrom"]).timestamp())
    claims = {**document, "iss": document["issuer"]["id"] if isinstance(document["issuer"], dict)
              else document["issuer"], "jti": document["id"], "nbf": nbf}
    return jws_sign(ring, header={"typ": "vc+jwt", "cty": "vc"}, payload=claims)


def status_bits(revoked: list[int]) -> bytes:
    """The bitstring with the given indexes set; index 0 is the first byte's highest bit (W3C)."""
    size = max(STATUS_LIST_BITS, -(-(max(revoked, default=0) + 1) // STATUS_LIST_BITS) * STATUS_LIST_BITS)
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    return bytes(bits)


def encode_status_list(bits: bytes) -> str:
    """GZIP, then multibase base64url (the leading u), as the W3C Bitstring Status List says."""
    return "u" + b64url(gzip.compress(bits, mtime=0))


def decode_status_list(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not multibase base64url")
    return gzip.decompress(b64url_decode(encoded[1:]))


def is_set(bits: bytes, index: int) -> bool:
    return index // 8 < len(bits) and bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(*, base_url: str, kind: str, issuer: str, revoked: list[int],
                           valid_from: datetime) -> dict:
    url = status_list_url(base_url, kind)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": issuer_id(base_url), "name": issuer},
        "validFrom": valid_from.isoformat(timespec="seconds"),
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": STATUS_PURPOSE,
                              "encodedList": encode_status_list(status_bits(revoked))},
    }


def read_jwt(ring: KeyRing, token: str) -> dict:
    """The credential of a VC-JWT signed by a key of the ring; BadSignature otherwise."""
    _header, payload = jws_verify(ring, token)
    return payload


# ---- the QR code's signed text ---------------------------------------------------------------------------

def _qr_body(kid: str, content: Content) -> bytes:
    # One field a line: printed texts hold no line breaks (talent.validators refuses them).
    return "\n".join([QR_FORMAT, kid, content.serial, content.name, content.department, content.honour,
                      content.cycle, content.issuer, content.issued_on.isoformat()]).encode()


def qr_payload(ring: KeyRing, content: Content) -> str:
    """The certificate's printed texts and the issuer's signature of them, in base64url: body.signature."""
    body = _qr_body(ring.current.kid, content)
    return f"{b64url(body)}.{b64url(ring.sign(body))}"


@dataclass(frozen=True)
class Signed:
    kid: str
    content: Content


def payload_of(text: str) -> str:
    """The payload in a QR code's text: the whole address the code opens, or the payload alone."""
    text = (text or "").strip()
    if "://" in text or "?" in text:
        found = parse_qs(urlsplit(text).query).get(QR_PARAMETER)
        return found[0] if found else ""
    return text


def read_qr(ring: KeyRing, text: str) -> Signed:
    """What a certificate's QR text says, if the issuer's key signed it; BadSignature otherwise. Needs no database:
    the texts are in the payload, for the reader to compare with the paper."""
    parts = payload_of(text).split(".")
    if len(parts) != 2:
        raise BadSignature("not a certificate payload")
    body, signature = b64url_decode(parts[0]), b64url_decode(parts[1])
    try:
        fields = body.decode().split("\n")
    except UnicodeDecodeError as exc:
        raise BadSignature("not a certificate payload") from exc
    if len(fields) != 9 or fields[0] != QR_FORMAT or not ring.verify(fields[1], body, signature):
        raise BadSignature("the signature does not verify")
    try:
        issued_on = date.fromisoformat(fields[8])
    except ValueError as exc:
        raise BadSignature("not a certificate payload") from exc
    return Signed(kid=fields[1], content=Content(serial=fields[2], name=fields[3], department=fields[4],
                                                 honour=fields[5], cycle=fields[6], issuer=fields[7],
                                                 issued_on=issued_on))
