"""Reads of the talent pool, scoped to what the actor may see."""

import operator
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import reduce

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.db.models.lookups import Lookup
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import table_cache
from core.errors import DomainError
from talent import literacy, search
from talent.access import (
    CADRE_SKILLS,
    CADRES,
    LITERACY,
    SELF_STUDY,
    TALENT_SEARCH,
    TRAINING_RECORDS,
    Actor,
    departments_state,
    descendant_ids,
)
from talent.models import (
    Cadre,
    CadreSkill,
    CadreSkillHistory,
    CadreStatus,
    Capacity,
    Department,
    LiteracyAssessment,
    ProgramSkill,
    Rank,
    SelfStudy,
    Skill,
    StudyStatus,
    Tier,
    TierProfile,
    TrainingProgram,
    TrainingRecord,
    TrainingResult,
)


def cadre_list(*, actor: Actor) -> QuerySet[Cadre]:
    return CADRES.scope(Cadre.objects.select_related("department"), actor)


def cadre_records(*, actor: Actor) -> QuerySet[Cadre]:
    """cadre_list for the API's cadre answers, which show of the department its id and name: its other columns
    are not read (converting them cost about 0.8 ms of CPU a page of 50)."""
    return cadre_list(actor=actor).only(*(f.name for f in Cadre._meta.concrete_fields), "department__name")


def cadre_rows(*, actor: Actor) -> QuerySet[Cadre]:
    """cadre_records for a list, which no one writes: the department's name comes with each cadre as
    `department_name`, and no department record is made for each row (about 0.5 ms of CPU a page of 50)."""
    return CADRES.scope(Cadre.objects.annotate(department_name=F("department__name")), actor)


def skill_names_of(codes) -> dict[str, str]:
    """Skill code -> name, for text that names skills a record stored by code."""
    return dict(Skill.objects.filter(code__in=list(codes)).values_list("code", "name"))


def department_tree() -> list[dict]:
    """The whole department tree as nested dicts, built from one query (plain values: a model instance per
    department cost most of the tree's 7 ms of CPU at 200 departments), and kept by the process until a
    department changes (core.table_cache.kept: the table's state comes with the request's user, so the tree's
    page and answer read nothing more). Callers only read it."""
    return table_cache.kept("department-tree", (departments_state(), "updated_at"), _read_department_tree)


def _read_department_tree() -> list[dict]:
    departments = list(Department.objects.order_by("code").values("id", "code", "name", "active", "parent_id"))
    nodes = {d["id"]: {"id": d["id"], "code": d["code"], "name": d["name"], "active": d["active"], "children": []}
             for d in departments}
    roots = []
    for d in departments:
        (nodes[d["parent_id"]]["children"] if d["parent_id"] in nodes else roots).append(nodes[d["id"]])
    return roots


def tier_profiles() -> dict[str, TierProfile]:
    return {profile.tier: profile for profile in TierProfile.objects.all()}


@dataclass(frozen=True)
class Literacy:
    """A cadre's digital literacy as of their latest assessment, measured against their tier's profile."""

    assessment: LiteracyAssessment
    tier: str
    composite: Decimal
    scores: dict[str, int]
    targets: dict[str, int]
    gaps: dict[str, int]


def literacy_of(*, cadre_ids: Iterable[int] | None) -> dict[int, Literacy]:
    """Each cadre's literacy picture (all cadres when cadre_ids is None), for those with an assessment.
    Two queries whatever the number."""
    profiles = tier_profiles()
    found = {}
    # order_by(): one assessment per cadre, kept in a dict; the model's default order would sort them by cadre.
    assessments = LiteracyAssessment.objects.filter(is_latest=True).annotate(tier=F("cadre__tier")).order_by()
    if cadre_ids is not None:
        assessments = assessments.filter(cadre_id__in=list(cadre_ids))
    for assessment in assessments:
        profile = profiles.get(assessment.tier)
        if profile is None:
            continue
        scores = assessment.scores()
        found[assessment.cadre_id] = Literacy(
            assessment=assessment, tier=assessment.tier, scores=scores, targets=profile.targets(),
            composite=literacy.composite(scores, profile.weights()), gaps=literacy.gaps(scores, profile.targets()),
        )
    return found


