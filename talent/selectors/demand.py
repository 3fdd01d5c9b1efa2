"""Unmet demand: what talent searches asked for and the bureau does not hold (talent.services.demand counts it).

`best_levels` reads the whole bureau whoever searched: it decides only whether a search is counted, and its
answer is never shown to the searcher. `unmet_demand` is counts per skill, with nobody's name in them."""

from datetime import date, timedelta

from django.db.models import Max, Sum

from talent.models import CadreSkill, CadreStatus, UnmetDemand


def best_levels(codes: set[str]) -> dict[str, int]:
    """The highest level anyone still on the books holds in each of these skills (a skill nobody holds: absent)."""
    return dict(CadreSkill.objects.filter(skill__code__in=codes).exclude(cadre__status=CadreStatus.LEFT)
                .order_by().values("skill__code").annotate(best=Max("level")).values_list("skill__code", "best"))


def year_up_to(until: date) -> date:
    """The first day of the year (365 days, the last included) ending on `until`: what "the last year" counts."""
    return until - timedelta(days=364)


def unmet_demand(*, since: date, until: date) -> list[dict]:
    """Per skill, the searches between the two days (inclusive) that found nobody holding it, the most first."""
    rows = (UnmetDemand.objects.filter(day__gte=since, day__lte=until).order_by()
            .values("skill__code", "skill__name").annotate(searches=Sum("searches")))
    return sorted(({"skill": row["skill__code"], "name": row["skill__name"], "searches": row["searches"]}
                   for row in rows), key=lambda row: (-row["searches"], row["name"]))
