"""Import and export of the pool in the shape HR keeps it: cadres, cadre skills and assessments, as
CSV or XLSX, with Chinese or English column headers.

Each import reads the whole file, checks every row against the same model validation the services use,
and reports every bad row (row number as Excel shows it, column as the file names it, reason). Only a
file without a single bad row is written, in one transaction; a dry run stops before writing. Rows are
matched by staff number (and skill, or period and method), so importing the same file twice changes
nothing the second time.

Writes are set-based (new records by COPY on PostgreSQL, core.bulk; changed ones by bulk_update in batches) so
that a 100,000-row file is written in seconds; the audit trail still gets one entry per created or changed record,
built the way auditlog builds them.
"""

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.diff import get_mask_function, model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField
from django.utils import timezone, translation
from django.utils.encoding import smart_str
from django.utils.translation import gettext as _

from core import bulk, tables
from core.crypto import mask_national_id, mask_phone
from core.errors import Conflict, DomainError
from core.formats import listing
from core.jobs import report_progress
from talent import access
from talent.models import (
    CAPACITIES,
    AssessmentMethod,
    Cadre,
    CadreSkill,
    CadreSkillHistory,
    CadreStatus,
    Department,
    Education,
    Gender,
    LiteracyAssessment,
    PlatformStudy,
    PostRecord,
    PostRecordSource,
    ProfessionalTitle,
    Proficiency,
    Rank,
    Skill,
    SkillSource,
    Tier,
    TrainingProgram,
)
from talent.services import pool as services
from talent.services import posts

BATCH = 1000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


# ---- reading cells ---------------------------------------------------------------------------------

def cell_text(value) -> str:
    return tables.cell_text(value)


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", cell_text(value))
    if not found:
        raise ValueError(_("Write the date as 2020-09-01."))
    try:
        return date(*map(int, found.groups()))
    except ValueError:
        raise ValueError(_("This date does not exist.")) from None


def _score(value) -> int:
    text = cell_text(value)
    if not re.fullmatch(r"\d{1,3}", text) or int(text) > 100:
        raise ValueError(_("Write a whole number from 0 to 100."))
    return int(text)


def _labels(choices) -> dict[str, object]:
    """Every way HR may write a choice: its code, and its label in Chinese and in English."""
    names = {}
    for value, label in choices.choices:
        names[_key(str(value))] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                names[_key(str(label))] = value
    return names


def choice_cell(choices, **extra: object) -> Callable:
    names: dict[str, object] = {}

    def parse(value):
        if not names:  # built on first use: the catalogue is not loaded when this module is imported
            names.update(_labels(choices), **{_key(k): v for k, v in extra.items()})
        try:
            return names[_key(cell_text(value))]
        except KeyError:
            allowed = listing(label for _v, label in choices.choices)
            raise ValueError(_("Not one of: %(allowed)s.") % {"allowed": allowed}) from None
    return parse


@lru_cache(maxsize=4096)  # a file writes the same department and choice labels in every row
def _key(text: str) -> str:
    return re.sub(r"[\s_\-（）()*:：]", "", text).lower()


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the Chinese header the export writes
    aliases: tuple[str, ...] = ()
    parse: Callable = cell_text

    def names(self) -> set[str]:
        return {_key(n) for n in (self.field, self.header, *self.aliases)}


def _locate(headers: list, columns: list[Column], required: set[str], report: ImportReport) -> dict[str, int]:
    """Which position each column has in the file; missing required columns are errors on row 1."""
    where, texts = {}, [_key(cell_text(h)) for h in headers]
    for column in columns:
        names = column.names()
        position = next((i for i, text in enumerate(texts) if text in names), None)
        if position is not None:
            where[column.field] = position
        elif column.field in required:
            report.errors.append(RowError(1, column.header, _("This column is missing.")))
    return where


@dataclass
class Row:
    number: int
    values: dict
    headers: dict  # field -> the header as the file writes it
    unreadable: bool = False


