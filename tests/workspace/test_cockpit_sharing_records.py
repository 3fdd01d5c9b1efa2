"""The cockpit's section on how departments answer when asked to lend: the department declining most comes
first with its latest reason; a head sees only their own departments' records."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from sharing.models import Secondment
from tests.factories import CadreFactory, SecondmentFactory, ShareRequestFactory
from tests.workspace.conftest import browser_of


def section(html: str) -> str:
    return re.search(r'id="sharing-records">(.*?)</section>', html, re.S).group(1)


def rows(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", row) for row in re.findall(r"<th scope=\"row\">(.*?)</th>", section(html))]


def test_the_department_declining_most_comes_first_and_a_head_sees_only_theirs(bureau):
    year = str(timezone.localdate().year)
    it_request = ShareRequestFactory(department=bureau.it, title="数据中台开发")
    for days_ago, reason in ((3, "人手不足"), (1, "年底决算，离不开")):
        declined = SecondmentFactory(request=it_request, cadre=CadreFactory(department=bureau.finance),
                                     status="declined", decline_reason=reason)
        Secondment.objects.filter(pk=declined.pk).update(
            accepted_at=timezone.now() - datetime.timedelta(days=days_ago))
    accepted = SecondmentFactory(request=it_request, cadre=bureau.office_clerk, status="accepted")
    Secondment.objects.filter(pk=accepted.pk).update(accepted_at=timezone.now())

    leader = browser_of(bureau, "leader").get(f"/cockpit/?year={year}").content.decode()
    # IT was asked to lend no one: it is not listed (it hosts, which its own page shows).
    assert rows(leader) == [bureau.finance.name, bureau.office.name]
    assert "年底决算，离不开" in section(leader) and "人手不足" not in section(leader)  # the latest reason

    it_head = browser_of(bureau, "it_head").get(f"/cockpit/?year={year}").content.decode()
    assert rows(it_head) == []
    finance_head = browser_of(bureau, "finance_head").get(f"/cockpit/?year={year}").content.decode()
    assert rows(finance_head) == [bureau.finance.name]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_leadership_report_lists_how_departments_answer_with_the_latest_reason(bureau, tmp_path):
    it_request = ShareRequestFactory(department=bureau.it, title="数据中台开发")
    declined = SecondmentFactory(request=it_request, cadre=bureau.finance_officer, status="declined",
                                 decline_reason="年底决算离不开")
    Secondment.objects.filter(pk=declined.pk).update(accepted_at=timezone.now())
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(browser_of(bureau, "leader").get(
        f"/cockpit/report.pdf?year={timezone.localdate().year}").content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace("\n", "")
    assert "各部门答复借调请求的情况" in flat and "年底决算离不开" in flat
