"""Loads a generated history of trend points for the demo: weekly points from the first of January last year
to today, derived from today's figures (literacy rising, plan gaps shrinking, sharing growing, the registry's
failing checks wandering), then today's real snapshot. Generated, not measured: the guide says so.
Run after the other load_demo commands; idempotent."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from talent.models import TrendPoint
from talent.selectors import trends as selectors
from talent.services import trends as services

# How far from today's value the history starts, as a factor of it (1 = flat), per metric.
START_FACTOR = {selectors.LITERACY: Decimal("0.90"), selectors.PLAN_GAPS: Decimal("1.6"),
                "sharing_density": Decimal("0.55")}
WHOLE_NUMBERS = {selectors.PLAN_GAPS, selectors.REGISTRY_FAILING}


def history(figures, *, today: date, seed: int = 21) -> list[tuple[str, str, date, Decimal]]:
    noise = random.Random(seed)
    start = date(today.year - 1, 1, 1)
    days = [start + timedelta(weeks=i) for i in range((today - start).days // 7 + 1)]
    days = [d for d in days if d < today]
    points = []
    for metric, scope, value in figures:
        first = value * START_FACTOR.get(metric, Decimal(1))
        wander = Decimal(0)
        for day in days:
            share = Decimal((day - start).days) / Decimal((today - start).days)
            if metric == selectors.REGISTRY_FAILING:
                wander = max(Decimal(0), min(Decimal(6), wander + noise.choice((-1, 0, 0, 1))))
                found = value + wander
            else:
                jitter = Decimal(noise.uniform(-0.02, 0.02)) * value
                found = first + (value - first) * share + jitter
            found = found.quantize(Decimal(1)) if metric in WHOLE_NUMBERS else found.quantize(Decimal("0.0001"))
            points.append((metric, scope, day, max(found, Decimal(0))))
    return points


class Command(BaseCommand):
    help = "Load a generated year of trend points derived from today's figures (demo only)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        if TrendPoint.objects.filter(day__lt=today).exists():
            self.stdout.write("Trend points are already loaded; the demo history was not loaded again.")
            return
        with transaction.atomic():
            stored = services.store(history(selectors.figures(today), today=today))
            services.snapshot(day=today)
        self.stdout.write(self.style.SUCCESS(f"Loaded {stored} generated trend points and today's snapshot."))
