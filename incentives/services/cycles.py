"""Writes for incentives. Each service owns its transaction, checks who may act, validates the whole
record and keeps the cycle's workflow: draft -> computed -> submitted -> approved | rejected."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from operator import itemgetter

from auditlog.models import LogEntry
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import bulk
from core.errors import Conflict, DomainError, Forbidden
from incentives import allocation
from incentives import notices as incentives_notices
from incentives.models import (
    AppraisalGrade,
    Contribution,
    ContributionStatus,
    CycleStatus,
    IncentiveCycle,
    IncentiveLine,
    IncentivePolicy,
)
from incentives.selectors import cycles as selectors
from talent import roles
from talent.access import Actor
from talent.models import Cadre

CONTRIBUTION_FIELDS = ("cadre", "year", "kind", "title", "impact", "evidence")
GRADE_FIELDS = ("grade", "note")
POLICY_FIELDS = (
    "name", "weight_appraisal", "weight_literacy", "weight_contributions", "weight_secondments",
    "points_excellent", "points_competent", "points_basic", "points_per_activity_led", "points_per_activity_attended",
    "points_per_person_lent",
    "rank_coefficients", "backbone_min_contributions", "backbone_min_skill_level", "backbone_min_critical_skills",
    "backbone_tilt", "cap", "min_months_in_post", "honour_title", "honour_percent", "honour_max_per_department",
)
CYCLE_FIELDS = ("name", "year", "budget", "policy")
LINE_BATCH = 2000
CHUNK = 10_000  # rows read at a time from a server-side cursor
# Breakdown fragments kept for lines to share: most lines share their grade's or contributions' figures, but
# a literacy composite is nearly everyone's own, and a million fragments held at once took half a gigabyte.
FRAGMENTS = 50_000


def _assign(instance, data: dict, allowed: tuple[str, ...]) -> list[str]:
    changed = [key for key in allowed if key in data]
    for key in changed:
        setattr(instance, key, data[key])
    return changed


def _require(actor: Actor, *wanted: str) -> None:
    if not actor.has(*wanted):
        raise Forbidden(_("Your role may not do this."))


# ---- contributions ----------------------------------------------------------------------------------

def _check_scope(actor: Actor, cadre: Cadre) -> None:
    if not actor.sees_all_departments and cadre.department_id not in actor.scope_department_ids:
        raise Forbidden(_("You may record contributions only for the cadres of your own departments."))


@transaction.atomic
def contribution_create(*, actor: Actor, **data) -> Contribution:
    _require(actor, roles.HR, roles.HEAD)
    contribution = Contribution(submitted_by=actor.user)
    _assign(contribution, data, CONTRIBUTION_FIELDS)
    _check_scope(actor, contribution.cadre)
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def contribution_update(*, contribution: Contribution, actor: Actor, **data) -> Contribution:
    _require(actor, roles.HR, roles.HEAD)
    contribution = Contribution.objects.select_for_update().select_related("cadre").get(pk=contribution.pk)
    _check_scope(actor, contribution.cadre)
    if contribution.status != ContributionStatus.SUBMITTED:
        raise Conflict(_("A contribution that has been reviewed cannot be changed."), code="contribution_reviewed")
    changed = _assign(contribution, data, CONTRIBUTION_FIELDS)
    _check_scope(actor, contribution.cadre)
    contribution.full_clean()
    contribution.save(update_fields=[*changed, "updated_at"])
    return contribution


@transaction.atomic
def contribution_review(*, contribution: Contribution, actor: Actor, verified: bool, comment: str = "") -> Contribution:
    """HR verifies or rejects a submitted contribution; nobody reviews their own."""
    _require(actor, roles.HR)
    contribution = Contribution.objects.select_for_update().select_related("cadre").get(pk=contribution.pk)
    if contribution.cadre.user_id is not None and contribution.cadre.user_id == actor.user.pk:
        raise Forbidden(_("Nobody may verify their own contribution."), code="own_contribution")
    if contribution.status != ContributionStatus.SUBMITTED:
        raise Conflict(_("This contribution has already been reviewed."), code="contribution_reviewed")
    if not verified and not comment.strip():
        raise DomainError(_("Say why the contribution is rejected."),
                          fields={"comment": [_("This field is required.")]})
    contribution.status = ContributionStatus.VERIFIED if verified else ContributionStatus.REJECTED
    contribution.reviewed_by, contribution.reviewed_at = actor.user, timezone.now()
    contribution.review_comment = comment.strip()
    contribution.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    return contribution


# ---- appraisal grades -------------------------------------------------------------------------------

@transaction.atomic
def appraisal_grade_set(*, cadre: Cadre, year: int, **data) -> AppraisalGrade:
    """The cadre's grade for the year, created or replaced (one grade per cadre and year)."""
    appraisal = AppraisalGrade.objects.select_for_update().filter(cadre=cadre, year=year).first() \
        or AppraisalGrade(cadre=cadre, year=year)
    _assign(appraisal, data, GRADE_FIELDS)
    appraisal.full_clean()
    appraisal.save()
    return appraisal


