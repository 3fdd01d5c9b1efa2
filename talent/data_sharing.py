"""The data-sharing list (数据共享清单), generated from the rules the API enforces.

It walks the URL resolver, asks each view the question its permission class asks (talent.access.roles_for:
which roles may use this method), and reads the view's Disclosure (its data, personal fields, masks and
department scope: the same object the view masks and scopes with). Nothing here is a second copy of a
rule, so the list changes when the rules do.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import SAFE_METHODS, AllowAny

from core.formats import listing
from talent import access, roles
from talent.access import Disclosure, RolePermission, roles_for

SAMPLE_VALUES = {"national_id": "320102198805170024", "mobile": "13812345678"}
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    path: str
    view_class: type
    initkwargs: dict
    methods: dict[str, str | None]  # HTTP method -> viewset action (None for a plain APIView)


def readable_path(pattern: str) -> str:
    """'^cadres/(?P<pk>[^/.]+)/$' or 'cadres/<int:pk>/' -> 'cadres/{pk}/' (named groups may hold nested
    parentheses)."""
    out, i = [], 0
    while i < len(pattern):
        found = _NAMED_GROUP.match(pattern, i)
        if not found:
            out.append(pattern[i])
            i += 1
            continue
        depth, i = 1, found.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(pattern[i], 0)
            i += 1
        out.append("{" + found.group(1) + "}")
    return _CONVERTER.sub(r"{\1}", "".join(out).replace("^", "").replace("$", "").replace("\\", ""))


def routes(patterns=None, prefix: str = "") -> Iterator[Route]:
    """Every DRF view reachable through the URL configuration, with the methods it answers."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
            continue
        if not isinstance(entry, URLPattern) or "format" in entry.pattern.regex.groupindex:
            continue
        view_class = getattr(entry.callback, "cls", None)
        if view_class is None or not hasattr(view_class, "permission_classes"):
            continue
        actions = getattr(entry.callback, "actions", None)
        methods = {m.upper(): a for m, a in actions.items()} if actions else {
            m.upper(): None for m in view_class.http_method_names
            if m not in ("head", "options", "trace") and hasattr(view_class, m)
        }
        yield Route("/" + readable_path(prefix + str(entry.pattern)), view_class,
                    dict(getattr(entry.callback, "initkwargs", {})), methods)


def allowed_roles(route: Route, method: str) -> tuple[str, ...]:
    """The roles RolePermission lets through, asked of a view built the way DRF builds it."""
    view = route.view_class(**route.initkwargs)
    view.action = route.methods[method]
    return roles_for(view, method)


def _personal_data_permission_label() -> str:
    app_label, codename = access.PERSONAL_DATA_PERMISSION.split(".")
    for model in apps.get_app_config(app_label).get_models():
        for name, label in model._meta.permissions:
            if name == codename:
                return str(label)
    return access.PERSONAL_DATA_PERMISSION


# Views of the libraries this service mounts, which carry no Disclosure of ours.
LIBRARY_VIEWS = {
    "APIRootView": gettext_lazy("The list of the API's collections."),
    "SpectacularAPIView": gettext_lazy("The API's description (OpenAPI 3)."),
    "SpectacularSwaggerSplitView": gettext_lazy("The interactive API documentation."),
}


def disclosure_of(view_class) -> Disclosure | None:
    """Every view of ours declares what it discloses (a test holds them to it)."""
    return getattr(view_class, "disclosure", None)


def _purpose(view_class) -> str:
    disclosure = disclosure_of(view_class)
    return str(disclosure.purpose if disclosure else LIBRARY_VIEWS[view_class.__name__])


def _scope(disclosure: Disclosure, role: str) -> tuple[str, str]:
    if disclosure.owner_lookup is not None and role not in disclosure.all_records_roles:
        return "own_records", _("only the records they started themselves or follow")
    if disclosure.department_lookup is None:
        return "all", _("every record")
    if role in access.ALL_DEPARTMENTS_ROLES or role in disclosure.all_departments_roles:
        return "all_departments", _("all departments")
    own = _("the departments they head and their sub-units")
    if disclosure.beyond_scope is not None:
        return "own_departments_in_full", _("%(own)s in full; elsewhere %(rest)s") % {
            "own": own, "rest": disclosure.beyond_scope}
    return "own_departments", own


