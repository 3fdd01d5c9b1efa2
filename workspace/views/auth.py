"""Sign-in and sign-out with the same accounts as the API; the session lasts as long as an API token."""

from django.contrib import messages
from django.contrib.auth.views import LoginView, LogoutView, PasswordChangeView
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.auth import login_wait
from talent.services import logins


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


class PasswordChange(PasswordChangeView):
    """Choose a new password; the first sign-in with a password HR chose lands here and nowhere else."""

    template_name = "workspace/password.html"
    success_url = reverse_lazy("workspace:home")
    extra_context = {"title": _("Change password")}

    def form_valid(self, form):
        response = super().form_valid(form)
        logins.password_changed(user=form.user)
        messages.success(self.request, _("Your password has been changed."))
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "first": logins.password_change_due(self.request.user)}
