"""The back office shows each user exactly what the API shows them: every registered admin, as every role.

An attacker with a head's login opened /admin/ and read every department's cadres, assessments, skills,
training, plans, secondments and draft requests. Here each admin's list, a change page inside and one outside
the user's scope, the history page, the related filters' choices and every autocomplete are compared with what
the API lists to the same user.
"""

import datetime

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.test import Client
from django.urls import reverse

from incentives.services import certificates as certificate_services
from incentives.services import cycles as incentive_services
from sharing.models import SharingRule
from talent.access import Actor
from talent.services import pool as talent_services
from tests.factories import (
    AppraisalGradeFactory,
    AssessmentFactory,
    CadreSkillFactory,
    ContributionFactory,
    IncentiveCycleFactory,
    SecondmentFactory,
    ShareRequestFactory,
    SkillFactory,
    TrainingRecordFactory,
)
from tests.factories_groups import LearningActivityFactory, LearningGroupMemberFactory
from tests.factories_planning import (
    InformationSystemFactory,
    PlanLineFactory,
    VendorStaffFactory,
    WorkforcePlanFactory,
)

PERSONAS = ["hr_officer", "hr_clerk", "finance_head", "it_head", "leader", "auditor", "outsider"]


def _pages(client, path: str) -> set[int]:
    """Every id the API lists at `path` to this client, across pages; none when it refuses."""
    found, url = set(), f"{path}{'&' if '?' in path else '?'}page_size=200"
    while url:
        response = client.get(url)
        if response.status_code in (403, 404):
            return found
        assert response.status_code == 200, (url, response.content[:300])
        body = response.json()
        rows, url = (body["results"], body["next"]) if isinstance(body, dict) else (body, None)
        found |= {row["id"] for row in rows}
    return found


def _nested(parent_path: str, child_path: str):
    """Records the API lists only under a parent: the children of every parent the user may list."""
    def ids(client) -> set[int]:
        return {child for parent in _pages(client, parent_path) for child in _pages(client, child_path.format(parent))}
    return ids


def _plan_lines(client) -> set[int]:
    return {line["id"] for plan in _plans(client) for line in plan["lines"]}


def _sharing_rules(client) -> set[int]:
    """The rules HR set, read per department the user may open (GET /departments/{id}/sharing-rule/)."""
    found = set()
    for department in _pages(client, "/api/v1/departments/"):
        response = client.get(f"/api/v1/departments/{department}/sharing-rule/")
        if response.status_code == 200 and response.json()["own_rule"]:
            found.add(response.json()["own_rule"]["id"])
    return found


def _plans(client) -> list[dict]:
    response = client.get("/api/v1/workforce-plans/?page_size=200")
    return response.json()["results"] if response.status_code == 200 else []


# What the API lists to a user, per admin model: a list endpoint, or a function of the API client where the
# records are listed under a parent. Users, groups and API tokens have no API list: only superusers see them.
API = {
    "talent.Department": "/api/v1/departments/",
    "talent.Cadre": "/api/v1/cadres/",
    "talent.SkillCategory": "/api/v1/skill-categories/",
    "talent.Skill": "/api/v1/skills/",
    "talent.CadreSkill": "/api/v1/cadre-skills/",
    "talent.CadreSkillHistory": _nested("/api/v1/cadres/", "/api/v1/cadres/{}/skill-history/"),
    "talent.LiteracyAssessment": "/api/v1/assessments/",
    "talent.TierProfile": "/api/v1/tier-profiles/",
    "talent.TrainingRequirement": "/api/v1/training/requirements/",
    "talent.TrainingProgram": "/api/v1/training/programs/",
    "talent.TrainingRecord": "/api/v1/training/records/",
    "talent.WorkforcePlan": "/api/v1/workforce-plans/",
    "talent.PlanLine": _plan_lines,
    "talent.InformationSystem": "/api/v1/information-systems/",
    "talent.Vendor": "/api/v1/vendors/",
    "talent.VendorStaff": "/api/v1/vendor-staff/",
    "sharing.ShareRequest": "/api/v1/share-requests/",
    "sharing.Secondment": "/api/v1/secondments/",
    "sharing.AllocationRun": "/api/v1/allocation-runs/",
    "sharing.LearningGroup": "/api/v1/learning-groups/",
    "sharing.LearningActivity": "/api/v1/learning-activities/",
    "sharing.SharingRule": _sharing_rules,
    "incentives.Contribution": "/api/v1/contributions/",
    "incentives.AppraisalGrade": "/api/v1/appraisal-grades/",
    "incentives.IncentivePolicy": "/api/v1/incentive-policies/",
    "incentives.IncentiveCycle": "/api/v1/incentive-cycles/",
    "incentives.IncentiveLine": _nested("/api/v1/incentive-cycles/", "/api/v1/incentive-cycles/{}/lines/"),
    "incentives.Certificate": "/api/v1/certificates/",
    "auditlog.LogEntry": "/api/v1/audit/",
    "auth.User": None,
    "auth.Group": None,
    "authtoken.TokenProxy": None,
    "django_tasks_database.DBTaskResult": None,
}


