"""Writes for nominations (incentives.models.Nomination):

    pending --approve / decline, with a note (leadership)--> approved / declined
    pending --withdraw (the nominator)--> withdrawn
Any other move is a Conflict (409); a decided nomination is never changed again. Each move locks the nomination and
then checks its state, so two leaders deciding at once make one decision."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, Forbidden
from incentives import notices as incentives_notices
from incentives.models import Contribution, ContributionStatus, Nomination, NominationSkill, NominationStatus
from incentives.selectors import nominations as selectors
from talent import roles
from talent.access import Actor
from talent.models import Cadre, CadreSkill, Skill


def _illegal(nomination: Nomination) -> Conflict:
    return Conflict(_("This nomination is %(status)s: it can no longer be changed.")
                    % {"status": nomination.get_status_display()}, code="nomination_decided")


@transaction.atomic
def nomination_create(*, actor: Actor, cadre: Cadre, kind: str, rationale: str, target: str = "",
                      skills: list[Skill] = (), contributions: list[int] = ()) -> Nomination:
    """Skills and contributions (ids) must be the cadre's own, verified; a skill is kept at the level held today.
    A contribution id of another cadre gets the same answer as one that does not exist."""
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    if not selectors.may_nominate(actor, cadre):
        raise Forbidden(_("You may nominate the cadres of the departments you head, and never yourself."))
    if Nomination.objects.filter(cadre=cadre, kind=kind, status=NominationStatus.PENDING).exists():
        raise Conflict(_("This cadre already has a nomination of this kind awaiting a decision."),
                       code="nomination_pending")
    held = {held.skill_id: held for held in CadreSkill.objects.filter(
        cadre=cadre, skill__in=skills, verified_at__isnull=False)}
    missing = [skill.name for skill in skills if skill.pk not in held]
    if missing:
        raise DomainError(_("Only the cadre's verified skills can support a nomination: %(skills)s.")
                          % {"skills": "、".join(missing)}, fields={"skills": [_("Not a verified skill of this "
                                                                               "cadre.")]})
    verified = set(Contribution.objects.filter(pk__in=list(contributions), cadre=cadre,
                                               status=ContributionStatus.VERIFIED).values_list("pk", flat=True))
    if any(pk not in verified for pk in contributions):
        raise DomainError(_("Only the cadre's verified contributions can support a nomination."),
                          fields={"contributions": [_("Not a verified contribution of this cadre.")]})
    nomination = Nomination(cadre=cadre, kind=kind, target=target, rationale=rationale, nominated_by=actor.user)
    nomination.full_clean()
    nomination.save()
    NominationSkill.objects.bulk_create([NominationSkill(nomination=nomination, skill_id=skill_id, level=held.level)
                                         for skill_id, held in held.items()])
    nomination.contributions.set(list(verified))
    incentives_notices.nominated(nomination)
    return nomination


def _locked(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update().get(pk=nomination.pk)


@transaction.atomic
def nomination_decide(*, actor: Actor, nomination: Nomination, approve: bool, note: str = "") -> Nomination:
    """Leadership approves (a note is optional) or declines (saying why)."""
    if not actor.has(roles.LEADERSHIP):
        raise Forbidden(_("Only leadership decides nominations."))
    nomination = _locked(nomination)
    if nomination.status != NominationStatus.PENDING:
        raise _illegal(nomination)
    note = (note or "").strip()
    if not approve and not note:
        raise DomainError(_("Say why the nomination is declined."), fields={"note": [_("This field is required.")]})
    nomination.status = NominationStatus.APPROVED if approve else NominationStatus.DECLINED
    nomination.decided_by, nomination.decided_at, nomination.decision_note = actor.user, timezone.now(), note
    nomination.full_clean()
    nomination.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    incentives_notices.nomination_decided(nomination)
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor: Actor, nomination: Nomination) -> Nomination:
    nomination = _locked(nomination)
    if nomination.nominated_by_id is None or nomination.nominated_by_id != actor.user.pk:
        raise Forbidden(_("Only the person who made the nomination may withdraw it."))
    if nomination.status != NominationStatus.PENDING:
        raise _illegal(nomination)
    nomination.status, nomination.withdrawn_at = NominationStatus.WITHDRAWN, timezone.now()
    nomination.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return nomination