def _programs() -> list[literacy.Program]:
    raises: dict[int, list[tuple[int, int]]] = {}
    for program_id, skill_id, level in ProgramSkill.objects.filter(
            program__active=True, raises_to__isnull=False).values_list("program_id", "skill_id", "raises_to"):
        raises.setdefault(program_id, []).append((skill_id, level))
    return [literacy.Program(p.id, p.name, tuple(p.capacities), tuple(p.tiers), tuple(raises.get(p.id, ())))
            for p in TrainingProgram.objects.filter(active=True)]


def _levels_held(cadre_ids: Iterable[int] | None, programs: list[literacy.Program]) -> dict[int, dict[int, int]]:
    """Each cadre's levels in the skills that these programs raise (only those: the pool holds many more)."""
    held: dict[int, dict[int, int]] = {}
    raised = {skill for program in programs for skill, _level in program.raises}
    rows = CadreSkill.objects.filter(skill_id__in=raised).values_list("cadre_id", "skill_id", "level")
    if cadre_ids is not None:
        rows = rows.filter(cadre_id__in=list(cadre_ids))
    for cadre_id, skill_id, level in rows:
        held.setdefault(cadre_id, {})[skill_id] = level
    return held


def _completed_programs(cadre_ids: Iterable[int] | None) -> dict[int, set[int]]:
    done: dict[int, set[int]] = {}
    rows = TrainingRecord.objects.filter(result=TrainingResult.PASSED).values_list("cadre_id", "program_id")
    if cadre_ids is not None:
        rows = rows.filter(cadre_id__in=list(cadre_ids))
    for cadre_id, program_id in rows:
        done.setdefault(cadre_id, set()).add(program_id)
    return done


def recommendation_reason(closes, *, own: bool = False) -> str:
    """Why a program is recommended; `own` words it for the cadre themself (their own record)."""
    labels = dict(Capacity.choices)
    parts = [_("%(capacity)s is %(gap)s below target") % {"capacity": labels[c], "gap": gap} for c, gap in closes]
    gaps = pgettext("list separator", "; ").join(parts)
    if own:
        return _("Builds what you most lack: %(gaps)s.") % {"gaps": gaps}
    return _("Builds what this cadre most lacks: %(gaps)s.") % {"gaps": gaps}


def cadre_recommendations(*, cadre: Cadre, limit: int = 5) -> list[dict]:
    """Programs that close this cadre's largest gaps for their tier and that they have not passed."""
    picture = literacy_of(cadre_ids=[cadre.pk]).get(cadre.pk)
    if picture is None:
        return []
    programs = _programs()
    found = literacy.recommend(tier=cadre.tier, gap_by_capacity=picture.gaps, programs=programs,
                               completed=_completed_programs([cadre.pk]).get(cadre.pk, ()),
                               held=_levels_held([cadre.pk], programs).get(cadre.pk), limit=limit)
    by_id = TrainingProgram.objects.in_bulk([r.program_id for r in found])
    return [{"program": by_id[r.program_id], "closes": [{"capacity": c, "gap": g} for c, g in r.closes],
             "reason": recommendation_reason(r.closes),
             "own_reason": recommendation_reason(r.closes, own=True)} for r in found]


