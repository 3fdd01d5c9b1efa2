"""Background jobs on PostgreSQL: how fast 1 and 4 `manage.py db_worker` processes drain 20 mixed jobs
(imports of 10,000 cadre rows, incentive cycle computations), and a job's queue latency when idle.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/talent_jobs_bench python bench/jobs.py [--pool 5000]

Generates a pool (make_pool.generate) when the database has none. Every imported row and bench cycle is
removed afterwards. Throughput depends on cores: the script prints them and the ratio per core.
"""

import argparse
import os
import random
import subprocess
import sys
import time

from _setup import ROOT, setup
from bench_import import workbook
from make_pool import Stopwatch, generate

JOBS, IMPORT_ROWS = 20, 10_000
WARM_UP = 5  # seconds for a worker process to start


def workers(count: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "manage.py", "db_worker", "--backend", "database", "--no-reload",
                              "--interval", "0.2", "--no-startup-delay", "-v0"], cwd=ROOT, env=os.environ)
            for _ in range(count)]


def stop(processes) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=int, default=5000, help="cadres to generate when there is no pool")
    args = parser.parse_args()
    vendor = setup()
    if vendor != "postgresql":
        raise SystemExit("Workers on several processes need PostgreSQL: set DATABASE_URL.")
    from auditlog.context import disable_auditlog
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings
    from incentive_cycle import YEAR, seed_incentives

    from core import jobs
    from core.models import JobRecord
    from incentives.jobs import start_compute
    from incentives.models import IncentiveCycle, IncentiveLine
    from incentives.services import cycles as services
    from talent import roles
    from talent.access import Actor
    from talent.jobs import start_import
    from talent.models import Cadre, Department

    call_command("migrate", verbosity=0)
    if Department.objects.count() < 100:
        with transaction.atomic():
            generate(cadres=args.pool, watch=Stopwatch())
    with transaction.atomic():
        seed_incentives(random.Random(7))
    user, _created = get_user_model().objects.get_or_create(username="bench_hr")
    user.groups.add(Group.objects.get(name=roles.HR))
    # The import files carry citizen IDs and phones: only HR holding this permission may write them.
    user.user_permissions.add(Permission.objects.get(codename="view_cadre_personal_data"))
    actor = Actor(user)
    policy = services.policy_create(name="bench policy", weight_appraisal="0.35", weight_literacy="0.25",
                                    weight_contributions="0.30", weight_secondments="0.10", cap="2500.00",
                                    honour_title="数字化先进个人", honour_percent="5", honour_max_per_department=3)
    cycles = [services.cycle_create(actor=actor, name=f"bench cycle {n}", year=YEAR, budget="50000000.00",
                                    policy=policy) for n in range(4)]
    departments = list(Department.objects.values_list("code", flat=True))
    # Distinct staff numbers per file: concurrent imports of the same rows would rightly refuse each other (409).
    files = [workbook(IMPORT_ROWS, departments, prefix=f"IMP{n:02d}") for n in range(JOBS - len(cycles))]

    def remove_imported():
        # Bench rows, not the bureau's: without an audit entry each (160,000 of them took 15 minutes on a loaded
        # machine between the two runs).
        with disable_auditlog():
            IncentiveLine.objects.filter(cycle__in=cycles).delete()  # lines computed over the imported cadres
            Cadre.objects.filter(staff_number__startswith="IMP").delete()

    def enqueue_all() -> list[int]:
        ids = [start_import(kind="cadres", data=files[n], filename="干部名册.xlsx", user=user).pk
               for n in range(JOBS - len(cycles))]
        return ids + [start_compute(cycle=cycle, user=user).pk for cycle in cycles]

    def drain(ids) -> float:
        started = time.perf_counter()
        while JobRecord.objects.filter(pk__in=ids, status__in=["queued", "running"]).exists():
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        failed = JobRecord.objects.filter(pk__in=ids).exclude(status="succeeded").values_list("error", flat=True)
        assert not failed, list(failed)[:2]
        return elapsed

    print(f"[{vendor}] {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    with override_settings(JOBS_TASK_BACKEND="database"):
        rates = {}
        for count in (1, 4):
            remove_imported()
            processes = workers(count)
            try:
                time.sleep(WARM_UP)  # the workers load Django and poll an empty queue before the clock starts
                started = time.perf_counter()
                ids = enqueue_all()
                drain(ids)
                elapsed = time.perf_counter() - started
            finally:
                stop(processes)
            rates[count] = JOBS / elapsed
            print(f"[{vendor}] {count} worker(s): {JOBS} jobs in {elapsed:6.1f} s = {rates[count]:.2f} jobs/s",
                  flush=True)

        processes = workers(1)
        try:
            time.sleep(WARM_UP)  # idle: the worker is up and polls an empty queue
            latencies = []
            for _ in range(5):
                job = jobs.start(kind="cycle-compute", title="bench latency", user=user,
                                 params={"cycle": cycles[0].pk}, subject=f"incentive-cycle:{cycles[0].pk}")
                while JobRecord.objects.get(pk=job.pk).started_at is None:
                    time.sleep(0.01)
                job.refresh_from_db()
                latencies.append((job.started_at - job.created_at).total_seconds())
                drain([job.pk])
        finally:
            stop(processes)

    cores = os.cpu_count()
    ratio = rates[4] / rates[1]
    print(f"[{vendor}] 4 workers / 1 worker: {ratio:.2f}x on {cores} cores "
          f"({ratio / min(4, cores):.2f} per core used); goal >= 2.5x on >= 4 cores")
    print(f"[{vendor}] queue latency when idle: median {sorted(latencies)[2]:.2f} s, max {max(latencies):.2f} s "
          f"(worker polls every 0.2 s; goal <= 1 s)")
    print(f"[{vendor}] load average {os.getloadavg()[0]:.1f} on {cores} cores")
    remove_imported()
    IncentiveCycle.objects.filter(name__startswith="bench cycle").delete()


if __name__ == "__main__":
    main()
