"""Who may call what: every endpoint as every persona, and what personal data each of them gets to see."""

from typing import NamedTuple

import pytest
from auditlog.models import LogEntry

from talent.models import TierProfile
from tests.factories import (
    PASSWORD,
    CadreSkillFactory,
    SkillCategoryFactory,
    SkillFactory,
    cadre_payload,
    scores,
)
from tests.helpers import PERSONAS, assert_error, masked_id, masked_mobile

HR = {"hr_officer", "hr_clerk"}
POOL_READERS = HR | {"finance_head", "it_head", "leader"}
EVERY_ROLE = POOL_READERS | {"auditor"}
SIGNED_IN = EVERY_ROLE | {"outsider"}


class Call(NamedTuple):
    method: str
    path: object  # bureau -> path
    body: object  # bureau -> body, or None
    allowed: set
    ok: int  # the status those allowed get
    exceptions: dict = {}  # persona -> status, where the answer is not simply allowed/denied


CALLS = {
    "cadre list": Call("get", lambda b: "/api/v1/cadres/", None, POOL_READERS, 200),
    # The accountant works in a sub-unit of finance: the finance head sees them, the IT head does not.
    "cadre detail": Call("get", lambda b: f"/api/v1/cadres/{b.accountant.pk}/", None, POOL_READERS, 200,
                         {"it_head": 404}),
    "cadre create": Call("post", lambda b: "/api/v1/cadres/", lambda b: cadre_payload(b.it), HR, 201),
    "cadre update": Call("patch", lambda b: f"/api/v1/cadres/{b.it_engineer.pk}/",
                         lambda b: {"post_title": "高级工程师"}, HR, 200),
    "cadre delete": Call("delete", lambda b: f"/api/v1/cadres/{b.it_engineer.pk}/", None, HR, 405),
    "department list": Call("get", lambda b: "/api/v1/departments/", None, EVERY_ROLE, 200),
    "department detail": Call("get", lambda b: f"/api/v1/departments/{b.finance.pk}/", None, EVERY_ROLE, 200),
    "department tree": Call("get", lambda b: "/api/v1/departments/tree/", None, EVERY_ROLE, 200),
    "department create": Call("post", lambda b: "/api/v1/departments/",
                              lambda b: {"code": "NEW", "name": "新设处", "parent": b.office.pk}, HR, 201),
    "department update": Call("patch", lambda b: f"/api/v1/departments/{b.office.pk}/",
                              lambda b: {"name": "办公厅"}, HR, 200),
    "department delete": Call("delete", lambda b: f"/api/v1/departments/{b.archive.pk}/", None, HR, 204),
    "me": Call("get", lambda b: "/api/v1/me/", None, SIGNED_IN, 200),
    "audit list": Call("get", lambda b: "/api/v1/audit/", None, {"auditor"}, 200),
    "audit detail": Call("get", lambda b: f"/api/v1/audit/{LogEntry.objects.latest('id').pk}/", None,
                         {"auditor"}, 200),
    # --- skills, literacy, training, search (issue 3); the accountant works in finance's sub-unit
    "skill category list": Call("get", lambda b: "/api/v1/skill-categories/", None, EVERY_ROLE, 200),
    "skill list": Call("get", lambda b: "/api/v1/skills/", None, EVERY_ROLE, 200),
    "skill create": Call("post", lambda b: "/api/v1/skills/",
                         lambda b: {"code": "NEW", "name": "新技能", "category": SkillCategoryFactory().pk}, HR, 201),
    "proficiency levels": Call("get", lambda b: "/api/v1/proficiency-levels/", None, EVERY_ROLE, 200),
    "cadre skill list": Call("get", lambda b: "/api/v1/cadre-skills/", None, POOL_READERS, 200),
    "cadre skill create": Call("post", lambda b: "/api/v1/cadre-skills/",
                               lambda b: {"cadre": b.accountant.pk, "skill": SkillFactory().pk, "level": 3}, HR, 201),
    "cadre skill verify": Call("post", lambda b: f"/api/v1/cadre-skills/{accountant_skill(b).pk}/verify/", None,
                               HR | {"finance_head"}, 200, {"it_head": 404}),
    "cadre skill history": Call("get", lambda b: f"/api/v1/cadres/{b.accountant.pk}/skill-history/", None,
                                POOL_READERS, 200, {"it_head": 404}),
    "cadre literacy": Call("get", lambda b: f"/api/v1/cadres/{b.accountant.pk}/literacy/", None, POOL_READERS, 200,
                           {"it_head": 404}),
    "cadre recommendations": Call("get", lambda b: f"/api/v1/cadres/{b.accountant.pk}/recommendations/", None,
                                  POOL_READERS, 200, {"it_head": 404}),
    "assessment list": Call("get", lambda b: "/api/v1/assessments/", None, POOL_READERS, 200),
    "assessment create": Call("post", lambda b: "/api/v1/assessments/",
                              lambda b: {"cadre": b.accountant.pk, "period": "2025", "assessed_on": "2025-12-01",
                                         "method": "test", **scores()}, HR, 201),
    "tier profile list": Call("get", lambda b: "/api/v1/tier-profiles/", None, EVERY_ROLE, 200),
    "tier profile update": Call("patch", lambda b: f"/api/v1/tier-profiles/{TierProfile.objects.first().pk}/",
                                lambda b: {"emphasis": "数据决策"}, HR, 200),
    "training program list": Call("get", lambda b: "/api/v1/training/programs/", None, EVERY_ROLE, 200),
    "training program create": Call("post", lambda b: "/api/v1/training/programs/",
                                    lambda b: {"code": "T1", "name": "网络安全", "format": "lecture", "hours": "4"},
                                    HR, 201),
    "training record list": Call("get", lambda b: "/api/v1/training/records/", None, POOL_READERS, 200),
    "training plan": Call("get", lambda b: "/api/v1/training/plan/", None, HR | {"leader"}, 200),
    "talent search": Call("get", lambda b: "/api/v1/talent-search/", None, POOL_READERS, 200),
    "talent search export": Call("get", lambda b: "/api/v1/talent-search/export/", None, POOL_READERS, 200),
    "export": Call("get", lambda b: "/api/v1/exports/cadre-skills/", None, HR, 200),
    "import": Call("post", lambda b: "/api/v1/imports/cadres/", None, HR, 400),  # 400: no file sent
    # --- a department's sharing rule and record (issue 21): the department page's scope
    "sharing rule": Call("get", lambda b: f"/api/v1/departments/{b.finance.pk}/sharing-rule/", None,
                         HR | {"finance_head", "leader"}, 200, {"it_head": 404}),
    "sharing rule set": Call("put", lambda b: f"/api/v1/departments/{b.finance.pk}/sharing-rule/",
                             lambda b: {"cap_people": 3}, HR, 200),
    "sharing record": Call("get", lambda b: f"/api/v1/departments/{b.finance.pk}/sharing-record/", None,
                           HR | {"finance_head", "leader"}, 200, {"it_head": 404}),
}


