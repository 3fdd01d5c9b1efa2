"""Times the cockpit page on the generated province pool (run make_pool.py first), on the database in
DATABASE_URL, through the full Django stack (session, middleware, template):

    python bench/bench_cockpit.py [--runs 5]

With what bench_planning.py adds (a 2026 workforce plan for each of the 200 departments, information systems,
vendors and 800 vendor staff; removed again at the end), as leadership, medians of --runs each:
  cockpit cold   GET /cockpit/?year=2026 with the cache emptied first (overview, plan roll-up, sharing picture
                 computed)
  cockpit warm   the same again: those from the cache, their tables' fingerprints read afresh
Each figure is wall-clock time, this process's CPU time and the wall-clock time spent in SQL statements; then
how many statements a warm request runs and the slowest of them.
"""

import argparse
import os

from _setup import setup
from bench_leadership import medians


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    vendor = setup()

    from bench_planning import bench_users, planning_data
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from talent import roles
    from talent.models import Cadre

    client = Client()
    client.force_login(bench_users()[roles.LEADERSHIP])

    def get():
        response = client.get("/cockpit/?year=2026")
        assert response.status_code == 200, response.status_code

    with planning_data():
        figures = {"cockpit cold": medians(get, args.runs, before=cache.clear),
                   "cockpit warm": medians(get, args.runs)}
        with CaptureQueriesContext(connection) as warm:
            get()
    print(f"[{vendor}] {Cadre.objects.count()} cadres, 200 workforce plans, 800 vendor staff; medians of "
          f"{args.runs} runs (wall / CPU of this process / in SQL)")
    for label, (wall, cpu, sql) in figures.items():
        print(f"[{vendor}]   {label:<14} {wall * 1000:7.0f} ms wall {cpu * 1000:7.0f} ms cpu {sql * 1000:7.0f} ms sql")
    statements = sorted(warm.captured_queries, key=lambda query: -float(query["time"]))
    print(f"[{vendor}] a warm request: {len(statements)} statements, the slowest "
          + ", ".join(f"{float(q['time']) * 1000:.0f} ms {q['sql'][:60]!r}" for q in statements[:3]))
    print(f"[{vendor}] load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
