"""The back office for learning groups: in Chinese, read-only, closing a group through the same rules."""

from datetime import timedelta

import pytest
from django.test import Client

from sharing.services import groups as services_groups


@pytest.fixture
def admin_of(bureau):
    def login(persona: str) -> Client:
        user = bureau.users[persona]
        user.is_staff = True
        user.save()
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_login(user)
        return client
    return login


@pytest.fixture
def lecture(bureau, data_group, hr_actor, today):
    return services_groups.learning_activity_record(
        actor=hr_actor, group=data_group, kind="lecture", title="数据可视化讲座", start_date=today - timedelta(3),
        end_date=today - timedelta(3), hours=2, attendees=[bureau.office_clerk])


@pytest.mark.parametrize("persona", ["hr_officer", "it_head", "leader"])
def test_each_sharing_role_reads_groups_and_activities_in_chinese(admin_of, data_group, lecture, persona):
    client = admin_of(persona)
    listed = client.get("/admin/sharing/learninggroup/").content.decode()
    assert "学习小组" in listed and "数据分析学习小组" in listed
    detail = client.get(f"/admin/sharing/learninggroup/{data_group.pk}/change/").content.decode()
    assert "学习小组成员" in detail and "钱进" in detail and "数据可视化讲座" in detail
    activity = client.get(f"/admin/sharing/learningactivity/{lecture.pk}/change/").content.decode()
    assert "出勤" in activity and "赵文" in activity
    assert client.get("/admin/sharing/learninggroup/add/").status_code == 403


def test_closing_a_group_in_the_admin_goes_through_the_service(admin_of, data_group, today):
    client = admin_of("hr_officer")
    response = client.post("/admin/sharing/learninggroup/", {"action": "close_groups",
                                                             "_selected_action": [data_group.pk]}, follow=True)
    assert response.status_code == 200
    data_group.refresh_from_db()
    assert data_group.ended_on == today


def test_a_head_of_another_department_cannot_close_the_group_in_the_admin(admin_of, data_group):
    response = admin_of("finance_head").post("/admin/sharing/learninggroup/", {
        "action": "close_groups", "_selected_action": [data_group.pk]}, follow=True)
    assert "只有人事部门和组长所在部门的负责人" in response.content.decode()
    data_group.refresh_from_db()
    assert data_group.ended_on is None
