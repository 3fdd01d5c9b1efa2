"""Times the decision-support reports on the generated pool (run make_pool.py first), on the database in
DATABASE_URL, through the full Django stack (routing, token authentication, roles, selectors, serializers).

    python bench/bench_planning.py [--runs 5]

It adds, deterministically: a 2026 workforce plan for each of the 200 departments (4 posts of 1-3 skills
each), 40 information systems, 25 vendors and 800 vendor staff with skills; times each report (median of
--runs, after one warm-up, so the bureau overview, the roll-up and the leadership report come from the cache:
bench_leadership.py times them cold and warm); and removes what it added, so make_pool.py can run again.
"""

import argparse
import os
import random
import statistics
import time
from contextlib import contextmanager
from datetime import date

from _setup import setup

PLAN_LINES, SYSTEMS, VENDORS, VENDOR_STAFF = 4, 40, 25, 800


def clear() -> None:
    from talent.models import InformationSystem, Vendor, VendorStaff, WorkforcePlan

    for model in (VendorStaff, Vendor, InformationSystem, WorkforcePlan):
        model.objects.all().delete()


def populate(rng: random.Random) -> None:
    from django.contrib.auth import get_user_model

    from talent.models import (
        Cadre,
        Department,
        InformationSystem,
        PlanLine,
        PlanLineSkill,
        Skill,
        Vendor,
        VendorStaff,
        WorkforcePlan,
    )
    from talent.validators import credit_code_check_char

    departments = list(Department.objects.order_by("code"))
    skills = list(Skill.objects.order_by("code"))
    hr = get_user_model().objects.get(username="bench_hr")
    plans = WorkforcePlan.objects.bulk_create(
        [WorkforcePlan(department=d, period="2026", title=f"{d.name}人才规划", created_by=hr) for d in departments])
    lines = PlanLine.objects.bulk_create(
        [PlanLine(plan=plan, position=i, post=f"岗位{i}", headcount=rng.randint(1, 5),
                  priority=rng.choice(["high", "medium", "low"])) for plan in plans for i in range(PLAN_LINES)])
    PlanLineSkill.objects.bulk_create(
        [PlanLineSkill(line=line, skill=skill, min_level=rng.randint(2, 4))
         for line in lines for skill in rng.sample(skills[:60], rng.randint(1, 3))])
    tops = [d for d in departments if d.parent_id is None]
    systems = InformationSystem.objects.bulk_create(
        [InformationSystem(code=f"SYS{i:02d}", name=f"业务系统{i}", department=tops[i % len(tops)])
         for i in range(SYSTEMS)])
    vendors = []
    for i in range(VENDORS):
        first17 = f"91320100MA{i:07d}"
        vendors.append(Vendor(name=f"服务商{i}", credit_code=first17 + credit_code_check_char(first17),
                              contract_start=date(2025, 1, 1), contract_end=date(2027, 12, 31), scope="运维"))
    vendors = Vendor.objects.bulk_create(vendors)
    cadre_ids = list(Cadre.objects.values_list("pk", flat=True))
    staff = VendorStaff.objects.bulk_create([
        VendorStaff(vendor=rng.choice(vendors), name=f"外包{i}", national_id="320102198805170024", role="运维",
                    access_level="operator", access_start=date(2025, 1, 1), access_end=date(2027, 12, 31),
                    responsible_cadre_id=rng.choice(cadre_ids),
                    confidentiality_signed_on=date(2025, 1, 1) if rng.random() < 0.9 else None)
        for i in range(VENDOR_STAFF)])
    VendorStaff.systems.through.objects.bulk_create(
        [VendorStaff.systems.through(vendorstaff_id=s.pk, informationsystem_id=system.pk)
         for s in staff for system in rng.sample(systems, rng.randint(1, 2))])
    VendorStaff.skills.through.objects.bulk_create(
        [VendorStaff.skills.through(vendorstaff_id=s.pk, skill_id=skill.pk)
         for s in staff for skill in rng.sample(skills, rng.randint(2, 4))])


def bench_users() -> dict:
    """bench_hr (HR planning staff) and bench_leader (leadership), by role; created when missing."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    users = {}
    for username, role in (("bench_hr", "hr_staff"), ("bench_leader", "leadership")):
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    return users


@contextmanager
def planning_data():
    """What populate() adds, for the time of the with block; removed again afterwards."""
    from django.db import transaction

    clear()
    with transaction.atomic():
        populate(random.Random(2026))
    try:
        yield
    finally:
        clear()


def median_ms(action, runs: int) -> float:
    action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    vendor = setup()

    from rest_framework.test import APIClient

    from talent.models import Cadre, Department, WorkforcePlan

    if Cadre.objects.count() < 1000:
        raise SystemExit("No pool to measure: run bench/make_pool.py first.")
    users = bench_users()
    with planning_data():
        client = APIClient()
        client.force_authenticate(users["leadership"])
        top = Department.objects.filter(parent__isnull=True).order_by("code").first()
        top_plan = WorkforcePlan.objects.get(department=top)

        def get(path, **params):
            def call():
                response = client.get(path, params)
                assert response.status_code == 200, (path, response.status_code, response.content[:300])
            return call

        reports = {
            "gap report, a top-level department's plan": get(f"/api/v1/workforce-plans/{top_plan.pk}/gaps/"),
            "plan roll-up, 200 plans": get("/api/v1/workforce-plans/rollup/", period="2026"),
            "talent profile, a top-level department": get(f"/api/v1/talent-profiles/{top.pk}/"),
            "bureau overview": get("/api/v1/talent-profiles/bureau/"),
            "registry health, 800 staff": get("/api/v1/registry-health/"),
            "leadership report PDF": get("/api/v1/reports/leadership/"),
            "data-sharing list": get("/api/v1/data-sharing-list/"),
        }
        print(f"[{vendor}] {Cadre.objects.count()} cadres, {Department.objects.count()} departments; "
              f"median of {args.runs} runs after a warm-up")
        for label, action in reports.items():
            cpu = time.process_time()
            print(f"[{vendor}] {label:<44} {median_ms(action, args.runs):8.0f} ms "
                  f"({(time.process_time() - cpu) / (args.runs + 1) * 1000:6.0f} ms cpu per run)")
        print(f"[{vendor}] load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
