"""Reads of nominations, scoped by incentives.access.NOMINATIONS, and the rule of who may move one (asked by the
pages before they draw a button, and by the services before they move it)."""

from django.db.models import Prefetch, QuerySet

from incentives.access import NOMINATIONS
from incentives.models import Contribution, ContributionStatus, Nomination, NominationSkill, NominationStatus
from talent import roles
from talent.access import Actor
from talent.models import Cadre, CadreSkill

DECIDED = (NominationStatus.APPROVED, NominationStatus.DECLINED)


def nomination_list(*, actor: Actor) -> QuerySet[Nomination]:
    return NOMINATIONS.scope(_with_details(Nomination.objects.all()), actor)


def _with_details(queryset: QuerySet[Nomination]) -> QuerySet[Nomination]:
    return queryset.select_related("cadre__department", "nominated_by", "decided_by").prefetch_related(
        Prefetch("skills", NominationSkill.objects.select_related("skill")),
        Prefetch("contributions", Contribution.objects.order_by("-year", "id")))


def nominations_waiting_for(*, actor: Actor) -> QuerySet[Nomination]:
    """Pending nominations wait on leadership, who alone decide them."""
    if not actor.has(roles.LEADERSHIP):
        return Nomination.objects.none()
    return nomination_list(actor=actor).filter(status=NominationStatus.PENDING).order_by("created_at", "pk")


def own_decided_nominations(*, cadre: Cadre) -> QuerySet[Nomination]:
    """What a cadre sees of their own nominations: the decided ones (a pending or withdrawn one is the nominator's
    business until leadership has decided)."""
    return _with_details(cadre.nominations.filter(status__in=DECIDED)).order_by("-decided_at", "-id")


def may_nominate(actor: Actor, cadre: Cadre) -> bool:
    """HR nominates anyone; a head the cadres of the departments they head and their sub-units; no one themselves."""
    if cadre.user_id is not None and cadre.user_id == actor.user.pk:
        return False
    return actor.has(roles.HR) or (actor.has(roles.HEAD) and cadre.department_id in actor.scope_department_ids)


def nomination_moves(*, actor: Actor, nomination: Nomination) -> set[str]:
    """The moves the actor may make on the nomination now: leadership approves or declines a pending one, its
    nominator withdraws it."""
    if nomination.status != NominationStatus.PENDING:
        return set()
    moves = set()
    if actor.has(roles.LEADERSHIP):
        moves |= {"approve", "decline"}
    if nomination.nominated_by_id is not None and nomination.nominated_by_id == actor.user.pk:
        moves.add("withdraw")
    return moves


def supporting_skills(*, cadre: Cadre) -> QuerySet[CadreSkill]:
    """The cadre's verified skills, which may support a nomination."""
    return cadre.skills.filter(verified_at__isnull=False).select_related("skill").order_by("-level", "skill__name")


def supporting_contributions(*, cadre: Cadre) -> QuerySet[Contribution]:
    """The cadre's verified contributions, which may support a nomination."""
    return cadre.contributions.filter(status=ContributionStatus.VERIFIED).order_by("-year", "id")