def parse_rows(table: list[list], columns: list[Column], required: set[str], report: ImportReport) -> list[Row]:
    headers = table[0]
    where = _locate(headers, columns, required, report)
    by_field = {c.field: c for c in columns}
    named = {f: cell_text(headers[i]) for f, i in where.items()}
    parsed = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell_text(cell) for cell in cells):
            continue
        report.rows += 1
        row = Row(number, {}, named)
        for name, position in where.items():
            cell = cells[position] if position < len(cells) else None
            text = cell_text(cell)
            if "\x00" in text:  # no database text holds it (PostgreSQL refuses it outright)
                report.errors.append(RowError(number, row.headers[name], _("This cell holds a NUL character.")))
                row.unreadable = True
                continue
            if text == "":
                if name in required:
                    report.errors.append(RowError(number, row.headers[name], _("This cell is empty.")))
                    row.unreadable = True
                continue
            try:
                parse = by_field[name].parse
                row.values[name] = text if parse is cell_text else parse(cell)  # a text column: read already
            except ValueError as exc:
                report.errors.append(RowError(number, row.headers[name], str(exc)))
                row.unreadable = True
        parsed.append(row)
    return parsed


# Foreign keys the importer resolved itself from one query: checking each again would cost a query a row.
RESOLVED = ("department", "cadre", "skill", "assessor", "verified_by", "program")