def api_ids(client, label: str) -> set[int]:
    source = API[label]
    if source is None:
        return set()
    return _pages(client, source) if isinstance(source, str) else source(client)


def _everywhere(bureau) -> None:
    """Records of every kind in several departments, so that what each user may see differs."""
    hr = Actor(bureau.users["hr_officer"])
    sql, excel = SkillFactory(code="SQL"), SkillFactory(code="EXCEL")
    cadres = [bureau.office_clerk, bureau.finance_officer, bureau.accountant, bureau.it_engineer]
    for cadre in cadres:
        CadreSkillFactory(cadre=cadre, skill=excel, level=2)
        talent_services.cadre_skill_set(cadre=cadre, skill=excel, level=3, by=hr.user)  # archives level 2
        AssessmentFactory(cadre=cadre)
        TrainingRecordFactory(cadre=cadre)
        ContributionFactory(cadre=cadre)
        AppraisalGradeFactory(cadre=cadre, grade="excellent")
        VendorStaffFactory(responsible_cadre=cadre, systems=[InformationSystemFactory(department=cadre.department)])
    CadreSkillFactory(cadre=bureau.it_engineer, skill=sql, level=4)
    for department in (bureau.office, bureau.finance, bureau.accounting, bureau.it):
        PlanLineFactory(plan=WorkforcePlanFactory(department=department))
        ShareRequestFactory(department=department, status="draft")
    lend = ShareRequestFactory(department=bureau.it)
    SecondmentFactory(request=lend, cadre=bureau.accountant)
    SecondmentFactory(request=ShareRequestFactory(department=bureau.archive), cadre=bureau.office_clerk)
    SharingRule.objects.create(department=bureau.finance, cap_people=1)
    SharingRule.objects.create(department=bureau.it, notice_days=7)
    member = LearningGroupMemberFactory(cadre=bureau.it_engineer, group__leader=bureau.it_engineer)
    LearningActivityFactory(group=member.group)

    cycle = IncentiveCycleFactory()
    incentive_services.cycle_compute(cycle=cycle, actor=hr)
    incentive_services.cycle_submit(cycle=cycle, actor=hr)
    incentive_services.cycle_approve(cycle=cycle, actor=Actor(bureau.users["leader"]))
    certificate_services.certificates_issue(cycle=cycle, actor=hr)
    IncentiveCycleFactory(year=2026)


def _admin_client(bureau, persona: str) -> Client:
    user = bureau.users[persona]
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def _label(model) -> str:
    return model._meta.label


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _autocompletes():
    """(source admin's model, field, remote model) for every autocomplete field of every registered admin."""
    for model, model_admin in admin.site._registry.items():
        for name in model_admin.autocomplete_fields:
            yield model, name, model._meta.get_field(name).remote_field.model


def _autocomplete_ids(client, model, field: str) -> set[int] | None:
    found, page = set(), 1
    while True:
        response = client.get("/admin/autocomplete/", {"app_label": model._meta.app_label,
                                                       "model_name": model._meta.model_name, "field_name": field,
                                                       "term": "", "page": page})
        if response.status_code == 403:
            return None
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        found |= {int(row["id"]) for row in body["results"]}
        if not body["pagination"]["more"]:
            return found
        page += 1


