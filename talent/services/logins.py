"""Logins for cadres: HR creates them, one or many at a time; the cadre sets their own password at first sign-in."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError
from talent import roles
from talent.models import Cadre, PasswordChangeDue

# No 0/O, 1/l/I: the password is read off a screen and typed in once.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class NewLogin:
    cadre: Cadre
    username: str
    # Shown once, to the HR user who created the login; never stored in the clear.
    password: str


def initial_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(PASSWORD_LENGTH))


def _create(cadre: Cadre, password: str | None) -> NewLogin:
    User = get_user_model()
    username = cadre.staff_number.lower()
    if User.objects.filter(username=username).exists():
        raise Conflict(_("The login name %(name)s is already taken.") % {"name": username}, code="login_taken")
    password = password or initial_password()
    user = User(username=username, first_name=cadre.name)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), code="invalid", fields={"password": error.messages}) from None
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=roles.CADRE))
    PasswordChangeDue.objects.create(user=user)
    cadre.user = user
    cadre.save(update_fields=["user", "updated_at"])
    return NewLogin(cadre=cadre, username=username, password=password)


@transaction.atomic
def cadre_login_create(*, cadre: Cadre, password: str | None = None) -> NewLogin:
    """A login for this cadre, named by their staff number, in the cadre role; its password is the one given
    or a random one, and must be changed at the first sign-in. 409 if the cadre has a login already."""
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    if cadre.user_id is not None:
        raise Conflict(_("%(cadre)s already has a login.") % {"cadre": cadre}, code="has_login")
    return _create(cadre, password)


@transaction.atomic
def cadre_logins_create(*, cadres) -> tuple[list[NewLogin], list[Cadre]]:
    """Logins with random passwords for the given cadres that have none; returns those created and the cadres
    skipped because they had a login already."""
    created, skipped = [], []
    for cadre in Cadre.objects.select_for_update().filter(pk__in=[c.pk for c in cadres]).order_by("staff_number"):
        if cadre.user_id is not None:
            skipped.append(cadre)
        else:
            created.append(_create(cadre, None))
    return created, skipped


def password_changed(*, user) -> None:
    """The user has chosen their own password: lift the first-sign-in hold."""
    PasswordChangeDue.objects.filter(user=user).delete()
    held = PasswordChangeDue.user.field.remote_field  # the user's cached answer of password_change_due
    if held.is_cached(user):
        held.delete_cached_value(user)


def password_change_due(user) -> bool:
    """Whether the user must first set their own password. The answer stays on the user object (Django's cache of
    the one-to-one relation), so the middleware and the page's top bar ask the database once per request."""
    if not (user and user.is_authenticated):
        return False
    try:
        user.password_change_due  # noqa: B018 (a query the first time, the relation's cache after)
    except PasswordChangeDue.DoesNotExist:
        return False
    return True
