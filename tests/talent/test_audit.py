"""Every write, and every read of personal data, leaves a record the auditor can read."""

import pytest
from auditlog.models import LogEntry

from tests.factories import cadre_payload
from tests.helpers import assert_error


def trail(bureau, **filters) -> list[dict]:
    response = bureau.client("auditor").get("/api/v1/audit/", filters)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_registering_a_cadre_is_recorded_with_the_hr_officer_as_actor(bureau, hr):
    cadre_id = hr.post("/api/v1/cadres/", cadre_payload(bureau.it), format="json").json()["id"]

    [entry] = trail(bureau, model="cadre", object_pk=cadre_id)

    assert (entry["action"], entry["actor"]) == ("create", "hr_officer")
    assert entry["changes"]["staff_number"] == ["None", "NEW001"]
    assert entry["changes"]["department"] == ["None", str(bureau.it.pk)]


def test_a_correction_is_recorded_with_before_and_after_and_who_made_it(bureau):
    clerk = bureau.client("hr_clerk")

    clerk.patch(f"/api/v1/cadres/{bureau.accountant.pk}/", {"post_title": "会计主管"}, format="json")

    [entry] = trail(bureau, model="cadre", object_pk=bureau.accountant.pk, action="update")
    assert entry["actor"] == "hr_clerk"
    assert entry["changes"] == {"post_title": ["科员", "会计主管"]}


def test_department_changes_are_recorded(bureau, hr):
    hr.patch(f"/api/v1/departments/{bureau.office.pk}/", {"name": "办公厅"}, format="json")
    hr.delete(f"/api/v1/departments/{bureau.archive.pk}/")

    [renamed] = trail(bureau, model="department", object_pk=bureau.office.pk, action="update")
    [deleted] = trail(bureau, model="department", object_pk=bureau.archive.pk, action="delete")
    assert (renamed["actor"], renamed["changes"]["name"]) == ("hr_officer", ["办公室", "办公厅"])
    assert (deleted["actor"], deleted["object_repr"]) == ("hr_officer", "档案室")


def test_personal_data_is_never_in_clear_in_the_trail(bureau, hr):
    body = cadre_payload(bureau.it)
    cadre_id = hr.post("/api/v1/cadres/", body, format="json").json()["id"]
    hr.patch(f"/api/v1/cadres/{cadre_id}/", {"mobile": "13600006666"}, format="json")
    hr.get(f"/api/v1/cadres/{cadre_id}/")

    response = bureau.client("auditor").get("/api/v1/audit/?page_size=200")
    stored = [str(values) for values in LogEntry.objects.values_list("changes", "changes_text", "object_repr")]

    [update] = [e for e in response.json()["results"] if e["action"] == "update" and e["model"] == "cadre"]
    assert set(update["changes"]) == {"mobile"}, "the trail shows that the phone changed"
    for secret in [body["national_id"], body["mobile"], "13600006666", bureau.accountant.national_id]:
        assert secret not in response.content.decode()
        assert not any(secret in row for row in stored)


def test_an_unmasked_read_is_recorded_as_an_access(bureau, hr):
    hr.get(f"/api/v1/cadres/{bureau.accountant.pk}/")

    [entry] = trail(bureau, action="access")
    assert (entry["actor"], entry["model"], entry["object_pk"]) == ("hr_officer", "cadre", str(bureau.accountant.pk))


@pytest.mark.parametrize("persona", ["hr_clerk", "finance_head", "leader"])
def test_a_masked_read_is_not_an_access(bureau, persona):
    bureau.client(persona).get(f"/api/v1/cadres/{bureau.accountant.pk}/")
    bureau.client("hr_officer").get("/api/v1/cadres/")

    assert trail(bureau, action="access") == []


def test_the_auditor_filters_the_trail_by_actor(bureau, hr):
    hr.patch(f"/api/v1/cadres/{bureau.it_engineer.pk}/", {"rank": "principal_4"}, format="json")
    bureau.client("hr_clerk").patch(f"/api/v1/cadres/{bureau.accountant.pk}/", {"rank": "clerk_2"}, format="json")

    mine = trail(bureau, actor="hr_officer")

    assert [(e["action"], e["object_pk"]) for e in mine] == [("update", str(bureau.it_engineer.pk))]


@pytest.mark.parametrize("persona", ["hr_officer", "leader", "finance_head", "outsider"])
def test_only_the_auditor_reads_the_trail(bureau, persona):
    assert_error(bureau.client(persona).get("/api/v1/audit/"), 403)


def test_the_trail_cannot_be_edited_even_by_the_auditor(bureau):
    entry = LogEntry.objects.latest("id")
    auditor = bureau.client("auditor")

    assert_error(auditor.delete(f"/api/v1/audit/{entry.pk}/"), 403)
    assert_error(auditor.post("/api/v1/audit/", {"changes": {}}, format="json"), 403)
    assert LogEntry.objects.filter(pk=entry.pk).exists()
