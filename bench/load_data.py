"""Data and logins for the load test (bench/load_test.sh): the province-scale pool of bench/make_pool.py, an
audit trail of one record per cadre, and one login per role with its API token.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/talent_load python bench/load_data.py OUT.json [--cadres N]

Builds the pool only when the database holds fewer cadres than asked for, so a second run starts at once.
Writes OUT.json: each role's token, and what the simulated users pick their requests from (department ids,
a sample of cadre ids per head's scope and overall, skill codes, words to search for).
"""

import argparse
import json
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from _setup import ROOT, setup

SEED = 2026
HEADS = 5  # heads of the first five top-level departments, each with its sub-units


def build_pool(cadres: int) -> None:
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_pool.py"), "--cadres", str(cadres)], check=True)


def audit_trail() -> None:
    """One 'create' record per cadre over the past year, as if HR had entered the pool through the API."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from talent.models import Cadre

    rng = random.Random(SEED)
    kind, now = ContentType.objects.get_for_model(Cadre), timezone.now()
    LogEntry.objects.bulk_create(
        (LogEntry(content_type=kind, object_pk=str(pk), object_id=pk, object_repr=f"{name}（{number}）",
                  action=LogEntry.Action.CREATE, changes={"name": ["None", name], "staff_number": ["None", number]},
                  timestamp=now - timedelta(minutes=rng.randrange(525_600)))
         for pk, name, number in Cadre.objects.values_list("pk", "name", "staff_number").iterator()),
        batch_size=5000)


def logins() -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from core.auth import issue_token
    from talent import roles
    from talent.models import Department

    def login(username: str, role: str):
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.groups.set([Group.objects.get(name=role)])
        return user

    hr = login("load_hr", roles.HR)
    hr.user_permissions.add(Permission.objects.get(codename="view_cadre_personal_data"))
    heads = []
    for department in Department.objects.filter(parent=None, code__startswith="P").order_by("code")[:HEADS]:
        head = login(f"load_head_{department.code}", roles.HEAD)
        department.heads.set([head])
        heads.append((head, department))
    users = {"hr": hr, "leader": login("load_leader", roles.LEADERSHIP),
             "auditor": login("load_auditor", roles.AUDITOR)}
    token = {name: issue_token(user).key for name, user in users.items()}
    return {**token, "heads": [{"token": issue_token(head).key, "department": d.pk}
                               for head, d in heads]}


def choices() -> dict:
    from talent.access import descendant_ids
    from talent.models import Cadre, Department, Skill

    def sample(queryset, size=500):
        return list(queryset.order_by("?").values_list("pk", flat=True)[:size])

    top = Department.objects.filter(parent=None, code__startswith="P").order_by("code")[:HEADS]
    return {
        "departments": list(Department.objects.values_list("pk", flat=True)),
        "cadres": sample(Cadre.objects.all()),
        "scopes": {str(d.pk): sample(Cadre.objects.filter(department__in=descendant_ids([d.pk]))) for d in top},
        "skills": list(Skill.objects.filter(active=True).values_list("code", flat=True)),
        "words": sorted({name[:3] for name in Cadre.objects.order_by("?").values_list("name", flat=True)[:200]}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--cadres", type=int, default=50_000)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from talent.models import Cadre

    call_command("migrate", verbosity=0)
    if Cadre.objects.count() < args.cadres:
        build_pool(args.cadres)
        with transaction.atomic():
            audit_trail()
    with connection.cursor() as cursor:
        # What autovacuum keeps up on a working database, done here on each run, since a server may have it off
        # (this machine does): the planner knows the trail's size, and the visibility map lets the trail's counts
        # be answered from an index. Without it, each load test's audited reads were never vacuumed, and the
        # auditor's page counted the trail from the table: 40-60 ms of PostgreSQL against 20 at 50,000 entries.
        cursor.execute("VACUUM ANALYZE")
    with transaction.atomic():
        plan = {"tokens": logins(), **choices()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(plan))
    print(f"{Cadre.objects.count()} cadres in {len(plan['departments'])} departments; logins in {args.out}")


if __name__ == "__main__":
    main()
