"""HR runs an assessment campaign through the API: define, suggest raters, open, answer, close; the scores land
as literacy assessments; a step out of order is a 409; each role sees what it may; no answer is ever shown."""

import pytest
from django.contrib import admin
from django.urls import reverse

from talent import roles
from talent.models import (
    AssessmentCampaign,
    CampaignAnswer,
    CampaignRater,
    CampaignStatus,
    LiteracyAssessment,
    RaterKind,
)
from tests.factories import CadreFactory, UserFactory
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db
BASE = "/api/v1/assessment-campaigns/"
CAPACITIES = ("perception", "execution", "decision", "creativity", "development")


def payload(**overrides):
    items = [{"capacity": capacity, "text_zh": f"{capacity} 题 {n}", "text_en": f"{capacity} item {n}",
              "weight": "1.00"} for capacity in CAPACITIES for n in (1, 2)]
    items.append({"capacity": "execution", "text_zh": "实操得分", "scale": "scored", "max_score": 10,
                  "weight": "2.00"})
    return {"name": "2026年度数字素养360度测评", "period": "2026", "tier": "general", "self_weight": "0.20",
            "supervisor_weight": "0.50", "peer_weight": "0.30", "min_peers": 2, "items": items, **overrides}


@pytest.fixture
def peers(bureau):
    """Three finance colleagues with logins: peers for 钱进 (finance) and, through the parent, 孙会."""
    found = []
    for n in range(3):
        user = UserFactory(username=f"peer{n}", first_name=f"同事{n}", groups=[roles.CADRE])
        found.append(CadreFactory(name=f"同事{n}", department=bureau.finance, user=user))
    own = UserFactory(username="qianjin", first_name="钱进", groups=[roles.CADRE])
    bureau.finance_officer.user = own
    bureau.finance_officer.save()
    bureau.users.update({f"peer{n}": found[n].user for n in range(3)}, qianjin=own)
    return found