@transaction.atomic
def appraisal_grade_delete(*, appraisal: AppraisalGrade) -> None:
    appraisal.delete()


# ---- policies ---------------------------------------------------------------------------------------

@transaction.atomic
def policy_create(**data) -> IncentivePolicy:
    policy = IncentivePolicy()
    _assign(policy, data, POLICY_FIELDS)
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def policy_update(*, policy: IncentivePolicy, **data) -> IncentivePolicy:
    changed = _assign(policy, data, POLICY_FIELDS)
    policy.full_clean()
    policy.save(update_fields=[*changed, "updated_at"])
    return policy


# ---- cycles -----------------------------------------------------------------------------------------

def _locked(cycle: IncentiveCycle) -> IncentiveCycle:
    return IncentiveCycle.objects.select_for_update().get(pk=cycle.pk)


def _expect(cycle: IncentiveCycle, allowed: tuple[str, ...], message: str) -> None:
    if cycle.status in allowed:
        return
    if cycle.frozen:
        raise Conflict(_("This list has been approved and is frozen: it cannot be changed."), code="cycle_frozen")
    raise Conflict(message % {"status": cycle.get_status_display()}, code="cycle_state")


EDITABLE = (CycleStatus.DRAFT, CycleStatus.COMPUTED)
DELETABLE = (*EDITABLE, CycleStatus.REJECTED)


@transaction.atomic
def cycle_create(*, actor: Actor, **data) -> IncentiveCycle:
    _require(actor, roles.HR)
    cycle = IncentiveCycle(created_by=actor.user)
    _assign(cycle, data, CYCLE_FIELDS)
    cycle.full_clean()
    cycle.save()
    return cycle


@transaction.atomic
def cycle_update(*, cycle: IncentiveCycle, actor: Actor, **data) -> IncentiveCycle:
    """A changed budget, policy or year makes the computed list stale: the cycle goes back to draft."""
    _require(actor, roles.HR)
    cycle = _locked(cycle)
    _expect(cycle, EDITABLE, _("Only a draft or computed cycle can be changed; this one is %(status)s."))
    before = (cycle.year, cycle.budget, cycle.policy_id)
    changed = _assign(cycle, data, CYCLE_FIELDS)
    cycle.full_clean()
    if (cycle.year, cycle.budget, cycle.policy_id) != before and cycle.status == CycleStatus.COMPUTED:
        cycle.status = CycleStatus.DRAFT
        changed.append("status")
    cycle.save(update_fields=[*changed, "updated_at"])
    return cycle


@transaction.atomic
def cycle_delete(*, cycle: IncentiveCycle, actor: Actor) -> None:
    _require(actor, roles.HR)
    cycle = _locked(cycle)
    _expect(cycle, DELETABLE, _("A cycle that is %(status)s cannot be deleted."))
    cycle.delete()


