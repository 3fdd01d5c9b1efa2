"""Learning groups through the API: forming them across departments, their members, activities and attendance."""

from datetime import timedelta

import pytest

from sharing.models import LearningGroup
from talent.models import CadreStatus
from tests.factories import CadreFactory
from tests.helpers import assert_error


def group_payload(bureau, skill, **overrides):
    body = {"name": "数据治理学习小组", "topic": "数据共享清单与数据质量", "capacity": "decision", "skills": [skill.pk],
            "leader": bureau.it_engineer.pk, "started_on": "2026-03-01",
            "members": [{"cadre": bureau.finance_officer.pk, "role": "learner"},
                        {"cadre": bureau.accountant.pk, "role": "learner"}]}
    body.update(overrides)
    return body


def test_hr_forms_a_group_across_departments_and_the_leader_joins_as_an_expert(bureau, hr, sql):
    response = hr.post("/api/v1/learning-groups/", group_payload(bureau, sql), format="json")

    assert response.status_code == 201, response.content
    group = response.json()
    assert group["leader_name"] == "李码"
    assert {(m["name"], m["role"]) for m in group["members"]} == {("李码", "expert"), ("钱进", "learner"),
                                                                   ("孙会", "learner")}
    assert group["departments"] == 3
    assert group["skill_details"] == [{"id": sql.pk, "code": "SQL", "name": "数据库查询"}]
    hr = bureau.users["hr_officer"]
    assert (group["created_by"], group["created_by_name"]) == ("hr_officer", hr.get_full_name() or "hr_officer")


def test_a_group_from_one_department_is_refused_with_a_clear_400(bureau, hr, sql):
    colleague = CadreFactory(department=bureau.it, name="周同")
    body = group_payload(bureau, sql, members=[{"cadre": colleague.pk, "role": "learner"}])

    error = assert_error(hr.post("/api/v1/learning-groups/", body, format="json"), 400, field="members")

    assert "两个部门" in error["message"] or "two departments" in error["message"]
    assert not LearningGroup.objects.exists()


def test_someone_listed_twice_is_refused(bureau, hr, sql):
    twice = [{"cadre": bureau.finance_officer.pk}, {"cadre": bureau.finance_officer.pk}]
    assert_error(hr.post("/api/v1/learning-groups/", group_payload(bureau, sql, members=twice), format="json"), 400,
                 field="members")


def test_a_cadre_who_left_cannot_join(bureau, hr, sql):
    gone = CadreFactory(department=bureau.office, status=CadreStatus.LEFT)
    body = group_payload(bureau, sql, members=[{"cadre": gone.pk}, {"cadre": bureau.finance_officer.pk}])
    assert_error(hr.post("/api/v1/learning-groups/", body, format="json"), 400, field="members")


@pytest.mark.parametrize(("change", "field"), [
    ({"skills": []}, "skills"), ({"capacity": "charisma"}, "capacity"), ({"started_on": "1999-12-31"}, "started_on"),
    ({"leader": 10**9}, "leader"), ({"members": [{"cadre": "x"}]}, "members"), ({"name": ""}, "name"),
])
def test_bad_input_names_the_field(bureau, hr, sql, change, field):
    assert_error(hr.post("/api/v1/learning-groups/", group_payload(bureau, sql, **change), format="json"), 400,
                 field=field)


def test_a_head_forms_groups_led_by_their_own_people_only(bureau, sql):
    led_by_finance = group_payload(bureau, sql, leader=bureau.accountant.pk,
                                   members=[{"cadre": bureau.it_engineer.pk}])
    assert bureau.client("finance_head").post("/api/v1/learning-groups/", led_by_finance,
                                              format="json").status_code == 201

    assert_error(bureau.client("finance_head").post("/api/v1/learning-groups/", group_payload(bureau, sql),
                                                    format="json"), 403)


def test_members_join_and_leave_but_never_below_two_departments(bureau, hr, data_group):
    path = f"/api/v1/learning-groups/{data_group.pk}/"
    response = hr.post(path + "add-member/", {"cadre": bureau.accountant.pk, "role": "member"}, format="json")
    assert response.status_code == 200
    assert response.json()["departments"] == 4
    assert_error(hr.post(path + "add-member/", {"cadre": bureau.accountant.pk}, format="json"), 409)

    for cadre in (bureau.accountant, bureau.office_clerk):
        assert hr.post(path + "remove-member/", {"cadre": cadre.pk}, format="json").status_code == 200
    # Left: 李码 (IT) and 钱进 (finance). Taking 钱进 out would leave IT alone.
    assert_error(hr.post(path + "remove-member/", {"cadre": bureau.finance_officer.pk}, format="json"), 400,
                 field="members")
    assert_error(hr.post(path + "remove-member/", {"cadre": bureau.it_engineer.pk}, format="json"), 409)
    assert_error(hr.post(path + "remove-member/", {"cadre": bureau.accountant.pk}, format="json"), 400,
                 field="cadre")