def create(bureau, **overrides):
    response = bureau.client("hr_officer").post(BASE, payload(**overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def answer_all(bureau, persona, value_of=lambda item: item["highest"]):
    client = bureau.client(persona)
    for form in client.get(f"{BASE}forms/").json()["results"]:
        detail = client.get(f"{BASE}forms/{form['id']}/").json()
        body = {"answers": [{"item": item["id"], "value": value_of(item)} for item in detail["items"]]}
        response = client.post(f"{BASE}forms/{form['id']}/submit/", body, format="json")
        assert response.status_code == 200, response.content


def test_hr_runs_a_campaign_and_the_scores_become_literacy_assessments(bureau, peers):
    hr = bureau.client("hr_officer")
    campaign = create(bureau)
    assert campaign["status"] == "draft" and len(campaign["items"]) == 11
    added = hr.post(f"{BASE}{campaign['id']}/suggest-raters/").json()["added"]
    forms = CampaignRater.objects.filter(campaign_id=campaign["id"])
    assert added == forms.count()
    qian = forms.filter(ratee=bureau.finance_officer)
    assert {(f.kind, f.rater.username) for f in qian if f.kind != RaterKind.PEER} == {
        ("self", "qianjin"), ("supervisor", "finance_head")}
    assert {f.rater.username for f in qian if f.kind == RaterKind.PEER} == {"peer0", "peer1", "peer2"}
    # 孙会's department (accounting) has no head: the supervisor is the head of finance above it.
    assert forms.get(ratee=bureau.accountant, kind="supervisor").rater.username == "finance_head"
    assert hr.post(f"{BASE}{campaign['id']}/open/").json()["status"] == "open"

    answer_all(bureau, "qianjin")  # self: all top marks (100)
    answer_all(bureau, "finance_head", lambda item: item["lowest"])  # supervisor: all lowest (0)
    for n in range(3):
        answer_all(bureau, f"peer{n}", lambda item: 3 if item["scale"] == "likert" else 5)  # peers: 50
    progress = {row["department_name"]: row for row in hr.get(f"{BASE}{campaign['id']}/progress/").json()}
    # Finance's four cadres are each rated by self, supervisor and three peers, all answered.
    assert progress["财务处"] == {"department": bureau.finance.pk, "department_name": "财务处", "cadres": 4,
                                  "forms": 20, "submitted": 20, "percent": 100}
    assert "办公室" not in progress  # 赵文 has no login and the office no head: no one to rate them

    closing = hr.post(f"{BASE}{campaign['id']}/close/")
    assert closing.status_code == 202
    assert AssessmentCampaign.objects.get(pk=campaign["id"]).status == CampaignStatus.CLOSED
    scored = LiteracyAssessment.objects.get(cadre=bureau.finance_officer, campaign_id=campaign["id"])
    # 0.2 x 100 + 0.5 x 0 + 0.3 x 50 = 35, for every capacity.
    assert scored.method == "campaign" and scored.scores() == dict.fromkeys(CAPACITIES, 35)
    assert scored.is_latest
    results = hr.get(f"{BASE}{campaign['id']}/results/").json()
    assert set(results["alpha"]) == set(CAPACITIES)
    # 钱进: self 100 against others (0.5 x 0 + 0.3 x 50) / 0.8 = 18.75, a gap of 81.25. Each peer is rated too:
    # self 50 against (0.5 x 0 + 0.3 x (100 + 50 + 50) / 3) / 0.8 = 25, a gap of 25. Mean (81.25 + 3 x 25) / 4.
    assert results["agreement"]["perception"] == {"mean_abs_diff": 39.06, "cadres": 4}
    scores = hr.get(f"{BASE}{campaign['id']}/scores/").json()["results"]
    assert sorted(row["cadre_name"] for row in scores) == ["同事0", "同事1", "同事2", "孙会", "钱进"]
    # 孙会 did not answer their own form: the supervisor's zeros alone make their score.
    assert LiteracyAssessment.objects.get(cadre=bureau.accountant).scores() == dict.fromkeys(CAPACITIES, 0)
    assert bureau.client("it_head").get(f"{BASE}{campaign['id']}/scores/").json()["results"] == []


def test_too_few_peers_leave_the_peers_out(bureau, peers):
    hr = bureau.client("hr_officer")
    campaign = create(bureau, min_peers=3)
    hr.post(f"{BASE}{campaign['id']}/suggest-raters/")
    hr.post(f"{BASE}{campaign['id']}/open/")
    answer_all(bureau, "qianjin")
    answer_all(bureau, "finance_head", lambda item: item["lowest"])
    for n in range(2):  # two of the three peers: fewer than 3
        answer_all(bureau, f"peer{n}", lambda item: item["highest"])
    hr.post(f"{BASE}{campaign['id']}/close/")
    scored = LiteracyAssessment.objects.get(cadre=bureau.finance_officer, campaign_id=campaign["id"])
    # Peers left out: (0.2 x 100 + 0.5 x 0) / 0.7 = 28.57 -> 29.
    assert scored.scores() == dict.fromkeys(CAPACITIES, 29)
    assert hr.get(f"{BASE}{campaign['id']}/results/").json()["kinds"]["self,supervisor"] >= 1


def test_steps_out_of_order_are_409(bureau, peers):
    hr = bureau.client("hr_officer")
    campaign = create(bureau)
    url = f"{BASE}{campaign['id']}/"
    assert_error(hr.post(f"{url}close/"), 409)
    assert_error(hr.get(f"{url}results/"), 409)
    assert_error(hr.post(f"{url}open/"), 400, field="raters")  # nobody to answer yet
    hr.post(f"{url}suggest-raters/")
    assert hr.post(f"{url}open/").status_code == 200
    assert_error(hr.post(f"{url}open/"), 409)
    assert_error(hr.patch(url, {"name": "改名"}, format="json"), 409)
    assert_error(hr.delete(url), 409)
    client = bureau.client("qianjin")
    form = client.get(f"{BASE}forms/").json()["results"][0]
    items = client.get(f"{BASE}forms/{form['id']}/").json()["items"]
    partial = {"answers": [{"item": items[0]["id"], "value": 3}]}
    assert_error(client.post(f"{BASE}forms/{form['id']}/submit/", partial, format="json"), 400,
                 field=f"item_{items[1]['id']}")
    full = {"answers": [{"item": item["id"], "value": item["highest"]} for item in items]}
    assert client.post(f"{BASE}forms/{form['id']}/submit/", full, format="json").status_code == 200
    assert_error(client.post(f"{BASE}forms/{form['id']}/submit/", full, format="json"), 409)
    assert hr.post(f"{url}close/").status_code == 202
    assert_error(hr.post(f"{url}close/"), 409)
    assert_error(hr.post(f"{url}suggest-raters/"), 409)
    assert client.get(f"{BASE}forms/{form['id']}/").status_code == 404  # closed: no longer to answer


def test_bad_definitions_name_the_field(bureau):
    hr = bureau.client("hr_officer")
    assert_error(hr.post(BASE, payload(peer_weight="0.50"), format="json"), 400, field="peer_weight")
    assert_error(hr.post(BASE, payload(min_peers=1), format="json"), 400, field="min_peers")
    assert_error(hr.post(BASE, payload(items=[]), format="json"), 400, field="items")
    assert_error(hr.post(BASE, payload(period="2026-13"), format="json"), 400, field="period")
    create(bureau)
    assert_error(hr.post(BASE, payload(), format="json"), 400, field="period")  # the tier has one this period
    only_one = create(bureau, period="2027", items=[{"capacity": "decision", "text_zh": "题"}])
    hr.post(f"{BASE}{only_one['id']}/suggest-raters/")
    assert_error(hr.post(f"{BASE}{only_one['id']}/open/"), 400, field="items")


@pytest.mark.parametrize(("persona", "expected"), [
    ("hr_officer", 201), ("finance_head", 403), ("leader", 403), ("auditor", 403), ("cadre", 403),
    ("anonymous", 401)])
def test_only_hr_defines_campaigns(bureau, persona, expected):
    assert bureau.client(persona).post(BASE, payload(), format="json").status_code == expected


def test_heads_see_their_departments_progress_and_raters_only_their_forms(bureau, peers):
    hr = bureau.client("hr_officer")
    campaign = create(bureau)
    hr.post(f"{BASE}{campaign['id']}/suggest-raters/")
    hr.post(f"{BASE}{campaign['id']}/open/")
    everyone = {row["department_name"] for row in hr.get(f"{BASE}{campaign['id']}/progress/").json()}
    assert everyone == {"财务处", "会计科"}
    finance = {row["department_name"] for row in
               bureau.client("finance_head").get(f"{BASE}{campaign['id']}/progress/").json()}
    assert finance == {"财务处", "会计科"}
    assert bureau.client("it_head").get(f"{BASE}{campaign['id']}/progress/").json() == []
    assert bureau.client("it_head").get(f"{BASE}{campaign['id']}/raters/").json()["results"] == []
    assert bureau.client("cadre").get(BASE).status_code == 403
    mine = bureau.client("peer0").get(f"{BASE}forms/").json()["results"]
    assert sorted(form["id"] for form in mine) == sorted(
        CampaignRater.objects.filter(rater=bureau.users["peer0"]).values_list("pk", flat=True))
    other = CampaignRater.objects.filter(campaign_id=campaign["id"]).exclude(rater=bureau.users["peer0"]).first()
    assert bureau.client("peer0").get(f"{BASE}forms/{other.pk}/").status_code == 404
    assert_error(bureau.client("peer0").post(f"{BASE}forms/{other.pk}/submit/", {"answers": []}, format="json"), 404)


def _walk(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner)


PERSONAS = ["hr_officer", "finance_head", "it_head", "leader", "auditor", "cadre", "qianjin", "peer0", "peer1"]


def test_no_api_or_page_shows_one_peers_answers_to_anyone(bureau, peers, client):
    hr = bureau.client("hr_officer")
    campaign = create(bureau, min_peers=3)
    hr.post(f"{BASE}{campaign['id']}/suggest-raters/")
    hr.post(f"{BASE}{campaign['id']}/open/")
    answer_all(bureau, "peer0", lambda item: item["lowest"])
    answer_all(bureau, "peer1", lambda item: item["highest"])
    url = f"{BASE}{campaign['id']}/"
    open_urls = [BASE, url, f"{url}raters/", f"{url}progress/", f"{BASE}forms/"]
    for persona in PERSONAS:
        api = bureau.client(persona)
        for address in open_urls + [f"{BASE}forms/{form.pk}/" for form in CampaignRater.objects.all()]:
            response = api.get(address)
            if response.status_code == 200:
                keys = set(_walk(response.json()))
                assert not keys & {"answers", "value", "answer"}, (persona, address)
    hr.post(f"{url}close/")
    # Two peers answered, fewer than three: their peer forms count for no one. 钱进, rated only by them, gets no
    # score; each of the two gets exactly their own self-assessment (all lowest: 0, all highest: 100).
    scored = {a.cadre.name: a.scores() for a in LiteracyAssessment.objects.filter(campaign_id=campaign["id"])}
    assert scored == {"同事0": dict.fromkeys(CAPACITIES, 0), "同事1": dict.fromkeys(CAPACITIES, 100)}
    for persona in PERSONAS:
        api = bureau.client(persona)
        for address in [f"{url}results/", f"{url}scores/", f"{url}raters/"]:
            response = api.get(address)
            if response.status_code == 200:
                assert not set(_walk(response.json())) & {"answers", "value", "answer"}, (persona, address)
    # No back-office page and no audit trail entry holds answers either.
    assert CampaignAnswer not in admin.site._registry
    from auditlog.registry import auditlog
    assert not auditlog.contains(CampaignAnswer)
    for persona in PERSONAS:
        client.force_login(bureau.users[persona])
        for page in (reverse("workspace:assessments"),):
            body = client.get(page).content.decode()
            assert "campaignanswer" not in body.lower()


def test_peers_from_a_learning_group_come_first(bureau, peers):
    from tests.factories_groups import LearningGroupMemberFactory

    engineer = UserFactory(username="liima", groups=[roles.CADRE])
    bureau.it_engineer.user = engineer
    bureau.it_engineer.save()
    group = LearningGroupMemberFactory(cadre=bureau.finance_officer).group
    LearningGroupMemberFactory(group=group, cadre=bureau.it_engineer)
    ended = LearningGroupMemberFactory(cadre=bureau.finance_officer, group__ended_on="2026-02-01").group
    LearningGroupMemberFactory(group=ended, cadre=bureau.accountant)
    campaign = create(bureau)
    bureau.client("hr_officer").post(f"{BASE}{campaign['id']}/suggest-raters/")
    chosen = list(CampaignRater.objects.filter(campaign_id=campaign["id"], ratee=bureau.finance_officer,
                                               kind="peer").order_by("pk").values_list("rater__username", flat=True))
    # The IT engineer shares a current group with 钱进: suggested first, then finance colleagues, four in all;
    # 孙会 shares only a group that has ended.
    assert chosen[0] == "liima" and set(chosen[1:]) == {"peer0", "peer1", "peer2"}
