"""Times the training ledger on the generated province pool (run make_pool.py first), on the database in
DATABASE_URL:

    python bench/bench_ledger.py [--rows-per-cadre 6] [--runs 3]

Adds a year of the online platform's hours (--rows-per-cadre courses for each of the 50,000 cadres) and two
compulsory programs per tier, then, medians of --runs each, as HR (the whole bureau):
  cockpit figure      training.hours_met_figure: who did their hours, one aggregate query
  departments         training.department_compliance, cache emptied first: every department's year (six grouped
                      queries)
  compliance page     GET /api/v1/training/compliance/?year=2026 (first page of 50, sorted by staff number)
The platform rows are removed again at the end.
"""

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from _setup import setup


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows-per-cadre", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    vendor = setup()

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.db import connection
    from rest_framework.test import APIClient

    from talent import roles
    from talent.access import Actor
    from talent.models import Cadre, PlatformStudy, TrainingProgram, TrainingRequirement
    from talent.selectors import training
    from talent.services import training as training_services

    rng = random.Random(20)
    cadres = list(Cadre.objects.values_list("pk", flat=True))
    programs = list(TrainingProgram.objects.values_list("pk", flat=True)[:2])
    training_services.requirements_ensure()
    for requirement in TrainingRequirement.objects.all():
        requirement.compulsory_programs.set(programs)
    start = time.perf_counter()
    rows = [PlatformStudy(cadre_id=pk, course=f"课程{n}", hours=Decimal(rng.choice([2, 4, 6, 8, 10, 12])),
                          studied_on=date(2026, 1, 1) + timedelta(days=rng.randrange(330)),
                          program_id=programs[0] if programs and n == 0 and rng.random() < 0.7 else None)
            for pk in cadres for n in range(args.rows_per_cadre)]
    PlatformStudy.objects.bulk_create(rows, batch_size=5000)
    print(f"[{vendor}] {len(rows)} platform rows for {len(cadres)} cadres in {time.perf_counter() - start:.1f} s")
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    try:
        user, _created = get_user_model().objects.get_or_create(username="bench_ledger_hr")
        user.groups.add(*Group.objects.filter(name=roles.HR))
        print(f"[{vendor}] figure: {training.hours_met_figure(actor=Actor(user), year=2026)}")
        figure = timed(lambda: training.hours_met_figure(actor=Actor(user), year=2026), args.runs)
        print(f"[{vendor}] cockpit figure    {figure:6.2f} s")
        def departments_cold():
            cache.clear()  # the department totals are cached (table_cache): time their computation
            training.department_compliance(actor=Actor(user), year=2026)

        departments = timed(departments_cold, args.runs)
        print(f"[{vendor}] departments       {departments:6.2f} s")
        client = APIClient()
        client.force_authenticate(user)

        def page():
            response = client.get("/api/v1/training/compliance/?year=2026")
            assert response.status_code == 200, response.content[:300]

        print(f"[{vendor}] compliance page   {timed(page, args.runs):6.2f} s")
    finally:
        PlatformStudy.objects.all()._raw_delete(PlatformStudy.objects.db)


if __name__ == "__main__":
    main()
