"""Reads for cross-department sharing, scoped to what the actor may see, and the data the scoring needs."""

import operator
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce

import numpy as np
from django.conf import settings
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from core import bulk, table_cache
from sharing import graph, rules, scoring
from sharing.access import SECONDMENTS, SHARE_REQUESTS
from sharing.models import (
    HOLDING,
    Attendance,
    LearningActivity,
    RequestStatus,
    RequiredSkill,
    Secondment,
    SecondmentInterest,
    SecondmentStatus,
    ShareRequest,
    SharingRule,
)
from sharing.selectors.graph import department_ties
from talent import roles
from talent.access import Actor
from talent.models import Cadre, CadreSkill, CadreStatus, Department, Skill

# A secondment that ended less than this long ago makes its cadre "seconded recently" in the fairness term.
RECENT = timedelta(days=365)


def share_request_list(*, actor: Actor) -> QuerySet[ShareRequest]:
    """Every request for HR and leadership; for a head, open and later requests of any department (so they can
    see what is asked of them) and all of their own departments' requests, drafts included."""
    queryset = ShareRequest.objects.select_related("department", "requested_by").prefetch_related(
        "required_skills__skill")
    if actor.sees_all_departments:
        return queryset
    if actor.has(roles.HEAD):
        return queryset.filter(~Q(status=RequestStatus.DRAFT) | SHARE_REQUESTS.seen_in_full(actor))
    return queryset.none()


def secondment_list(*, actor: Actor) -> QuerySet[Secondment]:
    """HR and leadership see all; a head sees those lending from or hosting in their departments."""
    queryset = Secondment.objects.select_related("cadre", "home_department", "host_department", "request",
                                                 "accepted_by", "approved_by", "rated_by", "cancelled_by")
    return SECONDMENTS.scope(queryset, actor)


def consent_needed() -> bool:
    """Whether a proposal needs the cadre's own agreement before approval (the bureau's setting)."""
    return settings.SECONDMENT_NEEDS_CONSENT


def consent_state(secondment: Secondment) -> str:
    """The cadre's say in a secondment: `given`, `refused`, `awaited` (a live proposal waiting on them), or
    `not_needed` (the bureau does not ask, or the proposal ended before they answered)."""
    if secondment.status == SecondmentStatus.REFUSED:
        return "refused"
    if secondment.consented_at is not None:
        return "given"
    if consent_needed() and secondment.status in (SecondmentStatus.PROPOSED, SecondmentStatus.ACCEPTED):
        return "awaited"
    return "not_needed"


@dataclass(frozen=True)
class SecondmentsWaiting:
    to_answer: QuerySet[Secondment]  # proposed: the home head accepts or declines
    to_approve: QuerySet[Secondment]  # accepted by the home department (and agreed by the cadre): approve
    to_complete: QuerySet[Secondment]  # active in a department the actor heads: complete and rate
    to_consent: QuerySet[Secondment]  # proposed for the actor's own cadre record: agree or decline


def secondments_waiting_for(*, actor: Actor) -> SecondmentsWaiting:
    """The secondments waiting on the actor, by the rules the services enforce (secondment_accept and _decline
    for the home head, _approve for HR and leadership, _complete for the host head), soonest start first."""
    visible = secondment_list(actor=actor).order_by("start_date", "pk")
    scope = actor.scope_department_ids
    accepted = visible.filter(status=SecondmentStatus.ACCEPTED)
    if consent_needed():
        accepted = accepted.filter(consented_at__isnull=False)
    return SecondmentsWaiting(
        to_answer=visible.filter(status=SecondmentStatus.PROPOSED, home_department_id__in=scope),
        to_approve=accepted if actor.has(roles.HR, roles.LEADERSHIP) else visible.none(),
        to_complete=visible.filter(status=SecondmentStatus.ACTIVE, host_department_id__in=scope),
        to_consent=own_to_consent(actor=actor),
    )


def own_to_consent(*, actor: Actor) -> QuerySet[Secondment]:
    """The live proposals for the actor's own cadre record still waiting for their agreement (secondment_consent
    and _refuse), soonest start first."""
    if not consent_needed() or not actor.user or not actor.user.is_authenticated:
        return Secondment.objects.none()
    return Secondment.objects.filter(
        cadre__user=actor.user, status__in=SECONDMENT_MOVES["consent"], consented_at__isnull=True,
    ).select_related("cadre", "host_department", "request").order_by("start_date", "pk")


