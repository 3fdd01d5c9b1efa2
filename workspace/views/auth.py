"""Sign-in and sign-out with the same accounts as the API; the session lasts as long as an API token."""

import math

from django.contrib.auth.views import LoginView, LogoutView
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import ScopedRateThrottle


class _LoginScope:
    """What ScopedRateThrottle reads from a view: the scope of the API's login (POST /api/v1/auth/token/)."""

    throttle_scope = "login"


def login_wait(request) -> int | None:
    """THE LOGIN RATE LIMIT HOOK. Seconds the client must wait before trying to sign in again, or None.

    It counts with the API login's own throttle (same scope, same cache key per client address), so the page
    and the API share one limit and neither is a way around the other. When the shared login limit lands in
    talent.auth, this body becomes the one call to it."""
    throttle = ScopedRateThrottle()
    if throttle.allow_request(request, _LoginScope()):
        return None
    return math.ceil(throttle.wait() or 1)


class Login(LoginView):
    template_name = "workspace/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": _("Sign in")}

    def post(self, request, *args, **kwargs):
        wait = login_wait(request)
        if wait is None:
            return super().post(request, *args, **kwargs)
        response = self.render_to_response(self.get_context_data(form=self.form_class(request), wait=wait),
                                           status=429)
        response["Retry-After"] = str(wait)
        return response


class Logout(LogoutView):
    """POST only (Django's LogoutView refuses GET), with the CSRF token of the top bar's form."""