def accountant_skill(bureau):
    return CadreSkillFactory(cadre=bureau.accountant, skill=SkillFactory(code="SQL"))


def expected_status(call: Call, persona: str) -> int:
    if persona == "anonymous":
        return 401
    if persona in call.exceptions:
        return call.exceptions[persona]
    return call.ok if persona in call.allowed else 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", CALLS)
def test_access_matrix(bureau, name, persona):
    call = CALLS[name]
    path = call.path(bureau)
    body = call.body(bureau) if call.body else None
    entries_before = LogEntry.objects.count()

    response = getattr(bureau.client(persona), call.method)(path, body, format="json")

    status = expected_status(call, persona)
    if status < 400:
        assert response.status_code == status, response.content
    else:
        assert_error(response, status)
        # A refused call leaves no trace in the data: nothing written, not even an access record.
        assert LogEntry.objects.count() == entries_before


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_every_persona_exchanges_their_password_for_a_working_token(bureau, persona):
    anonymous = bureau.client("anonymous")

    response = anonymous.post("/api/v1/auth/token/", {"username": persona, "password": PASSWORD}, format="json")

    assert response.status_code == 200
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert anonymous.get("/api/v1/me/").json()["username"] == persona


def test_a_wrong_password_gets_no_token(bureau):
    response = bureau.client("anonymous").post(
        "/api/v1/auth/token/", {"username": "hr_officer", "password": "guess-1234"}, format="json"
    )

    error = assert_error(response, 401)
    assert "token" not in response.json()
    assert error["code"] == "authentication_failed"


def test_an_inactive_user_gets_no_token(bureau):
    bureau.users["leader"].is_active = False
    bureau.users["leader"].save()

    response = bureau.client("anonymous").post(
        "/api/v1/auth/token/", {"username": "leader", "password": PASSWORD}, format="json"
    )

    assert_error(response, 401)


def test_an_inactive_users_old_token_stops_working(bureau):
    client = bureau.client("leader")
    bureau.users["leader"].is_active = False
    bureau.users["leader"].save()

    assert_error(client.get("/api/v1/cadres/"), 401)


def test_a_made_up_token_is_refused(bureau):
    client = bureau.client("anonymous")
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    assert_error(client.get("/api/v1/me/"), 401)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_api_schema_and_docs_are_public(bureau, persona, path):
    response = bureau.client(persona).get(path)

    assert response.status_code == 200


def test_schema_describes_the_talent_endpoints(bureau):
    schema = bureau.client("anonymous").get("/api/schema/").content.decode()

    for path in ["/api/v1/cadres/", "/api/v1/departments/tree/", "/api/v1/audit/", "/api/v1/auth/token/"]:
        assert path in schema


ME = {
    "hr_officer": (["hr_staff"], [], True),
    "hr_clerk": (["hr_staff"], [], False),
    "finance_head": (["department_head"], ["FIN"], False),
    "it_head": (["department_head"], ["IT"], False),
    "leader": (["leadership"], [], False),
    "auditor": (["auditor"], [], False),
    "outsider": ([], [], False),
}