# --- who may press what: the rules the services enforce, asked by the pages before showing a button ---------

REQUEST_MOVES = {
    "open": (RequestStatus.DRAFT,),
    "close": (RequestStatus.OPEN, RequestStatus.FULFILLED),
    "cancel": (RequestStatus.DRAFT, RequestStatus.OPEN, RequestStatus.FULFILLED),
}
SECONDMENT_MOVES = {
    "accept": (SecondmentStatus.PROPOSED,),
    "decline": (SecondmentStatus.PROPOSED,),
    "approve": (SecondmentStatus.ACCEPTED,),
    "cancel": HOLDING,
    "complete": (SecondmentStatus.ACTIVE,),
    # The cadre's own say (only while the bureau asks for it, and only once).
    "consent": (SecondmentStatus.PROPOSED, SecondmentStatus.ACCEPTED),
    "refuse": (SecondmentStatus.PROPOSED, SecondmentStatus.ACCEPTED),
}


def may_manage_request(actor: Actor, department_id: int) -> bool:
    """HR for any department, a head for the departments they head (and below): file, change, open, close,
    cancel."""
    return actor.has(roles.HR) or department_id in actor.scope_department_ids


def may_move_secondment(actor: Actor, secondment: Secondment, move: str) -> bool:
    """Whether the actor's role allows `move` on this secondment, whatever its status: the home head answers,
    HR and leadership approve, the host head completes, HR, leadership or the host head cancel, and the cadre
    (their own login) agrees or declines."""
    heads = actor.scope_department_ids
    if move in ("consent", "refuse"):
        own = getattr(actor.user, "cadre", None)  # the cadre record the login is linked to, if any
        return own is not None and own.pk == secondment.cadre_id
    if move in ("accept", "decline"):
        return secondment.home_department_id in heads
    if move == "approve":
        return actor.has(roles.HR, roles.LEADERSHIP)
    if move == "complete":
        return secondment.host_department_id in heads
    if move == "cancel":
        return actor.has(roles.HR, roles.LEADERSHIP) or secondment.host_department_id in heads
    raise ValueError(move)


def request_moves(*, actor: Actor, share_request: ShareRequest) -> frozenset[str]:
    """The buttons the actor may press on the request now (the service may still refuse, say a cancel while
    someone is seconded for it)."""
    if not may_manage_request(actor, share_request.department_id):
        return frozenset()
    return frozenset(move for move, statuses in REQUEST_MOVES.items() if share_request.status in statuses)


def state_allows(secondment: Secondment, move: str) -> bool:
    """Whether the secondment's state allows `move`: its status, and the cadre's consent where the bureau asks
    for it (approval waits for it; the cadre answers once)."""
    if secondment.status not in SECONDMENT_MOVES[move]:
        return False
    if move in ("consent", "refuse"):
        return consent_needed() and secondment.consented_at is None
    if move == "approve":
        return not consent_needed() or secondment.consented_at is not None
    return True


def secondment_moves(*, actor: Actor, secondment: Secondment) -> frozenset[str]:
    return frozenset(move for move in SECONDMENT_MOVES
                     if state_allows(secondment, move) and may_move_secondment(actor, secondment, move))


def drafts_waiting_for(*, actor: Actor) -> QuerySet[ShareRequest]:
    """The actor's own draft requests, still to be opened, oldest first."""
    return share_request_list(actor=actor).filter(status=RequestStatus.DRAFT, requested_by=actor.user).order_by(
        "created_at", "pk")


def completed_secondments_by_cadre(*, start: date, end: date) -> dict[int, list[Secondment]]:
    """Secondments completed between start and end (inclusive), with the host's rating, per cadre: what the
    incentives count as secondment contributions for a period."""
    found = defaultdict(list)
    for secondment in (Secondment.objects.filter(status=SecondmentStatus.COMPLETED, completed_on__gte=start,
                                                 completed_on__lte=end)
                       .select_related("host_department", "home_department").order_by("cadre_id", "completed_on")):
        found[secondment.cadre_id].append(secondment)
    return dict(found)


