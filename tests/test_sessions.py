"""A password change or a deactivation ends every token and session of the user, and a back-office session lasts
as long as an API token."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import PASSWORD
from tests.helpers import assert_error

NEW_PASSWORD = "Renshi-Guihua-2026!"


@pytest.fixture
def leader(bureau):
    """The leader signed in twice: an API client with a token and a browser with a back-office session."""
    user = bureau.users["leader"]
    user.is_staff = True
    user.save()
    browser = Client()
    assert browser.post("/admin/login/", {"username": "leader", "password": PASSWORD}).status_code == 302
    api = bureau.client("leader")
    assert api.get("/api/v1/me/").status_code == 200
    assert browser.get("/api/v1/me/").status_code == 200
    return user, api, browser


def test_a_password_change_ends_the_users_tokens_and_sessions(leader):
    user, api, browser = leader

    user.set_password(NEW_PASSWORD)
    user.save()

    assert_error(api.get("/api/v1/me/"), 401)
    assert_error(browser.get("/api/v1/me/"), 401)
    assert browser.get("/admin/").status_code == 302  # to the login page


def test_a_password_changed_in_the_back_office_ends_the_users_tokens(leader, admin_client):
    user, api, _browser = leader

    response = admin_client.post(f"/admin/auth/user/{user.pk}/password/",
                                 {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert_error(api.get("/api/v1/me/"), 401)


def test_a_deactivated_users_tokens_and_sessions_stay_ended_when_the_account_is_reactivated(leader):
    user, api, browser = leader

    user.is_active = False
    user.save()
    user.is_active = True
    user.save()

    assert_error(api.get("/api/v1/me/"), 401)
    assert not Token.objects.filter(user=user).exists()
    assert_error(browser.get("/api/v1/me/"), 401)


def test_signing_in_or_editing_a_name_leaves_the_token_alone(leader):
    user, api, _browser = leader

    user.first_name = "领导"
    user.save()
    Client().post("/admin/login/", {"username": "leader", "password": PASSWORD})

    assert api.get("/api/v1/me/").status_code == 200


def test_a_back_office_session_lasts_as_long_as_a_token(bureau, settings):
    bureau.users["leader"].is_staff = True
    bureau.users["leader"].save()

    response = Client().post("/admin/login/", {"username": "leader", "password": PASSWORD})

    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.TOKEN_TTL_HOURS * 3600 == 12 * 3600
