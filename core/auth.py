import functools
import math
from datetime import timedelta

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import JSONField
from django.db.models.expressions import RawSQL
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.throttling import SimpleRateThrottle

from core import table_cache

# Sign-ins are access entries on the user with one of these events, so the auditor reads them in the same
# trail as everything else and can spot guessing: a failed attempt is recorded even for an unknown username.
SIGN_IN_EVENTS = ("login", "logout", "login_failed")
SIGN_IN_EVENT_LABELS = {"login": gettext_lazy("signed in"), "logout": gettext_lazy("signed out"),
                        "login_failed": gettext_lazy("failed sign-in")}
USERNAME_IN_TRAIL = 150  # the length of a username; what a guesser sends beyond it is cut


class LoginThrottle(SimpleRateThrottle):
    """LOGIN_THROTTLE_RATE sign-in attempts per client address, whichever way in they take: the API's token
    login, the back office's login and any page login (through LoginForm). They share one count in the shared
    cache, so a guesser refused by one cannot go on at another; the address is the socket's, or the one the
    trusted proxy forwarded (DJANGO_BEHIND_PROXY), as DRF's NUM_PROXIES says."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def login_wait(request) -> int | None:
    """Counts one sign-in attempt by the request's client: None if it may go on, else the seconds to wait."""
    throttle = LoginThrottle()
    if throttle.allow_request(request, None):
        return None
    return math.ceil(throttle.wait() or 1)


class LoginForm(AuthenticationForm):
    """Django's login form under the one sign-in limit: a refused attempt does not even check the password.
    A page login (a LoginView) takes it as its authentication_form."""

    def clean(self):
        wait = login_wait(self.request)
        if wait is not None:
            raise ValidationError(
                _("Too many sign-in attempts from your address; try again in %(seconds)d seconds."),
                code="throttled", params={"seconds": wait},
            )
        return super().clean()


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The back office's login (staff only) under the same limit."""


def _expired(token: Token) -> bool:
    return token.created <= timezone.now() - timedelta(hours=settings.TOKEN_TTL_HOURS)


def issue_token(user) -> Token:
    """The user's token, a new one if theirs has expired: one token per user, as DRF keeps them."""
    token = Token.objects.filter(user=user).first()
    if token is not None and _expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def _json_array(vendor: str) -> str:
    return "JSONB_AGG" if vendor == "postgresql" else "JSON_GROUP_ARRAY"


def _user_column(model, user_field: str) -> str:
    """The column of the statement's table that holds the user's id, for a subquery to match."""
    quote = connection.ops.quote_name
    return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(user_field).column)}"


# The subqueries' SQL depends only on the models and the database (vendor): written once per process, as it is
# part of every request's first statement.
@functools.cache
def _role_names_sql(model, user_field: str, vendor: str) -> str:
    quote = connection.ops.quote_name
    user_model = get_user_model()
    through = user_model.groups.through._meta
    user_fk, group_fk = (quote(through.get_field(name).column) for name in (user_model._meta.model_name, "group"))
    return (f"SELECT {_json_array(vendor)}(g.{quote(Group._meta.get_field('name').column)}) "
            f"FROM {quote(Group._meta.db_table)} g "
            f"JOIN {quote(through.db_table)} m ON m.{group_fk} = g.{quote(Group._meta.pk.column)} "
            f"WHERE m.{user_fk} = {_user_column(model, user_field)}")


def role_names(model, user_field: str) -> RawSQL:
    """The names of the user's groups as a JSON array (None: no group), a subquery for the statement that loads the
    user (`user_field` of `model` holds their id): every request asks for its user's roles (talent.access.Actor),
    and a query of their own was one more round trip to the database on every request. Written out, because the
    ORM's own subquery costs about 1 ms of CPU to build, twice the query it saves."""
    return RawSQL(_role_names_sql(model, user_field, connection.vendor), (), output_field=JSONField())


# The many-to-many relation of a user to the departments they head (talent.Department.heads): a head's every
# request is scoped by it (talent.access.Actor), so it is read with the user as the roles are.
HEADED_RELATION = "headed_departments"


@functools.cache
def _headed_ids_sql(model, user_field: str, vendor: str) -> str:
    quote = connection.ops.quote_name
    heads = get_user_model()._meta.get_field(HEADED_RELATION).field  # the field on the department
    department_fk, user_fk = quote(heads.m2m_column_name()), quote(heads.m2m_reverse_name())
    return (f"SELECT {_json_array(vendor)}(h.{department_fk}) FROM {quote(heads.m2m_db_table())} h "
            f"WHERE h.{user_fk} = {_user_column(model, user_field)}")


def headed_ids(model, user_field: str) -> RawSQL:
    """The ids of the departments the user heads as a JSON array (None: none), a subquery for the statement that
    loads the user, as role_names: a query of its own was one more round trip on each of a head's requests."""
    return RawSQL(_headed_ids_sql(model, user_field, connection.vendor), (), output_field=JSONField())


def with_scope(queryset, user_field: str):
    """The queryset annotated with what every request asks of its user: their role names and headed departments
    (talent.access.Actor reads them from the user), and the state of the tables read with them
    (core.table_cache.read_with_user; kept by the caller with table_cache.remember_user_states)."""
    model = queryset.model
    return queryset.annotate(role_names=role_names(model, user_field), headed_ids=headed_ids(model, user_field),
                             **table_cache.user_state_columns(queryset.db))


class RoleNamesBackend(ModelBackend):
    """Django's model backend, loading a session's user with their role names and headed departments in the same
    statement."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager
        try:
            user = with_scope(users.all(), users.model._meta.pk.name).get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        table_cache.remember_user_states(user)
        return user if self.user_can_authenticate(user) else None


class AuditedTokenAuthentication(TokenAuthentication):
    """Token authentication that refuses expired tokens and names the user as the actor of the request's
    audit records.

    auditlog's middleware runs before DRF authenticates a token, so it only sees session users;
    the actor is filled in here, in the same per-request audit context the middleware opened.
    """

    def authenticate_credentials(self, key):
        # DRF's own checks (an unknown key, an inactive user: 401), the user's roles and headed departments read in
        # the same statement.
        try:
            token = with_scope(Token.objects.select_related("user"), "user").get(key=key)
        except Token.DoesNotExist:
            raise AuthenticationFailed(_("Invalid token.")) from None
        table_cache.remember_user_states(token)
        user = token.user
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        user.role_names, user.headed_ids = token.role_names, token.headed_ids
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


def end_sign_ins(user) -> None:
    """Deletes the user's API token and back-office sessions.

    Sessions are not indexed by user, so the live ones are read; they last TOKEN_TTL_HOURS, so these are the
    sessions of one working day. (After a password change Django would refuse them anyway, as their hash no
    longer matches; a deactivated user's would come back on reactivation.)"""
    Token.objects.filter(user=user).delete()
    user_id = str(user.pk)
    ended = [session.pk for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
             if session.get_decoded().get("_auth_user_id") == user_id]
    Session.objects.filter(pk__in=ended).delete()


# Django has no signal for a changed password, and a password is set in many places (the back office's forms,
# set_password in a shell or a command, set_unusable_password); every one of them ends in save(), so the saved
# hash is compared with the stored one here. update() bypasses this, as it bypasses every save hook: nothing
# here changes passwords or deactivates users that way. A hasher upgrade at sign-in also changes the hash and
# so signs the user out elsewhere once, which is the safe side.
@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="talent.end_sign_ins")
def _credentials_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # the last_login stamp of every sign-in, and other partial saves
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before and (before["password"] != instance.password or (before["is_active"] and not instance.is_active)):
        end_sign_ins(instance)


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
