"""Generates a province-scale talent pool for the benchmarks: 200 departments, 50,000 cadres,
150 skills, 3-10 skills per cadre and one literacy assessment each. Replaces any pool already there.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/talent_bench python bench/make_pool.py

Rows go in with COPY on PostgreSQL (`--cadres 1000000` takes minutes) and bulk_create on SQLite.
Citizen ID and phone are encrypted on the way in (Fernet, one token per
value), which is the expensive part: the script times it on its own and prints it.
"""

import argparse
import os
import random
import time
from contextlib import contextmanager
from datetime import date, timedelta
from itertools import accumulate

from _setup import setup

DEPARTMENTS, TOP_LEVEL = 200, 20
SKILLS, CATEGORIES = 150, 15
BATCH = 5000
CHUNK = 20_000  # people generated and written at a time
LEVELS, LEVEL_ODDS = [1, 2, 3, 4, 5], list(accumulate([2, 4, 4, 2, 1]))


def national_id(rng: random.Random, male: bool) -> str:
    from talent.validators import national_id_check_char

    born = date(1965, 1, 1) + timedelta(days=rng.randrange(35 * 365))
    sequence = rng.randrange(100) * 10 + rng.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
    first17 = f"3201{rng.randrange(1, 20):02d}{born:%Y%m%d}{sequence:03d}"
    return first17 + national_id_check_char(first17)


def wipe() -> None:
    from auditlog.models import LogEntry

    from talent.models import (
        Cadre,
        CadreSkill,
        CadreSkillHistory,
        Department,
        LiteracyAssessment,
        Skill,
        SkillCategory,
        TrainingRecord,
    )

    for model in (LogEntry, TrainingRecord, CadreSkillHistory, CadreSkill, LiteracyAssessment, Cadre, Skill,
                  SkillCategory):
        model.objects.all()._raw_delete(model.objects.db)
    while Department.objects.exists():  # leaves first: parents are protected
        Department.objects.filter(children__isnull=True).delete()


class Stopwatch:
    """Wall-clock and this process's CPU seconds per step: on a shared machine the two differ."""

    def __init__(self):
        self.steps: dict[str, tuple[float, float]] = {}

    @contextmanager
    def step(self, label: str):
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        before = self.steps.get(label, (0.0, 0.0))  # a step repeated per chunk adds up
        self.steps[label] = (before[0] + time.perf_counter() - wall, before[1] + time.process_time() - cpu)

    def report(self, prefix: str) -> None:
        for label, (wall, cpu) in self.steps.items():
            print(f"{prefix} {label:<42} {wall:6.1f} s wall {cpu:6.1f} s cpu")


def generate(*, cadres: int, watch: Stopwatch, seed: int = 7) -> None:
    from django.db import connection
    from django.db.models import Max

    from core import crypto
    from talent.literacy import CAPACITIES
    from talent.models import (
        Cadre,
        CadreSkill,
        Department,
        LiteracyAssessment,
        Rank,
        Skill,
        SkillCategory,
        Tier,
    )

    rng = random.Random(seed)
    with watch.step("departments and skill catalogue"):
        tops = Department.objects.bulk_create(
            [Department(code=f"P{i:02d}", name=f"第{i}厅局") for i in range(TOP_LEVEL)])
        subs = Department.objects.bulk_create(
            [Department(code=f"P{i:02d}-{j}", name=f"第{i}厅局第{j}处", parent=top)
             for i, top in enumerate(tops) for j in range(DEPARTMENTS // TOP_LEVEL - 1)])
        departments = tops + subs
        categories = SkillCategory.objects.bulk_create(
            [SkillCategory(code=f"C{i:02d}", name=f"技能类别{i}", position=i) for i in range(CATEGORIES)])
        skills = Skill.objects.bulk_create(
            [Skill(code=f"S{i:03d}", name=f"技能{i}", category=categories[i % CATEGORIES], critical=i % 10 == 0)
             for i in range(SKILLS)])

    first = (Cadre.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    # Skill popularity is skewed, as in a real bureau: office skills everywhere, niche skills rare.
    popularity = list(accumulate(1 / (1 + i) ** 0.7 for i in range(SKILLS)))
    counts = {"skills": 0}
    # A chunk of people at a time, so that a million cadres fit in memory.
    for start in range(0, cadres, CHUNK):
        people = []
        for n in range(start, min(start + CHUNK, cadres)):
            male = rng.random() < 0.55
            tier = rng.choices(Tier.values, weights=[1, 6, 3])[0]
            people.append(Cadre(
                id=first + n, staff_number=f"B{n:06d}", name=f"干部{n}", gender="M" if male else "F",
                department=rng.choice(departments), post_title="科员", rank=rng.choice(Rank.values), tier=tier,
                education="bachelor", hire_date=date(2000, 1, 1) + timedelta(days=rng.randrange(9000)),
                national_id=national_id(rng, male), mobile=f"13{rng.randrange(10**9):09d}",
            ))
        with watch.step("encrypting their ID and phone (alone)"):
            for person in people:
                crypto.encrypt(person.national_id)
                crypto.encrypt(person.mobile)
        with watch.step(f"insert {cadres} cadres (encryption included)"):
            insert(Cadre, people)

        held = []
        for person in people:
            chosen = set()
            wanted = rng.randint(3, 10)
            while len(chosen) < wanted:
                chosen.update(rng.choices(range(SKILLS), cum_weights=popularity, k=wanted - len(chosen)))
            levels = rng.choices(LEVELS, cum_weights=LEVEL_ODDS, k=len(chosen))
            held += [CadreSkill(cadre_id=person.pk, skill_id=skills[i].pk, level=level)
                     for i, level in zip(chosen, levels, strict=True)]
        counts["skills"] += len(held)
        with watch.step("insert their cadre skills"):
            insert(CadreSkill, held)
        with watch.step(f"insert {cadres} assessments"):
            insert(LiteracyAssessment, [
                LiteracyAssessment(cadre_id=person.pk, period="2025", assessed_on=date(2025, 12, 15), method="test",
                                   is_latest=True, **{c: rng.randint(35, 100) for c in CAPACITIES})
                for person in people])
    if connection.vendor == "postgresql":  # the ids were given, so the sequence must be moved past them
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('talent_cadre', 'id'), %s)", [first + cadres])
    print(f"{counts['skills']} cadre skills")


def insert(model, objects: list) -> None:
    """COPY on PostgreSQL (a million cadres in minutes; bulk_create would take an hour), bulk_create elsewhere.
    Each value is prepared by its field as an INSERT would (encryption, auto_now), so the rows are the same."""
    from django.db import connection

    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=BATCH)
        return
    if not objects:
        return
    given_ids = objects[0].pk is not None
    fields = [field for field in model._meta.concrete_fields if given_ids or not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor, \
            cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for obj in objects:
            copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=50_000)
    args = parser.parse_args()
    vendor = setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    wipe()
    print(f"[{vendor}] cleared the previous pool in {time.perf_counter() - started:.1f} s")
    watch = Stopwatch()
    with watch.step("total (includes the encryption-alone step)"), transaction.atomic():  # one commit
        generate(cadres=args.cadres, watch=watch)
    watch.report(f"[{vendor}]")
    print(f"[{vendor}] load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with connection.cursor() as cursor:
        # Fresh statistics and (PostgreSQL) a visibility map, as autovacuum gives a database in service;
        # without it PostgreSQL cannot answer from the search index alone.
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")


if __name__ == "__main__":
    main()
