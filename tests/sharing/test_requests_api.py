"""Expert requests through the API: filing, validation, candidates with their reasons, and who may do what."""

import pytest

from sharing.models import ShareRequest
from tests.factories import CadreSkillFactory, RequiredSkillFactory, SecondmentFactory, SkillFactory
from tests.helpers import assert_error

URL = "/api/v1/share-requests/"


def body(bureau, skill, **overrides):
    data = {"department": bureau.it.pk, "title": "数据中台开发", "justification": "缺少开发人员", "headcount": 2,
            "start_date": "2030-06-01", "end_date": "2030-08-31",
            "skills": [{"skill": skill.pk, "min_level": 3, "weight": 2}]}
    data.update(overrides)
    return data


def test_it_head_files_a_draft_request_and_opens_it(skilled, python):
    api = skilled.client("it_head")
    created = api.post(URL, body(skilled, python), format="json")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    assert created.json()["skills"] == [{"skill": python.pk, "code": "PY", "name": "Python 开发", "critical": False,
                                         "min_level": 3, "weight": 2}]
    opened = api.post(f"{URL}{created.json()['id']}/open/")
    assert opened.status_code == 200
    assert opened.json()["status"] == "open"
    assert_error(api.post(f"{URL}{created.json()['id']}/open/"), 409)


@pytest.mark.parametrize("named", ["PY", "py", " Py "])
def test_a_required_skill_may_be_named_by_its_code_as_in_the_talent_search(skilled, python, named):
    skills = [{"skill": named, "min_level": 3, "weight": 2}]
    created = skilled.client("it_head").post(URL, body(skilled, python, skills=skills), format="json")

    assert created.status_code == 201, created.content
    assert created.json()["skills"][0]["skill"] == python.pk


@pytest.mark.parametrize("named", ["NOPE", "C++", "\x00"])
def test_an_unknown_skill_code_is_a_400_naming_the_skills(skilled, python, named):
    skills = [{"skill": named, "min_level": 3, "weight": 2}]
    response = skilled.client("it_head").post(URL, body(skilled, python, skills=skills), format="json")

    assert_error(response, 400, field="skills")
    assert not ShareRequest.objects.exists()


def test_a_head_cannot_file_a_request_for_another_department(skilled, python):
    response = skilled.client("it_head").post(URL, body(skilled, python, department=skilled.finance.pk), format="json")
    assert_error(response, 403)
    assert not ShareRequest.objects.exists()


@pytest.mark.parametrize("change, field", [
    ({"end_date": "2030-05-01"}, "end_date"),
    ({"start_date": "1066-10-14"}, "start_date"),
    ({"start_date": "not a date"}, "start_date"),
    ({"headcount": 0}, "headcount"),
    ({"headcount": 10**12}, "headcount"),
    ({"skills": []}, "skills"),
    ({"skills": [{"skill": 999999, "min_level": 3}]}, "skills"),
    ({"skills": [{"skill": "x", "min_level": 9}]}, "skills"),
])
def test_bad_input_is_refused_naming_the_field(skilled, python, change, field):
    assert_error(skilled.client("it_head").post(URL, body(skilled, python, **change), format="json"), 400,
                 field=field)


def test_the_same_skill_twice_is_refused(skilled, python):
    twice = [{"skill": python.pk, "min_level": 3}, {"skill": python.pk, "min_level": 4}]
    assert_error(skilled.client("hr_officer").post(URL, body(skilled, python, skills=twice), format="json"), 400,
                 field="skills")


def test_a_request_opening_in_the_past_is_refused(skilled, python):
    api = skilled.client("it_head")
    created = api.post(URL, body(skilled, python, start_date="2020-01-01", end_date="2020-02-01"), format="json")
    assert_error(api.post(f"{URL}{created.json()['id']}/open/"), 400, field="start_date")




def test_candidates_are_ranked_with_each_term_and_the_skills_found(skilled, python_request):
    response = skilled.client("it_head").get(f"{URL}{python_request.pk}/candidates/")
    assert response.status_code == 200, response.content
    found = response.json()["candidates"]
    assert [c["name"] for c in found] == ["赵文", "钱进", "孙会"]
    best = found[0]
    assert best["department_name"] == "办公室"
    assert best["score"] == pytest.approx(sum(best["terms"].values()))
    assert best["skills"][0] | {"holders_at_home": 1} == {
        "skill": python_request.required_skills.get().skill_id, "code": "PY", "skill_name": "Python 开发",
        "min_level": 3, "weight": 2, "level": 5, "confidence": 100, "holders_at_home": 1}
    assert response.json()["exclusions"] == []


def test_the_only_holder_of_a_critical_skill_is_listed_as_excluded_with_the_reason(skilled, python_request):
    security = SkillFactory(code="SEC", name="网络安全", critical=True)
    CadreSkillFactory(cadre=skilled.office_clerk, skill=security, level=4)
    RequiredSkillFactory(request=python_request, skill=security, min_level=3)
    response = skilled.client("it_head").get(f"{URL}{python_request.pk}/candidates/")
    assert response.json()["candidates"] == []
    [excluded] = response.json()["exclusions"]
    assert (excluded["name"], excluded["reason"]) == ("赵文", "sole_critical_holder")
    assert excluded["skill_name"] == "网络安全"
    assert excluded["reason_text"]


def test_someone_already_proposed_for_overlapping_dates_is_excluded_as_busy(skilled, python_request):
    SecondmentFactory(cadre=skilled.office_clerk, request__department=skilled.archive,
                      request__start_date=python_request.end_date, request__end_date=python_request.end_date)
    response = skilled.client("hr_officer").get(f"{URL}{python_request.pk}/candidates/?limit=1")
    assert [c["name"] for c in response.json()["candidates"]] == ["钱进"]
    assert [(x["name"], x["reason"]) for x in response.json()["exclusions"]] == [("赵文", "busy")]


@pytest.mark.parametrize("persona, status", [("finance_head", 403), ("auditor", 403), ("outsider", 403),
                                             ("anonymous", 401), ("leader", 200), ("hr_clerk", 200)])
def test_who_sees_the_candidates(skilled, python_request, persona, status):
    assert skilled.client(persona).get(f"{URL}{python_request.pk}/candidates/").status_code == status


def test_the_candidate_limit_is_checked(skilled, python_request):
    assert_error(skilled.client("hr_officer").get(f"{URL}{python_request.pk}/candidates/?limit=99999"), 400,
                 field="limit")


def test_a_head_sees_other_departments_open_requests_but_not_their_drafts(skilled, python_request, python):
    RequiredSkillFactory(request__department=skilled.office, request__status="draft", skill=python)
    titles = [r["title"] for r in skilled.client("finance_head").get(URL).json()["results"]]
    assert titles == ["数据中台开发"]


def test_only_drafts_can_be_changed(skilled, python_request):
    response = skilled.client("it_head").patch(f"{URL}{python_request.pk}/", {"title": "改名"}, format="json")
    assert_error(response, 409)
