"""Trends (趋势): the overview's figures as they were each day, from the nightly snapshot (talent.services.trends).

The figures come from the selectors the overview itself reads, so a trend's last point is what the cockpit
showed that day. Apps above talent add their own metrics at start-up (sharing adds its density): they put a
label in METRICS and a source in SOURCES, a function of the day giving (metric, scope, value) rows."""

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
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
# Decimal places each metric is shown with (a metric not listed: two); apps above talent add theirs.
PLACES: dict[str, int] = {LITERACY: 2, PLAN_GAPS: 0, REGISTRY_FAILING: 0}
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


def scope_order(scope: str, labels: dict[str, str]) -> tuple:
    """The bureau first, then the tiers in their order, then the departments by name."""
    tiers = [tier for tier, _label in Tier.choices]
    kind, _colon, key = scope.partition(":")
    if kind == "department":
        return (2, 0, labels[scope])
    return (1, tiers.index(key), "") if kind == "tier" and key in tiers else (0, 0, "")


def year_before(day: date) -> date:
    """The same date a year earlier (29 February: the 28th)."""
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def _latest(visible: Q, first: date, last: date) -> dict[tuple[str, str], TrendPoint]:
    """Per metric and scope, its latest point between the two days (inclusive), read through the unique index."""
    latest = (TrendPoint.objects.filter(metric=OuterRef("metric"), scope=OuterRef("scope"), day__gte=first,
                                        day__lte=last).order_by("-day").values("day")[:1])
    return {(p.metric, p.scope): p for p in TrendPoint.objects.filter(visible, day=Subquery(latest))}


def year_on_year(*, actor: Actor, today: date) -> list[dict]:
    """Each metric and scope the actor sees, its latest point this year beside the point stored on the same date
    last year (or the latest in the week before that date, as the snapshot may have missed the day), in the
    order of METRICS; the bureau first, then the tiers, then the departments by name."""
    visible = visible_scopes(actor)
    now = _latest(visible, date(today.year, 1, 1), today)
    then_day = year_before(today)
    before = _latest(visible, then_day - timedelta(days=6), then_day)
    labels = scope_labels(scope for _metric, scope in now)
    metrics = list(METRICS)

    def order(key):
        metric, scope = key
        return (metrics.index(metric) if metric in METRICS else len(metrics), scope_order(scope, labels))

    rows = []
    for key in sorted(now, key=order):
        metric, scope = key
        point, earlier = now[key], before.get(key)
        rows.append({"metric": metric, "label": str(METRICS.get(metric, metric)), "scope": scope,
                     "scope_label": labels[scope], "places": PLACES.get(metric, 2),
                     "day": point.day, "value": point.value,
                     "year_before_day": earlier.day if earlier else None,
                     "year_before": earlier.value if earlier else None})
    return rows
