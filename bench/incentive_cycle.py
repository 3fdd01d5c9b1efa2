"""Computes and stores one incentive cycle for the province pool, end to end, and prints the time.

    python bench/make_pool.py            # once: the 50,000-cadre pool (the skills benchmark's generator)
    python bench/incentive_cycle.py      # adds the year's grades and contributions, then times the cycle
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/talent_bench python bench/incentive_cycle.py

End to end is services.cycle_compute: read every cadre's grade, latest literacy composite, verified
contributions and critical skills, compute the list, write one line per cadre with its breakdown.
It runs twice: the first computation, and a recomputation that replaces the lines and records what
changed. The pure computation (incentives.allocation.compute) is timed alone beside them. Goal: <= 10 s.
"""

import random
import statistics
import time

from _setup import setup

YEAR = 2025
GOAL_SECONDS = 10.0


def seed_incentives(rng: random.Random) -> int:
    """The year's grades for everyone and contributions for about a third, replacing earlier bench data."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from incentives.models import AppraisalGrade, Contribution, IncentiveCycle, IncentivePolicy
    from talent import roles
    from talent.models import Cadre

    IncentiveCycle.objects.filter(year=YEAR, name__startswith="bench").delete()
    IncentivePolicy.objects.filter(name__startswith="bench").delete()
    for model in (AppraisalGrade, Contribution):
        model.objects.filter(year=YEAR)._raw_delete(model.objects.db)
    ids = list(Cadre.objects.values_list("id", flat=True))
    AppraisalGrade.objects.bulk_create(
        [AppraisalGrade(cadre_id=i, year=YEAR, grade=rng.choices(["excellent", "competent", "basic", "incompetent"],
                                                                 weights=[15, 79, 5, 1])[0]) for i in ids],
        batch_size=5000)
    contributions = [Contribution(cadre_id=i, year=YEAR, kind="system_delivered", title="数字化项目",
                                  impact=rng.randint(1, 5), status=rng.choice(["verified", "verified", "submitted"]))
                     for i in ids if rng.random() < 0.35 for _ in range(rng.randint(1, 4))]
    Contribution.objects.bulk_create(contributions, batch_size=5000)
    user, _created = get_user_model().objects.get_or_create(username="bench_hr")
    user.groups.add(Group.objects.get(name=roles.HR))
    return len(ids)


def main() -> None:
    vendor = setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from incentives import allocation
    from incentives.models import IncentiveCycle
    from incentives.selectors import cycles as selectors
    from incentives.services import cycles as services
    from talent.access import Actor

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        people = seed_incentives(random.Random(7))
    if not people:
        raise SystemExit("No pool: run bench/make_pool.py first.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    actor = Actor(get_user_model().objects.get(username="bench_hr"))
    policy = services.policy_create(name="bench policy", weight_appraisal="0.35", weight_literacy="0.25",
                                    weight_contributions="0.30", weight_secondments="0.10", cap="2500.00",
                                    honour_title="数字化先进个人", honour_percent="5", honour_max_per_department=3)
    cycle = services.cycle_create(actor=actor, name="bench cycle", year=YEAR, budget="50000000.00", policy=policy)

    # Wall time is the goal; CPU time beside it shows how much of it was waiting for a shared machine.
    timings = {}
    for label in ("first computation", "recomputation"):
        started, cpu = time.perf_counter(), time.process_time()
        services.cycle_compute(cycle=cycle, actor=actor)
        timings[label] = (time.perf_counter() - started, time.process_time() - cpu)

    started = time.perf_counter()
    inputs = selectors.cycle_inputs(year=YEAR)
    read = time.perf_counter() - started
    pure = []
    for _ in range(3):
        started = time.perf_counter()
        result = allocation.compute(people=inputs.people, policy=policy.rules(), budget=cycle.budget)
        pure.append(time.perf_counter() - started)

    cycle = IncentiveCycle.objects.get(pk=cycle.pk)
    lines = cycle.lines.count()
    assert sum(line.amount for line in result.lines) + result.unallocated == cycle.budget
    print(f"[{vendor}] {people} cadres, {lines} lines, {cycle.summary['eligible']} eligible, "
          f"{cycle.summary['capped']} capped, {cycle.summary['honours']} honours; total {cycle.total_recommended}")
    for label, (seconds, cpu) in timings.items():
        verdict = "meets" if seconds <= GOAL_SECONDS else "MISSES"
        print(f"[{vendor}] cycle end to end, {label:<18} {seconds:6.2f} s  (CPU {cpu:5.2f} s; {verdict} the "
              f"{GOAL_SECONDS:.0f} s goal)")
    print(f"[{vendor}] reading the inputs alone           {read:6.2f} s")
    print(f"[{vendor}] pure computation alone (median of 3) {statistics.median(pure):6.2f} s")


if __name__ == "__main__":
    main()
