"""HR shapes the department tree; everyone with a role reads it."""

import pytest
from django.utils import translation

from talent.models import Cadre, Department
from tests.factories import CadreFactory
from tests.helpers import assert_error


def test_hr_opens_a_sub_unit_and_it_appears_in_the_tree(bureau, hr):
    assert {node["code"]: node for node in hr.get("/api/v1/departments/tree/").json()}["IT"]["children"] == []
    response = hr.post("/api/v1/departments/", {"code": "IT-SEC", "name": "网络安全科", "parent": bureau.it.pk},
                       format="json")

    assert response.status_code == 201
    assert response.json()["active"] is True
    tree = {node["code"]: node for node in hr.get("/api/v1/departments/tree/").json()}
    assert [child["code"] for child in tree["IT"]["children"]] == ["IT-SEC"]


def test_the_tree_nests_sub_units_under_their_parent(bureau):
    tree = bureau.client("leader").get("/api/v1/departments/tree/").json()

    assert [node["code"] for node in tree] == ["ARCH", "FIN", "IT", "OFFICE"]
    finance = next(node for node in tree if node["code"] == "FIN")
    assert [(child["code"], child["name"], child["children"]) for child in finance["children"]] == [
        ("FIN-ACC", "会计科", [])
    ]


def test_listing_sub_units_of_a_department(bureau, hr):
    response = hr.get(f"/api/v1/departments/?parent={bureau.finance.pk}")

    assert [d["code"] for d in response.json()["results"]] == ["FIN-ACC"]


def test_department_codes_are_unique(bureau, hr):
    response = hr.post("/api/v1/departments/", {"code": "FIN", "name": "另一个财务处"}, format="json")

    assert_error(response, 400, field="code")


def test_a_department_cannot_be_its_own_parent(bureau, hr):
    response = hr.patch(f"/api/v1/departments/{bureau.finance.pk}/", {"parent": bureau.finance.pk}, format="json")

    assert_error(response, 400, field="parent")
    bureau.finance.refresh_from_db()
    assert bureau.finance.parent is None


def test_a_department_cannot_be_placed_under_its_own_sub_unit(bureau, hr):
    deeper = Department.objects.create(code="FIN-ACC-1", name="核算组", parent=bureau.accounting)

    for descendant in [bureau.accounting, deeper]:
        response = hr.patch(f"/api/v1/departments/{bureau.finance.pk}/", {"parent": descendant.pk}, format="json")
        assert_error(response, 400, field="parent")

    bureau.finance.refresh_from_db()
    assert bureau.finance.parent is None


def test_a_department_can_move_under_another_branch(bureau, hr):
    response = hr.patch(f"/api/v1/departments/{bureau.accounting.pk}/", {"parent": bureau.office.pk}, format="json")

    assert response.status_code == 200
    bureau.accounting.refresh_from_db()
    assert bureau.accounting.parent == bureau.office


def test_an_empty_department_can_be_deleted(bureau, hr):
    response = hr.delete(f"/api/v1/departments/{bureau.archive.pk}/")

    assert response.status_code == 204
    assert not Department.objects.filter(code="ARCH").exists()


def test_a_department_with_sub_units_cannot_be_deleted(bureau, hr):
    bureau.finance_officer.department = bureau.office
    bureau.finance_officer.save()

    response = hr.delete(f"/api/v1/departments/{bureau.finance.pk}/")

    error = assert_error(response, 409)
    assert error["code"] == "department_has_children"
    assert Department.objects.filter(code="FIN").exists()


@pytest.mark.parametrize("status", ["active", "seconded", "left"])
def test_a_department_with_cadres_cannot_be_deleted_even_former_ones(bureau, hr, status):
    CadreFactory(department=bureau.archive, status=status)

    response = hr.delete(f"/api/v1/departments/{bureau.archive.pk}/")

    error = assert_error(response, 409)
    assert error["code"] == "department_has_cadres"
    assert Department.objects.filter(code="ARCH").exists()


def test_a_department_can_be_closed_without_deleting_it(bureau, hr):
    response = hr.patch(f"/api/v1/departments/{bureau.office.pk}/", {"active": False}, format="json")

    assert response.status_code == 200
    assert [d["code"] for d in hr.get("/api/v1/departments/?active=false").json()["results"]] == ["OFFICE"]


def test_heads_are_shown_but_not_set_through_the_api(bureau, hr):
    finance_head = bureau.users["finance_head"]

    response = hr.patch(f"/api/v1/departments/{bureau.it.pk}/", {"heads": [finance_head.pk]}, format="json")

    assert response.status_code == 200
    assert response.json()["heads"] == [bureau.users["it_head"].pk]


def test_an_unknown_boolean_filter_value_is_refused_rather_than_ignored(bureau, hr):
    response = hr.get("/api/v1/departments/?active=perhaps")

    assert_error(response, 400, field="active")


def test_a_departments_active_flag_reads_in_use_while_a_cadres_reads_in_post():
    with translation.override("zh-hans"):
        assert str(Department._meta.get_field("active").verbose_name) == "启用"
        assert str(Cadre._meta.get_field("status").choices[0][1]) == "在岗"


def test_a_renamed_department_is_renamed_in_the_tree_at_once(bureau, hr):
    leader = bureau.client("leader")
    assert "信息中心" in {node["name"] for node in leader.get("/api/v1/departments/tree/").json()}

    assert hr.patch(f"/api/v1/departments/{bureau.it.pk}/", {"name": "数据中心"}, format="json").status_code == 200

    assert "数据中心" in {node["name"] for node in leader.get("/api/v1/departments/tree/").json()}
