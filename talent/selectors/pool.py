"""Reads of the talent pool, scoped to what the actor may see."""

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.db.models import Case, F, FilteredRelation, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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


def skill_names_of(codes) -> dict[str, str]:
    """Skill code -> name, for text that names skills a record stored by code."""
    return dict(Skill.objects.filter(code__in=list(codes)).values_list("code", "name"))


def department_tree() -> list[dict]:
    """The whole department tree as nested dicts, built from one query."""
    departments = list(Department.objects.order_by("code"))
    nodes = {
        d.id: {"id": d.id, "code": d.code, "name": d.name, "active": d.active, "children": []}
        for d in departments
    }
    roots = []
    for d in departments:
        (nodes[d.parent_id]["children"] if d.parent_id in nodes else roots).append(nodes[d.id])
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


def _composite_x100(profiles: dict[str, TierProfile]):
    """The composite score times 100, in SQL: weights have two decimal places, so this is an exact integer."""
    return Case(*[
        When(tier=tier, then=sum(
            (F(f"latest__{c}") * Value(int(w * 100)) for c, w in profile.weights().items()), Value(0)))
        for tier, profile in profiles.items()
    ], default=Value(None), output_field=IntegerField())


def talent_search(*, query: TalentQuery, actor: Actor) -> tuple[QuerySet[Cadre], dict[str, Skill]]:
    """Cadres meeting the query, sorted by match score (or by composite, then match score).

    Each required skill is an `id IN (holders at that level)` subquery that the (skill, level, cadre) index
    answers alone; the latest assessment is joined only when a filter or the sort needs it, and no personal
    data is selected. Every condition and sort key names the field it reads and goes through
    TALENT_SEARCH.where / sort_key, so a cadre the actor sees only as a summary is matched and ordered by
    what the summary shows, never by a hidden field. Returns the queryset and the requested skills by code;
    an unknown code raises DomainError naming the field.
    """
    codes = {r.code for r in query.required + query.any_of}
    skills = {s.code: s for s in Skill.objects.filter(code__in=codes)}
    for field, requirements in (("skill", query.required), ("any_skill", query.any_of)):
        unknown = sorted({r.code for r in requirements} - set(skills))
        if unknown:
            raise DomainError(_("Unknown skill code: %(codes)s.") % {"codes": ", ".join(unknown)},
                              fields={field: [", ".join(unknown)]})
    skill_ids = {code: skill.pk for code, skill in skills.items()}

    def where(field: str, condition: Q) -> Q:
        return TALENT_SEARCH.where(actor, field, condition)

    conditions = [where("skills", Q(pk__in=CadreSkill.objects.filter(_level_condition([r], skill_ids))
                                    .values("cadre_id"))) for r in query.required]
    if query.any_of:
        conditions.append(where("skills", Q(pk__in=CadreSkill.objects.filter(
            _level_condition(query.any_of, skill_ids)).values("cadre_id"))))
    if query.department is not None:
        conditions.append(where("department", Q(department_id__in=descendant_ids([query.department.pk]))))
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

    cadres = Cadre.objects.all()
    if query.capacity_minimums or query.min_composite is not None or query.sort == "composite":
        cadres = cadres.annotate(latest=FilteredRelation("assessments", condition=Q(assessments__is_latest=True)))
    if query.min_composite is not None or query.sort == "composite":
        cadres = cadres.annotate(composite_x100=_composite_x100(tier_profiles()))
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
    # Only what a result shows: no personal data is read (or decrypted) for a search.
    shown = cadres.select_related("department").only(
        "staff_number", "name", "department__name", "post_title", "rank", "tier", "status")
    return shown.order_by(*order), skills


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


def talent_hits(*, cadres: list[Cadre], query: TalentQuery, skills: dict[str, Skill], actor: Actor) -> list[dict]:
    """Search results as plain rows, each explaining its match. Someone who does not see a cadre's
    department in full (a head looking elsewhere) gets the summary only: no staff number, rank or scores."""
    ids = [c.pk for c in cadres]
    held = held_levels(cadre_ids=ids, skills=skills)
    pictures = literacy_of(cadre_ids=ids)
    rows = []
    for cadre in cadres:
        matches = search.explain(query.required, query.any_of, held.get(cadre.pk, {}))
        row = {
            "id": cadre.pk, "name": cadre.name, "department": cadre.department.name, "tier": cadre.tier,
            "matches": [{"code": m.code, "name": skills[m.code].name, "required": m.required, "minimum": m.minimum,
                         "level": m.level, "margin": m.margin} for m in matches],
            "match_score": search.score(matches),
            "summary": not TALENT_SEARCH.in_full(actor, cadre.department_id),
        }
        if not row["summary"]:
            picture = pictures.get(cadre.pk)
            row.update({
                "staff_number": cadre.staff_number, "department_id": cadre.department_id,
                "post_title": cadre.post_title, "rank": cadre.rank, "status": cadre.status,
                "scores": picture.scores if picture else dict.fromkeys(literacy.CAPACITIES),
                "composite": picture.composite if picture else None,
            })
        rows.append(row)
    return rows


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