def training_plan(*, per_cadre: int = 3) -> list[dict]:
    """For each active program, the active cadres it should reach: those for whom it is among their
    `per_cadre` best recommendations, grouped by department and tier."""
    cadres = {c.id: c for c in Cadre.objects.filter(status__in=[CadreStatus.ACTIVE, CadreStatus.SECONDED])
              .select_related("department")}
    pictures = literacy_of(cadre_ids=None)
    programs = _programs()
    done = _completed_programs(None)
    held = _levels_held(None, programs)
    reach: dict[int, dict[tuple[int, str], list[Cadre]]] = {p.id: {} for p in programs}
    for cadre_id, picture in pictures.items():
        cadre = cadres.get(cadre_id)
        if cadre is None:  # a cadre who has left
            continue
        for rec in literacy.recommend(tier=cadre.tier, gap_by_capacity=picture.gaps, programs=programs,
                                      completed=done.get(cadre_id, ()), held=held.get(cadre_id), limit=per_cadre):
            reach[rec.program_id].setdefault((cadre.department_id, cadre.tier), []).append(cadre)
    by_id = TrainingProgram.objects.in_bulk(list(reach))
    plan = []
    for program in programs:
        groups = [{"department": members[0].department, "tier": tier, "cadres": members}
                  for (_dept, tier), members in sorted(reach[program.id].items(),
                                                       key=lambda item: (item[1][0].department.code, item[0][1]))]
        plan.append({"program": by_id[program.id], "total": sum(len(g["cadres"]) for g in groups),
                     "groups": groups})
    plan.sort(key=lambda entry: (-entry["total"], entry["program"].code))
    return plan


SORTS = ("match", "composite")


@dataclass(frozen=True)
class TalentQuery:
    """A validated talent search (built by the search serializer)."""

    required: tuple[search.Requirement, ...] = ()
    any_of: tuple[search.Requirement, ...] = ()
    department: Department | None = None
    tiers: tuple[str, ...] = ()
    ranks: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    capacity_minimums: tuple[tuple[str, int], ...] = ()
    min_composite: Decimal | None = None
    text: str = ""
    sort: str = "match"

    @property
    def requirements(self) -> tuple[search.Requirement, ...]:
        """What the match score counts: each skill once, at its required level if it is required."""
        required_codes = {r.code for r in self.required}
        return self.required + tuple(r for r in self.any_of if r.code not in required_codes)


def _level_condition(requirements, skill_ids: dict[str, int]) -> Q:
    return reduce(operator.or_, (Q(skill_id=skill_ids[r.code], level__gte=r.level) for r in requirements))


def _composite_x100(weights: dict[str, dict[str, Decimal]]):
    """The composite score times 100, in SQL: weights have two decimal places, so this is an exact integer.
    weights: each tier profile's weights by capacity. The default is a typed NULL: without any profile it is the
    whole expression, and PostgreSQL refuses a bare NULL in ORDER BY."""
    return Case(*[
        When(tier=tier, then=sum(
            (F(f"latest__{c}") * Value(int(w * 100)) for c, w in tier_weights.items()), Value(0)))
        for tier, tier_weights in weights.items()
    ], default=Cast(Value(None), IntegerField()), output_field=IntegerField())


def _weights(query: TalentQuery) -> dict[str, dict[str, Decimal]] | None:
    """The tier profiles' weights where the query's SQL computes the composite score (None where it does not,
    without reading them)."""
    if query.min_composite is None and query.sort != "composite":
        return None
    return {tier: profile.weights() for tier, profile in tier_profiles().items()}


def skills_state() -> QuerySet[Skill]:
    """The skills' table, whose state keys the catalogue a search reads; read with every request's user
    (talent.apps)."""
    return Skill.objects.all()


def _catalogue() -> dict[str, Skill]:
    return {skill.code: skill for skill in Skill.objects.all()}


def search_skills(query: TalentQuery) -> dict[str, Skill]:
    """The skills a search asks for, by code, from the catalogue the process keeps until a skill changes
    (core.table_cache.kept; a search, a fifth of the load, read them by a statement of its own); an unknown code
    raises DomainError naming the field. Callers only read the skills."""
    codes = {r.code for r in query.required + query.any_of}
    catalogue = table_cache.kept("skill-catalogue", (skills_state(), "updated_at"), _catalogue)
    skills = {code: catalogue[code] for code in codes if code in catalogue}
    for field, requirements in (("skill", query.required), ("any_skill", query.any_of)):
        unknown = sorted({r.code for r in requirements} - set(skills))
        if unknown:
            raise DomainError(_("Unknown skill code: %(codes)s.") % {"codes": ", ".join(unknown)},
                              fields={field: [", ".join(unknown)]})
    return skills


