"""The nightly trend snapshot (talent.selectors.trends): today's figures stored, one row per metric, scope and
day, so running it twice on a day replaces that day's rows and never adds a second."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from talent.models import TrendPoint
from talent.selectors import trends


def store(points: Iterable[tuple[str, str, date, Decimal]]) -> int:
    """Write the points, replacing any stored for the same metric, scope and day. Returns how many."""
    rows = [TrendPoint(metric=metric, scope=scope, day=day, value=Decimal(value).quantize(Decimal("0.0001")))
            for metric, scope, day, value in points]
    with transaction.atomic():
        TrendPoint.objects.bulk_create(rows, update_conflicts=True, unique_fields=["metric", "scope", "day"],
                                       update_fields=["value"], batch_size=1000)
    return len(rows)


def snapshot(*, day: date | None = None) -> dict:
    """Store today's figures; a scope that has no figure today (a department nobody in it was assessed) keeps
    no row for the day, so an earlier run's row for it goes too."""
    day = day or timezone.localdate()
    figures = trends.figures(day)
    with transaction.atomic():
        stored = store((metric, scope, day, value) for metric, scope, value in figures)
        kept = {(metric, scope) for metric, scope, _value in figures}
        stale = [pk for pk, metric, scope in TrendPoint.objects.filter(day=day).values_list("pk", "metric", "scope")
                 if (metric, scope) not in kept]
        TrendPoint.objects.filter(pk__in=stale).delete()
    return {"day": day.isoformat(), "points": stored}
