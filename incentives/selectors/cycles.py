"""Reads for incentives: what a cycle is computed from, and the lists people look at."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from core import table_cache
from incentives import allocation
from incentives.access import APPRAISAL_GRADES, CONTRIBUTIONS
from incentives.models import (
    AppraisalGrade,
    Contribution,
    ContributionStatus,
    CycleStatus,
    IncentiveCycle,
    IncentiveLine,
    IncentivePolicy,
)
from sharing.selectors import secondments as sharing_selectors
from talent import literacy, roles
from talent.access import Actor, department_children, descendant_ids
from talent.models import CAPACITIES, Cadre, CadreSkill, CadreStatus, Department, LiteracyAssessment
from talent.selectors import pool as talent_selectors

CHUNK = 10_000  # rows fetched at a time when a whole table is read


def contribution_list(*, actor: Actor) -> QuerySet[Contribution]:
    return CONTRIBUTIONS.scope(Contribution.objects.select_related("cadre__department", "submitted_by",
                                                                   "reviewed_by"), actor)


def appraisal_grade_list(*, actor: Actor) -> QuerySet[AppraisalGrade]:
    return APPRAISAL_GRADES.scope(AppraisalGrade.objects.select_related("cadre__department"), actor)


def policy_list() -> QuerySet[IncentivePolicy]:
    return IncentivePolicy.objects.all()


def cycle_list() -> QuerySet[IncentiveCycle]:
    return IncentiveCycle.objects.select_related("policy", "created_by", "computed_by", "submitted_by",
                                                 "decided_by")


def cycles_waiting_for(*, actor: Actor) -> QuerySet[IncentiveCycle]:
    """Lists submitted for approval wait on leadership, who alone approve or reject them."""
    if not actor.has(roles.LEADERSHIP):
        return IncentiveCycle.objects.none()
    return cycle_list().filter(status=CycleStatus.SUBMITTED).order_by("submitted_at", "pk")


def line_list(*, cycle: IncentiveCycle) -> QuerySet[IncentiveLine]:
    return cycle.lines.select_related("cycle", "cadre", "department", "adjusted_by").order_by("position")


def secondment_ratings(*, year: int) -> dict[int, tuple[int, ...]]:
    """The host's ratings (1-5) of each cadre's secondments completed in the year; a secondment completed
    without a rating does not count. The one place the incentives read secondments from."""
    completed = sharing_selectors.completed_secondments_by_cadre(start=date(year, 1, 1), end=date(year, 12, 31))
    found = {}
    for cadre_id, secondments in completed.items():
        ratings = tuple(s.rating for s in secondments if s.rating is not None)
        if ratings:
            found[cadre_id] = ratings
    return found


def learning_activities(*, year: int) -> dict[int, dict[str, int]]:
    """Per cadre, how many learning-group activities that started in the year they led (`activities_led`)
    and attended (`activities_attended`). A leader listed among the attendees of their own activity is
    credited once, for leading it: attending what one leads is no second contribution."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    groups_led = sharing_selectors.learning_groups_led_by_cadre(start=start, end=end)
    attendance = sharing_selectors.learning_attendance_by_cadre(start=start, end=end)
    led = {cadre_id: sum(group.activities for group in groups) for cadre_id, groups in groups_led.items()}
    attended = {cadre_id: sum(activity.led_by != cadre_id for activity in activities)
                for cadre_id, activities in attendance.items()}
    return {cadre_id: {"activities_led": led.get(cadre_id, 0), "activities_attended": attended.get(cadre_id, 0)}
            for cadre_id in led.keys() | attended.keys()}


def people_lent_by_heads(*, year: int) -> dict[int, int]:
    """Per head's cadre record: the distinct people the departments they head (and those below) lent in
    secondments completed in the year. What the policy's points per person lent count (off by default)."""
    lent_from = defaultdict(set)
    for cadre_id, secondments in sharing_selectors.completed_secondments_by_cadre(
            start=date(year, 1, 1), end=date(year, 12, 31)).items():
        for secondment in secondments:
            lent_from[secondment.home_department_id].add(cadre_id)
    if not lent_from:
        return {}
    headed = defaultdict(set)
    for department_id, user_id in Department.heads.through.objects.values_list("department_id", "user_id"):
        headed[user_id].add(department_id)
    cadre_of = dict(Cadre.objects.filter(user_id__in=headed).exclude(status=CadreStatus.LEFT)
                    .values_list("user_id", "id"))
    children = department_children()
    found = {}
    for user_id, departments in headed.items():
        people = set().union(*(lent_from.get(d, ()) for d in descendant_ids(departments, children)))
        if people and user_id in cadre_of:
            found[cadre_of[user_id]] = len(people)
    return found