class _AmongHolders(Lookup):
    """`id = ANY(ARRAY(subquery))`: the subquery is run once, before the cadres are read (_holders)."""

    lookup_name = "among_holders"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def _holders(query: TalentQuery, skill_ids: dict[str, int], vendor: str) -> list[Q]:
    """Who holds the query's skills: each required one at its level, and one of the any-of ones at its level.
    On PostgreSQL one look-up in the cadres' skill tokens (migration 0023: holding skill S at level L is having
    the tokens S*8+1 ... S*8+L), which one GIN index answers whatever the number of skills; elsewhere an
    `id IN (holders at that level)` subquery per requirement, which the (skill, level, cadre) index answers."""
    if vendor != "postgresql":
        holders = [CadreSkill.objects.filter(_level_condition([r], skill_ids)) for r in query.required]
        if query.any_of:
            holders.append(CadreSkill.objects.filter(_level_condition(query.any_of, skill_ids)))
        return [Q(pk__in=held.values("cadre_id")) for held in holders]
    tests, params = [], []
    for test, requirements in (("@>", query.required), ("&&", query.any_of)):  # all of them; any of them
        if requirements:
            tests.append(f"tokens {test} ARRAY[{', '.join(['%s * 8 + %s'] * len(requirements))}]")
            # The skill and the level apart: each is a parameter of the page's compiled statement (_compile_page).
            params += [value for r in requirements for value in (skill_ids[r.code], r.level)]
    if not tests:
        return []
    # id = ANY(ARRAY(holders)), not id IN (holders): the holders are read first, then each cadre by its id. With
    # IN, PostgreSQL joined the holders to a scan of the whole pool as soon as it expected some hundreds of them
    # (a level-2 skill), twice the time of the search's statement at 50,000 cadres.
    holders = RawSQL(f"SELECT cadre_id FROM talent_skill_tokens WHERE {' AND '.join(tests)}", params,
                     output_field=BigIntegerField())
    return [Q(_AmongHolders(F("pk"), holders))]


def _matching(query: TalentQuery, actor: Actor, skill_ids: dict[str, int], *, department_ids: frozenset[int] | None,
              weights: dict[str, dict[str, Decimal]] | None, latest: bool = False) -> QuerySet[Cadre]:
    """The search's one definition: the cadres meeting the query, in the search's order (see talent_search).
    `latest`: join the latest assessment even when no filter or sort needs it (the page reads its scores)."""

    def where(field: str, condition: Q) -> Q:
        return TALENT_SEARCH.where(actor, field, condition)

    cadres = Cadre.objects.all()
    conditions = [where("skills", held) for held in _holders(query, skill_ids, connections[cadres.db].vendor)]
    if department_ids is not None:  # the department asked for and its sub-units
        conditions.append(where("department", Q(department_id__in=department_ids)))
    if query.tiers:
        conditions.append(where("tier", Q(tier__in=query.tiers)))
    if query.ranks:
        conditions.append(where("rank", Q(rank__in=query.ranks)))
    # Without a status asked for, the search covers the pool: everyone still on the books, summaries included.
    conditions.append(where("status", Q(status__in=query.statuses)) if query.statuses
                      else ~Q(status=CadreStatus.LEFT))
    if query.text:
        conditions.append(where("name", Q(name__icontains=query.text))
                          | where("staff_number", Q(staff_number__icontains=query.text))
                          | where("post_title", Q(post_title__icontains=query.text)))
    conditions += [where("scores", Q(**{f"latest__{capacity}__gte": minimum}))
                   for capacity, minimum in query.capacity_minimums]
    if query.min_composite is not None:
        conditions.append(where("composite", Q(composite_x100__gte=query.min_composite * 100)))

    if latest or query.capacity_minimums or weights is not None:
        cadres = cadres.annotate(latest=FilteredRelation("assessments", condition=Q(assessments__is_latest=True)))
    if weights is not None:
        cadres = cadres.annotate(composite_x100=_composite_x100(weights))
    cadres = cadres.filter(*conditions)

    order = []
    if query.sort == "composite":
        order.append(TALENT_SEARCH.sort_key(actor, "composite", F("composite_x100")).desc(nulls_last=True))
    if query.requirements:
        margins = Case(*[When(skill_id=skill_ids[r.code], then=F("level") + 1 - r.level)
                         for r in query.requirements], default=Value(0))
        # order_by(): the model's default ordering would join cadre and skill into the GROUP BY.
        held = (CadreSkill.objects.filter(_level_condition(query.requirements, skill_ids), cadre_id=OuterRef("pk"))
                .order_by().values("cadre_id").annotate(total=Sum(margins)).values("total"))
        cadres = cadres.annotate(match_score=Subquery(held, output_field=IntegerField()))
        order.append(F("match_score").desc())  # shown in every summary
    # Ties go by staff number where it is seen, then by id, which every summary shows.
    order += [TALENT_SEARCH.sort_key(actor, "staff_number", F("staff_number")).asc(nulls_last=True), "pk"]
    return cadres.order_by(*order)