def validate_row(instance, row: Row, report: ImportReport) -> bool:
    """The model's own rules (the ones the services apply); uniqueness is checked in bulk by the caller.
    A row whose cells could not even be read is not checked further: its reasons are already given."""
    if row.unreadable:
        return False
    try:
        instance.full_clean(exclude=RESOLVED, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = row.headers.get(name, "" if name == "__all__" else name)
            report.errors.extend(RowError(row.number, column, message) for message in messages)
        return False
    return True


def repeats_earlier_row(key, seen: dict, row: Row, column: str, report: ImportReport) -> bool:
    if key in seen:
        report.errors.append(RowError(row.number, row.headers.get(column, column),
                                      _("Repeats row %(row)s.") % {"row": seen[key]}))
        return True
    seen[key] = row.number
    return False


def chunks(items: list, size: int = 2000):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _creation_changes(fields: list, masked: set[str], mask) -> Callable[[object], dict]:
    """What auditlog's model_instance_diff(None, instance) gives, without its per-field lookups, which
    cost more than the insert itself at 50,000 rows (tests/talent/test_imports.py holds the two equal).
    Like auditlog, an empty foreign key or date-time is recorded as ("None", "None"). What each field
    needs is worked out once, not for every record."""
    columns = [(f.name, f.attname, isinstance(f, DateTimeField), f.many_to_one or f.one_to_one, f.name in masked)
               for f in fields]
    hidden_none = mask("None")

    def changes(instance) -> dict:
        found = {}
        for name, attname, moment, related, hidden in columns:
            value = getattr(instance, attname)
            if value is None:
                if moment or related:
                    found[name] = ("None", "None")
                continue  # as text, "None": left out
            if moment and timezone.is_aware(value):
                value = timezone.make_naive(value, timezone=UTC)
            new = value if type(value) is str else smart_str(value)
            if new != "None":
                found[name] = (hidden_none, mask(new)) if hidden else ("None", new)
        return found
    return changes


def _audit(pairs: list[tuple], *, action: int, user) -> None:
    """One audit entry per created or changed record, as auditlog's signals would write it."""
    if not pairs:
        return
    model = type(pairs[0][1])
    content_type = ContentType.objects.get_for_model(model)
    registered = auditlog.get_model_fields(model)
    fields = [f for f in model._meta.concrete_fields if f.name in registered["include_fields"]]
    mask = get_mask_function(registered["mask_callable"])
    now, cid = timezone.now(), get_cid()
    creation_changes = _creation_changes(fields, set(registered["mask_fields"]), mask)
    entries = []
    for old, new in pairs:
        if old is None:
            changes = creation_changes(new)
        else:
            changes = model_instance_diff(old, new, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
        if changes:
            entries.append((str(new.pk), new.pk, str(new), changes))
    bulk.insert_rows(LogEntry, {"content_type": content_type, "action": action, "actor": user, "timestamp": now,
                                "cid": cid}, ("object_pk", "object_id", "object_repr", "changes"), entries)


def _pool_changed() -> Conflict:
    return Conflict(_("The pool changed while the file was being imported; import it again."), code="import_conflict")


def _lock_as_read(model, plan_changed: list[tuple]) -> None:
    """Lock the records the file changes and refuse the file if any changed or went since the
    check read them: the file's rows are written whole, with the values the check saw, so an edit made
    meanwhile (in the API, or by another import) would otherwise be overwritten without a trace."""
    read = {before.pk: before.updated_at for before, _new in plan_changed}
    if services.lock_rows(model, read, "updated_at") != read:
        raise _pool_changed()


def write_rows(model, plan_new: list, plan_changed: list[tuple], fields: set[str], user) -> None:
    """Run inside the import's transaction."""
    _lock_as_read(model, plan_changed)
    bulk.insert(model, plan_new)
    if plan_changed:
        model.objects.bulk_update([new for _old, new in plan_changed], sorted(fields), batch_size=BATCH)
    _audit([(None, new) for new in plan_new], action=LogEntry.Action.CREATE, user=user)
    _audit(plan_changed, action=LogEntry.Action.UPDATE, user=user)


# ---- cadres ----------------------------------------------------------------------------------------

CADRE_COLUMNS = [
    Column("staff_number", "工号", ("staff number", "人员编号", "编号")),
    Column("name", "姓名", ("name",)),
    Column("gender", "性别", ("gender", "sex"), choice_cell(Gender, 男性=Gender.MALE, 女性=Gender.FEMALE)),
    Column("department", "部门", ("department", "所在部门", "部门名称", "部门编码", "处室", "单位")),
    Column("post_title", "岗位", ("post title", "post", "职务")),
    Column("rank", "职级", ("rank",), choice_cell(Rank)),
    Column("tier", "人才层级", ("tier", "层级", "人员类别"),
           choice_cell(Tier, 领导=Tier.LEADER, 一般干部=Tier.GENERAL, 专业人才=Tier.SPECIALIST,
                   专业技术人才=Tier.SPECIALIST)),
    Column("status", "状态", ("status", "在岗状态"),
           choice_cell(CadreStatus, 在岗=CadreStatus.ACTIVE, 在职=CadreStatus.ACTIVE, 借调=CadreStatus.SECONDED,
                   离职=CadreStatus.LEFT)),
    Column("education", "学历", ("education",),
           choice_cell(Education, 博士=Education.DOCTORATE, 博士研究生=Education.DOCTORATE, 硕士=Education.MASTER,
                   硕士研究生=Education.MASTER, 研究生=Education.MASTER, 本科=Education.BACHELOR,
                   大学本科=Education.BACHELOR, 大专=Education.ASSOCIATE, 专科=Education.ASSOCIATE,
                   中专=Education.SECONDARY, 高中=Education.SECONDARY)),
    Column("professional_title", "职称", ("professional title", "专业技术职称"),
           choice_cell(ProfessionalTitle, 无=ProfessionalTitle.NONE, 初级=ProfessionalTitle.JUNIOR,
                   中级=ProfessionalTitle.INTERMEDIATE, 副高=ProfessionalTitle.ASSOCIATE_SENIOR,
                   副高级=ProfessionalTitle.ASSOCIATE_SENIOR, 正高=ProfessionalTitle.SENIOR,
                   正高级=ProfessionalTitle.SENIOR)),
    Column("hire_date", "入职日期", ("hire date", "入职时间", "参加工作时间"), _date),
    Column("national_id", "身份证号", ("citizen ID number", "公民身份号码", "身份证号码", "身份证")),
    Column("mobile", "手机号", ("mobile phone", "mobile", "手机号码", "手机", "联系电话")),
]
PERSONAL_COLUMNS = [c for c in CADRE_COLUMNS if c.field in {p.name for p in access.CADRES.personal_fields}]


def personal_headers(headers: list) -> list[str]:
    """The file's headers naming a personal field, as the file writes them."""
    names = {name for column in PERSONAL_COLUMNS for name in column.names()}
    return [cell_text(h) for h in headers if _key(cell_text(h)) in names]


def _department_lookup() -> dict[str, Department]:
    found = {}
    for department in Department.objects.all():
        found.setdefault(_key(department.name), department)
        found[_key(department.code)] = department  # codes win over a name that looks like a code
    return found


def import_cadres(table: list[list], report: ImportReport, *, user) -> Callable | None:
    rows = parse_rows(table, CADRE_COLUMNS, {"staff_number"}, report)
    departments = _department_lookup()
    numbers = [row.values["staff_number"] for row in rows if "staff_number" in row.values]
    existing = {}
    for chunk in chunks(numbers):
        existing.update({c.staff_number: c for c in Cadre.objects.filter(staff_number__in=chunk)})
    new, changed, compared, fields, seen = [], [], [], {"updated_at"}, {}
    for row in rows:
        number = row.values.get("staff_number")
        if number is None or repeats_earlier_row(number, seen, row, "staff_number", report):
            continue
        values = dict(row.values)
        if "department" in values:
            department = departments.get(_key(values["department"]))
            if department is None:
                report.errors.append(RowError(row.number, row.headers["department"], _("No such department.")))
                continue
            values["department"] = department
        if "national_id" in values:
            values["national_id"] = values["national_id"].upper()
        cadre = existing.get(number)
        if cadre is None:
            cadre = Cadre(**values)
            if validate_row(cadre, row, report):
                new.append(cadre)
            continue
        if any(column.field in values for column in PERSONAL_COLUMNS):
            compared.append(cadre)
        differing = [name for name, value in values.items()
                     if (cadre.department_id != value.pk if name == "department" else getattr(cadre, name) != value)]
        if not differing:
            report.unchanged += 1
            continue
        before = copy.copy(cadre)
        for name in differing:
            setattr(cadre, name, values[name])
        if validate_row(cadre, row, report):
            cadre.updated_at = timezone.now()
            changed.append((before, cadre))
            fields.update(differing)
    # Telling the file's personal values from the stored ones read the stored ones, dry run or not.
    _audit_access(compared, user, via="import")
    report.created, report.updated = len(new), len(changed)
    by_id = {department.pk: department for department in departments.values()}
    moved = [(before, cadre) for before, cadre in changed
             if (before.department_id, before.post_title) != (cadre.department_id, cadre.post_title)]

    def write():
        write_rows(Cadre, new, changed, fields, user)
        for before, cadre in moved:  # the post history, as when HR moves one cadre in the API
            cadre.department = by_id[cadre.department_id]
            posts.record_move(cadre=cadre, old_department=by_id[before.department_id],
                              old_post_title=before.post_title)
    return write


# ---- cadre skills ----------------------------------------------------------------------------------

SKILL_COLUMNS = [
    Column("staff_number", "工号", ("staff number", "人员编号")),
    Column("skill", "技能", ("skill", "技能代码", "技能编码", "技能名称", "skill code")),
    Column("level", "熟练程度", ("level", "等级", "技能等级", "水平"),
           choice_cell(Proficiency, 了解=1, 会用=2, 熟练=3, 精通=4, 专家=5,
                   **{str(level.value): level.value for level in Proficiency})),
    Column("source", "来源", ("source", "认定方式"), choice_cell(SkillSource, 自评=SkillSource.SELF_DECLARED,
                                                           自我申报=SkillSource.SELF_DECLARED,
                                                           考核=SkillSource.ASSESSED, 测评=SkillSource.ASSESSED,
                                                           证书=SkillSource.CERTIFIED)),
    Column("evidence", "佐证材料", ("evidence", "证明材料", "依据")),
]


def cadres_by_number(rows: list[Row]) -> dict[str, Cadre]:
    numbers = sorted({row.values["staff_number"] for row in rows if "staff_number" in row.values})
    found = {}
    for chunk in chunks(numbers):
        found.update({c.staff_number: c for c in Cadre.objects.filter(staff_number__in=chunk)
                      .only("id", "staff_number", "name")})
    return found


def stored_rows(queryset, cadres: dict[str, Cadre], key: Callable) -> dict:
    """The rows already stored for the file's cadres, by their key, read in chunks so that the IN list of a large
    file stays within the database's limits."""
    stored = {}
    for chunk in chunks([c.pk for c in cadres.values()]):
        stored.update({key(obj): obj for obj in queryset.filter(cadre_id__in=chunk)})
    return stored


def row_cadre(row: Row, cadres: dict[str, Cadre], report: ImportReport) -> Cadre | None:
    """The cadre a row names by staff number, or None with the row's error reported."""
    cadre = cadres.get(row.values["staff_number"])
    if cadre is None:
        report.errors.append(RowError(row.number, row.headers["staff_number"], _("No cadre has this staff number.")))
    return cadre


def import_cadre_skills(table: list[list], report: ImportReport, *, user) -> Callable | None:
    rows = parse_rows(table, SKILL_COLUMNS, {"staff_number", "skill", "level"}, report)
    cadres = cadres_by_number(rows)
    skills = {}
    for skill in Skill.objects.all():
        skills.setdefault(_key(skill.name), skill)
        skills[_key(skill.code)] = skill
    current = stored_rows(CadreSkill.objects, cadres, lambda cs: (cs.cadre_id, cs.skill_id))
    new, changed, history, seen = [], [], [], {}
    for row in rows:
        values = row.values
        if not {"staff_number", "skill", "level"} <= set(values):
            continue
        cadre, skill = row_cadre(row, cadres, report), skills.get(_key(values["skill"]))
        if skill is None:
            report.errors.append(RowError(row.number, row.headers["skill"], _("No such skill code or name.")))
        if cadre is None or skill is None or repeats_earlier_row((cadre.pk, skill.pk), seen, row, "skill", report):
            continue
        source = values.get("source", SkillSource.SELF_DECLARED)
        evidence = values.get("evidence", "")
        held = current.get((cadre.pk, skill.pk))
        if held is None:
            held = CadreSkill(cadre=cadre, skill=skill, level=values["level"], source=source, evidence=evidence)
            if validate_row(held, row, report):
                new.append(held)
            continue
        if (held.level, held.source, held.evidence) == (values["level"], source, evidence):
            report.unchanged += 1
            continue
        held.cadre, held.skill = cadre, skill  # for the audit entry's description, without a query
        before = copy.copy(held)
        if (held.level, held.source) != (values["level"], source):
            history.append(services.archived(held, by=user, reason=_("imported")))
            held.since, held.verified_by, held.verified_at = timezone.now(), None, None
        held.level, held.source, held.evidence = values["level"], source, evidence
        if validate_row(held, row, report):
            held.updated_at = timezone.now()
            changed.append((before, held))
    report.created, report.updated = len(new), len(changed)

    def write():
        bulk.insert(CadreSkillHistory, history)
        write_rows(CadreSkill, new, changed,
               {"level", "source", "evidence", "since", "verified_by", "verified_at", "updated_at"}, user)
    return write


# ---- assessments -----------------------------------------------------------------------------------

ASSESSMENT_COLUMNS = [
    Column("staff_number", "工号", ("staff number", "人员编号")),
    Column("period", "考核周期", ("period", "周期", "年度")),
    Column("assessed_on", "评估日期", ("assessed on", "测评日期", "日期"), _date),
    Column("method", "评估方式", ("method", "测评方式"), choice_cell(AssessmentMethod, 自评=AssessmentMethod.SELF,
                                                             上级评价=AssessmentMethod.SUPERVISOR,
                                                             考试=AssessmentMethod.TEST,
                                                             **{"360": AssessmentMethod.REVIEW_360,
                                                                "360度": AssessmentMethod.REVIEW_360})),
    Column("perception", "数字感知力", ("perception", "感知力"), _score),
    Column("execution", "数字执行力", ("execution", "执行力"), _score),
    Column("decision", "数字决策力", ("decision", "决策力"), _score),
    Column("creativity", "数字创造力", ("creativity", "创造力"), _score),
    Column("development", "数字发展力", ("development", "发展力"), _score),
    Column("notes", "备注", ("notes", "说明")),
]


def import_assessments(table: list[list], report: ImportReport, *, user) -> Callable | None:
    required = {"staff_number", "period", "assessed_on", "method", *CAPACITIES}
    rows = parse_rows(table, ASSESSMENT_COLUMNS, required, report)
    cadres = cadres_by_number(rows)
    current = stored_rows(LiteracyAssessment.objects, cadres, lambda a: (a.cadre_id, a.period, a.method))
    new, changed, seen = [], [], {}
    fields = {"assessed_on", *CAPACITIES, "notes", "updated_at"}
    for row in rows:
        values = row.values
        if not required <= set(values):
            continue
        cadre = row_cadre(row, cadres, report)
        if cadre is None:
            continue
        if repeats_earlier_row((cadre.pk, values["period"], values["method"]), seen, row, "period", report):
            continue
        data = {name: values[name] for name in fields - {"updated_at"} if name in values}
        assessment = current.get((cadre.pk, values["period"], values["method"]))
        if assessment is None:
            assessment = LiteracyAssessment(cadre=cadre, period=values["period"], method=values["method"],
                                            assessor=user, **data)
            if validate_row(assessment, row, report):
                new.append(assessment)
            continue
        if all(getattr(assessment, name) == value for name, value in data.items()):
            report.unchanged += 1
            continue
        assessment.cadre = cadre
        before = copy.copy(assessment)
        for name, value in data.items():
            setattr(assessment, name, value)
        if validate_row(assessment, row, report):
            assessment.updated_at = timezone.now()
            changed.append((before, assessment))
    report.created, report.updated = len(new), len(changed)

    def write():
        services.assessments_lock([a.cadre_id for a in new] + [a.cadre_id for _b, a in changed])
        write_rows(LiteracyAssessment, new, changed, fields, user)
        services.assessments_mark_latest([a.cadre_id for a in new] + [a.cadre_id for _b, a in changed])
    return write


# ---- post history ----------------------------------------------------------------------------------

POST_COLUMNS = [
    Column("staff_number", "工号", ("staff number", "人员编号")),
    Column("department", "部门", ("department", "任职部门", "部门名称", "部门编码", "处室", "单位")),
    Column("post_title", "岗位", ("post title", "post", "职务", "任职岗位")),
    Column("started_on", "起始日期", ("from", "started on", "开始日期", "任职时间", "起始时间", "自"), _date),
    Column("ended_on", "终止日期", ("to", "ended on", "结束日期", "离任时间", "终止时间", "至"), _date),
]


def import_post_history(table: list[list], report: ImportReport, *, user) -> Callable | None:
    """Each cadre's earlier posts: rows are matched by staff number and start date, so the same file twice changes
    nothing. An empty end date is the post held now; a cadre holds one such post, the file's and the stored lines
    together (a line the file matches counts once)."""
    required = {"staff_number", "department", "started_on"}
    rows = parse_rows(table, POST_COLUMNS, required, report)
    cadres = cadres_by_number(rows)
    departments = _department_lookup()
    current = stored_rows(PostRecord.objects, cadres, lambda line: (line.cadre_id, line.started_on))
    new, changed, seen, open_rows = [], [], {}, {}
    fields = {"department", "department_name", "post_title", "ended_on", "source", "updated_at"}
    for row in rows:
        values = row.values
        if not required <= set(values):
            continue
        cadre = row_cadre(row, cadres, report)
        if cadre is None:
            continue
        department = departments.get(_key(values["department"]))
        if department is None:
            report.errors.append(RowError(row.number, row.headers["department"], _("No such department.")))
            continue
        if repeats_earlier_row((cadre.pk, values["started_on"]), seen, row, "started_on", report):
            continue
        data = {"department": department, "department_name": department.name,
                "post_title": values.get("post_title", ""), "ended_on": values.get("ended_on")}
        if data["ended_on"] is None:
            open_rows.setdefault(cadre.pk, []).append(row)
        line = current.get((cadre.pk, values["started_on"]))
        if line is None:
            line = PostRecord(cadre=cadre, started_on=values["started_on"], source=PostRecordSource.IMPORTED, **data)
            if validate_row(line, row, report):
                new.append(line)
            continue
        if all(getattr(line, name) == value for name, value in data.items()):
            report.unchanged += 1
            continue
        line.cadre = cadre  # for the audit entry's description, without a query
        before = copy.copy(line)
        for name, value in data.items():
            setattr(line, name, value)
        line.source = PostRecordSource.IMPORTED
        if validate_row(line, row, report):
            line.updated_at = timezone.now()
            changed.append((before, line))
    # One post held now per cadre: the file's open lines with the stored ones the file does not give again.
    for cadre_id, opened in open_rows.items():
        given = {key for key in seen if key[0] == cadre_id}
        stored = [line for key, line in current.items()
                  if key[0] == cadre_id and key not in given and line.ended_on is None]
        if len(opened) + len(stored) > 1:
            for row in opened:
                held = stored[0].started_on.isoformat() if stored else _("another row of this file")
                report.errors.append(RowError(row.number, row.headers.get("ended_on", "终止日期"), _(
                    "Only the post held now has no end date, and this cadre already has one (from %(held)s): give "
                    "this row an end date.") % {"held": held}))
    report.created, report.updated = len(new), len(changed)
    return lambda: write_rows(PostRecord, new, changed, fields, user)


# ---- the online learning platform's hours -----------------------------------------------------------

def _hours(value) -> Decimal:
    text = cell_text(value)
    if not re.fullmatch(r"\d{1,3}(\.\d)?", text) or not Decimal("0.1") <= Decimal(text) <= 200:
        raise ValueError(_("Write the hours as a number from 0.1 to 200, at most one decimal."))
    return Decimal(text)


PLATFORM_COLUMNS = [
    Column("staff_number", "工号", ("staff number", "人员编号", "学员编号", "学号")),
    Column("course", "课程名称", ("course", "课程", "课程名")),
    Column("hours", "学时", ("hours", "获得学时", "学时数", "完成学时")),
    Column("studied_on", "完成日期", ("date", "studied on", "学习日期", "完成时间", "日期"), _date),
]


def import_platform_study(table: list[list], report: ImportReport, *, user) -> Callable | None:
    """The platform's export: one row per cadre, course and day. A course whose name or code is a training
    program's counts as that program (for compulsory programs)."""
    required = {"staff_number", "course", "hours", "studied_on"}
    rows = parse_rows(table, PLATFORM_COLUMNS, required, report)
    for row in rows:
        if "hours" in row.values:
            try:
                row.values["hours"] = _hours(row.values["hours"])
            except ValueError as exc:
                report.errors.append(RowError(row.number, row.headers["hours"], str(exc)))
                row.unreadable = True
    cadres = cadres_by_number(rows)
    programs = {}
    for program in TrainingProgram.objects.all():
        programs.setdefault(_key(program.name), program)
        programs[_key(program.code)] = program
    current = stored_rows(PlatformStudy.objects, cadres, lambda p: (p.cadre_id, p.course, p.studied_on))
    new, changed, seen = [], [], {}
    for row in rows:
        values = row.values
        if not required <= set(values) or row.unreadable:
            continue
        cadre = row_cadre(row, cadres, report)
        if cadre is None:
            continue
        key = (cadre.pk, values["course"], values["studied_on"])
        if repeats_earlier_row(key, seen, row, "course", report):
            continue
        program = programs.get(_key(values["course"]))
        held = current.get(key)
        if held is None:
            held = PlatformStudy(cadre=cadre, course=values["course"], studied_on=values["studied_on"],
                                 hours=values["hours"], program=program)
            if validate_row(held, row, report):
                new.append(held)
            continue
        if held.hours == values["hours"] and held.program_id == (program.pk if program else None):
            report.unchanged += 1
            continue
        held.cadre = cadre
        before = copy.copy(held)
        held.hours, held.program = values["hours"], program
        if validate_row(held, row, report):
            held.updated_at = timezone.now()
            changed.append((before, held))
    report.created, report.updated = len(new), len(changed)
    return lambda: write_rows(PlatformStudy, new, changed, {"hours", "program", "updated_at"}, user)


IMPORTERS = {"cadres": import_cadres, "cadre-skills": import_cadre_skills, "assessments": import_assessments,
             "post-history": import_post_history, "training-hours": import_platform_study}


def run_import(*, kind: str, data: bytes, filename: str, dry_run: bool, user) -> ImportReport:
    """Check the file and, unless it is a dry run or a single row is bad, write all of it."""
    report = ImportReport(kind=kind, dry_run=dry_run)
    report_progress(0, 3, _("Reading the file"))
    table = tables.read_table(data, filename)
    access.refuse_personal_writes(access.Actor(user), personal_headers(table[0]), field="file")
    report_progress(1, 3, _("Checking %(rows)s rows") % {"rows": max(len(table) - 1, 0)})
    write = IMPORTERS[kind](table, report, user=user)
    report.errors.sort(key=lambda error: error.row)
    if report.errors or dry_run:
        return report
    report_progress(2, 3, _("Writing %(rows)s rows") % {"rows": report.rows})
    try:
        with transaction.atomic():
            write()
    except IntegrityError as exc:  # someone else created the same records between check and write
        raise _pool_changed() from exc
    return report


def import_file(*, kind: str, data: bytes, filename: str, dry_run: bool, user) -> dict:
    """The import as the API answers it: the report's body; a bad file, or a bad row when not a dry run,
    is a DomainError listing the rows (nothing written). The API's dry run and the import job both call it."""
    try:
        if len(data) > tables.MAX_BYTES:
            raise tables.TableError(_("The file is larger than 30 MB."))
        report = run_import(kind=kind, data=data, filename=filename, dry_run=dry_run, user=user)
    except tables.TableError as exc:
        raise DomainError(str(exc), code="bad_file", fields={"file": [str(exc)]}) from None
    errors = [{"row": e.row, "column": e.column, "message": e.message} for e in report.errors]
    if errors and not report.dry_run:
        raise DomainError(_("%(count)s problems in the file; nothing was imported.") % {"count": len(errors)},
                          code="import_rejected", fields={"rows": errors})
    return {"kind": report.kind, "dry_run": report.dry_run, "valid": report.valid, "rows": report.rows,
            "created": report.created, "updated": report.updated, "unchanged": report.unchanged, "errors": errors}


# ---- exports in the same shape ----------------------------------------------------------------------

def _label(choices, value) -> str:
    return str(dict(choices.choices).get(value, value))


def _audit_access(cadres: list[Cadre], user, *, via: str) -> None:
    """Unmasked personal data leaving in a file, or compared with a file's, is an access to each cadre,
    as on a detail page; the entry says which (via export or import) and, as auditlog's own entries do, from
    which address (bulk_create skips the pre_save signal through which auditlog's middleware adds it)."""
    content_type = ContentType.objects.get_for_model(Cadre)
    now, cid = timezone.now(), get_cid()
    remote_addr = auditlog_value.get({}).get("remote_addr")
    shared = {"content_type": content_type, "action": LogEntry.Action.ACCESS, "actor": user, "timestamp": now,
              "cid": cid, "remote_addr": remote_addr, "additional_data": {"via": via}}
    bulk.insert_rows(LogEntry, shared, ("object_pk", "object_id", "object_repr"),
                     [(str(c.pk), c.pk, str(c)) for c in cadres])


def export_table(*, kind: str, reveal_personal_data: bool, user) -> tuple[list[str], list[list]]:
    """The pool as an import file would hold it: Chinese headers, labels for choices."""
    if kind == "cadres":
        cadres = list(Cadre.objects.select_related("department").order_by("staff_number"))
        if reveal_personal_data:
            _audit_access(cadres, user, via="export")
        headers = [c.header for c in CADRE_COLUMNS]
        rows = [[c.staff_number, c.name, _label(Gender, c.gender), c.department.code, c.post_title,
                 _label(Rank, c.rank), _label(Tier, c.tier), _label(CadreStatus, c.status),
                 _label(Education, c.education), _label(ProfessionalTitle, c.professional_title), c.hire_date,
                 c.national_id if reveal_personal_data else mask_national_id(c.national_id),
                 c.mobile if reveal_personal_data else mask_phone(c.mobile)]
                for c in cadres]
        return headers, rows
    if kind == "cadre-skills":
        headers = [c.header for c in SKILL_COLUMNS]
        rows = [[number, code, level, _label(SkillSource, source), evidence]
                for number, code, level, source, evidence in CadreSkill.objects
                .order_by("cadre__staff_number", "skill__code")
                .values_list("cadre__staff_number", "skill__code", "level", "source", "evidence")]
        return headers, rows
    headers = [c.header for c in ASSESSMENT_COLUMNS]
    rows = [[number, period, day, _label(AssessmentMethod, method), *scores, notes]
            for number, period, day, method, *scores, notes in LiteracyAssessment.objects
            .order_by("cadre__staff_number", "assessed_on", "method")
            .values_list("cadre__staff_number", "period", "assessed_on", "method", *CAPACITIES, "notes")]
    return headers, rows