def test_the_lead_passes_only_to_a_member(bureau, hr, data_group):
    path = f"/api/v1/learning-groups/{data_group.pk}/"
    assert_error(hr.patch(path, {"leader": bureau.accountant.pk}, format="json"), 400, field="leader")

    response = hr.patch(path, {"leader": bureau.finance_officer.pk, "topic": "SQL 与数据可视化"}, format="json")

    assert response.status_code == 200
    assert (response.json()["leader_name"], response.json()["topic"]) == ("钱进", "SQL 与数据可视化")


def test_members_change_through_the_actions_not_the_group(bureau, hr, data_group):
    assert_error(hr.patch(f"/api/v1/learning-groups/{data_group.pk}/", {"members": []}, format="json"), 400,
                 field="members")


def test_the_it_head_manages_the_group_their_engineer_leads_and_the_finance_head_does_not(bureau, data_group):
    path = f"/api/v1/learning-groups/{data_group.pk}/"
    assert bureau.client("it_head").patch(path, {"name": "SQL 学习小组"}, format="json").status_code == 200
    assert_error(bureau.client("finance_head").patch(path, {"name": "财务数据小组"}, format="json"), 403)


def test_an_activity_is_led_by_the_leader_unless_said_and_records_who_attended(bureau, hr, data_group, today):
    body = {"group": data_group.pk, "kind": "study_week", "title": "SQL 学习周",
            "start_date": str(today - timedelta(7)), "end_date": str(today - timedelta(3)), "hours": "12",
            "location": "信息中心培训室",
            "attendees": [bureau.finance_officer.pk, bureau.office_clerk.pk]}

    response = hr.post("/api/v1/learning-activities/", body, format="json")

    assert response.status_code == 201, response.content
    activity = response.json()
    assert activity["led_by_name"] == "李码"
    assert {a["name"] for a in activity["attended_by"]} == {"钱进", "赵文"}
    assert activity["attendance_count"] == 2

    corrected = hr.patch(f"/api/v1/learning-activities/{activity['id']}/", {"attendees": [bureau.office_clerk.pk]},
                         format="json")
    assert [a["name"] for a in corrected.json()["attended_by"]] == ["赵文"]


def test_only_members_attend_and_only_once_the_activity_has_started(bureau, hr, data_group, today):
    base = {"group": data_group.pk, "kind": "lecture", "title": "数据安全讲座", "hours": "2"}
    stranger = {**base, "start_date": str(today), "end_date": str(today), "attendees": [bureau.accountant.pk]}
    assert_error(hr.post("/api/v1/learning-activities/", stranger, format="json"), 400, field="attendees")

    ahead = {**base, "start_date": str(today + timedelta(days=9)), "end_date": str(today + timedelta(days=9))}
    assert hr.post("/api/v1/learning-activities/", ahead, format="json").status_code == 201
    early = {**ahead, "attendees": [bureau.office_clerk.pk]}
    assert_error(hr.post("/api/v1/learning-activities/", early, format="json"), 400, field="attendees")


@pytest.mark.parametrize(("change", "field"), [
    ({"end_date": "2020-01-01"}, "end_date"), ({"hours": "0"}, "hours"), ({"hours": "1e9"}, "hours"),
    ({"kind": "party"}, "kind"), ({"led_by": 10**9}, "led_by"), ({"start_date": "2026-02-30"}, "start_date"),
    ({"attendees": "everyone"}, "attendees"),
])
def test_bad_activities_name_the_field(bureau, hr, data_group, today, change, field):
    body = {"group": data_group.pk, "kind": "lecture", "title": "讲座", "start_date": str(today),
            "end_date": str(today), "hours": "2", **change}
    assert_error(hr.post("/api/v1/learning-activities/", body, format="json"), 400, field=field)


def test_an_activity_is_led_by_a_member(bureau, hr, data_group, today):
    body = {"group": data_group.pk, "kind": "lecture", "title": "讲座", "start_date": str(today),
            "end_date": str(today), "hours": "2", "led_by": bureau.accountant.pk}
    assert_error(hr.post("/api/v1/learning-activities/", body, format="json"), 400, field="led_by")


def test_an_activity_before_the_group_started_is_refused(bureau, hr, data_group, today):
    body = {"group": data_group.pk, "kind": "lecture", "title": "讲座", "start_date": str(today - timedelta(60)),
            "end_date": str(today - timedelta(60)), "hours": "2"}
    assert_error(hr.post("/api/v1/learning-activities/", body, format="json"), 400, field="start_date")


