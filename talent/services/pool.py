"""Writes to the talent pool. Each service owns its transaction and validates the whole record.

Concurrent writes (PostgreSQL, READ COMMITTED): an update re-reads its record under a row lock, so it applies
its changes to the latest version and saves none of a stale copy's values; a write that puts a cadre or a
sub-unit into a department holds that department's row until commit, so a delete of the department waits for
it and then sees it, or has deleted it first and the write is refused; moves in the tree take turns.
tests/talent/test_concurrency.py.
"""

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, Forbidden
from talent import access, literacy
from talent.models import (
    Cadre,
    CadreSkill,
    CadreSkillHistory,
    Department,
    LiteracyAssessment,
    ProgramSkill,
    Skill,
    SkillCategory,
    SkillSource,
    TierProfile,
    TrainingProgram,
    TrainingRecord,
    TrainingResult,
)
from talent.services import posts

CADRE_FIELDS = (
    "staff_number", "name", "gender", "department", "post_title", "rank", "tier", "status",
    "education", "professional_title", "hire_date", "national_id", "mobile", "user",
)
DEPARTMENT_FIELDS = ("code", "name", "parent", "active")


def _assign(instance, data: dict, allowed: tuple[str, ...]) -> list[str]:
    changed = [key for key in allowed if key in data]
    for key in changed:
        setattr(instance, key, data[key])
    return changed


def _hold_department(data: dict, field: str) -> None:
    """Lock the department the write points to (FOR NO KEY UPDATE, until commit) and refuse it if a concurrent
    delete has removed it since the input was validated."""
    department = data.get(field)
    if department is None:
        return
    try:
        data[field] = Department.objects.select_for_update(no_key=True).get(pk=department.pk)
    except Department.DoesNotExist:
        raise ValidationError({field: _("This department has just been deleted.")}) from None


def _lock_and_reload(instance: models.Model) -> None:
    """Wait for concurrent writes to the record to commit, then reload it, so this write starts from them."""
    try:
        instance.refresh_from_db(from_queryset=type(instance).objects.select_for_update())
    except ObjectDoesNotExist:
        raise Conflict(_("This record has just been deleted."), code="deleted") from None


def _one_move_at_a_time() -> None:
    """Two concurrent moves in the tree could each pass the cycle check against the other's old position
    (A under a sub-unit of B while B goes under a sub-unit of A), so on PostgreSQL moves take turns; reads go on.
    Taken before any row lock, so it cannot deadlock with one. SQLite has one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{Department._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')


def _save(instance: models.Model, **kwargs) -> None:
    """Save; when a concurrent write has just taken a unique value (a double submission), say which field,
    as validation would have a moment later, instead of failing with the database's error."""
    try:
        with transaction.atomic():
            instance.save(**kwargs)
    except IntegrityError:
        instance.validate_unique()
        raise


def _created(instance, data: dict, allowed: tuple[str, ...]):
    _assign(instance, data, allowed)
    instance.full_clean()
    _save(instance)
    return instance


def _updated(instance, data: dict, allowed: tuple[str, ...]):
    _lock_and_reload(instance)
    changed = _assign(instance, data, allowed)
    instance.full_clean()
    stamped = ["updated_at"] if any(f.name == "updated_at" for f in instance._meta.concrete_fields) else []
    _save(instance, update_fields=[*changed, *stamped])
    return instance


@transaction.atomic
def department_create(**data) -> Department:
    _hold_department(data, "parent")
    department = Department()
    _assign(department, data, DEPARTMENT_FIELDS)
    department.full_clean()
    _save(department)
    return department


@transaction.atomic
def department_update(*, department: Department, **data) -> Department:
    if "parent" in data:
        _one_move_at_a_time()
    _lock_and_reload(department)
    _hold_department(data, "parent")
    changed = _assign(department, data, DEPARTMENT_FIELDS)
    department.full_clean()
    _save(department, update_fields=[*changed, "updated_at"])
    return department


@transaction.atomic
def department_delete(*, department: Department) -> None:
    department = Department.objects.select_for_update().get(pk=department.pk)
    if department.children.exists():
        raise Conflict(_("This department still has sub-units; move or delete them first."),
                       code="department_has_children")
    if department.cadres.exists():
        raise Conflict(_("This department still has cadres (including former ones); move them first."),
                       code="department_has_cadres")
    department.delete()


