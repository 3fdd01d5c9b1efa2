"""Every write, and every read of personal data, leaves a record the auditor can read."""

import datetime

import pytest
from auditlog.models import LogEntry

from tests.factories import PASSWORD, cadre_payload
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


# --- sign-ins ------------------------------------------------------------------------------------------------


def sign_in(bureau, username: str, password: str, address: str = "10.2.3.4"):
    return bureau.client("anonymous").post("/api/v1/auth/token/", {"username": username, "password": password},
                                           format="json", REMOTE_ADDR=address)


def test_a_login_and_a_logout_are_in_the_trail_with_who_and_from_where(bureau):
    token = sign_in(bureau, "leader", PASSWORD).json()["token"]
    leader = bureau.client("anonymous")
    leader.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert leader.delete("/api/v1/auth/token/", REMOTE_ADDR="10.2.3.4").status_code == 204

    entries = trail(bureau, model="user", object_pk=bureau.users["leader"].pk)

    assert [(e["event"], e["actor"], e["action"], e["remote_addr"]) for e in reversed(entries)] == [
        ("login", "leader", "sign_in", "10.2.3.4"), ("logout", "leader", "sign_in", "10.2.3.4")]


def test_failed_logins_are_in_the_trail_even_for_a_username_that_does_not_exist(bureau):
    assert_error(sign_in(bureau, "leader", "guess-1", address="10.9.9.9"), 401)
    assert_error(sign_in(bureau, "nobody", "guess-2", address="10.9.9.9"), 401)

    failed = trail(bureau, event="login_failed")

    assert [(e["object_repr"], e["object_pk"], e["actor"], e["remote_addr"]) for e in reversed(failed)] == [
        ("leader", str(bureau.users["leader"].pk), None, "10.9.9.9"), ("nobody", "", None, "10.9.9.9")]
    assert trail(bureau, event="login") == []


def test_an_unknown_sign_in_event_is_a_400_naming_the_filter(bureau):
    assert_error(bureau.client("auditor").get("/api/v1/audit/", {"event": "hack"}), 400, field="event")


def test_a_back_office_login_is_in_the_trail_too(bureau, client):
    bureau.users["hr_officer"].is_staff = True
    bureau.users["hr_officer"].save()

    response = client.post("/admin/login/", {"username": "hr_officer", "password": PASSWORD, "next": "/admin/"})

    assert response.status_code == 302
    [entry] = trail(bureau, event="login", actor="hr_officer")
    assert entry["model"] == "user"


def test_sign_ins_are_not_reads_of_personal_data(bureau, hr):
    sign_in(bureau, "leader", PASSWORD)
    sign_in(bureau, "leader", "guess-1")
    hr.get(f"/api/v1/cadres/{bureau.accountant.pk}/")

    reads = trail(bureau, action="access")
    sign_ins = trail(bureau, action="sign_in")

    assert [(e["model"], e["object_pk"]) for e in reads] == [("cadre", str(bureau.accountant.pk))]
    assert [(e["action"], e["event"]) for e in reversed(sign_ins)] == [
        ("sign_in", "login"), ("sign_in", "login_failed")]


def test_an_export_read_says_it_came_from_an_export_and_from_where(bureau, hr):
    hr.get("/api/v1/exports/cadres/", {"as": "csv"}, REMOTE_ADDR="10.4.5.6")

    entry = trail(bureau, action="access", object_pk=bureau.accountant.pk)[0]

    assert entry["remote_addr"] == "10.4.5.6"
    assert entry["via"] == "export"


def test_changes_name_the_user_and_give_local_times(bureau):
    from tests.factories_planning import WorkforcePlanFactory

    bureau.users["hr_officer"].first_name = "人事专员"
    bureau.users["hr_officer"].save()
    plan = WorkforcePlanFactory(department=bureau.it, created_by=bureau.users["hr_officer"])

    [entry] = trail(bureau, model="workforceplan", object_pk=plan.pk, action="create")

    assert entry["changes"]["created_by"] == ["None", "hr_officer"]
    created_at = entry["changes"]["created_at"][1]
    assert created_at.endswith("+08:00"), created_at
    assert created_at.startswith(plan.created_at.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
                                 .strftime("%Y-%m-%dT%H:%M"))


@pytest.mark.parametrize("offset", ["-18:00", "+15:30", "+08:00"])
def test_a_time_filter_with_any_offset_answers_without_a_server_error(bureau, offset):
    """PostgreSQL refuses offsets beyond ±15:59; the filter sends one instant, in UTC."""
    response = bureau.client("auditor").get("/api/v1/audit/", {"since": f"1858-09-01T05:15:48{offset}",
                                                              "until": f"2099-01-01T00:00:00{offset}"})

    assert response.status_code == 200, response.content
