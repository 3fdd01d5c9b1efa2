"""Self-study waiting for an answer: what HR (anyone's) and a department head (their departments') may confirm or
turn down, as the API's /api/v1/self-study/ and talent.services.study decide it."""

from django.db.models import QuerySet

from talent import roles
from talent.access import Actor, may_verify_skills_of
from talent.models import SelfStudy, StudyStatus
from talent.selectors.pool import self_study_list

ANSWERERS = (roles.HR, roles.HEAD)  # the API's write roles (talent.views.study.SelfStudyViewSet)
MOVES = ("confirm", "reject")


def pending_study(*, actor: Actor) -> QuerySet[SelfStudy]:
    """Pending study the actor sees as one who answers it (HR all, a head their departments'; nobody else any)."""
    if not actor.has(*ANSWERERS):
        return SelfStudy.objects.none()
    return self_study_list(actor=actor).filter(status=StudyStatus.PENDING).order_by("studied_on", "pk")


def study_waiting_for(*, actor: Actor) -> QuerySet[SelfStudy]:
    """The pending study the actor may answer: never their own (a head's own goes to HR)."""
    return pending_study(actor=actor).exclude(cadre__user_id=actor.user.pk)


def study_moves(*, actor: Actor, study: SelfStudy) -> tuple[str, ...]:
    """The answers the service would accept from the actor now: both, or none."""
    if study.status != StudyStatus.PENDING or not actor.has(*ANSWERERS) or not may_verify_skills_of(actor, study.cadre):
        return ()
    return MOVES