@transaction.atomic
def cadre_create(**data) -> Cadre:
    _hold_department(data, "department")
    cadre = Cadre()
    _assign(cadre, data, CADRE_FIELDS)
    cadre.full_clean()
    _save(cadre)
    return cadre


@transaction.atomic
def cadre_update(*, cadre: Cadre, **data) -> Cadre:
    _lock_and_reload(cadre)
    _hold_department(data, "department")
    old_department, old_post_title = cadre.department, cadre.post_title
    changed = _assign(cadre, data, CADRE_FIELDS)
    cadre.full_clean()
    # clean() normalises the personal-data fields, so they are saved even when not in the input.
    _save(cadre, update_fields=sorted({*changed, "national_id", "mobile", "updated_at"}))
    if (cadre.department_id, cadre.post_title) != (old_department.pk, old_post_title):
        posts.record_move(cadre=cadre, old_department=old_department, old_post_title=old_post_title)
    return cadre


SKILL_CATEGORY_FIELDS = ("code", "name", "name_en", "description", "position")
SKILL_FIELDS = ("code", "name", "name_en", "category", "description", "critical", "active")


@transaction.atomic
def skill_category_create(**data) -> SkillCategory:
    return _created(SkillCategory(), data, SKILL_CATEGORY_FIELDS)


@transaction.atomic
def skill_category_update(*, category: SkillCategory, **data) -> SkillCategory:
    return _updated(category, data, SKILL_CATEGORY_FIELDS)


@transaction.atomic
def skill_create(**data) -> Skill:
    return _created(Skill(), data, SKILL_FIELDS)


@transaction.atomic
def skill_update(*, skill: Skill, **data) -> Skill:
    return _updated(skill, data, SKILL_FIELDS)


def archived(cadre_skill: CadreSkill, *, by=None, reason: str = "") -> CadreSkillHistory:
    """The history row that keeps a cadre skill as it stands now (unsaved, so imports can bulk-create)."""
    return CadreSkillHistory(
        cadre_id=cadre_skill.cadre_id, skill_id=cadre_skill.skill_id, level=cadre_skill.level,
        source=cadre_skill.source, evidence=cadre_skill.evidence, since=cadre_skill.since,
        verified_by_id=cadre_skill.verified_by_id, verified_at=cadre_skill.verified_at,
        archived_at=timezone.now(), archived_by=by, reason=reason[:200],
    )


@transaction.atomic
def cadre_skill_set(
    *, cadre: Cadre, skill: Skill, level: int, source: str = SkillSource.SELF_DECLARED, evidence: str = "",
    by=None, reason: str = "",
) -> CadreSkill:
    """Give a cadre a skill at a level, or change it. A new level or source archives the old one and
    needs verifying again; the same level and source only refresh the evidence."""
    current = CadreSkill.objects.select_for_update().filter(cadre=cadre, skill=skill).first()
    if current is None:
        current = CadreSkill(cadre=cadre, skill=skill, level=level, source=source, evidence=evidence)
        current.full_clean()
        current.save()
        return current
    if (current.level, current.source) == (level, source):
        if current.evidence != evidence:
            current.evidence = evidence
            current.full_clean()
            current.save(update_fields=["evidence", "updated_at"])
        return current
    history = archived(current, by=by, reason=reason)
    current.level, current.source, current.evidence = level, source, evidence
    current.since, current.verified_by, current.verified_at = timezone.now(), None, None
    current.full_clean()
    history.save()
    current.save()
    return current


@transaction.atomic
def cadre_skill_declare(*, cadre: Cadre, skill: Skill, level: int, evidence: str = "", by=None) -> CadreSkill:
    """A cadre's own declaration. It may not overwrite a level HR assessed or a certificate proved."""
    current = CadreSkill.objects.select_for_update().filter(cadre=cadre, skill=skill).first()
    if current is not None and current.source != SkillSource.SELF_DECLARED:
        raise Conflict(_("This skill's level was %(source)s; ask HR to change it.")
                       % {"source": current.get_source_display()}, code="skill_not_self_declared")
    return cadre_skill_set(cadre=cadre, skill=skill, level=level, source=SkillSource.SELF_DECLARED,
                           evidence=evidence, by=by)


