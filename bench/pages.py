"""Times the workspace's pages on the generated province pool (run make_pool.py first), on the database in
DATABASE_URL, through the full Django stack (the test client, a signed-in session), warm: each page is opened
once before the timed requests. Prints the median and the 95th percentile per page; the issue's bar is a
median of at most 150 ms and a p95 of at most 300 ms, and the search page at most twice the search API.

    python bench/pages.py [--runs 30] [--only imports]

One section per page family, each a function taking the run count and returning {label: (wall, cpu) samples
in ms}:
  talent        /talent/ with a typical query (two skills picked by name, levels 3 and 2, first page of 25), the
                search API's first page of 25 for the same query with a token (same run, for the 2x goal),
                and /cadres/<id>/ of the first result, as HR
  departments   /departments/<id>/ of the department with the most people (its sub-units included), as
                leadership, with bench_planning's plans and vendor staff in place
  audit         /audit/ as an auditor over a trail of 100,000 entries (added here, removed at the end):
                the first page, and filtered by actor and by record type
  imports       /imports/ as HR with 300 finished imports listed (added here, removed at the end), and the
                page's check of a 5,000-row cadre file (existing cadres' posts: the dry run answered at once,
                the file then held for its confirmation)
"""

import argparse
import os
import statistics
import time
from contextlib import contextmanager

from _setup import setup

AUDIT_ENTRIES = 100_000
IMPORT_JOBS, CHECK_ROWS = 300, 5_000

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


# --- departments ----------------------------------------------------------------------------------------

def largest_department():
    """The department with the most cadres, its sub-units counted in."""
    from django.db.models import Count

    from talent.access import department_children, descendant_ids
    from talent.models import Cadre, Department

    children = department_children()
    sizes = dict(Cadre.objects.values_list("department_id").annotate(n=Count("id")))
    return max(Department.objects.all(),
               key=lambda d: sum(sizes.get(unit, 0) for unit in descendant_ids([d.pk], children)))


def bench_departments(runs: int) -> dict[str, tuple[list[float], list[float]]]:
    from bench_planning import bench_users, planning_data

    from talent import roles

    leader = bench_users()[roles.LEADERSHIP]  # before planning_data(): its plans name bench_hr as their author
    with planning_data():
        department = largest_department()
        client = signed_in(leader)
        return {
            f"/departments/{department.pk}/ ({department.name})": timed(client, f"/departments/{department.pk}/", runs),
            "/departments/ (the tree)": timed(client, "/departments/", runs),
        }


# --- audit trail ----------------------------------------------------------------------------------------

@contextmanager
def audit_trail(auditor, actors):
    """AUDIT_ENTRIES updates of cadres by `actors`, as the API writes them, for the time of the with block."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from talent.models import Cadre

    cadres = list(Cadre.objects.values_list("pk", "name", "staff_number")[:AUDIT_ENTRIES])
    kind = ContentType.objects.get_for_model(Cadre)
    now = timezone.now()
    with transaction.atomic():
        first = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        LogEntry.objects.bulk_create([LogEntry(
            content_type=kind, object_pk=str(pk), object_id=pk, object_repr=f"{name}（{number}）",
            action=LogEntry.Action.UPDATE, actor=actors[n % len(actors)], remote_addr="10.0.0.1",
            timestamp=now - timezone.timedelta(seconds=n),
            changes={"post_title": ["科员", "主任科员"], "mobile": ["13********78", "13********66"]},
        ) for n, (pk, name, number) in enumerate(cadres[n % len(cadres)] for n in range(AUDIT_ENTRIES))],
            batch_size=5000)
    if connection.vendor == "postgresql":
        # Fresh statistics and a visibility map, as autovacuum gives a trail in service (make_pool.py does the
        # same for the pool): without them PostgreSQL counts the trail by reading every row.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE auditlog_logentry")
    try:
        yield
    finally:
        LogEntry.objects.filter(pk__gt=first).delete()


def bench_audit(runs: int) -> dict[str, tuple[list[float], list[float]]]:
    from bench_planning import bench_users
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from talent import roles

    users = bench_users()
    auditor, _created = get_user_model().objects.get_or_create(username="bench_auditor")
    auditor.groups.add(Group.objects.get(name=roles.AUDITOR))
    with audit_trail(auditor, [users[roles.HR], users[roles.LEADERSHIP]]):
        client = signed_in(auditor)
        return {
            "/audit/": timed(client, "/audit/", runs),
            "/audit/?actor=bench_hr": timed(client, "/audit/?actor=bench_hr", runs),
            "/audit/?model=cadre&action=update, page 100": timed(client, "/audit/?model=cadre&action=update&page=100",
                                                                 runs),
        }


# --- imports --------------------------------------------------------------------------------------------

def bench_imports(runs: int) -> dict[str, tuple[list[float], list[float]]]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import HeldUpload, JobRecord
    from talent import roles
    from talent.models import Cadre

    importer, _created = get_user_model().objects.get_or_create(username="bench_importer")
    importer.groups.add(Group.objects.get(name=roles.HR))
    JobRecord.objects.bulk_create([
        JobRecord(kind="import", title=f"从 名册{n}.csv 导入干部", started_by=importer, status="succeeded",
                  params={"kind": "cadres"}, result={"rows": 10, "created": 10, "updated": 0, "unchanged": 0})
        for n in range(IMPORT_JOBS)])
    try:
        client = signed_in(importer)
        figures = {f"/imports/ ({IMPORT_JOBS} imports, first page)": timed(client, "/imports/", runs)}
        numbers = Cadre.objects.order_by("pk").values_list("staff_number", flat=True)[:CHECK_ROWS]
        body = ("工号,岗位\r\n" + "".join(f"{number},数据分析岗\r\n" for number in numbers)).encode()
        walls, cpus = [], []
        for _ in range(max(3, runs // 5)):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.post("/imports/", {"kind": "cadres", "file": SimpleUploadedFile("岗位.csv", body)})
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            assert response.status_code == 302, response.content[:300]
        figures[f"POST /imports/: check of {CHECK_ROWS:,} rows"] = (walls, cpus)
    finally:
        HeldUpload.objects.filter(user=importer).delete()
        JobRecord.objects.filter(started_by=importer).delete()
    return figures


# --- main -----------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", choices=["talent", "departments", "audit", "imports"], action="append",
                        help="time only these sections (repeatable); all by default")
    args = parser.parse_args()
    vendor = setup()

    from talent.models import Cadre

    if Cadre.objects.count() < 1000:
        raise SystemExit("Generate the pool first: python bench/make_pool.py")
    sections = {"talent": bench_talent, "departments": bench_departments, "audit": bench_audit,
                "imports": bench_imports}
    figures = {}
    for name in args.only or sections:
        figures.update(sections[name](args.runs))
    print(f"[{vendor}] {Cadre.objects.count()} cadres; warm; {args.runs} requests each "
          f"(wall median / wall p95 / cpu median)")
    for label, (walls, cpus) in figures.items():
        p95 = statistics.quantiles(walls, n=20)[-1]
        print(f"[{vendor}]   {label:<56} {statistics.median(walls):5.0f} / {p95:5.0f} / "
              f"{statistics.median(cpus):5.0f} ms")
    print(f"[{vendor}] load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
