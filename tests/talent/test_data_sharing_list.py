"""The data-sharing list (数据共享清单) says what the API does: every claim in it is checked against the API."""

import pytest

from core.crypto import EncryptedCharField
from core.models import JobRecord, Notice
from incentives.models import Nomination
from talent import data_sharing
from talent.models import AssessmentCampaign, Credential, SelfStudy
from talent.views.planning import VendorViewSet
from tests.factories import (
    AppraisalGradeFactory,
    AssessmentFactory,
    CadreSkillFactory,
    ContributionFactory,
    SecondmentFactory,
    ShareRequestFactory,
    TrainingRecordFactory,
)
from tests.factories_groups import LearningActivityFactory
from tests.factories_planning import InformationSystemFactory, VendorStaffFactory, WorkforcePlanFactory
from tests.helpers import assert_error, masked_id

ROLE_OF = {"hr_officer": "hr_staff", "hr_clerk": "hr_staff", "finance_head": "department_head",
           "leader": "leadership", "auditor": "auditor"}


@pytest.fixture
def spread_over_departments(bureau):
    """One of each record a head may list, in the finance head's departments and outside them."""
    inside, outside = bureau.accountant, bureau.it_engineer
    for cadre in (inside, outside):
        CadreSkillFactory(cadre=cadre)
        AssessmentFactory(cadre=cadre)
        TrainingRecordFactory(cadre=cadre)
        ContributionFactory(cadre=cadre)
        AppraisalGradeFactory(cadre=cadre)
        VendorStaffFactory(responsible_cadre=cadre)
        WorkforcePlanFactory(department=cadre.department)
        InformationSystemFactory(department=cadre.department)
        LearningActivityFactory(group__leader=cadre)
        SelfStudy.objects.create(cadre=cadre, topic="自学", hours=2, studied_on="2026-01-05")
        Nomination.objects.create(cadre=cadre, kind="reserve", rationale="业务骨干")
        Credential.objects.create(cadre=cadre, name="证书", issuer="发证机构", number="N-1", issued_on="2024-01-05")
    lent = ShareRequestFactory(department=bureau.it, status="open")
    SecondmentFactory(request=lent, cadre=inside)  # finance lends: the finance head sees it
    SecondmentFactory(request=ShareRequestFactory(department=bureau.office, status="open"), cadre=outside)
    ShareRequestFactory(department=bureau.it, status="draft")  # another department's draft: never shown
    ShareRequestFactory(department=bureau.finance, status="draft")
    AssessmentCampaign.objects.create(name="测评", period="2026", tier="general", self_weight="0.2",
                                      supervisor_weight="0.4", peer_weight="0.4")  # every reader sees campaigns
    for starter in ("finance_head", "hr_officer"):  # a head reads only the jobs they started or follow
        JobRecord.objects.create(kind="import", title="导入", started_by=bureau.users[starter])
        Notice.objects.create(recipient=bureau.users[starter], kind="secondment_accepted", title="借调待审批")
    followed = JobRecord.objects.create(kind="leadership-report", title="报告", started_by=bureau.users["hr_officer"])
    followed.followers.add(bureau.users["finance_head"])


def _owned_by(record, lookup: str, user) -> bool:
    owner = getattr(record, lookup)
    return user in owner.all() if hasattr(owner, "all") else owner == user


def data_set(catalogue, data):
    return next(d for d in catalogue["data_sets"] if d["data"] == data)


def test_every_role_reads_the_list_and_strangers_do_not(bureau):
    for persona in ROLE_OF:
        assert bureau.client(persona).get("/api/v1/data-sharing-list/").status_code == 200
    assert_error(bureau.client("outsider").get("/api/v1/data-sharing-list/"), 403)
    assert_error(bureau.client("anonymous").get("/api/v1/data-sharing-list/"), 401)