def _breakdown(line: allocation.Line, person: allocation.Person, fragments: dict[int, dict]) -> dict:
    """Everything particular to the line, with figures as text so that they survive JSON exactly; what
    is the same for everyone (each component's best value and weight) is in the cycle's summary. Lines
    with the same component figures share one fragment, built once."""
    components = {}
    for name, component in line.components.items():
        fragment = fragments.get(id(component))
        if fragment is None:
            if len(fragments) >= FRAGMENTS:
                fragments.clear()
            fragment = fragments[id(component)] = {"value": str(component.value),
                                                   "normalised": str(component.normalised),
                                                   "points": str(component.points)}
        components[name] = fragment
    return {
        "grade": person.grade,
        "literacy": None if person.literacy is None else str(person.literacy),
        "contributions": person.contributions,
        "secondment_ratings": person.secondment_ratings,
        "activities_led": person.activities_led,
        "activities_attended": person.activities_attended,
        "people_lent": person.people_lent,
        "months_in_post": person.months_in_post,
        "components": components,
        "coefficient": str(line.coefficient),
        "backbone_skills": line.backbone_skills,
        "tilt": str(line.tilt),
        "capped": line.capped,
        "exact_fen": line.exact_fen,
        "extra_fen": line.extra_fen,
    }


def _summary(result: allocation.Result, policy: IncentivePolicy) -> dict:
    rules = policy.rules()
    return {
        "policy": {
            "id": policy.pk, "name": policy.name,
            "weights": {k: str(v) for k, v in rules.weights.items()},
            "grade_points": {k: str(v) for k, v in rules.grade_points.items()},
            "rank_coefficients": {k: str(v) for k, v in rules.rank_coefficients.items()},
            "backbone_rule": policy.backbone_rule(),
            "points_per_activity_led": str(rules.points_per_activity_led),
            "points_per_activity_attended": str(rules.points_per_activity_attended),
            "learning_rule": policy.learning_rule(),
            "points_per_person_lent": str(rules.points_per_person_lent),
            "lending_rule": policy.lending_rule(),
            "cap": None if rules.cap is None else str(rules.cap),
            "min_months_in_post": rules.min_months_in_post,
            "honour_title": policy.honour_title, "honour_percent": str(rules.honour_percent),
            "honour_max_per_department": rules.honour_max_per_department,
        },
        "best": {k: str(v) for k, v in result.best.items()},
        "total_weight": str(result.total_weight),
        "pool": str(result.pool),
        "pool_weight": str(result.pool_weight),
        "capped": result.capped_count,
        "people": len(result.lines),
        "eligible": sum(line.eligible for line in result.lines),
        "backbone": sum(line.backbone and line.eligible for line in result.lines),
        "honours": sum(line.honour for line in result.lines),
    }


@dataclass(frozen=True)
class _Replaced:
    """The list about to be replaced, against the new one."""

    changed: dict[int, tuple[Decimal, Decimal]]  # amount and score before, where amount, score or eligibility moved
    removed: dict[int, Decimal]  # amount before, of those no longer on the list
    added: set[int]  # those new to the list


def _replaced(cycle: IncentiveCycle, result: allocation.Result) -> _Replaced:
    """Read as a stream and compared as it comes: the old list is never held whole (a million lines of
    Decimals), and only the few lines that differ are kept."""
    new = {line.cadre_id: line for line in result.lines}
    changed, removed = {}, {}
    for cadre_id, recommended, score, eligible in (cycle.lines.order_by().values_list(
            "cadre_id", "recommended", "score", "eligible").iterator(chunk_size=CHUNK)):
        line = new.pop(cadre_id, None)
        if line is None:
            removed[cadre_id] = recommended
        elif (recommended, score, eligible) != (line.amount, line.score, line.eligible):
            changed[cadre_id] = (recommended, score)
    return _Replaced(changed, removed, set(new))


def _names(ids: list[int]) -> dict[int, str]:
    """The names of the cadres a recomputation changed, read for them alone and in chunks: everyone's, held
    through the whole computation, took 150 MB at a million cadres."""
    names = {}
    for start in range(0, len(ids), CHUNK):
        names.update(Cadre.objects.filter(pk__in=ids[start:start + CHUNK]).values_list("pk", "name"))
    return names


