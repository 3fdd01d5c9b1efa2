"""Credentials as each reader may see them, what is about to lapse, and skills due for re-verification."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from talent import ledger
from talent.access import CADRE_SKILLS, CREDENTIALS, Actor
from talent.models import CadreSkill, Credential, CredentialStatus, SkillCategory


def credential_list(*, actor: Actor) -> QuerySet[Credential]:
    """HR and leadership see all, a head their departments' (the evidence file's bytes are not loaded)."""
    return CREDENTIALS.scope(Credential.objects.select_related("cadre", "skill", "verified_by").defer("evidence"),
                             actor)


def expiring(credentials: QuerySet[Credential], *, within_days: int, today: date | None = None) -> QuerySet:
    """Verified credentials still valid today and expiring within the next `within_days` days, soonest first."""
    today = today or timezone.localdate()
    return credentials.filter(status=CredentialStatus.VERIFIED, expires_on__gte=today,
                              expires_on__lte=today + timedelta(days=within_days)).order_by("expires_on", "pk")


def expiring_credentials(*, within_days: int = 90, today: date | None = None) -> QuerySet[Credential]:
    """The hook for notices: every verified credential in the bureau lapsing within `within_days` days (unscoped:
    the caller decides whom to tell: the cadre, their head, HR)."""
    return expiring(Credential.objects.select_related("cadre", "cadre__department", "skill").defer("evidence"),
                    within_days=within_days, today=today)


def validity(credential: Credential, *, today: date | None = None, soon_days: int = 90) -> str:
    """pending | rejected | not_yet | valid | expiring (within soon_days) | expired, as of today."""
    today = today or timezone.localdate()
    if credential.status != CredentialStatus.VERIFIED:
        return credential.status
    if credential.issued_on > today:
        return "not_yet"
    if credential.expires_on is not None and credential.expires_on < today:
        return "expired"
    return "expiring" if ledger.expiring(today, soon_days, expires_on=credential.expires_on) else "valid"


def stale_skills(*, actor: Actor, cadre_ids: Iterable[int] | QuerySet, now=None) -> QuerySet[CadreSkill]:
    """The cadres' verified skills whose category asks for re-verification after N years and were verified longer
    ago than that, oldest verification first (one query; the cut-off per category is ledger.stale's)."""
    now = now or timezone.now()
    due = Q(pk__in=[])
    for category_id, years in SkillCategory.objects.exclude(reverify_after_years=None).values_list(
            "pk", "reverify_after_years"):
        due |= Q(skill__category_id=category_id, verified_at__lt=ledger.years_before(now, years))
    return (CADRE_SKILLS.scope(CadreSkill.objects.filter(due, cadre_id__in=cadre_ids), actor)
            .select_related("cadre", "skill", "skill__category").order_by("verified_at", "pk"))
