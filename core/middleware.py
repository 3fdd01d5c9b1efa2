"""Requests refused before any view sees them."""

import json
import re

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import table_cache
from core.api import error_body

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# \u0000 in JSON text, unless its backslash is itself escaped (an even run of backslashes before it).
JSON_NUL = re.compile(rb"(?:^|[^\\])(?:\\\\)*\\u0000")


NUL_IN_FIELD = gettext_lazy("This field may not hold a NUL character.")


def _nul_fields(query) -> dict:
    return {name: [str(NUL_IN_FIELD)] for name, values in query.lists()
            if "\x00" in name or any("\x00" in value for value in values)}


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _json_nul_fields(body: bytes) -> dict | None:
    """None if the JSON body holds no NUL; else the top-level fields that hold one (empty if no field can be
    named)."""
    if b"\x00" not in body and JSON_NUL.search(body) is None:
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {name: [str(NUL_IN_FIELD)] for name, value in data.items() if _holds_nul(name) or _holds_nul(value)}


def refuse_nul(get_response):
    """A NUL character in the path, a query parameter, a form field or anywhere in a JSON body is a 400.

    No text this service keeps may hold one and PostgreSQL cannot even look one up (a lookup with it was a
    500 there), so it is refused once here rather than in every field, filter and lookup."""

    def middleware(request):
        fields = _nul_fields(request.GET)
        if request.content_type in FORM_TYPES:
            fields |= _nul_fields(request.POST)
        found = bool(fields) or "\x00" in request.path
        if not found and (request.content_type == "application/json" or request.content_type.endswith("+json")):
            in_body = _json_nul_fields(request.body)
            found = in_body is not None
            fields = in_body or {}
        if found:
            return JsonResponse(error_body("invalid", _("The request holds a NUL character, which no text may "
                                                        "contain."), fields),
                                status=400, json_dumps_params={"ensure_ascii": False})
        return get_response(request)

    return middleware


def table_states(get_response):
    """A reading request (GET, HEAD) reads each table's state for core.table_cache once, however many cached
    results it shows (the cockpit shows three, a department's page two)."""

    def middleware(request):
        if request.method not in ("GET", "HEAD"):
            return get_response(request)
        with table_cache.request_scope():
            return get_response(request)

    return middleware