def _department_ids(query: TalentQuery) -> frozenset[int] | None:
    return descendant_ids([query.department.pk]) if query.department is not None else None


def talent_search(*, query: TalentQuery, actor: Actor) -> tuple[QuerySet[Cadre], dict[str, Skill]]:
    """Cadres meeting the query, sorted by match score (or by composite, then match score).

    The skills asked are one condition on PostgreSQL and one per requirement elsewhere (_holders); the latest
    assessment is joined only when a filter or the sort needs it, and no personal data is selected. Every
    condition and sort key names the field it reads and goes through TALENT_SEARCH.where / sort_key, so a cadre
    the actor sees only as a summary is matched and ordered by what the summary shows, never by a hidden field.
    Returns the queryset and the requested skills by code; an unknown code raises DomainError naming the field.
    The export reads this; a page of results is talent_search_page, the same statement with its scores and
    levels, compiled once per shape of query.
    """
    skills = search_skills(query)
    cadres = _matching(query, actor, {code: skill.pk for code, skill in skills.items()},
                       department_ids=_department_ids(query),
                       weights=_weights(query))
    # Only what a result shows: no personal data is read (or decrypted) for a search.
    return cadres.select_related("department").only(
        "staff_number", "name", "department__name", "post_title", "rank", "tier", "status"), skills


# A page's statement is compiled twice, with two sets of stand-ins for the skills' ids and the levels asked (in
# range for their columns, which Django checks): the parameters that differ are where each request's go.
_STAND_INS = ((1_000_000, 1_000), (2_000_000, 2_000))  # (first skill id, first level) of each set
_PAGE_FIELDS = ("pk", "staff_number", "name", "department_id", "department__name", "post_title", "rank", "tier",
                "status")


@dataclass(frozen=True)
class _CompiledPage:
    sql: str  # with LIMIT and OFFSET as its last two parameters
    params: tuple
    slots: tuple[tuple[int, str, int], ...]  # (position in params, "skill" or "level", index of the skill or level)
    names: tuple[str, ...]  # the columns, in order


_COMPILED_PAGES: dict[tuple, _CompiledPage | None] = {}
_MOST_SHAPES = 512  # a bound on memory; ordinary use needs a few dozen


def _compiled_page(shape: TalentQuery, actor: Actor, department_ids: frozenset[int] | None,
                   weights: dict[str, dict[str, Decimal]] | None, alias: str) -> _CompiledPage | None:
    """The page's statement for a shape of query (its skills named "#0", "#1"... and its levels numbered in the
    order asked), from the cache or compiled. Building and compiling it cost several ms of CPU, which the search
    paid on every request. A shape is everything but the skills and levels asked, with what the access rules
    make of the actor for this data set (TALENT_SEARCH.seen_in_full, which decides every condition and sort key
    that depends on the actor), so ordinary searches share a few. None when nothing can match."""
    key = (shape, TALENT_SEARCH.seen_in_full(actor), department_ids,
           None if weights is None else tuple(sorted((tier, tuple(w.items())) for tier, w in weights.items())), alias)
    try:
        return _COMPILED_PAGES[key]
    except KeyError:  # (looked up once: another thread may clear the cache between a test and a read)
        pass
    if len(_COMPILED_PAGES) >= _MOST_SHAPES:
        _COMPILED_PAGES.clear()
    compiled = _COMPILED_PAGES[key] = _compile_page(shape, actor, department_ids, weights, alias)
    return compiled