@pytest.mark.parametrize("persona", ME)
def test_me_tells_each_persona_their_roles_departments_and_rights(bureau, persona):
    roles, departments, may_see_personal_data = ME[persona]

    me = bureau.client(persona).get("/api/v1/me/").json()

    assert me["username"] == persona
    assert [role["code"] for role in me["roles"]] == roles
    assert [department["code"] for department in me["departments"]] == departments
    assert me["may_see_personal_data"] is may_see_personal_data


# --- personal data -------------------------------------------------------------------------------------------

def visible_cadre(bureau, persona):
    """A cadre the persona may open: heads open one of their own people, in a sub-unit for finance."""
    return {"finance_head": bureau.accountant, "it_head": bureau.it_engineer}.get(persona, bureau.finance_officer)


def test_hr_officer_with_the_permission_sees_id_and_phone_on_a_cadres_detail(bureau):
    cadre = bureau.finance_officer

    shown = bureau.client("hr_officer").get(f"/api/v1/cadres/{cadre.pk}/").json()

    assert shown["national_id"] == cadre.national_id
    assert shown["mobile"] == cadre.mobile


@pytest.mark.parametrize("persona", sorted(POOL_READERS - {"hr_officer"}))
def test_everyone_else_sees_id_and_phone_masked_on_a_cadres_detail(bureau, persona):
    cadre = visible_cadre(bureau, persona)

    response = bureau.client(persona).get(f"/api/v1/cadres/{cadre.pk}/")

    assert response.status_code == 200
    assert response.json()["national_id"] == masked_id(cadre.national_id)
    assert response.json()["mobile"] == masked_mobile(cadre.mobile)


@pytest.mark.parametrize("persona", sorted(POOL_READERS))
def test_the_cadre_list_is_masked_even_for_the_hr_officer(bureau, persona):
    response = bureau.client(persona).get("/api/v1/cadres/")

    assert response.status_code == 200
    results = response.json()["results"]
    assert results
    for shown in results:
        assert "*" in shown["national_id"]
        assert "*" in shown["mobile"]
    for cadre in [bureau.office_clerk, bureau.finance_officer, bureau.accountant, bureau.it_engineer]:
        assert cadre.national_id not in response.content.decode()
        assert cadre.mobile not in response.content.decode()


def test_the_hr_officers_create_and_update_answers_are_masked(bureau, hr):
    body = cadre_payload(bureau.it)

    created = hr.post("/api/v1/cadres/", body, format="json")
    updated = hr.patch(f"/api/v1/cadres/{created.json()['id']}/", {"mobile": "13700001111"}, format="json")

    assert created.status_code == 201
    assert created.json()["national_id"] == masked_id(body["national_id"])
    assert updated.status_code == 200
    assert updated.json()["mobile"] == masked_mobile("13700001111")


HEADS = {
    "finance_head": (["finance_officer", "accountant"], ["office_clerk", "it_engineer"]),
    "it_head": (["it_engineer"], ["office_clerk", "finance_officer", "accountant"]),
}


@pytest.mark.parametrize("head", HEADS)
def test_a_head_sees_their_department_and_its_sub_units_in_full(bureau, head):
    own = [getattr(bureau, name) for name in HEADS[head][0]]

    listed = bureau.client(head).get("/api/v1/cadres/").json()["results"]

    assert sorted(c["staff_number"] for c in listed) == sorted(c.staff_number for c in own)


@pytest.mark.parametrize("head", HEADS)
def test_no_answer_to_a_head_contains_another_departments_cadres(bureau, head):
    client = bureau.client(head)
    others = [getattr(bureau, name) for name in HEADS[head][1]]
    other_departments = {cadre.department for cadre in others}

    answers = [client.get("/api/v1/cadres/"), client.get("/api/v1/cadres/?page_size=200")]
    answers += [client.get(f"/api/v1/cadres/?department={d.pk}") for d in other_departments]
    answers += [client.get("/api/v1/cadres/", {"search": c.name}) for c in others]
    answers += [client.get("/api/v1/cadres/", {"search": c.staff_number}) for c in others]
    details = [client.get(f"/api/v1/cadres/{c.pk}/") for c in others]
    answers += details + [client.get("/api/v1/departments/tree/"), client.get("/api/v1/me/")]

    for detail in details:
        assert_error(detail, 404)
    for answer in answers:
        text = answer.content.decode()
        for cadre in others:
            assert cadre.staff_number not in text
            assert cadre.name not in text


@pytest.mark.parametrize("head", HEADS)
def test_a_head_cannot_move_or_edit_cadres(bureau, head):
    own = getattr(bureau, HEADS[head][0][0])
    home = own.department

    response = bureau.client(head).patch(f"/api/v1/cadres/{own.pk}/", {"department": bureau.office.pk},
                                         format="json")

    assert_error(response, 403)
    own.refresh_from_db()
    assert own.department == home