def _changes(cycle: IncentiveCycle, result: allocation.Result, replaced: _Replaced | None,
             people: dict[int, allocation.Person]) -> dict:
    """What a recomputation changed, line by line, against the list it replaced (None: a first computation)."""
    if replaced is None:
        return {}
    names = _names([*replaced.changed, *replaced.added])
    entries = []
    for line in result.lines:
        cadre_id = line.cadre_id
        if cadre_id in replaced.changed or cadre_id in replaced.added:
            before = replaced.changed.get(cadre_id)
            entries.append({
                "cadre": cadre_id, "staff_number": people[cadre_id].staff_number, "name": names[cadre_id],
                "before": None if before is None else str(before[0]), "after": str(line.amount),
                "score_before": None if before is None else str(before[1]), "score_after": str(line.score),
            })
    return {
        "previous_computed_at": cycle.computed_at.isoformat(),
        "previous_total": str(cycle.total_recommended),
        "previous_budget": str(cycle.summary.get("budget", "")),
        "changed": entries,
        "removed": [{"cadre": cadre.pk, "staff_number": cadre.staff_number, "name": cadre.name,
                     "before": str(replaced.removed[cadre.pk])}
                    for cadre in Cadre.objects.filter(pk__in=replaced.removed).order_by("staff_number")],
    }


