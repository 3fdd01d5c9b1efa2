"""Reads for learning groups and the data their suggestion needs."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import listing
from sharing import groups
from sharing.models import LearningActivity, LearningGroup, LearningGroupMember
from sharing.selectors.graph import sharing_picture
from talent.access import LITERACY, TALENT_SEARCH, Actor
from talent.models import Cadre, CadreSkill, CadreStatus, Capacity, Department, LiteracyAssessment, Skill
from talent.selectors.pool import tier_profiles


def learning_group_list() -> QuerySet[LearningGroup]:
    members = LearningGroupMember.objects.select_related("cadre", "department").order_by("department__code", "cadre")
    return (LearningGroup.objects.select_related("leader__department", "created_by")
            .prefetch_related("skills", Prefetch("members", queryset=members))
            .annotate(activity_count=Count("activities", distinct=True)).order_by("-started_on", "-id"))


def learning_activity_list() -> QuerySet[LearningActivity]:
    return (LearningActivity.objects.select_related("group", "led_by")
            .prefetch_related(Prefetch("attendance__cadre", queryset=Cadre.objects.only("id", "name", "staff_number")))
            .annotate(attendance_count=Count("attendance", distinct=True)).order_by("-start_date", "-id"))


@dataclass(frozen=True)
class SuggestionQuery:
    skills: list[Skill]
    capacity: str
    experts: int = 2
    learners: int = 6
    per_department: int = 2
    silo_months: int = 12


def _candidates(query: SuggestionQuery, actor: Actor) -> list[groups.Candidate]:
    """Everyone holding a topic skill and everyone below their tier's target on the capacity (with their
    department, levels in the topic and score), from three queries; sharing.groups sorts them out.

    Topic skill levels are in every talent-search summary, so anyone may be an expert; a score only where the
    actor sees it (LITERACY.where), so a head's learners come from their own departments and who is chosen
    never depends on an outside cadre's score."""
    skill_ids = [s.pk for s in query.skills]
    on_staff = [CadreStatus.ACTIVE, CadreStatus.SECONDED]
    targets = {tier: profile.targets()[query.capacity] for tier, profile in tier_profiles().items()}
    below = Q(pk__in=[])
    for tier, target in targets.items():
        below |= Q(cadre__tier=tier, **{f"{query.capacity}__lt": target})
    department, scores = {}, {}
    for cadre, home, score, tier in LiteracyAssessment.objects.filter(LITERACY.where(actor, "scores", below),
                                                                      is_latest=True, cadre__status__in=on_staff
                                                                      ).values_list("cadre_id", "cadre__department_id",
                                                                                    query.capacity, "cadre__tier"):
        department[cadre], scores[cadre] = home, (score, targets[tier])
    levels = defaultdict(dict)
    for cadre, home, skill, level in CadreSkill.objects.filter(skill_id__in=skill_ids, cadre__status__in=on_staff
                                                               ).values_list("cadre_id", "cadre__department_id",
                                                                             "skill_id", "level"):
        department[cadre] = home
        levels[cadre][skill] = level
    return [groups.Candidate(cadre, home, levels.get(cadre, {}), *scores.get(cadre, (None, None)))
            for cadre, home in sorted(department.items())]


def group_suggestion(*, query: SuggestionQuery, actor: Actor) -> dict:
    """The suggested group: leader, experts and learners, each with the reasons in words, and the departments.
    A cadre the actor sees only as a summary comes without staff number (`summary` is true)."""
    picture = sharing_picture(silo_months=query.silo_months)
    isolation = {d.id: d.isolation for d in picture.departments.values()}
    found = groups.suggest(candidates=_candidates(query, actor), skills=[s.pk for s in query.skills],
                           capacity=query.capacity, isolation=isolation, silos={d.id for d in picture.silos},
                           experts=query.experts, learners=query.learners, per_department=query.per_department)
    chosen = [*found.experts, *found.learners]
    cadres = Cadre.objects.in_bulk([p.cadre for p in chosen])
    names = dict(Department.objects.filter(pk__in=found.departments).values_list("pk", "name"))
    skills = {s.pk: s.name for s in query.skills}

    def describe(pick: groups.Pick) -> dict:
        cadre = cadres[pick.cadre]
        texts = [_reason_text(r, skills=skills, department=names[pick.department], tier=cadre.get_tier_display(),
                              months=query.silo_months) for r in pick.reasons]
        summary = not TALENT_SEARCH.in_full(actor, pick.department)
        return {"cadre": pick.cadre, "name": cadre.name, "summary": summary,
                "staff_number": None if summary else cadre.staff_number, "tier": cadre.tier,
                "department": pick.department, "department_name": names[pick.department], "role": pick.role,
                "score": round(pick.score, 3), "merit": round(pick.merit, 3), "isolation": round(pick.isolation, 3),
                "reasons": list(pick.reasons), "explanation": _("; ").join(texts)}

    return {
        "skills": [{"id": s.pk, "code": s.code, "name": s.name} for s in query.skills],
        "capacity": query.capacity,
        "leader": found.leader,
        "experts": [describe(p) for p in found.experts],
        "learners": [describe(p) for p in found.learners],
        "departments": [{"id": pk, "name": names[pk]} for pk in found.departments],
        "shortfalls": [{"code": code, "message": str(SHORTFALLS[code])} for code in found.shortfalls],
    }


SHORTFALLS = {
    "experts": gettext_lazy("Fewer experts (level 4-5 in a topic skill) than asked for were found."),
    "learners": gettext_lazy("Fewer learners (below their tier's target on the capacity) than asked for were found."),
    "departments": gettext_lazy("The people found all come from one department: a group needs two."),
}


def _reason_text(reason: dict, *, skills: dict[int, str], department: str, tier: str, months: int) -> str:
    def held(rows):
        return listing(_("%(skill)s at level %(level)s") % {"skill": skills[r["skill"]], "level": r["level"]}
                        for r in rows)

    code = reason["code"]
    if code == "leader":
        return _("proposed leader: the most expert of the experts")
    if code == "expert":
        return _("expert in %(skills)s") % {"skills": held(reason["skills"])}
    if code == "below_target":
        return _("%(capacity)s %(score)s, %(gap)s below the %(tier)s target of %(target)s") % {
            "capacity": Capacity(reason["capacity"]).label, "score": reason["score"],
            "gap": reason["target"] - reason["score"], "tier": tier, "target": reason["target"]}
    if code == "topic_levels":
        return _("already holds %(skills)s") % {"skills": held(reason["skills"])}
    if code == "silo_department":
        return _("from %(department)s, which has shared nothing with other departments in the last %(months)s "
                 "months") % {"department": department, "months": months}
    return _("from %(department)s, which has few ties with other departments (isolation %(isolation)s)") % {
        "department": department, "isolation": reason["isolation"]}



def fellow_members(cadre_ids: list[int]) -> dict[int, list[int]]:
    """For each of these cadres, the other members of the learning groups they belong to (groups not ended):
    where an assessment campaign looks for peers who have seen their work (talent.services.campaigns)."""
    wanted = set(cadre_ids)
    by_group: dict[int, list[int]] = defaultdict(list)
    for group_id, cadre_id in LearningGroupMember.objects.filter(group__ended_on__isnull=True).order_by(
            "group_id", "cadre_id").values_list("group_id", "cadre_id"):
        by_group[group_id].append(cadre_id)
    found: dict[int, list[int]] = defaultdict(list)
    for members in by_group.values():
        for cadre_id in members:
            if cadre_id in wanted:
                found[cadre_id].extend(other for other in members if other != cadre_id)
    return dict(found)