def _page_statement(shape: TalentQuery, actor: Actor, department_ids: frozenset[int] | None,
                    weights: dict[str, dict[str, Decimal]] | None, alias: str, first_skill: int, first_level: int):
    """The search's queryset (_matching) for the shape with these stand-ins, plus the total (COUNT(*) OVER ()),
    the latest assessment's scores, the tier's weights and each asked skill's level, as plain values:
    (sql, params, column names)."""
    def stand_in(requirement: search.Requirement) -> search.Requirement:
        return search.Requirement(requirement.code, first_level + requirement.level)

    query = replace(shape, required=tuple(map(stand_in, shape.required)), any_of=tuple(map(stand_in, shape.any_of)))
    codes = list(dict.fromkeys(r.code for r in shape.required + shape.any_of))
    skill_ids = {code: first_skill + i for i, code in enumerate(codes)}
    cadres = _matching(query, actor, skill_ids, department_ids=department_ids, weights=weights, latest=True)
    levels = {f"level_{i}": Subquery(CadreSkill.objects.filter(cadre_id=OuterRef("pk"), skill_id=skill_id)
                                     .order_by().values("level")[:1]) for i, skill_id in enumerate(skill_ids.values())}
    scores = {f"score_{c}": F(f"latest__{c}") for c in literacy.CAPACITIES}
    # The tier profile's weights (a few rows): the composite score computed as literacy_of does, no statement apart.
    profile = {f"weight_{c}": Subquery(TierProfile.objects.filter(tier=OuterRef("tier")).values(f"{c}_weight"))
               for c in literacy.CAPACITIES}
    cadres = cadres.annotate(total_rows=Window(Count("pk")), assessed=F("latest__id"), **scores, **profile,
                             **levels).values(*_PAGE_FIELDS, "total_rows", "assessed", *scores, *profile, *levels)
    sql, params = cadres.query.get_compiler(alias).as_sql()
    return sql, params, (*cadres.query.extra_select, *cadres.query.values_select, *cadres.query.annotation_select)


def _compile_page(shape: TalentQuery, actor: Actor, department_ids: frozenset[int] | None,
                  weights: dict[str, dict[str, Decimal]] | None, alias: str) -> _CompiledPage | None:
    try:
        (sql, params, names), (other_sql, other_params, _names) = (
            _page_statement(shape, actor, department_ids, weights, alias, *stand_ins) for stand_ins in _STAND_INS)
    except EmptyResultSet:
        return None
    (first_skill, first_level), _other = _STAND_INS
    slots = tuple((i, "skill", p - first_skill) if p >= first_skill else (i, "level", p - first_level)
                  for i, (p, other) in enumerate(zip(params, other_params, strict=True)) if p != other)
    asked = len({r.code for r in shape.required + shape.any_of}), len(shape.required + shape.any_of)
    if sql != other_sql or tuple(len({index for _i, kind, index in slots if kind == wanted}) for wanted in (
            "skill", "level")) != asked:
        raise RuntimeError("a search's skills and levels must each be a parameter of its statement")
    return _CompiledPage(f"{sql} LIMIT %s OFFSET %s", tuple(params), slots, names)


