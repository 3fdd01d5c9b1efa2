"""HR gives cadres logins; a cadre's first sign-in sets their own password before anything else works."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from talent import roles
from talent.management.commands.load_demo import DEMO_PASSWORD
from talent.models import PasswordChangeDue
from tests.factories import CadreFactory
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def test_hr_creates_a_login_shown_once_that_must_be_changed(bureau, hr):
    response = hr.post(f"/api/v1/cadres/{bureau.it_engineer.pk}/login/", {}, format="json")
    assert response.status_code == 201
    made = response.json()
    assert made["username"] == "it001" and len(made["password"]) >= 12
    user = get_user_model().objects.get(username="it001")
    assert user.check_password(made["password"]) and user.groups.filter(name=roles.CADRE).exists()
    bureau.it_engineer.refresh_from_db()
    assert bureau.it_engineer.user == user
    assert PasswordChangeDue.objects.filter(user=user).exists()
    # A second login for the same cadre is a workflow conflict.
    assert_error(hr.post(f"/api/v1/cadres/{bureau.it_engineer.pk}/login/", {}, format="json"), 409)


def test_hr_may_set_the_first_password_but_not_a_weak_one(bureau, hr):
    weak = hr.post(f"/api/v1/cadres/{bureau.office_clerk.pk}/login/", {"password": "123"}, format="json")
    assert_error(weak, 400, field="password")
    ok = hr.post(f"/api/v1/cadres/{bureau.office_clerk.pk}/login/", {"password": "Lantern-Quiet-88"}, format="json")
    assert ok.status_code == 201 and ok.json()["password"] == "Lantern-Quiet-88"


def test_bulk_creation_skips_those_with_a_login(bureau, hr):
    other = CadreFactory(staff_number="OF002", department=bureau.office)
    response = hr.post("/api/v1/cadres/logins/", {"cadres": [bureau.accountant.pk, other.pk]}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert [m["username"] for m in body["created"]] == ["of002"]
    assert body["skipped"] == [bureau.accountant.pk]  # the accountant signs in as the `cadre` persona


@pytest.mark.parametrize("persona", ["hr_clerk", "hr_officer"])
def test_only_hr_creates_logins(bureau, persona):
    assert bureau.client(persona).post(f"/api/v1/cadres/{bureau.it_engineer.pk}/login/", {},
                                       format="json").status_code == 201


@pytest.mark.parametrize("persona", ["finance_head", "leader", "auditor", "outsider", "cadre"])
def test_no_one_else_creates_logins(bureau, persona):
    assert_error(bureau.client(persona).post(f"/api/v1/cadres/{bureau.accountant.pk}/login/", {}, format="json"),
                 403)
    assert_error(bureau.client(persona).post("/api/v1/cadres/logins/", {"cadres": [bureau.office_clerk.pk]},
                                             format="json"), 403)


def test_first_sign_in_sends_pages_to_the_password_page_and_the_api_refuses(bureau, hr):
    made = hr.post(f"/api/v1/cadres/{bureau.it_engineer.pk}/login/", {}, format="json").json()
    token = Client().post("/api/v1/auth/token/", {"username": "it001", "password": made["password"]},
                          content_type="application/json")
    assert assert_error(token, 403)["code"] == "password_change_required"

    browser = Client()
    signed_in = browser.post("/login/", {"username": "it001", "password": made["password"]})
    assert signed_in.status_code == 302
    assert browser.get("/").url == "/password/"
    assert assert_error(browser.get("/api/v1/me/"), 403)["code"] == "password_change_required"

    changed = browser.post("/password/", {"old_password": made["password"], "new_password1": "Harbour-Lamp-2026",
                                          "new_password2": "Harbour-Lamp-2026"})
    assert changed.status_code == 302
    assert browser.get("/").status_code == 200
    assert browser.get("/api/v1/me/").status_code == 200
    token = Client().post("/api/v1/auth/token/", {"username": "it001", "password": "Harbour-Lamp-2026"},
                          content_type="application/json")
    assert token.status_code == 200


def test_the_admin_action_shows_the_passwords_once(bureau, client):
    hr_officer = bureau.users["hr_officer"]
    hr_officer.is_staff = True
    hr_officer.save()
    client.force_login(hr_officer)
    response = client.post("/admin/talent/cadre/", {"action": "create_logins",
                                                    "_selected_action": [bureau.it_engineer.pk]})
    assert response.status_code == 200
    bureau.it_engineer.refresh_from_db()
    user = bureau.it_engineer.user
    shown = [p for p in response.content.decode().split("<code>")[1:]]
    assert len(shown) == 1 and user.check_password(shown[0].split("</code>")[0])


def test_the_demo_has_cadre_logins_that_must_change_their_password(db):
    call_command("load_demo", stdout=None)
    for username in ("gj00099", "gj00082", "gj00038"):
        user = get_user_model().objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD) and user.cadre.staff_number == username.upper()
        assert user.groups.filter(name=roles.CADRE).exists() and PasswordChangeDue.objects.filter(user=user).exists()
