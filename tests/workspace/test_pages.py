"""Every workspace page for every persona: who gets it, who is sent to sign in, who is refused; and that no
page shows a citizen ID or mobile number in full."""

import pytest

from core.auth import LoginThrottle
from tests.factories import PASSWORD
from tests.helpers import PERSONAS
from tests.workspace.conftest import browser_of

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


def pages(waiting):
    """Each page's address and its status per persona (anonymous is always sent to /login/)."""
    return {
        "/": dict.fromkeys(SIGNED_IN, 200),
        f"/secondments/{waiting.proposal.pk}/": {
            **dict.fromkeys(["hr_officer", "hr_clerk", "leader", "finance_head", "it_head"], 200),
            "auditor": 403, "outsider": 403},
        # Neither head heads the office or the archive: as in the API, the secondment is not there for them.
        f"/secondments/{waiting.elsewhere.pk}/": {
            **dict.fromkeys(["hr_officer", "hr_clerk", "leader"], 200),
            "finance_head": 404, "it_head": 404, "auditor": 403, "outsider": 403},
        # Importing is HR's, as in the API (POST /api/v1/imports/...).
        "/imports/": {**dict.fromkeys(SIGNED_IN, 403), "hr_officer": 200, "hr_clerk": 200},
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_page_answers_each_persona_as_their_role_allows(bureau, waiting, persona):
    client = browser_of(bureau, persona)

    for url, expected in pages(waiting).items():
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"] == f"/login/?next={url}"
        else:
            assert response.status_code == expected[persona], (url, response.status_code)
            assert response["Content-Type"].startswith("text/html"), url


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_shows_a_citizen_id_or_mobile_number_in_full(bureau, waiting, persona):
    client = browser_of(bureau, persona)
    secrets = [value for cadre in (bureau.office_clerk, bureau.finance_officer, bureau.accountant, bureau.it_engineer)
               for value in (cadre.national_id, cadre.mobile)]
    secrets += [waiting.due_staff.national_id, waiting.confirmed_staff.national_id]

    for url in [*pages(waiting), "/login/", "/nothing-here/"]:
        html = client.get(url, follow=True).content.decode()
        assert not [secret for secret in secrets if secret in html], url


def test_the_finance_head_sees_the_proposal_for_their_person_and_follows_it(bureau, waiting):
    client = browser_of(bureau, "finance_head")

    home = client.get("/").content.decode()

    assert "待办" in home and "待接受或拒绝的借调提议" in home
    assert f'href="/secondments/{waiting.proposal.pk}/"' in home
    assert "钱进" in home and "数据治理专家" in home
    assert f"/secondments/{waiting.accepted.pk}/" not in home  # approving is HR's and leadership's
    page = client.get(f"/secondments/{waiting.proposal.pk}/").content.decode()
    assert "钱进" in page and "信息中心" in page and "财务处" in page


@pytest.mark.parametrize("persona, listed, not_listed", [
    ("it_head", ["active"], ["proposal", "accepted", "elsewhere"]),
    ("hr_officer", ["accepted"], ["proposal", "active", "elsewhere"]),
    ("leader", ["accepted"], ["proposal", "active", "elsewhere"]),
    ("auditor", [], ["proposal", "accepted", "active", "elsewhere"]),
])
def test_each_role_sees_the_secondments_waiting_on_it(bureau, waiting, persona, listed, not_listed):
    home = browser_of(bureau, persona).get("/").content.decode()

    for name in listed:
        assert f'href="/secondments/{getattr(waiting, name).pk}/"' in home, name
    for name in not_listed:
        assert f"/secondments/{getattr(waiting, name).pk}/" not in home, name


def test_leadership_sees_the_submitted_list_and_hr_the_vendor_staff_due(bureau, waiting):
    leader = browser_of(bureau, "leader").get("/").content.decode()
    hr = browser_of(bureau, "hr_officer").get("/").content.decode()
    head = browser_of(bureau, "it_head").get("/").content.decode()

    assert waiting.cycle.name in leader and waiting.cycle.name not in hr
    assert "赵外包" in hr and "从未确认" in hr
    assert "钱外包" not in hr  # confirmed today: not due
    assert "赵外包" not in leader and "赵外包" not in head


@pytest.mark.parametrize("persona", ["hr_officer", "finance_head", "leader", "auditor"])
def test_the_home_page_still_links_the_back_office_and_the_api_docs_for_the_roles(bureau, persona):
    home = browser_of(bureau, persona).get("/").content.decode()

    assert 'href="/admin/"' in home and 'href="/api/docs/"' in home


def test_an_account_without_a_role_is_told_to_ask_hr(bureau):
    home = browser_of(bureau, "outsider").get("/").content.decode()

    assert "/admin/" not in home and "尚未分配角色" in home


def test_someone_with_nothing_waiting_is_told_so(bureau, waiting):
    assert "没有等待您处理的事项" in browser_of(bureau, "auditor").get("/").content.decode()


def test_signing_in_at_login_opens_the_page_asked_for(bureau, waiting):
    client = browser_of(bureau, "anonymous")

    page = client.get(f"/login/?next=/secondments/{waiting.proposal.pk}/").content.decode()
    response = client.post("/login/", {"username": "finance_head", "password": PASSWORD,
                                       "next": f"/secondments/{waiting.proposal.pk}/"})

    assert 'name="csrfmiddlewaretoken"' in page and "用户名" in page and "密码" in page
    assert response.status_code == 302 and response["Location"] == f"/secondments/{waiting.proposal.pk}/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_in_chinese_and_the_username_kept(bureau):
    client = browser_of(bureau, "anonymous")

    response = client.post("/login/", {"username": "finance_head", "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "请输入一个正确的" in html
    assert 'value="finance_head"' in html
    assert client.get("/").status_code == 302


def test_the_login_page_and_the_api_share_one_rate_limit(bureau, monkeypatch):
    monkeypatch.setattr(LoginThrottle, "THROTTLE_RATES", {"login": "2/min"})
    client = browser_of(bureau, "anonymous")

    client.post("/api/v1/auth/token/", {"username": "finance_head", "password": "wrong"})
    client.post("/login/", {"username": "finance_head", "password": "wrong"})
    refused = client.post("/login/", {"username": "finance_head", "password": PASSWORD})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "尝试次数过多" in refused.content.decode()
    assert client.get("/").status_code == 302  # the right password did not get through either


def test_logout_is_a_post_that_ends_the_session(bureau):
    client = browser_of(bureau, "finance_head")

    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")

    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_the_language_switch_turns_the_page_english(bureau, waiting):
    client = browser_of(bureau, "finance_head")

    assert '<html lang="zh-hans">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    home = client.get("/").content.decode()

    assert '<html lang="en">' in home and "Waiting for me" in home


def test_an_unknown_page_is_a_page_and_an_unknown_api_address_stays_json(bureau):
    client = browser_of(bureau, "finance_head")

    page = client.get("/nothing-here/")
    api = client.get("/api/v1/nothing-here/")

    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")