def talent_search_page(*, query: TalentQuery, skills: dict[str, Skill], actor: Actor, start: int,
                       size: int) -> tuple[list[dict], int]:
    """Results start to start+size of the search (talent_search's order and scope) as talent_hits rows, and how
    many there are in all, in one statement that also reads the rows' scores, weights and levels, compiled once
    per shape of query (_compiled_page). A composite filter or sort reads the tier profiles first: their weights
    are part of its shape."""
    codes = list(dict.fromkeys(r.code for r in query.required + query.any_of))
    requirements = [*query.required, *query.any_of]
    numbered = [search.Requirement(f"#{codes.index(r.code)}", i) for i, r in enumerate(requirements)]
    shape = replace(query, department=None, required=tuple(numbered[:len(query.required)]),
                    any_of=tuple(numbered[len(query.required):]))
    alias = Cadre.objects.db  # the replica router's choice for this request
    compiled = _compiled_page(shape, actor, _department_ids(query), _weights(query), alias)
    if compiled is None:
        return [], 0
    asked = {"skill": [skills[code].pk for code in codes], "level": [r.level for r in requirements]}
    params = list(compiled.params)
    for position, kind, index in compiled.slots:
        params[position] = type(params[position])(asked[kind][index])  # keeps a typed parameter's type (Int4)
    with connections[alias].cursor() as cursor:
        cursor.execute(compiled.sql, [*params, size, start])
        found = [dict(zip(compiled.names, row, strict=True)) for row in cursor.fetchall()]
    rows, held, pictures = [], {}, {}
    for row in found:
        rows.append({**{name: row[name] for name in _PAGE_FIELDS}, "department": row["department__name"]})
        held[row["pk"]] = {code: row[f"level_{i}"] for i, code in enumerate(codes) if row[f"level_{i}"] is not None}
        if row["assessed"] is not None and row["weight_perception"] is not None:  # assessed, tier profiled
            scores = {c: row[f"score_{c}"] for c in literacy.CAPACITIES}
            # str(): SQLite hands a decimal column over as a float; the model's field would read it exactly.
            weights = {c: Decimal(str(row[f"weight_{c}"])) for c in literacy.CAPACITIES}
            pictures[row["pk"]] = (scores, literacy.composite(scores, weights))
    hits = _hits(rows, held, pictures, query=query, skills=skills, actor=actor)
    return hits, found[0]["total_rows"] if found else 0


def held_levels(*, cadre_ids: list[int], skills: dict[str, Skill]) -> dict[int, dict[str, int]]:
    """The levels these cadres hold in the given skills, by cadre id and skill code (one query)."""
    code_of = {skill.pk: code for code, skill in skills.items()}
    held: dict[int, dict[str, int]] = {}
    # order_by(): the model's default order would join the cadres and the skills only to sort a dict's input.
    rows = CadreSkill.objects.filter(cadre_id__in=cadre_ids, skill_id__in=list(code_of)).order_by() \
        .values_list("cadre_id", "skill_id", "level")
    for cadre_id, skill_id, level in rows:
        held.setdefault(cadre_id, {})[code_of[skill_id]] = level
    return held


def _hits(rows: list[dict], held: dict[int, dict[str, int]], pictures: dict[int, tuple[dict, Decimal]], *,
          query: TalentQuery, skills: dict[str, Skill], actor: Actor) -> list[dict]:
    """Search results as plain rows, each explaining its match. Someone who does not see a cadre's
    department in full (a head looking elsewhere) gets the summary only: no staff number, rank or scores.
    rows: the cadres' fields (_PAGE_FIELDS, department: its name); pictures: scores and composite by cadre."""
    hits = []
    for cadre in rows:
        matches = search.explain(query.required, query.any_of, held.get(cadre["pk"], {}))
        hit = {
            "id": cadre["pk"], "name": cadre["name"], "department": cadre["department"], "tier": cadre["tier"],
            "matches": [{"code": m.code, "name": skills[m.code].name, "required": m.required, "minimum": m.minimum,
                         "level": m.level, "margin": m.margin} for m in matches],
            "match_score": search.score(matches),
            "summary": not TALENT_SEARCH.in_full(actor, cadre["department_id"]),
        }
        if not hit["summary"]:
            scores, composite = pictures.get(cadre["pk"], (dict.fromkeys(literacy.CAPACITIES), None))
            hit.update({
                "staff_number": cadre["staff_number"], "department_id": cadre["department_id"],
                "post_title": cadre["post_title"], "rank": cadre["rank"], "status": cadre["status"],
                "scores": scores, "composite": composite,
            })
        hits.append(hit)
    return hits