@transaction.atomic
def cadre_skill_remove(*, cadre_skill: CadreSkill, by=None, reason: str = "") -> None:
    archived(cadre_skill, by=by, reason=reason or _("removed")).save()
    cadre_skill.delete()


@transaction.atomic
def cadre_skill_verify(*, cadre_skill: CadreSkill, actor: access.Actor) -> CadreSkill:
    cadre_skill = CadreSkill.objects.select_for_update().select_related("cadre").get(pk=cadre_skill.pk)
    if cadre_skill.cadre.user_id is not None and cadre_skill.cadre.user_id == actor.user.pk:
        raise Forbidden(_("You cannot verify your own skills."), code="own_skill")
    if not access.may_verify_skills_of(actor, cadre_skill.cadre):
        raise Forbidden(_("Only HR staff or the cadre's own department head may verify a skill."))
    cadre_skill.verified_by, cadre_skill.verified_at = actor.user, timezone.now()
    cadre_skill.save(update_fields=["verified_by", "verified_at", "updated_at"])
    return cadre_skill


ASSESSMENT_FIELDS = ("cadre", "period", "assessed_on", "method", "assessor", "perception", "execution",
                     "decision", "creativity", "development", "notes")


LOCK_CHUNK = 2000  # ids per statement: SQLite allows a few thousand parameters


def lock_rows(model, ids, field: str = "pk") -> dict:
    """Row-lock these records until commit and return {pk: field} for those that exist. Locked in pk
    order, so writers locking overlapping records queue and never deadlock."""
    ids = sorted(set(ids))
    found = {}
    for start in range(0, len(ids), LOCK_CHUNK):
        found.update(model.objects.select_for_update().filter(pk__in=ids[start:start + LOCK_CHUNK])
                     .order_by("pk").values_list("pk", field))
    return found


def assessments_lock(cadre_ids) -> None:
    """Hold these cadres until commit, before any of their assessments is written. Which assessment is a
    cadre's latest depends on all of them: two writers at once would each flag the newest they can see, so
    two (the unique constraint fails) or the older one."""
    lock_rows(Cadre, cadre_ids)


def assessments_mark_latest(cadre_ids) -> None:
    """Flag each cadre's most recent assessment (by date, then entry order) as their latest; the caller holds
    assessments_lock for them."""
    cadre_ids = list(set(cadre_ids))
    for start in range(0, len(cadre_ids), 2000):  # stay under SQLite's limit on query parameters
        chunk = cadre_ids[start:start + 2000]
        newest: dict[int, tuple] = {}
        rows = LiteracyAssessment.objects.filter(cadre_id__in=chunk).values_list("cadre_id", "assessed_on", "id")
        for cadre_id, day, pk in rows:
            newest[cadre_id] = max(newest.get(cadre_id, (day, pk)), (day, pk))
        latest_ids = [pk for _day, pk in newest.values()]
        # updated_at left as it is: the flag only moves with a write to an assessment, which the cached reports'
        # fingerprint (core.table_cache) sees already, and the audit trail records that write's time.
        LiteracyAssessment.objects.filter(cadre_id__in=chunk, is_latest=True).exclude(id__in=latest_ids) \
            .update(is_latest=False)
        for id_chunk in (latest_ids[i:i + 2000] for i in range(0, len(latest_ids), 2000)):
            LiteracyAssessment.objects.filter(id__in=id_chunk, is_latest=False).update(is_latest=True)


@transaction.atomic
def assessment_record(**data) -> LiteracyAssessment:
    assessments_lock([data["cadre"].pk])
    assessment = _created(LiteracyAssessment(), data, ASSESSMENT_FIELDS)
    assessments_mark_latest([assessment.cadre_id])
    assessment.refresh_from_db(fields=["is_latest"])
    return assessment


@transaction.atomic
def assessment_update(*, assessment: LiteracyAssessment, **data) -> LiteracyAssessment:
    old_cadre_id = assessment.cadre_id
    assessments_lock([old_cadre_id, data["cadre"].pk if "cadre" in data else old_cadre_id])
    _updated(assessment, data, ASSESSMENT_FIELDS)
    assessments_mark_latest({old_cadre_id, assessment.cadre_id})
    assessment.refresh_from_db(fields=["is_latest"])
    return assessment


