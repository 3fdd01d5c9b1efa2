from datetime import timedelta

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

# Sign-ins are access entries on the user with one of these events, so the auditor reads them in the same
# trail as everything else and can spot guessing: a failed attempt is recorded even for an unknown username.
SIGN_IN_EVENTS = ("login", "logout", "login_failed")
USERNAME_IN_TRAIL = 150  # the length of a username; what a guesser sends beyond it is cut


def _expired(token: Token) -> bool:
    return token.created <= timezone.now() - timedelta(hours=settings.TOKEN_TTL_HOURS)


def issue_token(user) -> Token:
    """The user's token, a new one if theirs has expired: one token per user, as DRF keeps them."""
    token = Token.objects.filter(user=user).first()
    if token is not None and _expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


class AuditedTokenAuthentication(TokenAuthentication):
    """Token authentication that refuses expired tokens and names the user as the actor of the request's
    audit records.

    auditlog's middleware runs before DRF authenticates a token, so it only sees session users;
    the actor is filled in here, in the same per-request audit context the middleware opened.
    """

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if _expired(token):
            token.delete()
            raise AuthenticationFailed(_("Your login has expired; log in again."))
        return user, token

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            context = auditlog_value.get(None)
            if context is not None:
                context["actor"] = result[0]
        return result


def record_sign_in(event: str, *, username: str, user=None) -> None:
    """One access entry on the account: user is the actor of a login or logout; a failed attempt has no
    actor and names the account it tried, if there is one."""
    user_model = get_user_model()
    account = user if user is not None else user_model.objects.filter(username=username).first()
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user_model),
        object_pk=str(account.pk) if account else "",
        object_id=account.pk if account else None,
        object_repr=username[:USERNAME_IN_TRAIL],
        action=LogEntry.Action.ACCESS,
        actor=user,
        additional_data={"event": event},
    )


# Django's own signals, so the back office's session sign-ins and the API's token sign-ins are recorded alike
# (the token view sends user_logged_in and user_logged_out itself; authenticate() sends user_login_failed).
@receiver(user_logged_in, dispatch_uid="talent.audit_login")
def _logged_in(sender, request, user, **kwargs):
    record_sign_in("login", username=user.get_username(), user=user)


@receiver(user_logged_out, dispatch_uid="talent.audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_sign_in("logout", username=user.get_username(), user=user)


@receiver(user_login_failed, dispatch_uid="talent.audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    record_sign_in("login_failed", username=str(credentials.get("username", "")))
