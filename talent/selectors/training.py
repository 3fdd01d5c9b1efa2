"""The training ledger: each cadre's hours and compulsory programs for a year against their tier's requirement,
and the same by department. Scoped like the cadres themselves (access.TRAINING_LEDGER)."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from talent import ledger
from talent.access import TRAINING_LEDGER, Actor
from talent.models import (
    Cadre,
    Department,
    PlatformStudy,
    SelfStudy,
    StudyStatus,
    TrainingProgram,
    TrainingRecord,
    TrainingRequirement,
    TrainingResult,
)
from talent.selectors.planning import ON_THE_BOOKS

HOURS = DecimalField(max_digits=9, decimal_places=1)
CHUNK = 2000


def requirements() -> dict[str, ledger.Requirement]:
    found = {}
    for requirement in TrainingRequirement.objects.prefetch_related("compulsory_programs"):
        found[requirement.tier] = ledger.Requirement(
            requirement.yearly_hours, frozenset(p.pk for p in requirement.compulsory_programs.all()))
    return found


def _sources(year: int) -> dict[str, QuerySet]:
    """Each source of hours for the year, as rows with cadre_id and hours."""
    return {
        "training": TrainingRecord.objects.filter(completed_on__year=year),
        "self_study": SelfStudy.objects.filter(status=StudyStatus.CONFIRMED, studied_on__year=year),
        "platform": PlatformStudy.objects.filter(studied_on__year=year),
    }


def _done(year: int) -> list[QuerySet]:
    """Rows (cadre_id, program_id) of programs completed in the year, from each source."""
    return [
        TrainingRecord.objects.filter(result=TrainingResult.PASSED, completed_on__year=year),
        SelfStudy.objects.filter(status=StudyStatus.CONFIRMED, studied_on__year=year, program__isnull=False),
        PlatformStudy.objects.filter(studied_on__year=year, program__isnull=False),
    ]


def standings(*, cadres: Iterable[Cadre], year: int) -> dict[int, ledger.Standing]:
    """The year of each of these cadres (already scoped by the caller): six grouped queries per 2,000 cadres."""
    cadres = list(cadres)
    needed = requirements()
    hours: dict[int, dict[str, Decimal]] = {}
    done: dict[int, set[int]] = {}
    ids = [cadre.pk for cadre in cadres]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for source, rows in _sources(year).items():
            for cadre_id, total in (rows.filter(cadre_id__in=chunk).values("cadre_id")
                                    .annotate(total=Sum("hours")).values_list("cadre_id", "total")):
                hours.setdefault(cadre_id, {})[source] = total
        for rows in _done(year):
            for cadre_id, program_id in rows.filter(cadre_id__in=chunk).values_list("cadre_id", "program_id"):
                done.setdefault(cadre_id, set()).add(program_id)
    return {cadre.pk: ledger.standing(hours.get(cadre.pk, {}), needed.get(cadre.tier), done.get(cadre.pk, ()))
            for cadre in cadres}


def _hours_of(rows: QuerySet):
    return Coalesce(Subquery(rows.filter(cadre_id=OuterRef("pk")).order_by().values("cadre_id")
                             .annotate(total=Sum("hours")).values("total"), output_field=HOURS),
                    Value(Decimal("0")), output_field=HOURS)


def ledger_cadres(*, actor: Actor, year: int) -> QuerySet[Cadre]:
    """The cadres on the books the actor may see, each with its year's hours (hours_total) and requirement
    (hours_required) computed in the database, so lists can be filtered and sorted by them."""
    sources = _sources(year)
    required = Subquery(TrainingRequirement.objects.filter(tier=OuterRef("tier")).values("yearly_hours")[:1],
                        output_field=HOURS)
    return (TRAINING_LEDGER.scope(Cadre.objects.filter(status__in=ON_THE_BOOKS), actor)
            .select_related("department")
            .annotate(hours_total=_hours_of(sources["training"]) + _hours_of(sources["self_study"])
                      + _hours_of(sources["platform"]),
                      hours_required=Coalesce(required, Value(Decimal("0")), output_field=HOURS)))


def hours_met_figure(*, actor: Actor, year: int, department_ids: frozenset[int] | None = None) -> dict:
    """The cockpit's figure: how many cadres in scope have done their tier's hours this year, in one query."""
    cadres = ledger_cadres(actor=actor, year=year)
    if department_ids is not None:
        cadres = cadres.filter(department_id__in=department_ids)
    found = cadres.aggregate(headcount=Count("pk"), met=Count("pk", filter=Q(hours_total__gte=F("hours_required"))))
    share = (Decimal(found["met"]) * 100 / found["headcount"]).quantize(Decimal("0.1")) if found["headcount"] else None
    return {"year": year, "headcount": found["headcount"], "hours_met": found["met"], "share": share}


def department_compliance(*, actor: Actor, year: int) -> list[dict]:
    """Each department the actor may see with people on the books: its own people's year added up (sub-units are
    rows of their own)."""
    cadres = list(TRAINING_LEDGER.scope(Cadre.objects.filter(status__in=ON_THE_BOOKS), actor)
                  .only("pk", "tier", "department_id"))
    found = standings(cadres=cadres, year=year)
    by_department: dict[int, ledger.Totals] = {}
    for cadre in cadres:
        by_department.setdefault(cadre.department_id, ledger.Totals()).add(found[cadre.pk])
    departments = Department.objects.filter(pk__in=by_department).order_by("code")
    programs = program_names({p for totals in by_department.values() for p in totals.missing})
    return [{"department": d, "totals": by_department[d.pk],
             "missing": [{"program": programs[p], "cadres": n} for p, n in sorted(by_department[d.pk].missing.items())]}
            for d in departments]


def program_names(ids: Iterable[int]) -> dict[int, TrainingProgram]:
    return {p.pk: p for p in TrainingProgram.objects.filter(pk__in=set(ids)).only("pk", "code", "name")}
