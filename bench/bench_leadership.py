"""Times the leadership views on the generated province pool (run make_pool.py first), on the database in
DATABASE_URL (bench/run gives it BENCH_DATABASE_URL for PostgreSQL), through the full Django stack.

    python bench/bench_leadership.py [--runs 5]

First the report on the pool alone, as in the load test (no plans, no vendors), cold and warm. Then it adds
what bench_planning.py adds (a 2026 workforce plan for each of the 200 departments, information systems,
vendors and 800 vendor staff), removed again at the end, and times, as leadership, medians of --runs each:
  overview cold   GET /api/v1/talent-profiles/bureau/ with the cache emptied first
  overview warm   the same again: the overview from the cache, its tables' fingerprint read afresh
  report cold     GET /api/v1/reports/leadership/ (the PDF) with the cache emptied first
  report warm     the same again: overview and the period's plan roll-up from the cache, the registry's
                  health read and the PDF drawn on each request
and the parts of a cold report, called directly: the overview and the plan roll-up computed (cache emptied)
and taken from the cache, the registry's health, and drawing the PDF from data already at hand (ReportLab).
Each figure is wall-clock time, this process's CPU time and the wall-clock time spent in SQL statements
(on PostgreSQL the database's own work is in that, not in the CPU figure; on SQLite it is in both, and rows
read after a statement ran are not counted as SQL).
"""

import argparse
import os
import statistics
import time

from _setup import setup


class SqlTime:
    """A connection.execute_wrapper adding up the wall-clock time of the statements it sees."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def medians(action, runs: int, before=None) -> tuple[float, float, float]:
    """Median wall-clock, CPU and SQL seconds of `action`, each run after `before` (not timed)."""
    from django.db import connection

    walls, cpus, sqls = [], [], []
    for _ in range(runs):
        if before:
            before()
        in_sql = SqlTime()
        wall, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(in_sql):
            action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        sqls.append(in_sql.seconds)
    return statistics.median(walls), statistics.median(cpus), statistics.median(sqls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    vendor = setup()

    from bench_planning import bench_users, planning_data
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import timezone
    from rest_framework.test import APIClient

    from talent import report_drawing as report_pdf
    from talent import roles
    from talent.access import Actor
    from talent.models import Cadre
    from talent.selectors import planning as selectors
    from talent.serializers.planning import PlanRollupSerializer, RegistryHealthSerializer
    from talent.views.planning import _overview_data

    if Cadre.objects.count() < 1000:
        raise SystemExit("Generate the pool first: python bench/make_pool.py")
    leader = bench_users()[roles.LEADERSHIP]
    client = APIClient()
    client.force_authenticate(leader)
    actor = Actor(leader)

    def get(path):
        def call():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code, response.content[:300])
        return call

    figures = {
        "report cold, pool alone": medians(get("/api/v1/reports/leadership/"), args.runs, before=cache.clear),
        "report warm, pool alone": medians(get("/api/v1/reports/leadership/"), args.runs),
    }
    with planning_data():
        def rollup_2026():
            return selectors.plan_rollup(actor=actor, period="2026")

        def draw():
            report_pdf.leadership_report(
                overview=overview, rollup=rollup, health=health, bureau_name=settings.BUREAU_NAME,
                generated_at=timezone.localtime())

        figures |= {
            "overview cold": medians(get("/api/v1/talent-profiles/bureau/"), args.runs, before=cache.clear),
            "overview warm": medians(get("/api/v1/talent-profiles/bureau/"), args.runs),
            "report cold": medians(get("/api/v1/reports/leadership/"), args.runs, before=cache.clear),
            "report warm": medians(get("/api/v1/reports/leadership/"), args.runs),
            "  overview computed": medians(selectors.bureau_overview, args.runs, before=cache.clear),
            "  overview cached": medians(selectors.bureau_overview, args.runs),
            "  plan roll-up computed": medians(rollup_2026, args.runs, before=cache.clear),
            "  plan roll-up cached": medians(rollup_2026, args.runs),
            "  registry health": medians(selectors.registry_health, args.runs),
        }
        overview = _overview_data()
        rollup = PlanRollupSerializer(rollup_2026()).data
        health = RegistryHealthSerializer(RegistryHealthSerializer.shape(selectors.registry_health())).data
        figures["  drawing the PDF"] = medians(draw, args.runs)

    print(f"[{vendor}] {Cadre.objects.count()} cadres; from 'overview cold' on with 200 workforce plans and 800 "
          f"vendor staff; medians of {args.runs} runs (wall / CPU of this process / in SQL)")
    for label, (wall, cpu, sql) in figures.items():
        print(f"[{vendor}]   {label:<24} {wall * 1000:7.0f} ms wall {cpu * 1000:7.0f} ms cpu {sql * 1000:7.0f} ms sql")
    print(f"[{vendor}] load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
