"""The talent-demand survey of a period: what each department asks for (open expert requests, workforce-plan
gaps), what the bureau holds of it, and what was shared (secondments, learning groups). sharing.survey does
the arithmetic; this gathers its inputs in a fixed number of queries (plus the gap report's own)."""

from collections import Counter

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharing import survey
from sharing.models import (
    Attendance,
    LearningGroupMember,
    RequestStatus,
    Secondment,
    SecondmentStatus,
    ShareRequest,
)
from sharing.selectors import secondments as selectors
from talent import planning
from talent.access import Actor, Disclosure
from talent.models import CadreSkill, Department, Skill, WorkforcePlan
from talent.selectors import demand
from talent.selectors.planning import ON_THE_BOOKS, PlanGaps, plan_gaps, workforce_plan_list

SHARED = (SecondmentStatus.APPROVED, SecondmentStatus.ACTIVE, SecondmentStatus.COMPLETED)
TALENT_DEMAND = Disclosure(
    data=_("talent-demand survey"),
    purpose=_("What each department asks for in a period beside what the bureau holds and shared, so HR and "
              "leadership can move talent where it is needed; counts only, no personal data."),
    department_lookup="department_id",
)


def _requests(start, end) -> tuple[list[ShareRequest], Counter]:
    """Open requests whose dates meet the period, and the places each still has open."""
    requests = list(ShareRequest.objects.filter(status=RequestStatus.OPEN, start_date__lte=end, end_date__gte=start)
                    .select_related("department").prefetch_related("required_skills__skill").order_by("id"))
    taken = selectors.places_taken([r.id for r in requests])
    return requests, Counter({r.id: max(r.headcount - taken[r.id], 0) for r in requests})


def _plans(period: str, actor: Actor) -> list[WorkforcePlan]:
    """Each department's most specific plan covering the period: 2026-Q3, else 2026-H2, else 2026."""
    order = survey.covering_periods(period)
    chosen: dict[int, WorkforcePlan] = {}
    for plan in workforce_plan_list(actor=actor).filter(period__in=order):
        current = chosen.get(plan.department_id)
        if current is None or order.index(plan.period) < order.index(current.period):
            chosen[plan.department_id] = plan
    return [chosen[d] for d in sorted(chosen)]


def _shared(start, end) -> dict[str, Counter]:
    """Per department: people lent and hosted for dates meeting the period, secondments completed in it,
    learning groups running in it with their members, and attendances at activities in it."""
    running = Secondment.objects.filter(status__in=SHARED, start_date__lte=end, end_date__gte=start)
    groups_running = Q(group__started_on__lte=end) & (Q(group__ended_on__isnull=True) | Q(group__ended_on__gte=start))
    members = list(LearningGroupMember.objects.filter(groups_running).values_list("department_id", "group_id"))
    return {
        "lent": Counter(running.values_list("home_department_id", flat=True)),
        "hosted": Counter(running.values_list("host_department_id", flat=True)),
        "completed": Counter(Secondment.objects.filter(status=SecondmentStatus.COMPLETED, completed_on__gte=start,
                                                       completed_on__lte=end)
                             .values_list("home_department_id", flat=True)),
        "learning_groups": Counter(department for department, _group in set(members)),
        "group_members": Counter(department for department, _group in members),
        "attendances": Counter(Attendance.objects.filter(activity__start_date__gte=start, activity__start_date__lte=end)
                               .values_list("cadre__department_id", flat=True)),
    }


def _demands(requests, places: Counter, reports: list[PlanGaps]) -> list[survey.Demand]:
    found = [survey.Demand(r.department_id, rs.skill.code, rs.min_level, places[r.id], survey.REQUEST)
             for r in requests if places[r.id] for rs in r.required_skills.all()]
    found += [survey.Demand(report.plan.department_id, code, level, gap.gap, survey.PLAN)
              for report in reports for gap in report.lines if gap.gap
              for code, level in gap.line.requirements.items()]
    return found


def _skill_row(row: survey.SkillDemand, names: dict[str, str], departments: dict[int, Department]) -> dict:
    return {"skill": row.skill, "name": names.get(row.skill, row.skill), "min_level": row.min_level,
            "people": row.people, "sources": list(row.sources), "held_here": row.held_here,
            "held_elsewhere": row.held_elsewhere, "held_in_bureau": row.held_in_bureau, "scarce": row.scarce,
            "departments": [{"id": d, "name": departments[d].name} for d in row.departments]}


def talent_demand(*, period: str, actor: Actor, department: Department | None = None) -> dict:
    """The survey of a period: one row per department (those the actor sees: a head, their own), and the
    summary of those rows."""
    start, end = survey.period_range(period)
    departments = {d.pk: d for d in Department.objects.filter(active=True).order_by("code")}
    visible = {pk for pk in departments if TALENT_DEMAND.in_full(actor, pk)}
    if department is not None:
        visible &= {department.pk}
    requests, places = _requests(start, end)
    requests = [r for r in requests if r.department_id in visible]
    reports = plan_gaps([p for p in _plans(period, actor) if p.department_id in visible])
    demands = _demands(requests, places, reports)
    codes = {d.skill for d in demands}
    holdings = [survey.Holding(department_id, code, level) for department_id, code, level in CadreSkill.objects.filter(
        skill__code__in=codes, cadre__status__in=ON_THE_BOOKS).values_list("cadre__department_id", "skill__code",
                                                                            "level")]
    names = dict(Skill.objects.filter(code__in=codes).values_list("code", "name"))
    units = selectors._subtrees(visible)
    per_department = survey.department_demand(demands, holdings, units)
    shared = _shared(start, end)
    plan_of = {report.plan.department_id: report for report in reports}

    rows = []
    for pk in sorted(visible, key=lambda pk: departments[pk].code):
        report = plan_of.get(pk)
        asked = [r for r in requests if r.department_id == pk]
        rows.append({
            "department": {"id": pk, "code": departments[pk].code, "name": departments[pk].name},
            "requests": {"open": len(asked), "places": sum(places[r.id] for r in asked)},
            "plan": {"id": report.plan.pk, "period": report.plan.period, **planning.totals(report.lines)}
            if report else None,
            "demand": [_skill_row(row, names, departments) for row in per_department.get(pk, [])],
            "shared": {kind: counts[pk] for kind, counts in shared.items()},
        })
    bureau = survey.bureau_demand(demands, holdings, units)
    return {
        "period": period, "start": start, "end": end,
        "departments": rows,
        "summary": {
            "departments_asking": len({d.department for d in demands}),
            "open_requests": len(requests), "places": sum(places[r.id] for r in requests),
            "plan": planning.totals(gap for report in reports for gap in report.lines),
            "shared": {kind: sum(row["shared"][kind] for row in rows) for kind in shared},
            "skills": [_skill_row(row, names, departments) for row in bureau],
            "scarce_skills": sum(row.scarce for row in bureau),
            "unmet": unmet_demand(end),
        },
    }


def unmet_demand(end) -> dict:
    """The year (365 days) up to the period's end (or today, if sooner): per skill, the talent searches that found
    nobody in the bureau holding it. Bureau-wide counts, the same for every reader: nobody's name, no department."""
    until = min(end, timezone.localdate())
    since = demand.year_up_to(until)
    return {"since": since, "until": until, "skills": demand.unmet_demand(since=since, until=until)}

