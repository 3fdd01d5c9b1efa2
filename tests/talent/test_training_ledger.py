"""The training ledger: a tier's yearly hours and compulsory programs, hours from training, confirmed self-study
and the online platform's export, per cadre and per department, scoped as the cadres are."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from talent import ledger
from talent.access import Actor
from talent.models import PlatformStudy, SelfStudy, StudyStatus, Tier, TrainingRequirement, TrainingResult
from talent.selectors import training as selectors
from tests.factories import TrainingProgramFactory, TrainingRecordFactory
from tests.helpers import assert_error, job_outcome

pytestmark = pytest.mark.django_db

HEADERS = ["工号", "课程名称", "学时", "完成日期"]


def xlsx(rows, headers=HEADERS, name="网上党校导出.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, file, *, dry_run=False):
    response = client.post("/api/v1/imports/training-hours/", {"file": file, "dry_run": dry_run}, format="multipart")
    return response if dry_run else job_outcome(client, response)


@pytest.fixture
def year_of_learning(bureau):
    """2025 for the accountant (general tier, 50 h, compulsory: security): 12 h training (passed security),
    8 h confirmed self-study (plus 5 h pending and 4 h of 2024 that do not count), 20.5 h on the platform:
    40.5 h in all, short by 9.5. The finance officer: 60 h on the platform but not the security course."""
    security = TrainingProgramFactory(code="SEC-GOV", name="网络安全治理专题", tiers=["leader", "general"])
    privacy = TrainingProgramFactory(code="DATA-PROT", name="个人信息与数据保护", tiers=[])
    general = TrainingRequirement.objects.get(tier=Tier.GENERAL)
    general.compulsory_programs.set([security])
    TrainingRequirement.objects.filter(tier=Tier.SPECIALIST).update(yearly_hours=60)
    TrainingRequirement.objects.get(tier=Tier.SPECIALIST).compulsory_programs.set([privacy])
    TrainingRecordFactory(cadre=bureau.accountant, program=security, hours=6, result=TrainingResult.PASSED,
                          completed_on=datetime.date(2025, 3, 2))
    TrainingRecordFactory(cadre=bureau.accountant, hours=6, result=TrainingResult.FAILED,
                          completed_on=datetime.date(2025, 9, 9))
    TrainingRecordFactory(cadre=bureau.accountant, hours=30, result=TrainingResult.IN_PROGRESS, completed_on=None)
    for hours, status, day in [(8, StudyStatus.CONFIRMED, datetime.date(2025, 5, 1)),
                               (5, StudyStatus.PENDING, datetime.date(2025, 6, 1)),
                               (4, StudyStatus.CONFIRMED, datetime.date(2024, 12, 31))]:
        SelfStudy.objects.create(cadre=bureau.accountant, topic="自学", hours=hours, status=status, studied_on=day)
    PlatformStudy.objects.create(cadre=bureau.accountant, course="数字政府概论", hours=Decimal("20.5"),
                                 studied_on=datetime.date(2025, 12, 31))
    PlatformStudy.objects.create(cadre=bureau.finance_officer, course="数字经济", hours=60,
                                 studied_on=datetime.date(2025, 7, 1))
    return {"security": security, "privacy": privacy}


def test_a_cadres_year_adds_up_by_hand(bureau, hr, year_of_learning):
    rows = {row["staff_number"]: row for row in hr.get("/api/v1/training/compliance/?year=2025").json()["results"]}
    accountant = rows["AC001"]
    assert accountant["hours"] == {"training": "12.0", "self_study": "8.0", "platform": "20.5", "total": "40.5"}
    assert (accountant["required"], accountant["short_by"], accountant["hours_met"]) == ("50.0", "9.5", False)
    assert accountant["compulsory_missing"] == [] and accountant["complete"] is False
    officer = rows["FI001"]
    assert officer["hours"]["total"] == "60.0" and officer["hours_met"] is True
    assert [p["code"] for p in officer["compulsory_missing"]] == ["SEC-GOV"] and officer["complete"] is False
    engineer = rows["IT001"]  # a specialist: 60 h and data protection
    assert engineer["required"] == "60.0" and [p["code"] for p in engineer["compulsory_missing"]] == ["DATA-PROT"]
    # Another year: nothing done, everything missing.
    rows_2024 = {row["staff_number"]: row for row in
                 hr.get("/api/v1/training/compliance/?year=2024").json()["results"]}
    assert rows_2024["AC001"]["hours"]["total"] == "4.0"
    short = hr.get("/api/v1/training/compliance/?year=2025&short=true").json()["results"]
    assert {row["staff_number"] for row in short} == {"AC001", "OF001", "IT001"}


def test_departments_add_up_their_own_people(bureau, hr, year_of_learning):
    rows = {row["department_name"]: row for row in
            hr.get("/api/v1/training/compliance/departments/?year=2025").json()}
    assert set(rows) == {"办公室", "财务处", "会计科", "信息中心"}
    finance = rows["财务处"]
    assert (finance["headcount"], finance["hours_done"], finance["hours_required"]) == (1, "60.0", "50.0")
    assert (finance["hours_met"], finance["complete"], finance["share_complete"]) == (1, 0, "0.0")
    assert finance["compulsory_missing"] == [{"program": {"id": year_of_learning["security"].pk, "code": "SEC-GOV",
                                                          "name": "网络安全治理专题"}, "cadres": 1}]


def test_the_cockpit_figure_is_one_query_cached_until_the_ledger_changes(bureau, year_of_learning,
                                                                         django_assert_num_queries):
    actor = Actor(bureau.users["hr_officer"])
    actor.roles  # noqa: B018 (the actor's roles are read once per request, before the figures)
    with django_assert_num_queries(1):
        figure = selectors._hours_met_figure(actor=actor, year=2025)
    assert figure == {"year": 2025, "headcount": 4, "hours_met": 1, "share": Decimal("25.0")}
    assert selectors.hours_met_figure(actor=actor, year=2025) == figure
    head = selectors.hours_met_figure(actor=Actor(bureau.users["finance_head"]), year=2025)
    assert (head["headcount"], head["hours_met"]) == (2, 1)  # 钱进 met his hours, 孙会 did not
    assert selectors.hours_met_figure(actor=Actor(bureau.users["it_head"]), year=2025)["hours_met"] == 0

    # 孙会 was 9.5 hours short: ten more hours of training and the cached figure moves
    TrainingRecordFactory(cadre=bureau.accountant, hours=10, result=TrainingResult.PASSED,
                          completed_on=datetime.date(2025, 10, 1))
    assert selectors.hours_met_figure(actor=actor, year=2025)["hours_met"] == 2


@pytest.mark.parametrize(("persona", "expected"), [
    ("hr_officer", {"OF001", "FI001", "AC001", "IT001"}), ("leader", {"OF001", "FI001", "AC001", "IT001"}),
    ("finance_head", {"FI001", "AC001"}), ("it_head", {"IT001"})])
def test_a_head_sees_only_their_subtree(bureau, year_of_learning, persona, expected):
    client = bureau.client(persona)
    cadres = client.get("/api/v1/training/compliance/?year=2025").json()["results"]
    assert {row["staff_number"] for row in cadres} == expected
    departments = client.get("/api/v1/training/compliance/departments/?year=2025").json()
    assert sum(row["headcount"] for row in departments) == len(expected)


@pytest.mark.parametrize("persona", ["auditor", "outsider", "cadre"])
def test_others_are_refused(bureau, persona):
    assert bureau.client(persona).get("/api/v1/training/compliance/").status_code == 403


def test_a_bad_year_is_a_400_naming_it(hr):
    assert_error(hr.get("/api/v1/training/compliance/?year=twenty"), 400, field="year")


def test_the_cadre_sees_their_own_year(bureau, year_of_learning):
    mine = bureau.client("cadre").get("/api/v1/me/training/?year=2025").json()
    assert mine["ledger"]["hours"]["total"] == "40.5" and mine["ledger"]["required"] == "50.0"


def test_hr_edits_a_tiers_requirement_and_a_program_not_for_the_tier_is_refused(bureau, hr, year_of_learning):
    leader = TrainingRequirement.objects.get(tier=Tier.LEADER)
    changed = hr.patch(f"/api/v1/training/requirements/{leader.pk}/",
                       {"yearly_hours": "56", "compulsory_programs": [year_of_learning["security"].pk]}, format="json")
    assert changed.status_code == 200 and changed.json()["yearly_hours"] == "56.0"
    closed = TrainingProgramFactory(tiers=["specialist"])
    assert_error(hr.patch(f"/api/v1/training/requirements/{leader.pk}/", {"compulsory_programs": [closed.pk]},
                          format="json"), 400, field="compulsory_programs")
    assert list(TrainingRequirement.objects.get(tier=Tier.LEADER).compulsory_programs.all()) == [
        year_of_learning["security"]]
    assert bureau.client("finance_head").patch(f"/api/v1/training/requirements/{leader.pk}/",
                                               {"yearly_hours": "1"}, format="json").status_code == 403


# ---- the online platform's export ------------------------------------------------------------------------

def test_the_platform_import_counts_hours_and_matches_compulsory_programs(bureau, hr, year_of_learning):
    rows = [["AC001", "网络安全治理专题", 3, "2025-04-01"], ["FI001", "SEC-GOV", "2.5", "2025/10/8"],
            ["IT001", "Python 入门", "10", "2025-02-02"]]
    def it_hours():
        found = hr.get("/api/v1/training/compliance/departments/?year=2025").json()
        return next(row["hours_done"] for row in found if row["department_name"] == "信息中心")
    assert it_hours() == "0.0"  # computed, and kept until a table it reads changes
    dry = upload(hr, xlsx(rows), dry_run=True)
    assert dry.status_code == 200 and dry.json()["created"] == 3 and not PlatformStudy.objects.filter(
        course="Python 入门").exists()
    done = upload(hr, xlsx(rows))
    assert done.status_code == 200 and done.json()["created"] == 3
    officer = {r["staff_number"]: r for r in hr.get("/api/v1/training/compliance/?year=2025").json()["results"]}
    assert officer["FI001"]["hours"]["platform"] == "62.5" and officer["FI001"]["compulsory_missing"] == []
    assert it_hours() == "10.0"

    again = upload(hr, xlsx(rows))
    assert again.json()["created"] == 0 and again.json()["updated"] == 0 and again.json()["unchanged"] == 3
    assert PlatformStudy.objects.count() == 5

    corrected = upload(hr, xlsx([["IT001", "Python 入门", "12", "2025-02-02"]]))
    assert corrected.json()["updated"] == 1
    assert PlatformStudy.objects.get(course="Python 入门").hours == 12


def test_one_bad_row_and_nothing_is_imported(bureau, hr):
    rows = [["AC001", "数字政府", 3, "2025-04-01"], ["NOBODY", "数字政府", 3, "2025-04-01"],
            ["FI001", "数字政府", "三", "2025-04-01"], ["IT001", "数字政府", 2, "2025-02-30"],
            ["AC001", "数字政府", 4, "2025-04-01"]]
    response = upload(hr, xlsx(rows))
    body = assert_error(response, 400, field="rows")
    problems = {(e["row"], e["column"]) for e in body["fields"]["rows"]}
    assert problems == {(3, "工号"), (4, "学时"), (5, "完成日期"), (6, "课程名称")}
    assert not PlatformStudy.objects.exists()


def test_only_hr_imports(bureau):
    file = xlsx([["AC001", "数字政府", 3, "2025-04-01"]])
    assert bureau.client("finance_head").post("/api/v1/imports/training-hours/", {"file": file},
                                              format="multipart").status_code == 403


# ---- the pure core --------------------------------------------------------------------------------------

def test_standing_by_hand():
    one = ledger.standing({"training": Decimal("12"), "platform": Decimal("38")},
                          ledger.Requirement(Decimal("50"), frozenset({1, 2})), done={2, 7})
    assert one.total == 50 and one.hours_met and one.missing == (1,) and not one.complete
    assert ledger.standing({}, None).complete  # no requirement for the tier: nothing required
    totals = ledger.totals([one, ledger.standing({"self_study": Decimal("60")}, ledger.Requirement(Decimal("50")))])
    assert (totals.headcount, totals.hours, totals.required, totals.hours_met, totals.complete) == (2, 110, 100, 2, 1)
    assert totals.share_complete == Decimal("50.0") and totals.missing == {1: 1}
