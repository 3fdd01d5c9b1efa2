"""Imports racing each other on PostgreSQL, with two real connections (tests.helpers.race).

An import checks the whole file, then writes all of it in one transaction. Two files creating the same staff
numbers at once: the unique staff number makes the later write wait for the earlier one, and then fail; that
import is answered 409 (import it again) and leaves nothing behind, even the rows it had already written.
"""

from auditlog.models import LogEntry

from talent.models import Cadre, LiteracyAssessment
from tests.factories import AssessmentFactory
from tests.helpers import ON_TWO_CONNECTIONS, assert_error, race
from tests.talent.test_imports import ASSESSMENT_HEADERS, CADRE_HEADERS, cadre_row, csv_file, upload

pytestmark = ON_TWO_CONNECTIONS


def counts() -> tuple[int, int]:
    return Cadre.objects.count(), LogEntry.objects.count()


def test_two_files_creating_the_same_staff_numbers_at_once_one_goes_in_whole_the_other_not_at_all(bureau, hr):
    ours = [cadre_row("IM001", "周明", serial=11), cadre_row("IM002", "吴芳", gender="女", serial=12)]
    theirs = [cadre_row("IM001", "周敏", post="数据分析师", serial=21),
              cadre_row("IM002", "吴放", gender="女", post="数据分析师", serial=22)]
    cadres, entries = counts()

    won, lost = race(lambda: upload(hr, "cadres", csv_file(CADRE_HEADERS, ours)),
                     lambda: upload(hr, "cadres", csv_file(CADRE_HEADERS, theirs)))

    assert won.status_code == 200 and won.json()["created"] == 2, won.content
    assert assert_error(lost, 409)["code"] == "import_conflict"
    assert dict(Cadre.objects.filter(staff_number__startswith="IM").values_list("staff_number", "name")) == {
        "IM001": "周明", "IM002": "吴芳"}
    assert counts() == (cadres + 2, entries + 2)  # the winner's cadres, each with its audit entry


def test_an_import_that_fails_late_in_its_write_takes_back_what_it_had_written(bureau, hr):
    # The clash is the file's last row: the rows before it are written (COPY streams them) before it fails.
    late = [cadre_row(f"IM10{n}", name, serial=30 + n) for n, name in enumerate(["周一", "吴二", "郑三"])]
    clash = cadre_row("IM200", "王五", serial=40)
    cadres, entries = counts()

    won, lost = race(lambda: upload(hr, "cadres", csv_file(CADRE_HEADERS, [clash])),
                     lambda: upload(hr, "cadres", csv_file(CADRE_HEADERS, [*late, clash])))

    assert won.status_code == 200, won.content
    assert assert_error(lost, 409)["code"] == "import_conflict"
    assert not Cadre.objects.filter(staff_number__in=[row[0] for row in late]).exists()
    assert counts() == (cadres + 1, entries + 1)


def test_two_files_of_one_cadres_assessments_at_once_both_go_in_and_the_newest_is_the_latest(bureau, hr):
    AssessmentFactory(cadre=bureau.it_engineer, period="2023", assessed_on="2023-12-01")
    newer = [["IT001", "2025", "2025-12-20", "考试", 80, 85, 70, 75, 90, ""]]
    older = [["IT001", "2024", "2024-12-20", "考试", 60, 65, 70, 55, 50, ""]]

    first, second = race(lambda: upload(hr, "assessments", csv_file(ASSESSMENT_HEADERS, newer)),
                         lambda: upload(hr, "assessments", csv_file(ASSESSMENT_HEADERS, older)))

    assert (first.status_code, second.status_code) == (200, 200), (first.content, second.content)
    assessments = LiteracyAssessment.objects.filter(cadre=bureau.it_engineer)
    assert sorted(assessments.values_list("period", flat=True)) == ["2023", "2024", "2025"]
    assert list(assessments.filter(is_latest=True).values_list("period", flat=True)) == ["2025"]