def places_taken(request_ids) -> Counter:
    """Per request: places held by live proposals or used by approved, active and completed secondments."""
    return Counter(dict(
        Secondment.objects.filter(request_id__in=request_ids,
                                  status__in=[*HOLDING, SecondmentStatus.COMPLETED])
        .values_list("request_id").annotate(n=Count("id")).values_list("request_id", "n")))


def _subtrees(roots) -> dict[int, frozenset[int]]:
    """Each given department with every department below it, from one query."""
    children = defaultdict(list)
    for department_id, parent_id in Department.objects.values_list("id", "parent_id"):
        children[parent_id].append(department_id)
    found = {}
    for root in set(roots):
        below, stack = set(), [root]
        while stack:
            current = stack.pop()
            if current not in below:
                below.add(current)
                stack.extend(children.get(current, ()))
        found[root] = frozenset(below)
    return found


def scoring_requests(requests: list[ShareRequest]) -> list[scoring.Request]:
    """The requests as the scoring sees them: requirements, places still open, who was declined."""
    ids = [r.id for r in requests]
    subtree = _subtrees(r.department_id for r in requests)
    taken = places_taken(ids)
    declined, refused, interested = defaultdict(set), defaultdict(set), defaultdict(set)
    for request_id, cadre_id, status in Secondment.objects.filter(
            request_id__in=ids, status__in=[SecondmentStatus.DECLINED, SecondmentStatus.REFUSED]).values_list(
            "request_id", "cadre_id", "status"):
        (declined if status == SecondmentStatus.DECLINED else refused)[request_id].add(cadre_id)
    for request_id, cadre_id in SecondmentInterest.objects.filter(request_id__in=ids).values_list(
            "request_id", "cadre_id"):
        interested[request_id].add(cadre_id)
    # In the order the request shows them (RequiredSkill's ordering), which the explanations follow.
    required = defaultdict(list)
    for request_id, *requirement in RequiredSkill.objects.filter(request_id__in=ids).values_list(
            "request_id", "skill_id", "min_level", "weight", "skill__critical"):
        required[request_id].append(scoring.Requirement(*requirement))
    return [
        scoring.Request(
            id=r.id, department=r.department_id, start=r.start_date, end=r.end_date,
            places=max(r.headcount - taken[r.id], 0),
            requirements=tuple(required[r.id]),
            excluded_departments=subtree[r.department_id],
            declined=frozenset(declined[r.id]),
            refused=frozenset(refused[r.id]),
            interested=frozenset(interested[r.id]),
        )
        for r in requests
    ]


def _held_at_lowest_minimum(requests: list[scoring.Request]) -> Q:
    """Skill rows at or above the lowest minimum any of the requests asks for that skill: no one below it can
    qualify for a request or count as a holder at a level one asks for."""
    lowest: dict[int, int] = {}
    for spec in requests:
        for requirement in spec.requirements:
            lowest[requirement.skill] = min(lowest.get(requirement.skill, requirement.min_level),
                                            requirement.min_level)
    by_level = defaultdict(list)
    for skill_id, level in lowest.items():
        by_level[level].append(skill_id)
    return reduce(operator.or_, (Q(skill_id__in=skill_ids, level__gte=level)
                                 for level, skill_ids in sorted(by_level.items())), Q(pk__in=[]))