def test_every_admin_shows_each_role_exactly_what_the_api_shows(bureau):
    _everywhere(bureau)
    registered = {_label(model): model for model in admin.site._registry}
    assert set(registered) == set(API), "every registered admin needs its API list (or rule) here"

    differences, outside_opened = [], []
    for persona in PERSONAS:
        api, back_office = bureau.client(persona), _admin_client(bureau, persona)
        expected = {label: api_ids(api, label) for label in registered}
        for label, model in registered.items():
            response = back_office.get(_url(model, "changelist"))
            if response.status_code == 403:  # the back office refuses the model: it shows nothing
                continue
            assert response.status_code == 200, (persona, label, response.status_code)
            changelist = response.context["cl"]
            shown = set(changelist.queryset.values_list("pk", flat=True))
            if shown != expected[label]:
                differences.append((persona, label, sorted(shown - expected[label]),
                                    sorted(expected[label] - shown)))
            for spec in changelist.filter_specs:
                if isinstance(spec, RelatedFieldListFilter):
                    choices = {pk for pk, _name in spec.lookup_choices}
                    remote = _label(spec.field.remote_field.model)
                    if remote in expected and not choices <= expected[remote]:
                        differences.append((persona, f"{label} filter {spec.field.name}",
                                            sorted(choices - expected[remote]), []))
            inside = sorted(expected[label])[:1]
            outside = sorted(set(model._default_manager.values_list("pk", flat=True)) - expected[label])[:1]
            for pk in inside:
                assert back_office.get(_url(model, "change", pk)).status_code == 200, (persona, label, pk)
                assert back_office.get(_url(model, "history", pk)).status_code == 200, (persona, label, pk)
            for pk in outside:
                for view in ("change", "history"):
                    if back_office.get(_url(model, view, pk)).status_code == 200:
                        outside_opened.append((persona, label, view, pk))
        for model, field, remote in _autocompletes():
            shown = _autocomplete_ids(back_office, model, field)
            if shown is not None and not shown <= expected[_label(remote)]:
                differences.append((persona, f"autocomplete {_label(model)}.{field}",
                                    sorted(shown - expected[_label(remote)]), []))

    assert differences == []
    assert outside_opened == []


def test_every_registered_admin_is_scoped():
    from talent.admin import ScopedAdmin

    unscoped = [_label(model) for model, model_admin in admin.site._registry.items()
                if not isinstance(model_admin, ScopedAdmin)]
    assert unscoped == []


@pytest.mark.parametrize(("persona", "reveals"), [
    ("hr_officer", True), ("hr_clerk", False), ("finance_head", False), ("leader", False),
])
def test_personal_data_in_the_admin_is_masked_as_in_the_api(bureau, persona, reveals):
    cadre = bureau.accountant
    staff = VendorStaffFactory(responsible_cadre=cadre)
    client = _admin_client(bureau, persona)
    reads_before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    pages = {
        "cadre list": client.get(_url(apps.get_model("talent.Cadre"), "changelist")),
        "cadre page": client.get(_url(apps.get_model("talent.Cadre"), "change", cadre.pk)),
        "cadre history": client.get(_url(apps.get_model("talent.Cadre"), "history", cadre.pk)),
    }
    if persona != "finance_head":  # heads are given no vendor staff in the back office
        pages["staff list"] = client.get(_url(type(staff), "changelist"))
        pages["staff page"] = client.get(_url(type(staff), "change", staff.pk))
    for name, response in pages.items():
        assert response.status_code == 200, name
        body = response.content.decode()
        full_values_shown = cadre.national_id in body or cadre.mobile in body or staff.national_id in body
        assert full_values_shown == (reveals and name.endswith("page")), name

    # Only the detail pages reveal, and each reveal is audited as a read.
    audited = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() - reads_before
    assert bool(audited) == reveals


def test_a_head_searching_the_back_office_finds_only_their_own_people(bureau):
    _everywhere(bureau)
    client = _admin_client(bureau, "finance_head")

    for model_name in ("cadre", "cadreskill", "literacyassessment", "trainingrecord"):
        response = client.get(f"/admin/talent/{model_name}/", {"q": bureau.it_engineer.staff_number})
        assert response.status_code == 200
        assert response.context["cl"].result_count == 0, model_name
    mine = client.get("/admin/talent/cadre/", {"q": bureau.accountant.staff_number})
    assert mine.context["cl"].result_count == 1


def test_the_audit_trail_in_the_back_office_is_for_auditors_only(bureau):
    _everywhere(bureau)
    entry = LogEntry.objects.first()

    for persona in PERSONAS:
        client = _admin_client(bureau, persona)
        listed = client.get("/admin/auditlog/logentry/")
        opened = client.get(f"/admin/auditlog/logentry/{entry.pk}/change/")
        if persona == "auditor":
            assert (listed.status_code, opened.status_code) == (200, 200)
        else:
            assert listed.status_code == 403, persona
            assert opened.status_code in (302, 403), persona


def test_a_secondment_hidden_from_a_head_cannot_be_acted_on(bureau):
    elsewhere = SecondmentFactory(request=ShareRequestFactory(department=bureau.archive), cadre=bureau.office_clerk,
                                  start_date=datetime.date(2030, 6, 1))
    client = _admin_client(bureau, "it_head")

    client.post("/admin/sharing/secondment/", {"action": "accept", "_selected_action": [elsewhere.pk]})

    elsewhere.refresh_from_db()
    assert elsewhere.status == "proposed"
