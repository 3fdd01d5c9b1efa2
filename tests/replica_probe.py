"""What a user sees while a streaming replica lags: run by tests/test_replicas.py in its own process, with
DATABASE_URL naming a primary and DATABASE_REPLICA_URLS its replica, and prints what each client saw as JSON."""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from core.auth import issue_token  # noqa: E402
from core.replicas import PIN_COOKIE  # noqa: E402
from talent import roles  # noqa: E402
from tests.factories import CadreFactory, CadreSkillFactory, DepartmentFactory, SkillFactory, UserFactory  # noqa: E402

SEARCH = "/api/v1/talent-search/"


def replica_name(cadre_id: int) -> str | None:
    """The cadre's name on the replica once their skill has arrived there too (the skill and the cadre's level in
    it are written after the cadre: waiting for the cadre alone let a search on a lagging replica find no skill)."""
    with connections["replica_1"].cursor() as cursor:
        cursor.execute("SELECT name FROM talent_cadre WHERE id = %s AND EXISTS (SELECT 1 FROM talent_cadreskill "
                       "WHERE cadre_id = talent_cadre.id)", [cadre_id])
        row = cursor.fetchone()
    return row[0] if row else None


def wait_for(cadre_id: int, name: str) -> None:
    for _ in range(200):
        if replica_name(cadre_id) == name:
            return
        time.sleep(0.05)
    raise SystemExit(f"the replica never showed {name}")


def replay(action: str) -> None:
    with connections["replica_1"].cursor() as cursor:
        cursor.execute(f"SELECT pg_wal_replay_{action}()")


def found(client: Client) -> list[str]:
    return [hit["name"] for hit in client.get(SEARCH, {"skill": "SQL:1"}).json()["results"]]


def in_full(client: Client) -> dict[str, bool]:
    """Whom a search for Python finds, and whether it shows them in full (within the head's departments)."""
    return {hit["name"]: not hit["summary"] for hit in client.get(SEARCH, {"skill": "PY:1"}).json()["results"]}


def replica_parent(department_id: int):
    with connections["replica_1"].cursor() as cursor:
        cursor.execute("SELECT parent_id FROM talent_department WHERE id = %s", [department_id])
        return cursor.fetchone()[0]


def wait_for_parent(department_id: int, parent_id) -> None:
    for _ in range(200):
        if replica_parent(department_id) == parent_id:
            return
        time.sleep(0.05)
    raise SystemExit("the replica never showed the department moved")


def main() -> None:
    call_command("migrate", verbosity=0)
    hr, leader = UserFactory(username="probe_hr", groups=[roles.HR]), UserFactory(username="probe_leader",
                                                                                    groups=[roles.LEADERSHIP])
    cadre = CadreFactory(department=DepartmentFactory(), name="王旧名")
    CadreSkillFactory(cadre=cadre, skill=SkillFactory(code="SQL"), level=3)
    wait_for(cadre.pk, "王旧名")
    writer, other = Client(), Client()
    writer.force_login(hr)
    other.force_login(leader)  # a fresh session, read from the primary: signing in never waits for a replica

    replay("pause")
    changed = writer.patch(f"/api/v1/cadres/{cadre.pk}/", {"name": "王新名"}, content_type="application/json")
    seen = {
        "patch": changed.status_code,
        "pinned": PIN_COOKIE in changed.cookies,
        "writer_search": found(writer),
        "other_search": found(other),
        "other_record": other.get(f"/api/v1/cadres/{cadre.pk}/").json()["name"],
        "replica": replica_name(cadre.pk),
    }
    replay("resume")
    wait_for(cadre.pk, "王新名")
    seen["other_search_after"] = found(other)
    seen.update(moved_sub_unit())
    print(json.dumps(seen, ensure_ascii=False))


def moved_sub_unit() -> dict:
    """A head searching by token (the API's way in) while a sub-unit of theirs moves out from under them: the
    department tree their scope walks is kept by the process under the departments' state, and a search reads
    from the replica; a tree read there during the lag must not outlive it."""
    unit = DepartmentFactory()
    sub_unit = DepartmentFactory(parent=unit)
    head = UserFactory(username="probe_head", groups=[roles.HEAD])
    unit.heads.add(head)
    expert = CadreFactory(department=sub_unit, name="李下属")
    CadreSkillFactory(cadre=expert, skill=SkillFactory(code="PY"), level=2)
    wait_for(expert.pk, "李下属")
    searching = Client(HTTP_AUTHORIZATION=f"Token {issue_token(head).key}")
    seen = {"head_before": in_full(searching)}
    replay("pause")
    sub_unit.parent = None
    sub_unit.save()
    seen["head_during_lag"] = in_full(searching)
    replay("resume")
    wait_for_parent(sub_unit.pk, None)
    seen["head_after"] = in_full(searching)
    return seen


if __name__ == "__main__":
    main()
