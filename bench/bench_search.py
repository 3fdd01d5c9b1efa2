"""Times the talent search on the generated pool (run make_pool.py first), on the database in DATABASE_URL.

    python bench/bench_search.py [--runs 30]

The query is the issue's: three skills, all required, one page of 50, sorted by match; once with the three
most widely held skills (the worst case: tens of thousands of index entries to intersect) and once with
three ordinary ones. It goes through the full Django stack (URL
routing, middleware, token authentication, roles, serializer validation, the selector, pagination, JSON),
as an HR officer, and is compared with SQL statements giving the same rows, executed directly on a cursor in
the same run: the search's queryset (the one the export reads) paged with its total, and the levels of the page's
cadres ("page and levels"), and those plus the tier profiles and the page's latest assessments, which give every
row its scores and composite ("every figure shown"), as the view ran them until it read a page in one statement
compiled once per shape of query. Medians of --runs each.
"""

import argparse
import os
import statistics
import time

from _setup import setup

QUERIES = {
    # Skill popularity in the generated pool falls with the code: S000 is held by about half the cadres.
    "three widely held skills": ["S000:3", "S001:3", "S002:2"],
    "three ordinary skills": ["S010:3", "S020:2", "S030:2"],
}


def medians_ms(action, runs: int) -> tuple[float, float]:
    """Median wall-clock and median CPU time of this process, in ms. On a shared machine the wall clock
    includes waiting for a core; on SQLite the CPU time covers the database's work too (it runs in this
    process), on PostgreSQL it does not."""
    action()  # warm caches and connections
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    vendor = setup()

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.models import Count, Window
    from rest_framework.test import APIClient

    from core.auth import issue_token
    from talent import roles
    from talent.access import Actor
    from talent.literacy import CAPACITIES
    from talent.models import Cadre, CadreSkill, LiteracyAssessment, TierProfile
    from talent.selectors import pool as selectors
    from talent.serializers.skills import TalentSearchSerializer

    pool = Cadre.objects.count()
    if pool < 1000:
        raise SystemExit("Generate the pool first: python bench/make_pool.py")
    user, _created = get_user_model().objects.get_or_create(username="bench_hr")
    user.groups.add(Group.objects.get(name=roles.HR))
    token = issue_token(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    for label, requirements in QUERIES.items():
        params = {"skill": requirements, "page_size": 50}

        def through_django(params=params):
            response = client.get("/api/v1/talent-search/", params)
            assert response.status_code == 200, response.content

        form = TalentSearchSerializer(data={"skill": requirements})
        form.is_valid(raise_exception=True)
        cadres, skills = selectors.talent_search(query=form.query(), actor=Actor(user))
        page = cadres.annotate(total_rows=Window(Count("pk")))[:50]  # as OneQueryPagination pages it
        page_sql, page_params = page.query.sql_with_params()
        levels = CadreSkill.objects.filter(cadre_id__in=[c.pk for c in page],
                                           skill_id__in=[s.pk for s in skills.values()])
        levels_sql, levels_params = levels.values_list("cadre_id", "skill_id", "level").query.sql_with_params()
        scores = (LiteracyAssessment.objects.filter(is_latest=True, cadre_id__in=[c.pk for c in page]).order_by()
                  .values_list("cadre_id", "cadre__tier", *CAPACITIES))
        statements = [(page_sql, page_params), (levels_sql, levels_params),
                      TierProfile.objects.all().query.sql_with_params(), scores.query.sql_with_params()]

        def raw_sql(statements):
            with connection.cursor() as cursor:
                for sql, sql_params in statements:
                    cursor.execute(sql, sql_params)
                    cursor.fetchall()

        total = client.get("/api/v1/talent-search/", params).json()["count"]
        django_ms, django_cpu = medians_ms(through_django, args.runs)
        print(f"[{vendor}] {label} {requirements}: {total} of {pool} cadres match; page of 50, "
              f"medians of {args.runs} runs")
        print(f"[{vendor}]   full Django stack: wall {django_ms:6.1f} ms, cpu {django_cpu:6.1f} ms")
        for reference, count in (("page and levels", 2), ("every figure shown", len(statements))):
            sql_ms, sql_cpu = medians_ms(lambda chosen=statements[:count]: raw_sql(chosen), args.runs)
            met = django_ms <= 50 and django_ms <= 3 * sql_ms
            print(f"[{vendor}]   same SQL on a cursor, {reference} ({count} statements): wall {sql_ms:6.1f} ms, "
                  f"cpu {sql_cpu:6.1f} ms; ratio {django_ms / sql_ms:.1f}x; goals <= 50 ms and <= 3x: "
                  f"{'met' if met else 'NOT met'}")
    print(f"[{vendor}] load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

if __name__ == "__main__":
    main()
