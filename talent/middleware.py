"""The first-sign-in hold: a login whose password HR chose does nothing until its owner sets their own."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.api import error_body
from talent.services.logins import password_change_due

PASSWORD_CHANGE_REQUIRED = "password_change_required"


def password_change_message() -> str:
    return _("Set your own password first: sign in to the workspace and choose a new password at /password/.")


def require_own_password(get_response):
    """Pages send the user to the password page (and let them sign out); the API answers 403
    `password_change_required`. Token sign-in refuses such a login in the same words (talent.views.people)."""
    open_paths = None

    def middleware(request):
        nonlocal open_paths
        if open_paths is None:
            open_paths = (reverse("workspace:password"), reverse("workspace:logout"))
        if request.path in open_paths or request.path.startswith("/static/") or not password_change_due(request.user):
            return get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(error_body(PASSWORD_CHANGE_REQUIRED, password_change_message()), status=403)
        return redirect("workspace:password")

    return middleware