def _fill(cursor, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    """Rows into a table as one stream: COPY on PostgreSQL (executemany would first quote every value in
    Python), batches elsewhere."""
    if connection.vendor == "postgresql":
        bulk.copy_rows(connection, table, columns, rows)
        return
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    rows = iter(rows)
    while batch := list(islice(rows, LINE_BATCH)):
        cursor.executemany(sql, batch)


def _write_lines(cycle: IncentiveCycle, lines: Iterable[dict], replaced: _Replaced | None) -> None:
    """Write the cycle's list, each line built as it is written (a million lines are never held at once).
    bulk_create prepares every value of every field through the field's methods, which for a province's 50,000
    lines takes longer than everything else in a computation together; these values are already of the
    columns' types (only the JSON is adapted).

    A first computation (`replaced` None) writes the list straight in. A recomputation updates the list in
    place where a cadre keeps a line (its address stays the same), deletes the lines of those no longer on
    it and inserts those of the newcomers, all from a scratch table: a deleted and re-inserted line would cost
    PostgreSQL a check of each of its foreign keys at commit and of the certificates' key at the delete (1.2 s
    of a 50,000-line recomputation's 2 s in the database), an update that keeps the keys costs neither. Which
    lines are new is known from the comparison (`replaced`), so no statement looks for them in the list being
    written: with the list's statistics from before it, PostgreSQL planned that as a scan of the list per line
    (hours at a million). UPDATE ... FROM needs SQLite 3.33 or later."""
    fields = [field for field in IncentiveLine._meta.concrete_fields if not field.primary_key]
    encoder = IncentiveLine._meta.get_field("breakdown").encoder
    adapt = connection.ops.adapt_json_value
    quote = connection.ops.quote_name
    table, columns = quote(IncentiveLine._meta.db_table), [quote(field.column) for field in fields]
    values = itemgetter(*(field.attname for field in fields))

    def row(line: dict) -> tuple:
        line["breakdown"] = adapt(line["breakdown"], encoder)
        return values(line)

    with connection.cursor() as cursor:
        if replaced is None:
            _fill(cursor, table, columns, map(row, lines))
            return
        names = ", ".join(columns)
        cursor.execute(f"CREATE TEMPORARY TABLE new_lines AS SELECT {names}, false AS added FROM {table} WHERE 1 = 0")
        _fill(cursor, "new_lines", [*columns, "added"],
              ((*row(line), line["cadre_id"] in replaced.added) for line in lines))
        # Keyed by cadre, so that the two joins below can look a line up whichever side the planner starts from.
        cursor.execute("CREATE UNIQUE INDEX new_lines_cadre ON new_lines (cadre_id)")
        cursor.execute(f"DELETE FROM {table} AS line WHERE line.cycle_id = %s AND NOT EXISTS "
                       f"(SELECT 1 FROM new_lines WHERE new_lines.cadre_id = line.cadre_id)", [cycle.pk])
        assignments = ", ".join(f"{column} = new_lines.{column}" for column in columns)
        cursor.execute(f"UPDATE {table} AS line SET {assignments} FROM new_lines WHERE NOT new_lines.added "
                       f"AND line.cycle_id = %s AND line.cadre_id = new_lines.cadre_id", [cycle.pk])
        cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM new_lines WHERE new_lines.added")
        cursor.execute("DROP TABLE new_lines")


def compute_allowed(*, cycle: IncentiveCycle, actor: Actor) -> None:
    """Raise unless the actor may compute the cycle now: checked again under the lock by cycle_compute, and first
    before its job is queued, so that a refusal comes at once rather than as a failed job."""
    _require(actor, roles.HR)
    _expect(cycle, EDITABLE, _("Only a draft or computed cycle can be computed; this one is %(status)s."))


@transaction.atomic
def cycle_compute(*, cycle: IncentiveCycle, actor: Actor) -> IncentiveCycle:
    """Compute (or recompute) the list from the current grades, literacy, contributions and ratings."""
    cycle = _locked(cycle)
    compute_allowed(cycle=cycle, actor=actor)
    policy = cycle.policy
    inputs = selectors.cycle_inputs(year=cycle.year)
    result = allocation.compute(people=inputs.people, policy=policy.rules(), budget=cycle.budget)
    people = {p.cadre_id: p for p in inputs.people}

    # A first computation has nothing to compare with.
    replaced = None if cycle.computed_at is None else _replaced(cycle, result)
    fragments = {}
    _write_lines(cycle, ({
        "cycle_id": cycle.pk, "cadre_id": line.cadre_id, "department_id": line.department_id,
        "rank": people[line.cadre_id].rank, "eligible": line.eligible, "exclusion": line.exclusion or "",
        "score": line.score, "backbone": line.backbone, "weight": line.weight, "position": position,
        "standing": line.rank, "recommended": line.amount, "adjustment": Decimal("0.00"), "adjustment_reason": "",
        "adjusted_by_id": None, "adjusted_at": None, "final": line.amount,
        "honour": policy.honour_title if line.honour else "",
        "breakdown": _breakdown(line, people[line.cadre_id], fragments),
    } for position, line in enumerate(result.lines, start=1)), replaced)
    del fragments

    cycle.changes = _changes(cycle, result, replaced, people)
    cycle.summary = {**_summary(result, policy), "budget": str(cycle.budget)}
    cycle.total_recommended = cycle.total_final = result.total
    cycle.unallocated = result.unallocated
    cycle.status = CycleStatus.COMPUTED
    cycle.computed_at, cycle.computed_by = timezone.now(), actor.user
    cycle.save()
    return cycle


def _one_list_per_policy_and_year(cycle: IncentiveCycle) -> None:
    """A policy's honour goes to a person at most once a year, so only one of its lists for a year may be
    before leadership or approved; trial computations stay drafts. The policy's row is locked so that two
    lists submitted at once cannot both pass."""
    IncentivePolicy.objects.select_for_update().get(pk=cycle.policy_id)
    other = (IncentiveCycle.objects.filter(policy_id=cycle.policy_id, year=cycle.year,
                                           status__in=[CycleStatus.SUBMITTED, CycleStatus.APPROVED])
             .exclude(pk=cycle.pk).first())
    if other is not None:
        raise Conflict(
            _("The list “%(other)s” of the same policy for %(year)s is already %(status)s, and a policy's honour "
              "is given once a year. For a supplementary payment without honours, use a policy whose honour "
              "share is 0.") % {"other": other.name, "year": cycle.year, "status": other.get_status_display()},
            code="cycle_duplicate")


@transaction.atomic
def cycle_submit(*, cycle: IncentiveCycle, actor: Actor) -> IncentiveCycle:
    _require(actor, roles.HR)
    cycle = _locked(cycle)
    _expect(cycle, (CycleStatus.COMPUTED,), _("Only a computed cycle can be submitted; this one is %(status)s."))
    _one_list_per_policy_and_year(cycle)
    cycle.status = CycleStatus.SUBMITTED
    cycle.submitted_at, cycle.submitted_by = timezone.now(), actor.user
    cycle.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    incentives_notices.submitted(cycle)
    return cycle


def _decide(cycle: IncentiveCycle, actor: Actor, status: str, comment: str) -> IncentiveCycle:
    _require(actor, roles.LEADERSHIP)
    cycle = _locked(cycle)
    _expect(cycle, (CycleStatus.SUBMITTED,), _("Only a submitted cycle can be decided; this one is %(status)s."))
    cycle.status, cycle.decision_comment = status, comment.strip()
    cycle.decided_at, cycle.decided_by = timezone.now(), actor.user
    cycle.save(update_fields=["status", "decision_comment", "decided_at", "decided_by", "updated_at"])
    return cycle


@transaction.atomic
def cycle_approve(*, cycle: IncentiveCycle, actor: Actor, comment: str = "") -> IncentiveCycle:
    """Leadership approves the list as it stands; from then on it is frozen."""
    return _decide(cycle, actor, CycleStatus.APPROVED, comment)


@transaction.atomic
def cycle_reject(*, cycle: IncentiveCycle, actor: Actor, comment: str) -> IncentiveCycle:
    if not comment.strip():
        raise DomainError(_("Say why the list is rejected."), fields={"comment": [_("This field is required.")]})
    return _decide(cycle, actor, CycleStatus.REJECTED, comment)


@transaction.atomic
def cycle_reopen(*, cycle: IncentiveCycle, actor: Actor) -> IncentiveCycle:
    """HR takes a rejected list back to work on it (recompute, or submit again as it is)."""
    _require(actor, roles.HR)
    cycle = _locked(cycle)
    _expect(cycle, (CycleStatus.REJECTED,), _("Only a rejected cycle can be reopened; this one is %(status)s."))
    cycle.status = CycleStatus.COMPUTED
    cycle.save(update_fields=["status", "updated_at"])
    return cycle


@transaction.atomic
def line_adjust(*, line: IncentiveLine, actor: Actor, final: Decimal, reason: str) -> IncentiveLine:
    """Leadership changes one person's amount, giving a reason; the list must stay within the budget."""
    _require(actor, roles.LEADERSHIP)
    cycle = _locked(line.cycle)
    _expect(cycle, (CycleStatus.SUBMITTED,), _("Only a submitted list can be adjusted; this one is %(status)s."))
    line = IncentiveLine.objects.select_for_update().select_related("cadre").get(pk=line.pk, cycle=cycle)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("An adjustment needs a reason."), code="reason_required",
                          fields={"reason": [_("This field is required.")]})
    if not line.eligible:
        raise DomainError(_("%(name)s is excluded from this cycle (%(why)s) and cannot be given an amount.")
                          % {"name": line.cadre.name, "why": line.get_exclusion_display()}, code="not_eligible")
    total = cycle.total_final - line.final + final
    if total > cycle.budget:
        over = total - cycle.budget
        raise DomainError(
            _("With this amount the list would total %(total)s yuan, %(over)s over the budget of %(budget)s.")
            % {"total": total, "over": over, "budget": cycle.budget},
            code="over_budget", fields={"final": [_("Over the budget by %(over)s yuan.") % {"over": over}]},
        )
    before = {"final": str(line.final), "adjustment": str(line.adjustment), "adjustment_reason": line.adjustment_reason}
    line.final, line.adjustment, line.adjustment_reason = final, final - line.recommended, reason
    line.adjusted_by, line.adjusted_at = actor.user, timezone.now()
    line.save(update_fields=["final", "adjustment", "adjustment_reason", "adjusted_by", "adjusted_at"])
    cycle.total_final, cycle.unallocated = total, cycle.budget - total
    cycle.save(update_fields=["total_final", "unallocated", "updated_at"])
    after = {"final": str(line.final), "adjustment": str(line.adjustment), "adjustment_reason": reason}
    # Lines are written in bulk, outside auditlog's signals; an adjustment is recorded by hand.
    LogEntry.objects.log_create(
        line, action=LogEntry.Action.UPDATE, actor=actor.user,
        changes={key: [before[key], after[key]] for key in after if before[key] != after[key]},
    )
    return line