def scoring_pool(*, requests: list[scoring.Request], today: date) -> scoring.Pool:
    """Everyone who could be seconded to these requests, with their levels in the skills asked for and what
    fairness needs. Plain columns, no model instances: the province has 50,000 cadres."""
    # The whole roster in two integer columns is cheaper than joining each skill row to its cadre, and
    # gives the department sizes the lending caps come from.
    cadres = bulk.integer_rows(Cadre.objects.exclude(status=CadreStatus.LEFT).order_by(), "id", "department_id")
    departments, people = np.unique(cadres[:, 1], return_counts=True)
    size = Counter(dict(zip(departments.tolist(), people.tolist(), strict=True)))
    # Rows of cadres who left are dropped by the pool, which only knows the cadres above.
    skills = CadreSkill.objects.filter(_held_at_lowest_minimum(requests)).order_by().annotate(confidence=Case(
        *(When(source=source, then=Value(percent)) for source, percent in scoring.SOURCE_CONFIDENCE.items()),
        default=Value(0)))
    live = Secondment.objects.filter(status__in=HOLDING).order_by()
    # An active secondment counts until the host completes it, even past its end date: the person is still away.
    # Each person once, however many secondments hold them (sharing.rules: the cap counts people).
    out = set(live.filter(Q(status=SecondmentStatus.ACTIVE) | Q(end_date__gte=today))
              .values_list("cadre_id", "home_department_id"))
    recent = dict(Secondment.objects.filter(status__in=[SecondmentStatus.APPROVED, SecondmentStatus.ACTIVE,
                                                        SecondmentStatus.COMPLETED],
                                            end_date__gte=today - RECENT).order_by()
                  .values_list("cadre_id").annotate(n=Count("id")).values_list("cadre_id", "n"))
    return scoring.Pool(
        cadres=cadres[:, 0], departments=cadres[:, 1],
        skills=bulk.integer_rows(skills, "cadre_id", "skill_id", "level", "confidence"),
        busy=live.values_list("cadre_id", "start_date", "end_date"),
        recent=recent, lending=lending_units(size=size, out=out), out={cadre for cadre, _d in out},
        affinity=graph.Affinity(sharing_graph_of_departments(today=today)),
        interest_points=settings.SECONDMENT_INTEREST_POINTS, today=today,
    )


def sharing_rules() -> dict[int, rules.Rule]:
    """The rules HR set, per department (a department without one lends under the default)."""
    return {department: rules.Rule(cap_people, cap_percent, sub_units, max_months, notice) for
            department, cap_people, cap_percent, sub_units, max_months, notice in SharingRule.objects.values_list(
                "department_id", "cap_people", "cap_percent", "includes_sub_units", "max_months", "notice_days")}


def department_sizes() -> Counter:
    """People on the books per department, read once per state of the cadres table (core.table_cache): a page
    showing one department's cap would otherwise count the whole pool (28 ms at 50,000 cadres)."""
    return table_cache.cached(table_cache.key("department-sizes", tables=[(Cadre.objects.all(), "updated_at")]),
                              lambda: Counter(dict(
                                  Cadre.objects.exclude(status=CadreStatus.LEFT).order_by().values_list("department_id")
                                  .annotate(n=Count("id")).values_list("department_id", "n"))))


def lending_units(*, size: Counter | None = None, out=None) -> rules.Units:
    """Every department's lending unit with its rule, cap and people out now; `size` (cadres per department)
    and `out` ((cadre, home department) of those away) are read when not given."""
    if size is None:
        size = department_sizes()
    if out is None:
        out = set(Secondment.objects.filter(status__in=HOLDING).filter(
            Q(status=SecondmentStatus.ACTIVE) | Q(end_date__gte=timezone.localdate())).order_by()
            .values_list("cadre_id", "home_department_id"))
    return rules.units(parents=dict(Department.objects.values_list("id", "parent_id")), rules=sharing_rules(),
                       size=size, out=out, default_percent=settings.SECONDMENT_LENDING_PERCENT)


def sharing_graph_of_departments(*, today: date):
    """Departments tied by completed secondments and shared learning groups, weighed by sharing.graph."""
    return graph.build(graph.edges(department_ties(today=today)))


@dataclass(frozen=True)
class Names:
    """Display names for the ids an explanation carries, fetched in one query per kind."""

    cadres: dict[int, tuple[str, str]]
    departments: dict[int, str]
    skills: dict[int, tuple[str, str]]

    @classmethod
    def load(cls, *, cadres, departments, skills) -> "Names":
        return cls(
            cadres={i: (name, number) for i, name, number in
                    Cadre.objects.filter(id__in=set(cadres)).values_list("id", "name", "staff_number")},
            departments=dict(Department.objects.filter(id__in=set(departments)).values_list("id", "name")),
            skills={i: (code, name) for i, code, name in
                    Skill.objects.filter(id__in=set(skills)).values_list("id", "code", "name")},
        )


