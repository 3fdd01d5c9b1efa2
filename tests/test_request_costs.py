"""What every request pays before its view's own work: the user and their roles come in one statement, and the
first-sign-in hold is asked once, however many parts of a page ask it. Roles still take effect on the next request:
nothing about a user outlives the request that read it."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from talent import roles
from talent.models import PasswordChangeDue
from tests.factories import PASSWORD


def statements_on(captured, table: str) -> list[str]:
    return [query["sql"] for query in captured if f'"{table}"' in query["sql"]]


def test_a_token_request_reads_the_user_and_their_roles_in_one_statement(bureau, hr):
    hr.get("/api/v1/departments/")
    with CaptureQueriesContext(connection) as captured:
        response = hr.get("/api/v1/departments/")

    assert response.status_code == 200  # HR's role let them in
    [statement] = statements_on(captured, "auth_user_groups")
    assert statements_on(captured, "authtoken_token") == [statement]


def test_a_signed_in_page_reads_the_user_and_their_roles_in_one_statement_and_the_hold_once(bureau):
    browser = Client()
    browser.force_login(bureau.users["leader"])
    with CaptureQueriesContext(connection) as captured:
        response = browser.get("/departments/")

    assert response.status_code == 200
    [statement] = statements_on(captured, "auth_user_groups")
    assert statements_on(captured, "auth_user") == [statement]
    assert len(statements_on(captured, "talent_passwordchangedue")) == 1  # the middleware and the top bar both ask


def test_a_role_taken_away_is_gone_on_the_next_request_by_token_and_by_session(bureau):
    user = bureau.users["leader"]
    api = bureau.client("leader")
    browser = Client()
    browser.force_login(user)
    assert api.get("/api/v1/departments/").status_code == 200
    assert browser.get("/departments/").status_code == 200

    user.groups.remove(Group.objects.get(name=roles.LEADERSHIP))

    assert api.get("/api/v1/departments/").status_code == 403
    assert browser.get("/departments/").status_code == 403
    assert api.get("/api/v1/me/").json()["roles"] == []


def test_a_role_given_counts_on_the_next_request(bureau):
    outsider = bureau.client("outsider")
    assert outsider.get("/api/v1/departments/").status_code == 403

    bureau.users["outsider"].groups.add(Group.objects.get(name=roles.HR), Group.objects.get(name=roles.AUDITOR))

    assert outsider.get("/api/v1/departments/").status_code == 200
    assert {role["code"] for role in outsider.get("/api/v1/me/").json()["roles"]} == {roles.HR, roles.AUDITOR}


def test_the_first_sign_in_hold_is_lifted_by_the_password_change_itself(bureau):
    user = bureau.users["cadre"]
    PasswordChangeDue.objects.create(user=user)
    browser = Client()
    browser.force_login(user)
    assert browser.get("/departments/").url == "/password/"

    response = browser.post("/password/", {"old_password": PASSWORD, "new_password1": "Xin-Mima-2026-ok!",
                                           "new_password2": "Xin-Mima-2026-ok!"})

    assert response.status_code == 302
    assert not PasswordChangeDue.objects.filter(user=user).exists()
    assert browser.get("/me/").status_code == 200


def test_a_heads_request_reads_the_departments_they_head_with_the_user(bureau):
    head = bureau.client("finance_head")
    head.get("/api/v1/cadres/")
    with CaptureQueriesContext(connection) as captured:
        response = head.get("/api/v1/cadres/")

    assert {cadre["staff_number"] for cadre in response.json()["results"]} == {"AC001", "FI001"}  # their scope
    [statement] = statements_on(captured, "talent_department_heads")
    assert statements_on(captured, "authtoken_token") == [statement]


def test_a_head_given_a_department_sees_it_on_the_next_request(bureau):
    head = bureau.client("it_head")
    assert "FI001" not in {cadre["staff_number"] for cadre in head.get("/api/v1/cadres/").json()["results"]}

    bureau.finance.heads.add(bureau.users["it_head"])

    assert "FI001" in {cadre["staff_number"] for cadre in head.get("/api/v1/cadres/").json()["results"]}


def test_a_department_filter_checks_the_department_in_the_tree_it_walks(bureau, hr):
    hr.get(f"/api/v1/cadres/?department={bureau.finance.pk}")
    with CaptureQueriesContext(connection) as captured:
        response = hr.get(f"/api/v1/cadres/?department={bureau.finance.pk}")

    assert [cadre["staff_number"] for cadre in response.json()["results"]] == ["AC001", "FI001"]
    # The user (with the department table's state) and the page: the department is checked in the tree that this
    # process read on the first request, and has no statement of its own.
    assert len(captured) == 2


def test_a_list_reads_its_page_and_its_total_in_one_statement(bureau, hr):
    hr.get("/api/v1/cadres/")
    with CaptureQueriesContext(connection) as captured:
        first = hr.get("/api/v1/cadres/", {"page_size": 1}).json()

    assert len(statements_on(captured, "talent_cadre")) == 1
    assert first["count"] > 2 and first["previous"] is None and "page=2" in first["next"]
    last = hr.get("/api/v1/cadres/", {"page_size": 1, "page": "last"}).json()
    assert last["next"] is None and last["count"] == first["count"]
    assert hr.get("/api/v1/cadres/", {"page_size": 1, "page": first["count"] + 1}).status_code == 404


def test_the_department_tree_is_read_again_only_when_a_department_changed(bureau, hr):
    head = bureau.client("finance_head")
    head.get("/api/v1/cadres/")
    with CaptureQueriesContext(connection) as captured:
        response = head.get("/api/v1/cadres/", {"department": bureau.accounting.pk})
    assert [cadre["staff_number"] for cadre in response.json()["results"]] == ["AC001"]
    assert len(captured) == 2  # the user with their scope and the tree's state, and the page

    assert hr.patch(f"/api/v1/departments/{bureau.accounting.pk}/", {"parent": bureau.it.pk},
                    format="json").status_code == 200

    def scope(persona):
        return {cadre["staff_number"] for cadre in bureau.client(persona).get("/api/v1/cadres/").json()["results"]}

    assert scope("finance_head") == {"FI001"}
    assert scope("it_head") == {"AC001", "IT001"}