def _personal(disclosure: Disclosure, role: str, permission_label: str) -> tuple[str, str]:
    if not disclosure.personal_fields:
        return "none", _("no personal data")
    fields = listing(f.label for f in disclosure.personal_fields)
    if role not in access.PERSONAL_DATA_ROLES:
        return "masked", _("%(fields)s always masked") % {"fields": fields}
    if disclosure.revealed_in_lists:
        return "full", _("%(fields)s in full, only for users holding the permission “%(permission)s”; "
                         "masked for everyone else") % {"fields": fields, "permission": permission_label}
    return "full_on_detail", _(
        "%(fields)s in full on one record's detail page, only for users holding the permission "
        "“%(permission)s”, and each such read is written to the audit trail; masked in lists and for "
        "everyone else") % {"fields": fields, "permission": permission_label}


def _data_set(disclosure: Disclosure, found: list[tuple[Route, str]], permission_label: str) -> dict:
    access_rows = []
    for role in roles.ROLE_LABELS:
        reads = [(r, m) for r, m in found if m in SAFE_METHODS and role in allowed_roles(r, m)]
        writes = [(r, m) for r, m in found if m not in SAFE_METHODS and role in allowed_roles(r, m)]
        if not reads and not writes:
            continue
        scope, scope_label = _scope(disclosure, role)
        personal, personal_label = _personal(disclosure, role, permission_label)
        access_rows.append({
            "role": role, "role_label": str(roles.ROLE_LABELS[role]), "why": str(roles.ROLE_DUTIES[role]),
            "reads": bool(reads), "writes": bool(writes),
            "scope": scope, "scope_label": scope_label,
            "personal_data": personal if reads else "none",
            "personal_data_label": personal_label if reads else _("no personal data"),
            "endpoints": [f"{m} {r.path}" for r, m in reads + writes],
        })
    return {
        "data": str(disclosure.data),
        "purpose": str(disclosure.purpose),
        "personal_fields": [{"field": f.name, "label": str(f.label),
                             "masked_example": f.mask(SAMPLE_VALUES.get(f.name, "ABCDEFGHIJ"))}
                            for f in disclosure.personal_fields],
        "endpoints": sorted({f"{m} {r.path}" for r, m in found}),
        "access": access_rows,
    }


def _open_endpoint(route: Route, method: str) -> dict:
    permissions = route.view_class.permission_classes
    who = _("anyone") if AllowAny in permissions else _("superusers only") \
        if access.SuperuserPermission in permissions else _("every signed-in user")
    return {"endpoint": f"{method} {route.path}", "who": who, "what": _purpose(route.view_class)}


def catalogue() -> dict:
    """The whole list: the general rules, each role's duty, and per data set who sees what and why."""
    grouped: dict[Disclosure, list[tuple[Route, str]]] = {}
    open_endpoints = []
    for route in routes():
        for method in route.methods:
            if RolePermission in route.view_class.permission_classes:
                grouped.setdefault(disclosure_of(route.view_class), []).append((route, method))
            else:
                open_endpoints.append(_open_endpoint(route, method))
    permission_label = _personal_data_permission_label()
    data_sets = [_data_set(d, found, permission_label) for d, found in grouped.items()]
    data_sets = [d for d in data_sets if d["access"]]
    return {
        "title": _("Data-sharing list"),
        "generated_at": timezone.localtime().isoformat(),
        "rules": [
            _("Personal data (citizen ID numbers, mobile numbers) is encrypted at rest and masked wherever it is "
              "shown, except as stated for each data set below."),
            _("Roles that see every department: %(roles)s; department heads see the departments they head and "
              "their sub-units.") % {"roles": listing(str(roles.ROLE_LABELS[r])
                                                        for r in access.ALL_DEPARTMENTS_ROLES)},
            _("Every change, and every read of unmasked personal data, is written to the audit trail with who "
              "and when."),
        ],
        "roles": [{"role": r, "label": str(label), "duty": str(roles.ROLE_DUTIES[r])}
                  for r, label in roles.ROLE_LABELS.items()],
        "data_sets": sorted(data_sets, key=lambda d: d["endpoints"][0]),
        "open_endpoints": sorted(open_endpoints, key=lambda e: e["endpoint"]),
    }