@transaction.atomic
def assessment_delete(*, assessment: LiteracyAssessment) -> None:
    cadre_id = assessment.cadre_id
    assessments_lock([cadre_id])
    assessment.delete()
    assessments_mark_latest([cadre_id])


TIER_PROFILE_FIELDS = tuple(f"{c}_{kind}" for kind in ("weight", "target")
                            for c in ("perception", "execution", "decision", "creativity", "development")
                            ) + ("emphasis",)


def tier_profiles_ensure(**kwargs) -> None:
    """post_migrate receiver: every tier has a profile, the article's default until HR tunes it. (A data
    migration seeds them too, but a flushed test database only gets post_migrate.)"""
    for tier, (weights, targets) in literacy.DEFAULT_PROFILES.items():
        fields = {f"{c}_weight": Decimal(w) for c, w in zip(literacy.CAPACITIES, weights, strict=True)}
        fields.update({f"{c}_target": t for c, t in zip(literacy.CAPACITIES, targets, strict=True)})
        TierProfile.objects.get_or_create(tier=tier, defaults=fields)


@transaction.atomic
def tier_profile_update(*, profile: TierProfile, **data) -> TierProfile:
    return _updated(profile, data, TIER_PROFILE_FIELDS)


PROGRAM_FIELDS = ("code", "name", "description", "capacities", "tiers", "format", "hours", "provider", "active")


def _set_program_skills(program: TrainingProgram, skills: list[dict]) -> None:
    """skills: [{"skill": Skill, "raises_to": level or None}], replacing what the program had."""
    program.program_skills.all().delete()
    links = [ProgramSkill(program=program, skill=item["skill"], raises_to=item.get("raises_to")) for item in skills]
    for link in links:
        link.full_clean(exclude=["program"])
    ProgramSkill.objects.bulk_create(links)


@transaction.atomic
def training_program_create(*, skills: list[dict] = (), **data) -> TrainingProgram:
    program = _created(TrainingProgram(), data, PROGRAM_FIELDS)
    _set_program_skills(program, list(skills))
    return program


@transaction.atomic
def training_program_update(*, program: TrainingProgram, skills: list[dict] | None = None,
                            **data) -> TrainingProgram:
    _updated(program, data, PROGRAM_FIELDS)
    if skills is not None:
        _set_program_skills(program, skills)
    return program


RECORD_FIELDS = ("cadre", "program", "hours", "result", "score", "completed_on")


def _credit_passed_program(record: TrainingRecord, by) -> None:
    """A passed program raises the skills it says it raises, as assessed levels with history."""
    links = record.program.program_skills.filter(raises_to__isnull=False).select_related("skill")
    held = dict(CadreSkill.objects.filter(cadre=record.cadre, skill__in=[link.skill for link in links])
                .values_list("skill_id", "level"))
    reason = _("passed training program %(code)s") % {"code": record.program.code}
    for link in links:
        if held.get(link.skill_id, 0) < link.raises_to:
            cadre_skill_set(cadre=record.cadre, skill=link.skill, level=link.raises_to,
                            source=SkillSource.ASSESSED, evidence=f"{record.program.name} ({record.completed_on})",
                            by=by, reason=reason)


def _check_record(record: TrainingRecord) -> None:
    record.full_clean()
    if record.result == TrainingResult.PASSED and record.completed_on is None:
        record.completed_on = timezone.localdate()


@transaction.atomic
def training_record_create(*, by=None, **data) -> TrainingRecord:
    record = TrainingRecord()
    _assign(record, data, RECORD_FIELDS)
    _check_record(record)
    record.save()
    if record.result == TrainingResult.PASSED:
        _credit_passed_program(record, by)
    return record


@transaction.atomic
def training_record_update(*, record: TrainingRecord, by=None, **data) -> TrainingRecord:
    was_passed = TrainingRecord.objects.select_for_update().get(pk=record.pk).result == TrainingResult.PASSED
    changed = _assign(record, data, RECORD_FIELDS)
    _check_record(record)
    record.save(update_fields=sorted({*changed, "completed_on", "updated_at"}))
    if record.result == TrainingResult.PASSED and not was_passed:
        _credit_passed_program(record, by)
    return record
