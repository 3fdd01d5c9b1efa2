"""Times the workspace's pages on the generated province pool (run make_pool.py first), on the database in
DATABASE_URL, through the full Django stack (the test client, a signed-in session), warm: each page is opened
once before the timed requests. Prints the median and the 95th percentile per page; the issue's bar is a
median of at most 150 ms and a p95 of at most 300 ms, and the search page at most twice the search API.

    python bench/pages.py [--runs 30]

One section per page family, each a function taking the run count and returning {label: (wall, cpu) samples
in ms}:
  talent        /talent/ with a typical query (two skills picked by name, levels 3 and 2, first page of 25), the
                search API's first page of 25 for the same query with a token (same run, for the 2x goal),
                and /cadres/<id>/ of the first result, as HR
"""

import argparse
import os
import statistics
import time

from _setup import setup

# Two skills of ordinary popularity in the generated pool (S000 is held by about half the cadres).
TWO_SKILLS = (("S010", 3), ("S020", 2))


def timed(client, path: str, runs: int, params=None) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of `runs` GETs of `path`, after one untimed (warming) GET. On a shared
    machine the wall clock includes waiting for a core; the CPU time is this process's (PostgreSQL's not in it)."""
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path, params)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# --- talent search and a cadre's page -------------------------------------------------------------------

def bench_talent(runs: int) -> dict[str, tuple[list[float], list[float]]]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.test import APIClient

    from core.auth import issue_token
    from talent import roles
    from talent.models import Skill

    user, _created = get_user_model().objects.get_or_create(username="bench_hr")
    user.groups.add(Group.objects.get(name=roles.HR))
    names = dict(Skill.objects.filter(code__in=[code for code, _level in TWO_SKILLS]).values_list("code", "name"))
    page_params = {"skill_name": [names[code] for code, _level in TWO_SKILLS],
                   "skill_level": [str(level) for _code, level in TWO_SKILLS], "skill_mode": ["all", "all"]}
    api_params = {"skill": [f"{code}:{level}" for code, level in TWO_SKILLS], "page_size": 25}
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user).key}")
    answer = api.get("/api/v1/talent-search/", api_params).json()
    first = answer["results"][0]["id"]
    browser = signed_in(user)
    query = " ".join(f"{code}:{level}" for code, level in TWO_SKILLS)
    return {
        f"/talent/ ({query}, {answer['count']} found)": timed(browser, "/talent/", runs, page_params),
        "GET /api/v1/talent-search/ (same query, page of 25)": timed(api, "/api/v1/talent-search/", runs,
                                                                      api_params),
        f"/cadres/{first}/ (the first result)": timed(browser, f"/cadres/{first}/", runs),
    }


# --- main -----------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    vendor = setup()

    from talent.models import Cadre

    if Cadre.objects.count() < 1000:
        raise SystemExit("Generate the pool first: python bench/make_pool.py")
    figures = {**bench_talent(args.runs)}
    print(f"[{vendor}] {Cadre.objects.count()} cadres; warm; {args.runs} requests each "
          f"(wall median / wall p95 / cpu median)")
    for label, (walls, cpus) in figures.items():
        p95 = statistics.quantiles(walls, n=20)[-1]
        print(f"[{vendor}]   {label:<56} {statistics.median(walls):5.0f} / {p95:5.0f} / "
              f"{statistics.median(cpus):5.0f} ms")
    print(f"[{vendor}] load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
