"""The approved list leaves the system as a spreadsheet for finance and a PDF for signatures."""

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from tests.helpers import assert_error
from tests.incentives.flows import lines_of, run


@pytest.fixture
def approved(hr, leader, incentive_round):
    cycle = incentive_round.cycle
    for step, client in (("compute", hr), ("submit", hr)):
        assert run(client, cycle, step).status_code == 200
    line = lines_of(hr, cycle)["FI001"]
    adjusted = leader.post(f"/api/v1/incentive-cycles/{cycle.pk}/lines/{line['id']}/adjust/",
                                 {"final": "100.00", "reason": "按局务会意见调整"}, format="json")
    assert adjusted.status_code == 200
    assert run(leader, cycle, "approve", {"comment": "同意"}).status_code == 200
    return cycle


def export(client, cycle, kind):
    return client.get(f"/api/v1/incentive-cycles/{cycle.pk}/export/", {"as": kind})


def test_the_approved_list_exports_as_xlsx_with_every_line(hr, approved):
    response = export(hr, approved, "xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("名次", "工号", "姓名")
    by_number = {row[1]: row for row in rows[1:]}
    assert set(by_number) == {"OF001", "FI001", "AC001", "IT001"}
    assert by_number["FI001"][9] == 100 and by_number["FI001"][11] == "按局务会意见调整"
    assert by_number["IT001"][12]  # the reason for the exclusion


def pdf_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return path


def test_the_approved_list_prints_as_a_pdf_with_embedded_chinese_text_and_a_signature_block(hr, approved, tmp_path):
    response = export(hr, approved, "pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(response.content)

    fonts = subprocess.run([pdf_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run([pdf_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout

    font_rows = fonts.splitlines()[2:]
    assert font_rows and all(row.split()[-5] == "yes" for row in font_rows), fonts  # the "emb" column
    for expected in ("赵文", "钱进", "孙会", "示范省机关事务管理局", "批准", "不称职", "100.00", "学习小组"):
        assert expected in text, expected


def test_the_list_pdf_prints_the_reasons_the_weights_the_cap_and_a_total_row(hr, approved, tmp_path):
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(export(hr, approved, "pdf").content)
    approved.refresh_from_db()

    text = subprocess.run([pdf_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = text.splitlines()

    assert "按局务会意见调整" in text  # the adjustment's reason, on its line
    assert "年度考核等次 0.40" in text and "每人上限：不设上限" in text
    total = next(line for line in lines if line.strip().startswith("合计"))
    assert f"{approved.total_final:,.2f}" in total and "3人" in total.replace(" ", "")
    # Right-aligned amounts: the final amounts end in the same column.
    finals = [line for line in lines if "赵文" in line or "孙会" in line]
    ends = {line.rindex(".") for line in finals}
    assert len(finals) == 2 and len(ends) <= 2


def test_a_list_approved_before_learning_activities_counted_still_prints(hr, approved):
    approved.refresh_from_db()
    del approved.summary["policy"]["learning_rule"]
    approved.save()

    response = export(hr, approved, "pdf")

    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_a_list_not_yet_approved_is_not_exported(hr, incentive_round, kind):
    run(hr, incentive_round.cycle, "compute")

    assert_error(export(hr, incentive_round.cycle, kind), 409)


def test_an_unknown_export_format_is_refused(hr, approved):
    assert_error(export(hr, approved, "docx"), 400)
