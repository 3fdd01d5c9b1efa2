"""Times the import of 50,000 cadre rows from an XLSX file with Chinese headers, through the full Django
stack (multipart upload to /api/v1/imports/cadres/ as an HR officer), on the database in DATABASE_URL.
Needs the departments of the generated pool (run make_pool.py first).

    python bench/bench_import.py [--rows 50000]

Three passes: a dry run, the import itself (every row new), and the same file again (every row
unchanged, nothing written). The imported cadres are removed before and after, leaving the pool as it was.
"""

import argparse
import io
import os
import random
import time
from datetime import date, timedelta

from _setup import setup
from make_pool import national_id

HEADERS = ["工号", "姓名", "性别", "部门", "岗位", "职级", "层级", "学历", "入职日期", "身份证号", "手机号"]


def workbook(rows: int, departments: list[str], prefix: str = "IMP") -> bytes:
    from openpyxl import Workbook

    rng = random.Random(11)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("干部名册")
    sheet.append(HEADERS)
    for n in range(rows):
        male = rng.random() < 0.5
        sheet.append([f"{prefix}{n:06d}", f"导入{n}", "男" if male else "女", rng.choice(departments), "科员",
                      rng.choice(["一级科员", "四级主任科员", "二级调研员"]),
                      rng.choice(["一般干部", "专业技能人才", "领导干部"]), rng.choice(["本科", "硕士", "大专"]),
                      date(2005, 1, 1) + timedelta(days=rng.randrange(7000)), national_id(rng, male),
                      f"13{rng.randrange(10**9):09d}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    vendor = setup()

    from auditlog.models import LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    from talent import roles
    from talent.models import Cadre, Department

    departments = list(Department.objects.values_list("code", flat=True))
    if len(departments) < 100:
        raise SystemExit("Generate the pool first: python bench/make_pool.py")
    def remove_imported():
        imported = Cadre.objects.filter(staff_number__startswith="IMP")
        LogEntry.objects.filter(content_type__model="cadre", object_id__in=imported.values("pk")).delete()
        imported._raw_delete(imported.db)

    remove_imported()
    user, _created = get_user_model().objects.get_or_create(username="bench_hr")
    user.groups.add(Group.objects.get(name=roles.HR))
    client = APIClient()
    client.force_authenticate(user)

    started = time.perf_counter()
    content = workbook(args.rows, departments)
    print(f"[{vendor}] wrote a {len(content) / 1e6:.1f} MB XLSX of {args.rows} rows in "
          f"{time.perf_counter() - started:.1f} s (not counted below)")
    for label, dry_run in (("dry run", True), ("import, all rows new", False), ("same file again", False)):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.post("/api/v1/imports/cadres/", {"file": SimpleUploadedFile("干部名册.xlsx", content),
                                                            "dry_run": dry_run}, format="multipart")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        # settings_test runs the import job at once (the immediate backend): the job holds the report.
        report = response.json() if dry_run else response.json()["result"]
        assert response.status_code in (200, 202) and report and report["valid"], str(response.json())[:500]
        print(f"[{vendor}] {label:<22} {wall:6.1f} s wall {cpu:6.1f} s cpu   created {report['created']}, "
              f"updated {report['updated']}, unchanged {report['unchanged']}   goal <= 60 s: "
              f"{'met' if wall <= 60 else 'NOT met'}")
    print(f"[{vendor}] load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    remove_imported()  # leave the pool as make_pool.py made it


if __name__ == "__main__":
    main()
