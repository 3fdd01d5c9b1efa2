"""The demo's look back: the leader's cockpit shows a year of trends, a decided nomination and the unmet demand
seeded from searches for skills nobody holds, and its PDF the trends and the decided nominations; the
talent-demand survey shows the same unmet demand."""

import shutil
import subprocess

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from talent.models import UnmetDemand
from tests.talent.test_demo_planning import client_of


def test_the_demo_cockpit_report_and_survey_look_back(db, tmp_path):
    for command in ("load_demo", "load_demo_skills", "load_demo_planning", "load_demo_sharing",
                    "load_demo_incentives", "load_demo_nominations", "load_demo_trends", "load_demo_demand"):
        call_command(command, stdout=None)
    call_command("load_demo_demand", stdout=None)  # idempotent
    assert sum(UnmetDemand.objects.values_list("searches", flat=True)) == 8

    browser = Client()
    browser.force_login(get_user_model().objects.get(username="leader"))
    page = browser.get("/cockpit/")
    text = page.content.decode()
    assert page.status_code == 200
    for chart in ("trend-literacy", "trend-plan-gaps", "trend-registry-failing", "trend-sharing-density"):
        assert f'data-chart="{chart}"' in text
    assert "1 项已批准" in text and "1 项未批准" in text
    assert '<a href="/talent/?skill=RPA">流程自动化（RPA）</a>' in text

    report = browser.get("/cockpit/report.pdf")
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"
    if shutil.which("pdftotext"):
        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(report.content)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = text.replace("\n", "").replace(" ", "")
        assert f"{timezone.localdate().year}年已决定的推荐批准1项，未批准1项。" in flat
        assert "趋势：今年与去年同日对比" in flat and "去年同日" in flat

    survey = client_of("leader").get("/api/v1/talent-demand/", {"period": str(timezone.localdate().year)}).json()
    assert [(row["skill"], row["searches"]) for row in survey["summary"]["unmet"]["skills"]] == [
        ("RPA", 4), ("LLM", 2), ("OCR", 1), ("EMS", 1)]  # the any-of search lacked both RPA and OCR
