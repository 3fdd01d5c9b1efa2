"""Sign-in and sign-out with the same accounts as the API; the session lasts as long as an API token."""

from django.contrib.auth.views import LoginView, LogoutView
from django.utils.translation import gettext_lazy as _

from core.auth import login_wait


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