def test_the_list_is_readable_chinese(bureau):
    catalogue = bureau.client("leader").get("/api/v1/data-sharing-list/").json()

    assert catalogue["title"] == "数据共享清单"
    cadres = data_set(catalogue, "干部")
    assert {row["role_label"] for row in cadres["access"]} == {"人事规划人员", "部门负责人", "局领导"}
    assert [(f["label"], f["masked_example"]) for f in cadres["personal_fields"]] == [
        ("公民身份号码", "3201**********0024"), ("手机号码", "138****5678")]


def test_each_persona_can_read_exactly_the_collections_the_list_gives_their_role(bureau):
    catalogue = bureau.client("leader").get("/api/v1/data-sharing-list/").json()
    checked = 0
    for entry in catalogue["data_sets"]:
        granted = {row["role"]: set(row["endpoints"]) for row in entry["access"]}
        for endpoint in entry["endpoints"]:
            method, path = endpoint.split(" ")
            if method != "GET" or "{" in path:
                continue
            for persona, role in ROLE_OF.items():
                status = bureau.client(persona).get(path).status_code
                assert (status != 403) == (endpoint in granted.get(role, ())), (endpoint, persona, status)
                checked += 1
    assert checked > 60


def test_what_the_list_says_of_personal_data_is_what_each_persona_gets(bureau):
    staff = VendorStaffFactory(responsible_cadre=bureau.accountant)
    catalogue = bureau.client("leader").get("/api/v1/data-sharing-list/").json()
    for data, url, number in [("干部", f"/api/v1/cadres/{bureau.accountant.pk}/", bureau.accountant.national_id),
                              ("外包人员", f"/api/v1/vendor-staff/{staff.pk}/", staff.national_id)]:
        modes = {row["role"]: row["personal_data"] for row in data_set(catalogue, data)["access"]}
        assert modes == {"hr_staff": "full_on_detail", "department_head": "masked", "leadership": "masked"}
        assert bureau.client("hr_officer").get(url).json()["national_id"] == number  # holds the permission
        for persona in ("hr_clerk", "finance_head", "leader"):
            assert bureau.client(persona).get(url).json()["national_id"] == masked_id(number)


def test_what_the_list_says_of_department_scope_is_what_a_head_gets(bureau):
    VendorStaffFactory(responsible_cadre=bureau.it_engineer)
    catalogue = bureau.client("leader").get("/api/v1/data-sharing-list/").json()

    scope = {row["role"]: row["scope"] for row in data_set(catalogue, "外包人员")["access"]}

    assert scope == {"hr_staff": "all_departments", "department_head": "own_departments",
                     "leadership": "all_departments"}
    assert bureau.client("finance_head").get("/api/v1/vendor-staff/").json()["results"] == []
    assert len(bureau.client("leader").get("/api/v1/vendor-staff/").json()["results"]) == 1


def test_changing_a_rule_changes_the_list(bureau, monkeypatch):
    monkeypatch.setattr(VendorViewSet, "read_roles", ("hr_staff",))

    vendors = data_set(data_sharing.catalogue(), "外包服务商")

    assert [row["role"] for row in vendors["access"]] == ["hr_staff"]
    assert_error(bureau.client("leader").get("/api/v1/vendors/"), 403)


def test_every_view_of_ours_declares_what_it_discloses():
    undeclared = {route.view_class.__name__ for route in data_sharing.routes()
                  if route.view_class.__module__.split(".")[0] in ("talent", "sharing", "incentives")
                  and getattr(route.view_class, "disclosure", None) is None}

    assert undeclared == set()


def test_every_purpose_and_description_reads_in_chinese(bureau):
    catalogue = bureau.client("leader").get("/api/v1/data-sharing-list/").json()
    texts = [d["purpose"] for d in catalogue["data_sets"]] + [e["what"] for e in catalogue["open_endpoints"]]

    untranslated = [t for t in texts if not any("\u4e00" <= ch <= "\u9fff" for ch in t)]
    assert untranslated == []
    assert not any("ViewSet" in t or "APIView" in t for t in texts)