def test_a_closed_group_takes_no_new_activities_or_members(bureau, hr, data_group, today):
    path = f"/api/v1/learning-groups/{data_group.pk}/"
    response = hr.post(path + "close/", {}, format="json")
    assert response.json()["ended_on"] == str(today)
    body = {"group": data_group.pk, "kind": "lecture", "title": "补充讲座", "start_date": str(today),
            "end_date": str(today), "hours": "2"}

    assert_error(hr.post("/api/v1/learning-activities/", body, format="json"), 409)
    assert_error(hr.post(path + "add-member/", {"cadre": bureau.accountant.pk}, format="json"), 409)
    assert_error(hr.post(path + "close/", {}, format="json"), 409)


def test_a_group_cannot_close_before_its_last_activity(bureau, hr, data_group, today):
    body = {"group": data_group.pk, "kind": "lecture", "title": "讲座", "start_date": str(today - timedelta(5)),
            "end_date": str(today - timedelta(5)), "hours": "2"}
    hr.post("/api/v1/learning-activities/", body, format="json")
    assert_error(hr.post(f"/api/v1/learning-groups/{data_group.pk}/close/",
                         {"ended_on": str(today - timedelta(10))}, format="json"), 400, field="ended_on")


READERS = {"hr_officer", "hr_clerk", "finance_head", "it_head", "leader"}


@pytest.mark.parametrize("persona", ["hr_officer", "hr_clerk", "finance_head", "it_head", "leader", "auditor",
                                     "outsider", "anonymous"])
def test_sharing_roles_read_groups_and_activities_and_leadership_does_not_manage_them(bureau, data_group, persona):
    client = bureau.client(persona)
    for path in ("/api/v1/learning-groups/", f"/api/v1/learning-groups/{data_group.pk}/",
                 "/api/v1/learning-activities/"):
        response = client.get(path)
        if persona in READERS:
            assert response.status_code == 200
        else:
            assert_error(response, 401 if persona == "anonymous" else 403)
    if persona == "leader":
        assert_error(client.patch(f"/api/v1/learning-groups/{data_group.pk}/", {"name": "改名"}, format="json"), 403)


def test_the_group_list_takes_the_same_queries_whatever_its_size(bureau, hr, data_group, sql, hr_actor,
                                                                django_assert_max_num_queries):
    from sharing.services import groups as services_groups

    for i in range(5):
        services_groups.learning_group_create(
            actor=hr_actor, name=f"小组{i}", topic="主题", capacity="execution", skills=[sql],
            leader=bureau.it_engineer, started_on=data_group.started_on,
            members=[{"cadre": bureau.finance_officer}, {"cadre": bureau.office_clerk}])
    with django_assert_max_num_queries(10):
        assert len(hr.get("/api/v1/learning-groups/").json()["results"]) == 6


def test_the_start_moves_with_those_who_joined_at_it_until_the_first_activity(bureau, hr, data_group, today):
    path = f"/api/v1/learning-groups/{data_group.pk}/"
    later = today - timedelta(days=20)
    assert hr.patch(path, {"started_on": str(later)}, format="json").status_code == 200
    assert {m["joined_on"] for m in hr.get(path).json()["members"]} == {str(later)}

    hr.post("/api/v1/learning-activities/", {"group": data_group.pk, "kind": "lecture", "title": "讲座",
                                              "start_date": str(today), "end_date": str(today), "hours": "2"},
            format="json")
    assert_error(hr.patch(path, {"started_on": str(today - timedelta(days=40))}, format="json"), 409)


def test_a_member_cannot_join_before_the_group_starts(bureau, hr, data_group):
    body = {"cadre": bureau.accountant.pk, "joined_on": str(data_group.started_on - timedelta(days=1))}
    assert_error(hr.post(f"/api/v1/learning-groups/{data_group.pk}/add-member/", body, format="json"), 400,
                 field="joined_on")


def test_a_group_is_not_closed_ahead_of_time(bureau, hr, data_group, today):
    assert_error(hr.post(f"/api/v1/learning-groups/{data_group.pk}/close/",
                         {"ended_on": str(today + timedelta(days=1))}, format="json"), 400, field="ended_on")


def test_groups_are_found_by_a_members_department_once_each(bureau, hr, data_group):
    hr.post(f"/api/v1/learning-groups/{data_group.pk}/add-member/", {"cadre": bureau.accountant.pk}, format="json")
    colleague = CadreFactory(department=bureau.finance, name="钱多")
    hr.post(f"/api/v1/learning-groups/{data_group.pk}/add-member/", {"cadre": colleague.pk}, format="json")

    found = hr.get("/api/v1/learning-groups/", {"members__department": bureau.finance.pk}).json()

    assert [g["name"] for g in found["results"]] == ["数据分析学习小组"]
    assert found["results"][0]["activity_count"] == 0
    assert hr.get("/api/v1/learning-groups/", {"members__department": bureau.archive.pk}).json()["count"] == 0
