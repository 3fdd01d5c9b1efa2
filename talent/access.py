"""Who may see and do what. The API's permission classes and querysets, and the data-sharing list,
all read these rules, so the documentation cannot drift from what is enforced."""

from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from rest_framework.permissions import SAFE_METHODS, BasePermission

from talent import roles
from talent.models import Department


class Actor:
    """The request's user with their roles and department scope, computed once per request."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.user or not self.user.is_authenticated:
            return frozenset()
        return frozenset(self.user.groups.values_list("name", flat=True))

    def has(self, *wanted: str) -> bool:
        return bool(self.roles.intersection(wanted))

    @cached_property
    def headed_department_ids(self) -> frozenset[int]:
        if not self.has(roles.HEAD):
            return frozenset()
        return frozenset(self.user.headed_departments.values_list("id", flat=True))

    @cached_property
    def scope_department_ids(self) -> frozenset[int]:
        """Departments a head sees in full: those they head and every sub-unit below them."""
        return descendant_ids(self.headed_department_ids)

    @property
    def sees_all_departments(self) -> bool:
        return self.has(roles.HR, roles.LEADERSHIP)

    @property
    def may_see_personal_data(self) -> bool:
        return self.has(roles.HR) and self.user.has_perm("talent.view_cadre_personal_data")


def actor_of(request) -> Actor:
    actor = getattr(request, "_actor", None)
    if actor is None or actor.user is not request.user:
        actor = Actor(getattr(request, "user", AnonymousUser()))
        request._actor = actor
    return actor


def descendant_ids(root_ids) -> frozenset[int]:
    """The given departments and all below them (one query; the tree is a few hundred rows)."""
    if not root_ids:
        return frozenset()
    children: dict[int | None, list[int]] = {}
    for dept_id, parent_id in Department.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(dept_id)
    found, stack = set(), list(root_ids)
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, ()))
    return frozenset(found)


def may_verify_skills_of(actor: Actor, cadre) -> bool:
    """HR verifies anyone's skills; a department head those of their own people (never their own)."""
    if cadre.user_id is not None and cadre.user_id == actor.user.pk:
        return False
    return actor.has(roles.HR) or cadre.department_id in actor.scope_department_ids


class RolePermission(BasePermission):
    """Views declare `read_roles` and `write_roles`; a user needs one of them for the method used."""

    def has_permission(self, request, view):
        actor = actor_of(request)
        wanted = view.read_roles if request.method in SAFE_METHODS else view.write_roles
        return actor.has(*wanted)