def talent_hits(*, cadres: list[Cadre], query: TalentQuery, skills: dict[str, Skill], actor: Actor) -> list[dict]:
    """talent_search's cadres as search results (_hits), their levels and scores read in three queries."""
    ids = [c.pk for c in cadres]
    pictures = {pk: (picture.scores, picture.composite) for pk, picture in literacy_of(cadre_ids=ids).items()}
    rows = [{**{name: getattr(cadre, name) for name in _PAGE_FIELDS if "__" not in name},
             "department": cadre.department.name} for cadre in cadres]
    return _hits(rows, held_levels(cadre_ids=ids, skills=skills), pictures, query=query, skills=skills, actor=actor)


EXPORT_CHUNK = 2000


def talent_search_table(*, query: TalentQuery, cadres: QuerySet[Cadre], skills: dict[str, Skill],
                        actor: Actor) -> tuple[list[str], Iterable[list]]:
    """Every result of a search as a spreadsheet's headers and rows (read in chunks as they are written),
    each row as much as talent_hits shows the actor: the API's export and the workspace's are this one."""
    labels = {**dict(Tier.choices), **dict(Rank.choices), **dict(CadreStatus.choices)}
    headers = [_("staff number"), pgettext("person", "name"), _("department"), _("post title"), _("rank"),
               _("tier"), _("status"), _("composite score"), *[str(label) for label in Capacity.labels],
               _("matching skills"), _("match score")]

    def rows():
        for start in range(0, cadres.count(), EXPORT_CHUNK):
            page = list(cadres[start:start + EXPORT_CHUNK])
            for hit in talent_hits(cadres=page, query=query, skills=skills, actor=actor):
                scores = hit.get("scores", {})
                matched = "；".join(f"{m['name']} {m['level']}（≥{m['minimum']}）" for m in hit["matches"])
                yield [hit.get("staff_number", ""), hit["name"], hit["department"], hit.get("post_title", ""),
                       str(labels.get(hit.get("rank"), "")), str(labels[hit["tier"]]),
                       str(labels.get(hit.get("status"), "")), hit.get("composite"),
                       *[scores.get(c) for c in literacy.CAPACITIES], matched, hit["match_score"]]

    return headers, rows()


def cadre_skill_list(*, actor: Actor) -> QuerySet[CadreSkill]:
    return CADRE_SKILLS.scope(CadreSkill.objects.select_related("cadre", "skill", "verified_by"), actor)


def cadre_skill_history(*, cadre: Cadre) -> QuerySet[CadreSkillHistory]:
    return cadre.skill_history.select_related("skill", "verified_by", "archived_by")


def assessment_list(*, actor: Actor) -> QuerySet[LiteracyAssessment]:
    return LITERACY.scope(LiteracyAssessment.objects.select_related("cadre", "assessor"), actor)


def training_record_list(*, actor: Actor) -> QuerySet[TrainingRecord]:
    return TRAINING_RECORDS.scope(TrainingRecord.objects.select_related("cadre", "program"), actor)


def training_program_list() -> QuerySet[TrainingProgram]:
    return TrainingProgram.objects.prefetch_related("program_skills__skill")


def learning_hours(*, cadre: Cadre, year: int) -> Decimal:
    """The hours of training this cadre completed in the year, of their self-study HR or their head confirmed, and
    of the online learning platform's courses (the training ledger's count: talent.selectors.training)."""
    trained = cadre.training_records.filter(completed_on__year=year).aggregate(total=Sum("hours"))["total"]
    studied = cadre.self_study.filter(status=StudyStatus.CONFIRMED, studied_on__year=year).aggregate(
        total=Sum("hours"))["total"]
    online = cadre.platform_study.filter(studied_on__year=year).aggregate(total=Sum("hours"))["total"]
    return (trained or Decimal("0")) + (studied or Decimal("0")) + (online or Decimal("0"))


def self_study_list(*, actor: Actor) -> QuerySet[SelfStudy]:
    """What HR (all) and heads (their departments) see to confirm."""
    return SELF_STUDY.scope(SelfStudy.objects.select_related("cadre", "program", "confirmed_by"), actor)