@dataclass(frozen=True)
class Inputs:
    people: list[allocation.Person]


def cycle_inputs(*, year: int) -> Inputs:
    """Everyone still on the staff at the end of the year, with their grade, latest literacy composite,
    verified contributions, learning activities led and attended, secondment ratings and critical skills.
    At most thirteen queries whatever the size."""
    year_end = date(year, 12, 31)
    # Each query is read in chunks and folded as it comes: a million rows are never held as a list too.
    grades = dict(AppraisalGrade.objects.filter(year=year).values_list("cadre_id", "grade").iterator(CHUNK))
    literacy = _composites()
    contributions = _grouped(Contribution.objects.filter(year=year, status=ContributionStatus.VERIFIED)
                             .order_by("cadre_id", "id").values_list("cadre_id", "impact").iterator(CHUNK))
    critical = _grouped((cadre_id, (code, level)) for cadre_id, code, level in CadreSkill.objects
                        .filter(Q(skill__critical=True), Q(skill__active=True)).order_by("cadre_id", "skill__code")
                        .values_list("cadre_id", "skill__code", "level").iterator(CHUNK))
    ratings = secondment_ratings(year=year)
    learning = learning_activities(year=year)
    lent = people_lent_by_heads(year=year)
    people = []
    for cadre_id, number, department_id, rank, hired in (
            Cadre.objects.exclude(status=CadreStatus.LEFT)
            .values_list("id", "staff_number", "department_id", "rank", "hire_date").iterator(CHUNK)):
        people.append(allocation.Person(
            cadre_id=cadre_id, staff_number=number, department_id=department_id, rank=rank,
            months_in_post=allocation.months_between(hired, year_end), grade=grades.get(cadre_id),
            literacy=literacy.get(cadre_id), contributions=contributions.get(cadre_id, ()),
            secondment_ratings=ratings.get(cadre_id, ()), critical_skills=critical.get(cadre_id, ()),
            people_lent=lent.get(cadre_id, 0), **learning.get(cadre_id, {}),
        ))
    return Inputs(people=people)


def _composites() -> dict[int, Decimal]:
    """Each cadre's latest literacy composite under their tier's weights, as talent.literacy computes it;
    read as plain values because building the full literacy picture of 50,000 cadres takes seconds."""
    weights = {tier: profile.weights() for tier, profile in talent_selectors.tier_profiles().items()}
    found = {}
    for cadre_id, tier, *scores in LiteracyAssessment.objects.filter(is_latest=True).values_list(
            "cadre_id", "cadre__tier", *CAPACITIES).iterator(CHUNK):
        if tier in weights:
            found[cadre_id] = literacy.composite(dict(zip(CAPACITIES, scores, strict=True)), weights[tier])
    return found


def _grouped(pairs: Iterable[tuple[int, object]]) -> dict[int, tuple]:
    found = defaultdict(list)
    for key, value in pairs:
        found[key].append(value)
    return {key: tuple(values) for key, values in found.items()}


def cycle_amounts(*, cycle: IncentiveCycle, department_ids=None) -> dict:
    """A list's final amounts summed by department and by tier, with the people paid and honoured: totals,
    nobody's own amount. Cached (core.table_cache) under the cycle's last change, which every write to its lines
    makes (computing, adjusting), and the departments' and cadres' tables (names, tiers): summing a million
    lines took seconds of every cockpit request."""
    scope = None if department_ids is None else sorted(department_ids)
    return table_cache.cached(table_cache.key(
        "cycle-amounts", cycle.pk, str(cycle.updated_at), scope,
        tables=[(Department.objects.all(), "updated_at"), (Cadre.objects.all(), "updated_at")]),
        lambda: _cycle_amounts(cycle, department_ids))


def _cycle_amounts(cycle: IncentiveCycle, department_ids) -> dict:
    lines = cycle.lines.filter(eligible=True)
    if department_ids is not None:
        lines = lines.filter(department_id__in=department_ids)

    def summed(*by):
        return list(lines.values(*by).annotate(people=Count("pk"), amount=Sum("final"),
                                               honours=Count("pk", filter=~Q(honour=""))).order_by(*by))

    return {"departments": summed("department_id", "department__name"), "tiers": summed("cadre__tier")}
