"""Credentials (certificates and licences): a cadre or HR records one, HR verifies it; a verified credential naming
a skill certifies that skill at its level while it is valid, and the skill drops back when it expires.

When: at verification (at once, if valid that day) and every day by `manage.py apply_credentials` (cron, after
midnight), which certifies what became valid and drops what expired the day before. The skill's stored source is
what searches, plans and reports read, so it is kept in the table rather than computed at each read; the
credential's own validity (valid, expiring, expired) is computed at read time from its dates."""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, Forbidden
from talent import access, roles
from talent.models import Cadre, CadreSkill, Credential, CredentialStatus, SkillSource
from talent.services import pool

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
EVIDENCE_TYPES = {b"%PDF": ("pdf", "application/pdf"), b"\x89PNG": ("png", "image/png"),
                  b"\xff\xd8\xff": ("jpg", "image/jpeg")}


def evidence_type(data: bytes) -> str:
    """The file's type from its first bytes (PDF, PNG or JPEG); anything else is a 400 on `evidence`."""
    if len(data) > MAX_EVIDENCE_BYTES:
        message = _("The evidence file is larger than 5 MB.")
        raise DomainError(message, code="bad_file", fields={"evidence": [message]})
    for magic, (_ext, content_type) in EVIDENCE_TYPES.items():
        if data.startswith(magic):
            return content_type
    message = _("Attach a PDF, PNG or JPEG file.")
    raise DomainError(message, code="bad_file", fields={"evidence": [message]})


@transaction.atomic
def credential_add(*, cadre: Cadre, name: str, issuer: str, number: str, issued_on: date, expires_on=None,
                   skill=None, level=None, evidence=None, by=None) -> Credential:
    """Record a credential, to be verified by HR. `evidence`: an uploaded file or None."""
    credential = Credential(cadre=cadre, name=name, issuer=issuer, number=number.strip(), issued_on=issued_on,
                            expires_on=expires_on, skill=skill, level=level)
    if evidence is not None:
        data = evidence.read()
        credential.evidence_type = evidence_type(data)
        credential.evidence, credential.evidence_name = data, (evidence.name or "")[-200:]
    credential.full_clean()
    credential.save()
    return credential


@transaction.atomic
def credential_verify(*, credential: Credential, actor: access.Actor, verify: bool = True,
                      today: date | None = None) -> Credential:
    """HR verifies (or turns down) a credential once; 409 if answered already. Never one's own."""
    credential = Credential.objects.select_for_update(of=("self",)).select_related("cadre").get(pk=credential.pk)
    if credential.cadre.user_id is not None and credential.cadre.user_id == actor.user.pk:
        raise Forbidden(_("You cannot verify your own credential."), code="own_credential")
    if not actor.has(roles.HR):
        raise Forbidden(_("Only HR staff may verify a credential."))
    if credential.status != CredentialStatus.PENDING:
        raise Conflict(_("This credential has been answered already."), code="answered")
    credential.status = CredentialStatus.VERIFIED if verify else CredentialStatus.REJECTED
    credential.verified_by, credential.verified_at = actor.user, timezone.now()
    credential.save(update_fields=["status", "verified_by", "verified_at", "updated_at"])
    if verify and credential.skill_id and credential.valid_on(today or timezone.localdate()):
        _certify(credential)
    return credential


def credentials_apply(*, today: date | None = None) -> dict:
    """Bring every skill in line with the credentials valid `today`: certify what became valid, drop what expired.
    Idempotent; each credential in its own transaction, locked."""
    today = today or timezone.localdate()
    valid = Q(status=CredentialStatus.VERIFIED, issued_on__lte=today) & (
        Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    counts = {"certified": 0, "lapsed": 0}
    for pk in Credential.objects.filter(certifying=True).exclude(valid).values_list("pk", flat=True):
        with transaction.atomic():
            credential = Credential.objects.select_for_update(of=("self",)).select_related("cadre", "skill").get(pk=pk)
            if credential.certifying and not credential.valid_on(today):
                _lapse(credential)
                counts["lapsed"] += 1
    for pk in Credential.objects.filter(valid, certifying=False, skill__isnull=False).values_list("pk", flat=True):
        with transaction.atomic():
            credential = Credential.objects.select_for_update(of=("self",)).select_related("cadre", "skill").get(pk=pk)
            if not credential.certifying and credential.valid_on(today):
                _certify(credential)
                counts["certified"] += 1
    return counts


def _evidence_text(credential: Credential) -> str:
    return _("Credential: %(name)s (%(issuer)s)") % {"name": credential.name, "issuer": credential.issuer}


def _certify(credential: Credential) -> None:
    """The skill becomes certified at the credential's level (or the level held, if higher); what it was is kept on
    the credential (and in the skill's history) to drop back to."""
    held = CadreSkill.objects.select_for_update().filter(cadre_id=credential.cadre_id,
                                                         skill_id=credential.skill_id).first()
    credential.previous_level = held.level if held else None
    credential.previous_source = held.source if held else ""
    level = max(credential.level, held.level if held else 0)
    current = pool.cadre_skill_set(cadre=credential.cadre, skill=credential.skill, level=level,
                                   source=SkillSource.CERTIFIED, evidence=_evidence_text(credential),
                                   by=credential.verified_by, reason=_("certified by a credential"))
    current.verified_by, current.verified_at = credential.verified_by, credential.verified_at or timezone.now()
    current.save(update_fields=["verified_by", "verified_at", "updated_at"])
    credential.certifying = True
    credential.save(update_fields=["certifying", "previous_level", "previous_source", "updated_at"])


def _lapse(credential: Credential) -> None:
    """The credential no longer certifies its skill. Another valid credential for the same skill keeps it certified
    (and inherits what to drop back to); otherwise the skill goes back to its earlier level and source, or, if the
    cadre had not held it, stays at its level as their own claim (self-declared), to be verified again."""
    credential.certifying = False
    credential.save(update_fields=["certifying", "updated_at"])
    other = (Credential.objects.select_for_update().filter(cadre_id=credential.cadre_id, skill_id=credential.skill_id,
                                                           certifying=True).exclude(pk=credential.pk).first())
    if other is not None:
        if other.previous_source == SkillSource.CERTIFIED:
            other.previous_level, other.previous_source = credential.previous_level, credential.previous_source
            other.save(update_fields=["previous_level", "previous_source", "updated_at"])
        return
    held = CadreSkill.objects.select_for_update().filter(cadre_id=credential.cadre_id,
                                                         skill_id=credential.skill_id).first()
    if held is None or held.source != SkillSource.CERTIFIED:
        return  # changed by hand since: HR's word stands
    if credential.previous_source == SkillSource.CERTIFIED:
        return  # certified before the credential, by HR's hand
    level, source = credential.previous_level, credential.previous_source
    if not source:
        level, source = held.level, SkillSource.SELF_DECLARED
    pool.cadre_skill_set(cadre=credential.cadre, skill=credential.skill, level=level, source=source,
                         evidence="", reason=_("credential expired: %(name)s") % {"name": credential.name})