def describe(explained: dict, names: Names) -> dict:
    """A scoring explanation with names and points (the scoring keeps centi-points), as shown and stored."""
    cadre_name, staff_number = names.cadres.get(explained["cadre"], ("", ""))
    return {
        **explained,
        "name": cadre_name, "staff_number": staff_number,
        "department_name": names.departments.get(explained["department"], ""),
        "score": explained["score"] / 100,
        "terms": {term: value / 100 for term, value in explained["terms"].items()},
        "skills": [{**s, "code": names.skills[s["skill"]][0], "skill_name": names.skills[s["skill"]][1]}
                   for s in explained["skills"]],
    }


# --- learning-group contributions, as the incentives count them ----------------------------------------
# incentives reads these (with completed_secondments_by_cadre above); sharing never imports incentives.

@dataclass(frozen=True)
class GroupLed:
    """The activities of one learning group a cadre led in a period."""

    group: int
    group_name: str
    activities: int
    attendances: int  # attendees of those activities, added up
    learning_hours: Decimal  # each activity's hours times its attendees, added up
    first: date
    last: date


@dataclass(frozen=True)
class ActivityAttended:
    activity: int
    title: str
    kind: str
    group: int
    group_name: str
    start_date: date
    hours: Decimal
    led_by: int  # who led it: a leader is often listed among the attendees of their own activity


def learning_groups_led_by_cadre(*, start: date, end: date) -> dict[int, list[GroupLed]]:
    """Per cadre, the groups whose activities starting between start and end (inclusive) they led. The
    leader is credited with an activity unless someone else (say, an expert giving a lecture) led it."""
    totals: dict[tuple[int, int], list] = {}
    names = {}
    for leader, group, group_name, activity_start, hours, attendees in (
            LearningActivity.objects.filter(start_date__gte=start, start_date__lte=end)
            .annotate(present=Count("attendance")).order_by("led_by_id", "group_id", "start_date", "id")
            .values_list("led_by_id", "group_id", "group__name", "start_date", "hours", "present")):
        names[group] = group_name
        entry = totals.setdefault((leader, group), [0, 0, Decimal(0), activity_start, activity_start])
        entry[0] += 1
        entry[1] += attendees
        entry[2] += hours * attendees
        entry[4] = activity_start
    found = defaultdict(list)
    for (leader, group), (activities, attendances, learning_hours, first, last) in totals.items():
        found[leader].append(GroupLed(group, names[group], activities, attendances, learning_hours, first, last))
    return dict(found)


def learning_attendance_by_cadre(*, start: date, end: date) -> dict[int, list[ActivityAttended]]:
    """Per cadre, the learning activities starting between start and end (inclusive) they attended."""
    found = defaultdict(list)
    for cadre, *attended in (
            Attendance.objects.filter(activity__start_date__gte=start, activity__start_date__lte=end)
            .order_by("cadre_id", "activity__start_date", "activity_id")
            .values_list("cadre_id", "activity_id", "activity__title", "activity__kind", "activity__group_id",
                         "activity__group__name", "activity__start_date", "activity__hours", "activity__led_by_id")):
        found[cadre].append(ActivityAttended(*attended))
    return dict(found)


def request_outcomes(*, start: date, end: date, department_ids=None) -> dict[int, dict[str, int]]:
    """Per requesting department, for requests whose dates meet the period: how many were fulfilled, and how
    many proposals for them the lending department declined."""
    requests = ShareRequest.objects.filter(start_date__lte=end, end_date__gte=start)
    declined = Secondment.objects.filter(status=SecondmentStatus.DECLINED, request__start_date__lte=end,
                                         request__end_date__gte=start)
    if department_ids is not None:
        requests = requests.filter(department_id__in=department_ids)
        declined = declined.filter(request__department_id__in=department_ids)
    found: dict[int, dict[str, int]] = defaultdict(lambda: {"asked": 0, "fulfilled": 0, "declined": 0})
    for department, status, count in requests.values_list("department_id", "status").annotate(n=Count("pk")) \
            .order_by():
        found[department]["asked"] += count
        if status == RequestStatus.FULFILLED:
            found[department]["fulfilled"] += count
    for department, count in declined.values_list("request__department_id").annotate(n=Count("pk")).order_by():
        found[department]["declined"] += count
    return dict(found)
