"""Reads for workforce plans, talent profiles and the outsourcing registry. Each gathers its data in a
fixed number of queries and hands it to the pure modules (planning, profiles, registry).

The bureau overview and a period's plan roll-up read the whole pool, seconds of work at province scale, and
every leadership report asks for both: they are cached (core.table_cache) until a table they read changes.
Computed together (a cold cockpit, a leadership report's job), they read the cadres and their skills once
(`PoolRows`, shared within the scope).
The registry's health is not: whether a reconfirmation is overdue changes with the hour.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from core import table_cache
from talent import literacy, planning, profiles, registry, roles
from talent.access import VENDOR_STAFF, WORKFORCE_PLANS, Actor, department_children, descendant_ids
from talent.models import (
    Cadre,
    CadreSkill,
    CadreStatus,
    Department,
    InformationSystem,
    LiteracyAssessment,
    PlanLine,
    PlanLineSkill,
    ProgramSkill,
    Skill,
    SystemSkill,
    TierProfile,
    TrainingProgram,
    Vendor,
    VendorStaff,
    WorkforcePlan,
)
from talent.selectors.pool import tier_profiles

ON_THE_BOOKS = (CadreStatus.ACTIVE, CadreStatus.SECONDED)


def _rows(values: QuerySet) -> list[tuple]:
    """The rows of a values_list() query fetched in one go, as the driver gives them: about half the time of
    iterating the queryset over the hundreds of thousands of skill rows read here. Only for columns that need
    no conversion (ids, whole numbers, text)."""
    try:
        sql, params = values.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[values.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- workforce plans ------------------------------------------------------------------------------------

def workforce_plan_list(*, actor: Actor) -> QuerySet[WorkforcePlan]:
    lines = PlanLine.objects.prefetch_related("requirements__skill")
    return WORKFORCE_PLANS.scope(WorkforcePlan.objects.select_related("department", "created_by")
                       .prefetch_related(Prefetch("lines", queryset=lines)), actor)


def _line(line: PlanLine) -> planning.Line:
    return planning.Line(
        id=line.pk, post=line.post, headcount=line.headcount, priority=line.priority,
        requirements={r.skill.code: r.min_level for r in line.requirements.all()},
        min_education=line.min_education, min_professional_title=line.min_professional_title,
    )


def _courses(codes) -> list[planning.Course]:
    links = ProgramSkill.objects.filter(program__active=True, skill__code__in=list(codes)) \
        .values_list("program_id", "program__name", "skill__code", "raises_to")
    builds: dict[tuple[int, str], dict[str, int | None]] = {}
    for program_id, name, code, raises_to in links:
        builds.setdefault((program_id, name), {})[code] = raises_to
    return [planning.Course(id=pid, name=name, builds=skills) for (pid, name), skills in sorted(builds.items())]


@dataclass
class PlanGaps:
    plan: WorkforcePlan
    lines: list[planning.LineGap]


def _people(codes, department_ids) -> tuple[dict[int, list[planning.Person]], planning.Pool]:
    """The cadres on the books in these departments, by department (the supply), and the active cadres of
    the whole bureau who hold any of these skills (those who might be borrowed), with their levels in these
    skills. Taken from the whole pool when this scope has read it already (a cold cockpit's bureau overview
    has), otherwise two queries of plain values: model instances would decrypt every citizen ID for nothing."""
    pool = table_cache.already_read(POOL)
    if pool is not None:
        # Each holder with all their skills, not only these: the gap arithmetic looks the lines' skills up
        # and ignores the rest, and copying 50,000 cadres' skills cost more than it saved.
        codes = set(codes)
        held = {pk: skills for pk, skills in pool.skills.items() if not codes.isdisjoint(skills)}
        rows = sorted((pk, name, dept, education, title, status)
                      for pk, name, dept, _tier, education, title, status in pool.cadres
                      if dept in department_ids or pk in held)
    else:
        holding = CadreSkill.objects.filter(skill__code__in=list(codes), cadre__status__in=ON_THE_BOOKS)
        held: dict[int, dict[str, int]] = {}
        for pk, code, level in _rows(holding.values_list("cadre_id", "skill__code", "level")):
            held.setdefault(pk, {})[code] = level
        cadres = Cadre.objects.filter(Q(department_id__in=list(department_ids)) | Q(pk__in=holding.values("cadre_id")),
                                      status__in=ON_THE_BOOKS).order_by("pk")
        rows = _rows(cadres.values_list("pk", "name", "department_id", "education", "professional_title", "status"))
    staff: dict[int, list[planning.Person]] = {}
    borrowable = []
    for pk, name, dept, education, title, status in rows:
        person = planning.Person(id=pk, name=name, department_id=dept, skills=held.get(pk, {}), education=education,
                                 professional_title=title)
        if dept in department_ids:
            staff.setdefault(dept, []).append(person)
        if status == CadreStatus.ACTIVE and pk in held:
            borrowable.append(person)
    return staff, planning.Pool(borrowable)


def plan_gaps(plans: list[WorkforcePlan]) -> list[PlanGaps]:
    """The gap report of each plan (plans come from workforce_plan_list, lines prefetched).

    Supply is every cadre on the books (active or seconded) in the plan's department and its sub-units;
    borrowable are active cadres elsewhere who already meet a line. Four queries, whatever the number of
    plans, lines and cadres."""
    lines = {plan.pk: [_line(line) for line in plan.lines.all()] for plan in plans}
    codes = {code for plan_lines in lines.values() for line in plan_lines for code in line.requirements}
    children = department_children()
    units = {plan.pk: descendant_ids([plan.department_id], children) for plan in plans}
    staff, pool = _people(codes, set().union(*units.values()))
    courses = _courses(codes)
    return [PlanGaps(plan, planning.gap_report(
        lines=lines[plan.pk], staff=[p for dept in sorted(units[plan.pk]) for p in staff.get(dept, ())],
        courses=courses, outsiders=pool.best(lines[plan.pk], outside=units[plan.pk]))) for plan in plans]


def skill_names(plans) -> dict[str, str]:
    return {req.skill.code: req.skill.name for plan in plans for line in plan.lines.all()
            for req in line.requirements.all()}


def skill_shortage(gaps: list[planning.LineGap], names: dict[str, str]) -> list[dict]:
    return [{"skill": code, "name": names[code], "missing": missing}
            for code, missing in planning.skill_shortage(gaps).items()]


def _rollup(period: str, reports: list[PlanGaps], *, biggest: int = 10) -> dict:
    names = skill_names([r.plan for r in reports])
    every_line = [(r.plan, gap) for r in reports for gap in r.lines]
    largest = sorted((pair for pair in every_line if pair[1].gap),
                     key=lambda pair: (-pair[1].gap, planning.PRIORITY_ORDER.index(pair[1].line.priority),
                                       pair[0].department.code, pair[1].line.id))[:biggest]
    return {
        "period": period,
        "totals": planning.totals(gap for _plan, gap in every_line),
        "departments": [{"plan": r.plan.pk, "department": {"id": r.plan.department_id, "name": r.plan.department.name},
                         **planning.totals(r.lines)} for r in reports],
        "skill_shortage": skill_shortage([gap for _plan, gap in every_line], names),
        "biggest_gaps": [{"plan": plan.pk, "department": plan.department.name, "post": gap.line.post,
                          "priority": gap.line.priority, "gap": gap.gap, "recommendation": gap.recommendation}
                         for plan, gap in largest],
    }


def plan_tables() -> list:
    """The tables a gap report reads (for table_cache keys)."""
    return [(model.objects.all(), "updated_at") for model in (
        WorkforcePlan, PlanLine, PlanLineSkill, Skill, Department, Cadre, CadreSkill, TrainingProgram, ProgramSkill)]


def plan_rollup(*, actor: Actor, period: str) -> dict:
    """The bureau roll-up of every plan of the period the actor may see: totals, per department, the skills
    most missing and the biggest gaps. Plain values (no model instances: they are slow to take out of the
    cache), cached until a table it reads changes."""
    scope = None if actor.sees_all_departments else sorted(actor.scope_department_ids)
    return table_cache.cached(table_cache.key("plan-rollup", period, scope, tables=plan_tables()), lambda: _rollup(
        period, plan_gaps(list(workforce_plan_list(actor=actor).filter(period=period)))))


def plan_rollup_totals(period: str) -> dict[str, int]:
    """The totals of every plan of the period, as the roll-up counts them (for the nightly trend snapshot)."""
    plans = WorkforcePlan.objects.select_related("department").prefetch_related(
        Prefetch("lines", queryset=PlanLine.objects.prefetch_related("requirements__skill"))).filter(period=period)
    return _rollup(period, plan_gaps(list(plans)))["totals"]


def department_names(ids) -> dict[int, str]:
    return dict(Department.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


# --- talent profiles ------------------------------------------------------------------------------------

def _skills_info() -> dict[str, profiles.SkillInfo]:
    return {code: profiles.SkillInfo(code, name, critical) for code, name, critical
            in Skill.objects.filter(active=True).values_list("code", "name", "critical")}


def _tier_targets() -> dict[str, profiles.TierTarget]:
    return {tier: profiles.TierTarget(p.weights(), p.targets()) for tier, p in tier_profiles().items()}


POOL = "talent-pool"  # core.table_cache.shared's name for _read_pool's rows


@dataclass(frozen=True)
class PoolRows:
    """Every cadre on the books (in the cadres' order) and the skills each holds, retired skills included: what
    the bureau overview and a period's plan roll-up both start from, read once when a cold cockpit computes
    both (core.table_cache.shared)."""
    cadres: list[tuple]  # (pk, name, department_id, tier, education, professional_title, status)
    skills: dict[int, dict[str, int]]  # cadre -> skill code -> level
    retired: frozenset[str]  # the codes of skills no longer in use


def _read_pool() -> PoolRows:
    cadres = _rows(Cadre.objects.filter(status__in=ON_THE_BOOKS).values_list(
        "pk", "name", "department_id", "tier", "education", "professional_title", "status"))
    on_the_books = {row[0] for row in cadres}
    code_of = dict(Skill.objects.values_list("pk", "code"))
    skills: dict[int, dict[str, int]] = {}
    # The skill rows alone, unsorted and joined in Python: joining and sorting 325,000 rows in the database
    # took longer than reading them.
    for cadre_id, skill_id, level in _rows(CadreSkill.objects.order_by().values_list("cadre_id", "skill_id", "level")):
        if cadre_id in on_the_books:
            skills.setdefault(cadre_id, {})[code_of[skill_id]] = level
    return PoolRows(cadres, skills, frozenset(Skill.objects.filter(active=False).values_list("code", flat=True)))


def _members(department_ids: frozenset[int] | None) -> list[profiles.Member]:
    if department_ids is None:
        pool = table_cache.shared(POOL, _read_pool)
        rows = [row[:4] for row in pool.cadres]
        held = pool.skills if not pool.retired else {
            pk: {code: level for code, level in skills.items() if code not in pool.retired}
            for pk, skills in pool.skills.items()}
    else:
        cadres = Cadre.objects.filter(status__in=ON_THE_BOOKS, department_id__in=department_ids)
        rows = _rows(cadres.values_list("pk", "name", "department_id", "tier"))
        held: dict[int, dict[str, int]] = {}
        skills = CadreSkill.objects.filter(skill__active=True, cadre__department_id__in=department_ids,
                                           cadre__status__in=ON_THE_BOOKS)
        for cadre_id, code, level in _rows(skills.values_list("cadre_id", "skill__code", "level")):
            held.setdefault(cadre_id, {})[code] = level
    # The scores alone, as plain values: literacy_of builds a full picture per cadre, which a whole
    # bureau's worth of cadres does not need here.
    latest = LiteracyAssessment.objects.filter(is_latest=True, cadre__status__in=ON_THE_BOOKS)
    if department_ids is not None:
        latest = latest.filter(cadre__department_id__in=department_ids)
    scores = {row[0]: dict(zip(literacy.CAPACITIES, row[1:], strict=True))
              for row in _rows(latest.values_list("cadre_id", *literacy.CAPACITIES))}
    return [profiles.Member(id=pk, name=name, department_id=dept, tier=tier, skills=held.get(pk, {}),
                            scores=scores.get(pk)) for pk, name, dept, tier in rows]


def _vendor_skills(department_ids: frozenset[int] | None) -> list[profiles.VendorSkill]:
    systems = InformationSystem.objects.filter(active=True)
    if department_ids is not None:
        systems = systems.filter(department_id__in=department_ids)
    on_system = VendorStaff.systems.through.objects.filter(
        vendorstaff__active=True, informationsystem__in=systems,
    ).values_list("vendorstaff_id", "informationsystem__code", "informationsystem__name",
                  "informationsystem__department_id")
    skills_of: dict[int, list[str]] = {}
    for staff_id, code in VendorStaff.skills.through.objects.filter(vendorstaff__active=True) \
            .values_list("vendorstaff_id", "skill__code"):
        skills_of.setdefault(staff_id, []).append(code)
    return [profiles.VendorSkill(staff_id, code, name, dept, skill)
            for staff_id, code, name, dept in on_system for skill in skills_of.get(staff_id, ())]


def _holders_in_bureau(codes) -> dict[str, int]:
    rows = CadreSkill.objects.filter(skill__code__in=list(codes), level__gte=profiles.HOLDER_LEVEL,
                                     cadre__status__in=ON_THE_BOOKS).values("skill__code") \
        .annotate(holders=Count("cadre_id")).values_list("skill__code", "holders")
    return dict(rows)


def department_profile(*, department: Department) -> dict:
    """The talent picture of a department with its sub-units."""
    return scope_profile(department_ids=descendant_ids([department.pk]))


def scope_profile(*, department_ids: frozenset[int]) -> dict:
    """The talent picture of some departments together (a head's, for instance), with its capacities against
    the target; cached until a table it reads changes."""
    return table_cache.cached(table_cache.key("scope-profile", sorted(department_ids), tables=_overview_tables()),
                              lambda: _scope_profile(department_ids))


def _scope_profile(units: frozenset[int]) -> dict:
    members = _members(units)
    vendor_skills = _vendor_skills(units)
    tiers = _tier_targets()
    return {**profiles.profile(members=members, skills=_skills_info(), tiers=tiers, vendor_skills=vendor_skills,
                               holders_in_bureau=_holders_in_bureau({vs.skill for vs in vendor_skills})),
            "against_target": profiles.capacities_against_target(members, tiers)}


def _overview_tables() -> list:
    # The links of vendor staff to systems and skills are only ever added or removed, never changed.
    return [*((model.objects.all(), "updated_at") for model in (
        Department, Cadre, CadreSkill, Skill, LiteracyAssessment, TierProfile, InformationSystem, VendorStaff)),
        (VendorStaff.systems.through.objects.all(), "id"), (VendorStaff.skills.through.objects.all(), "id")]


def bureau_overview() -> dict:
    """The whole bureau's picture, with one summary line per top-level department (its sub-units included).
    Cached until a table it reads changes."""
    return table_cache.cached(table_cache.key("bureau-overview", tables=_overview_tables()), _bureau_overview)


def _bureau_overview() -> dict:
    tops = list(Department.objects.filter(parent__isnull=True).order_by("code"))
    children = department_children()
    overview = profiles.bureau_overview(
        units={dept.pk: descendant_ids([dept.pk], children) for dept in tops}, members=_members(None),
        skills=_skills_info(), tiers=_tier_targets(), vendor_skills=_vendor_skills(None),
    )
    summaries = overview.pop("summaries")
    return {**overview, "departments": [{"id": dept.pk, "code": dept.code, "name": dept.name, **summaries[dept.pk]}
                                        for dept in tops]}


# --- outsourcing registry -------------------------------------------------------------------------------

def information_system_list() -> QuerySet[InformationSystem]:
    return InformationSystem.objects.select_related("department", "maintainer", "deputy").prefetch_related(
        Prefetch("skill_requirements", queryset=SystemSkill.objects.select_related("skill")))


def vendor_list() -> QuerySet[Vendor]:
    return (Vendor.objects.select_related("transfer_to")
            .annotate(active_staff=Count("staff", filter=Q(staff__active=True))).order_by("name", "pk"))


def vendor_staff_list(*, actor: Actor) -> QuerySet[VendorStaff]:
    return VENDOR_STAFF.scope(
        VendorStaff.objects.select_related("vendor", "responsible_cadre__department", "last_confirmed_by",
                                           "successor")
        .prefetch_related("systems", "skills"), actor)


def _present(cadre: Cadre | None) -> bool:
    return cadre is not None and cadre.status != CadreStatus.LEFT


def _system_entries(systems: list[InformationSystem]) -> list[registry.SystemEntry]:
    """The systems as the pure core sees them, their maintainers' levels read in one query. Each system
    keeps the names of the critical skills its maintainer lacks (`lacking`) for the report."""
    levels: dict[int, dict[int, int]] = {}
    for cadre_id, skill_id, level in CadreSkill.objects.filter(
            cadre_id__in={s.maintainer_id for s in systems if s.maintainer_id}).values_list("cadre", "skill", "level"):
        levels.setdefault(cadre_id, {})[skill_id] = level
    entries = []
    for system in systems:
        entry = registry.SystemEntry(
            id=system.pk, name=system.name, in_use=system.in_use, maintained=system.maintained,
            maintainer_present=_present(system.maintainer), critical=system.critical,
            deputy_present=_present(system.deputy),
            required={link.skill_id: link.min_level for link in system.skill_requirements.all()},
            maintainer_levels=levels.get(system.maintainer_id, {}),
        )
        names = {link.skill_id: link.skill.name for link in system.skill_requirements.all()}
        system.lacking = [names[skill] for skill in registry.lacking_skills(entry)]
        system.unheld = registry.unheld(entry)
        entries.append(entry)
    return entries


def _staff_entry(staff: VendorStaff) -> registry.StaffEntry:
    return registry.StaffEntry(
        id=staff.pk, name=staff.name, vendor_id=staff.vendor_id, access_end=staff.access_end,
        contract_end=staff.vendor.contract_end,
        responsible_cadre_present=staff.responsible_cadre.status != CadreStatus.LEFT,
        confidentiality_signed_on=staff.confidentiality_signed_on, last_confirmed_at=staff.last_confirmed_at,
    )


def reconfirm_every_days() -> int:
    return settings.VENDOR_RECONFIRM_DAYS


def staff_issues(staff: VendorStaff, *, now: datetime | None = None) -> list[str]:
    if not staff.active:
        return []
    return registry.staff_issues(_staff_entry(staff), now=now or timezone.now(), every_days=reconfirm_every_days())


def vendor_staff_due_for(*, actor: Actor, now: datetime | None = None) -> QuerySet[VendorStaff]:
    """Active vendor staff due for reconfirmation (never confirmed, or confirmed longer ago than the interval:
    the registry's overdue check as a query), for HR, who record reconfirmations; longest waiting first."""
    if not actor.has(roles.HR):
        return VendorStaff.objects.none()
    since = (now or timezone.now()) - timedelta(days=reconfirm_every_days())
    return (VendorStaff.objects.filter(Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=since), active=True)
            .select_related("vendor").order_by(F("last_confirmed_at").asc(nulls_first=True), "pk"))


def _registry_findings(now: datetime) -> tuple[list[int], dict[int, Vendor], dict[int, InformationSystem],
                                                dict[str, list]]:
    """The active staff's ids, the vendors, the active systems, and every health check with the ids failing it.
    The staff are read as plain values: an instance decrypts the person's citizen ID and the responsible cadre's
    for nothing."""
    # Whether the responsible cadre has left, looked up by key: joined, both databases read all 50,000 cadres.
    left = Exists(Cadre.objects.filter(pk=OuterRef("responsible_cadre_id"), status=CadreStatus.LEFT))
    staff = [registry.StaffEntry(id=pk, name=name, vendor_id=vendor, access_end=access_end, contract_end=contract_end,
                                 responsible_cadre_present=not gone, confidentiality_signed_on=signed,
                                 last_confirmed_at=confirmed)
             for pk, name, vendor, access_end, contract_end, gone, signed, confirmed
             in VendorStaff.objects.filter(active=True).annotate(gone=left).values_list(
                 "pk", "name", "vendor_id", "access_end", "vendor__contract_end", "gone",
                 "confidentiality_signed_on", "last_confirmed_at")]
    vendors = {v.pk: v for v in vendor_list()}
    systems = {s.pk: s for s in information_system_list().filter(active=True)}
    found = registry.health(
        staff, [registry.VendorEntry(v.pk, v.name, v.contract_end, v.active_staff, v.transfer_due, v.transfer_done_on)
                for v in vendors.values()],
        now=now, today=timezone.localdate(), every_days=reconfirm_every_days(),
        systems=_system_entries(list(systems.values())),
    )
    return [entry.id for entry in staff], vendors, systems, found


def registry_health() -> dict:
    """Every health check with the staff (or, for expired contracts, the vendors) failing it."""
    now = timezone.now()
    staff_ids, vendors, systems, found = _registry_findings(now)
    failing = {s.pk: s for s in VendorStaff.objects.filter(
        pk__in={pk for check, ids in found.items() if check in registry.STAFF_CHECKS for pk in ids})
        .select_related("vendor", "responsible_cadre__department")}
    kinds = {**dict.fromkeys(registry.STAFF_CHECKS, failing), **dict.fromkeys(registry.VENDOR_CHECKS, vendors),
             **dict.fromkeys(registry.SYSTEM_CHECKS, systems)}
    return {
        "checked_at": now,
        "reconfirm_every_days": reconfirm_every_days(),
        "active_staff": len(staff_ids),
        "vendors": len(vendors),
        "systems": len(systems),
        "critical_unheld": [system for system in systems.values() if system.unheld],
        "checks": {check: [kinds[check][pk] for pk in ids] for check, ids in found.items()},
    }


def registry_health_counts() -> dict:
    """The registry's health as counts: how many active staff and vendors, and how many fail each check (the
    cockpit's and the trends' figure; who fails is registry_health's)."""
    staff_ids, vendors, systems, found = _registry_findings(timezone.now())
    return {"active_staff": len(staff_ids), "vendors": len(vendors),
            "checks": {check: len(ids) for check, ids in found.items()},
            "critical_unheld": sum(1 for system in systems.values() if system.unheld)}
