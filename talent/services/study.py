"""Self-study: a cadre logs it, HR or their department head confirms it; a confirmed program that raises a skill
proposes that level as the cadre's own declaration, for verification like any other."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, Forbidden
from talent import access
from talent import notices as talent_notices
from talent.models import Cadre, CadreSkill, SelfStudy, SkillSource, StudyStatus
from talent.services import pool as services


@transaction.atomic
def self_study_log(*, cadre: Cadre, hours, studied_on, program=None, topic: str = "",
                   evidence_url: str = "") -> SelfStudy:
    if studied_on > timezone.localdate():
        message = _("Study cannot be logged ahead of its date.")
        raise DomainError(message, fields={"studied_on": [message]})
    study = SelfStudy(cadre=cadre, program=program, topic=topic, hours=hours, studied_on=studied_on,
                      evidence_url=evidence_url)
    study.full_clean()
    study.save()
    talent_notices.study_logged(study)
    return study


@transaction.atomic
def self_study_confirm(*, study: SelfStudy, actor: access.Actor, confirm: bool = True) -> SelfStudy:
    """HR or the cadre's own department head (never the cadre themselves) confirms or turns down logged study,
    once; 409 if it was answered already."""
    study = SelfStudy.objects.select_for_update(of=("self",)).select_related("cadre", "program").get(pk=study.pk)
    if study.cadre.user_id is not None and study.cadre.user_id == actor.user.pk:
        raise Forbidden(_("You cannot confirm your own study."), code="own_study")
    if not access.may_verify_skills_of(actor, study.cadre):
        raise Forbidden(_("Only HR staff or the cadre's own department head may confirm study."))
    if study.status != StudyStatus.PENDING:
        raise Conflict(_("This study has been answered already."), code="answered")
    study.status = StudyStatus.CONFIRMED if confirm else StudyStatus.REJECTED
    study.confirmed_by, study.confirmed_at = actor.user, timezone.now()
    study.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    if confirm and study.program_id:
        _propose_skills(study)
    return study


def _propose_skills(study: SelfStudy) -> None:
    """Each skill the program raises, where the cadre holds less (or nothing) and no level HR assessed or a
    certificate proved stands in the way, becomes a self-declared level awaiting verification."""
    held = {h.skill_id: h for h in CadreSkill.objects.filter(cadre=study.cadre)}
    for built in study.program.program_skills.select_related("skill").exclude(raises_to=None):
        current = held.get(built.skill_id)
        if current is not None and (current.level >= built.raises_to or current.source != SkillSource.SELF_DECLARED):
            continue
        services.cadre_skill_declare(cadre=study.cadre, skill=built.skill, level=built.raises_to,
                                     evidence=_("Self-study confirmed: %(program)s") % {"program": study.program.name},
                                     by=study.cadre.user)
