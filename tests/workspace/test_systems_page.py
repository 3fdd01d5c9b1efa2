"""信息系统 page: every reader of the API's systems sees who maintains each and its state; HR and leadership
also see the registry's health findings; the cockpit counts the critical systems nobody holds and links here."""

import pytest

from tests.talent.test_systems_inhouse import systems  # noqa: F401 (a fixture)
from tests.workspace.conftest import browser_of
from tests.workspace.test_cockpit import text_of


@pytest.mark.parametrize("persona, status", [
    ("leader", 200), ("hr_officer", 200), ("finance_head", 200), ("auditor", 403), ("outsider", 403)])
def test_the_readers_of_the_registry_open_the_page(bureau, persona, status):
    assert browser_of(bureau, persona).get("/systems/").status_code == status


def test_the_leader_sees_maintainers_states_and_each_finding(bureau, systems):  # noqa: F811
    text = text_of(browser_of(bureau, "leader").get("/systems/").content.decode())

    assert "健全系统 信息中心 是 李码 王弱 是 是 否 数据库 ≥ 3" in text
    assert "无人维护 信息中心 是 钱走（已离职） — 是 否 否" in text
    assert "已下线" not in text  # retired: not in service, not checked
    assert "建而不维：2" in text and "无人维护 挂名维护" in text
    assert "技能不足（维护人：王弱；欠缺：数据库）" in text
    assert "逾期移交：运维手册与源代码，移交给李码" in text
    unheld = text.split("关键系统无局内人员掌握")[1].split("外包人员登记状况")[0]
    assert "无人维护" in unheld and "健全系统" not in unheld


def test_a_head_sees_the_systems_but_not_the_findings(bureau, systems):  # noqa: F811
    text = text_of(browser_of(bureau, "finance_head").get("/systems/").content.decode())

    assert "健全系统" in text and "李码" in text
    assert "外包人员登记状况" not in text and "建而不维：" not in text


def test_hr_opens_a_system_to_edit_it(bureau, systems):  # noqa: F811
    html = browser_of(bureau, "hr_officer").get("/systems/").content.decode()
    assert f'/admin/talent/informationsystem/{systems["orphan"].pk}/change/' in html
    assert "/admin/talent/informationsystem/" not in browser_of(bureau, "leader").get("/systems/").content.decode()


def test_the_cockpit_counts_critical_systems_nobody_holds_and_links_to_them(bureau, systems):  # noqa: F811
    html = browser_of(bureau, "leader").get("/cockpit/?year=2026").content.decode()

    assert '<a href="/systems/#unheld">1 个关键系统无局内人员掌握。</a>' in html
    assert "/systems/#unheld" not in browser_of(bureau, "it_head").get("/cockpit/?year=2026").content.decode()