def _department_of(record, lookup) -> set[int]:
    lookups = (lookup,) if isinstance(lookup, str) else lookup
    found = set()
    for path in lookups:
        value = record
        for part in path.removesuffix("_id").split("__"):
            value = getattr(value, part)
        found.add(value if isinstance(value, int) else value.pk)
    return found


def test_what_the_list_says_of_each_data_sets_scope_is_what_a_head_gets(bureau, spread_over_departments):
    """For every collection a head reads: where the list says "the departments they head", the API gives
    exactly the records of those departments; where it says every record or all departments, all of them."""
    catalogue = bureau.client("leader").get("/api/v1/data-sharing-list/").json()
    head, head_user = bureau.client("finance_head"), bureau.users["finance_head"]
    own = {bureau.finance.pk, bureau.accounting.pk}
    routes = {route.path: route for route in data_sharing.routes()}
    checked = set()
    for entry in catalogue["data_sets"]:
        row = next((r for r in entry["access"] if r["role"] == "department_head"), None)
        if row is None or not row["reads"]:
            continue
        for endpoint in row["endpoints"]:
            method, path = endpoint.split(" ")
            route = routes[path]
            serializer = getattr(route.view_class, "serializer_class", None)
            if method != "GET" or "{" in path or route.methods[method] != "list" or serializer is None:
                continue  # not a collection of records (a report, the list itself)
            model = serializer.Meta.model
            disclosure = data_sharing.disclosure_of(route.view_class)
            records = list(model.objects.all())
            if row["scope"] == "own_departments":
                expected = {r.pk for r in records if _department_of(r, disclosure.department_lookup) & own}
            elif row["scope"] == "own_records":
                lookups = disclosure.owner_lookup
                lookups = (lookups,) if isinstance(lookups, str) else lookups  # a job: its starter and followers
                expected = {r.pk for r in records if any(_owned_by(r, lookup, head_user) for lookup in lookups)}
            else:
                expected = {r.pk for r in records}
            body = head.get(path, {"page_size": 200}).json()
            got = {item["id"] for item in (body["results"] if isinstance(body, dict) else body)}
            if row["scope"] == "own_departments_in_full":
                assert got <= expected, path
            else:
                assert got == expected, (path, row["scope"])
            assert records, f"no {model.__name__} to check {path} with"
            checked.add(path)
    assert {"/api/v1/secondments/", "/api/v1/contributions/", "/api/v1/appraisal-grades/",
            "/api/v1/cadre-skills/", "/api/v1/vendor-staff/", "/api/v1/nominations/"} <= checked


def test_auditors_read_every_departments_nominations_as_the_list_says(bureau, spread_over_departments):
    catalogue = bureau.client("leader").get("/api/v1/data-sharing-list/").json()

    scope = {row["role"]: row["scope"] for row in data_set(catalogue, "干部推荐")["access"]}

    assert scope == {"hr_staff": "all_departments", "department_head": "own_departments",
                     "leadership": "all_departments", "auditor": "all_departments"}
    assert len(bureau.client("auditor").get("/api/v1/nominations/").json()["results"]) == 2


def test_every_view_serving_an_encrypted_field_declares_it_as_personal_data():
    for route in data_sharing.routes():
        serializer = getattr(route.view_class, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is None:
            continue
        encrypted = {f.name for f in model._meta.fields if isinstance(f, EncryptedCharField)}
        served = encrypted & set(serializer().fields)
        declared = {f.name for f in data_sharing.disclosure_of(route.view_class).personal_fields}
        assert served <= declared, (route.path, served - declared)


@pytest.mark.parametrize("pattern, readable", [
    ("^cadres/(?P<pk>[^/.]+)/$", "cadres/{pk}/"),
    ("^exports/(?P<kind>cadres|cadre-skills|assessments)/$", "exports/{kind}/"),
    ("api/v1/me/", "api/v1/me/"),
    ("cadres/<int:pk>/literacy/", "cadres/{pk}/literacy/"),
])
def test_url_patterns_read_as_paths(pattern, readable):
    assert data_sharing.readable_path(pattern) == readable
