"""Trends (趋势): the overview's figures as they were each day, from the nightly snapshot (talent.services.trends).

The figures come from the selectors the overview itself reads, so a trend's last point is what the cockpit
showed that day. Apps above talent add their own metrics at start-up (sharing adds its density): they put a
label in METRICS and a source in SOURCES, a function of the day giving (metric, scope, value) rows."""

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from talent.access import Actor
from talent.models import Department, Tier, TrendPoint, WorkforcePlan
from talent.selectors import planning

BUREAU = "bureau"
LITERACY = "literacy"
PLAN_GAPS = "plan_gaps"
REGISTRY_FAILING = "registry_failing"

METRICS: dict[str, str] = {
    LITERACY: _("Literacy composite (mean)"),
    PLAN_GAPS: _("Plan gaps of the latest period"),
    REGISTRY_FAILING: _("Failing registry checks"),
}
Row = tuple[str, str, Decimal]
SOURCES: list[Callable[[date], Iterable[Row]]] = []


def tier_scope(tier: str) -> str:
    return f"tier:{tier}"


def department_scope(department_id: int) -> str:
    return f"department:{department_id}"


def latest_plan_gaps() -> int | None:
    """The total gap of every plan of the latest period (as the roll-up counts it); None without plans."""
    period = WorkforcePlan.objects.aggregate(latest=Max("period"))["latest"]
    if period is None:
        return None
    return planning.plan_rollup_totals(period)["gap"]


def talent_figures(day: date) -> list[Row]:
    """Literacy composite by tier and by top-level department (the bureau overview), the latest period's plan
    gaps and how many registry health checks fail."""
    overview = planning.bureau_overview()
    rows = [(LITERACY, tier_scope(row["tier"]), row["composite"]) for row in overview["literacy"]]
    rows += [(LITERACY, department_scope(row["id"]), row["composite"]) for row in overview["departments"]]
    gaps = latest_plan_gaps()
    if gaps is not None:
        rows.append((PLAN_GAPS, BUREAU, Decimal(gaps)))
    health = planning.registry_health_counts()
    rows.append((REGISTRY_FAILING, BUREAU, Decimal(sum(1 for count in health["checks"].values() if count))))
    return [(metric, scope, value) for metric, scope, value in rows if value is not None]


def figures(day: date) -> list[Row]:
    """Every metric's figures today: talent's and those the apps above registered."""
    found = talent_figures(day)
    for source in SOURCES:
        found.extend(source(day))
    return found


def visible_scopes(actor: Actor) -> Q:
    """HR and leadership see every scope; a head the bureau-wide figures (bureau, tiers) and their departments."""
    if actor.sees_all_departments:
        return Q()
    return ~Q(scope__startswith="department:") | Q(
        scope__in=[department_scope(pk) for pk in actor.scope_department_ids])


def trend_points(*, actor: Actor, metric: str, since: date | None = None, until: date | None = None
                 ) -> QuerySet[TrendPoint]:
    found = TrendPoint.objects.filter(visible_scopes(actor), metric=metric)
    if since is not None:
        found = found.filter(day__gte=since)
    if until is not None:
        found = found.filter(day__lte=until)
    return found.order_by("scope", "day")


def scope_labels(scopes: Iterable[str]) -> dict[str, str]:
    """The name people see for each scope: the bureau, a tier, a department."""
    scopes = set(scopes)
    ids = [int(s.split(":", 1)[1]) for s in scopes if s.startswith("department:")]
    names = dict(Department.objects.filter(pk__in=ids).values_list("pk", "name"))
    tiers = dict(Tier.choices)
    labels = {}
    for scope in scopes:
        kind, _colon, key = scope.partition(":")
        if kind == "tier":
            labels[scope] = str(tiers.get(key, key))
        elif kind == "department":
            labels[scope] = names.get(int(key), scope)
        else:
            labels[scope] = str(_("Whole bureau"))
    return labels
