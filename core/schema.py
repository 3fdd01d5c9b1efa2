"""The OpenAPI schema's view of errors: the one error shape (core/api.py), documented on every operation.

Kept apart from core/api.py, which DRF imports while it is still loading (for the pagination class).
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.settings import api_settings


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code for programs: invalid, not_found, conflict, ...")
    message = serializers.CharField(help_text="For people, in the request's language (Accept-Language)")
    fields = serializers.DictField(
        required=False,
        help_text="Present when particular input is wrong: each field's messages (nested like the input)",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    400: "Invalid input: a wrong body, query parameter or filter value; `fields` names each one",
    401: "No credentials, or a wrong or revoked token",
    403: "Your roles do not allow this (or a session request came without its CSRF token)",
    404: "No such record among those you may see, no such page, or no such response format (`format`)",
    409: "The record's state does not allow this now (a workflow step out of order, a record still in use)",
    415: "The body is not JSON, a form or multipart data",
    429: "Too many requests from this client; retry after the seconds in Retry-After",
}


def conflict() -> dict:
    """For extend_schema(responses={..., **conflict()}): a 409 that the rule below does not derive (a read, or
    a write outside a generic view, refused because of a record's state)."""
    return {409: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[409])}


class AutoSchema(SpectacularAutoSchema):
    """Adds to every operation the errors it can answer with, derived from what it takes and who may call it,
    so they are not listed view by view. A status a view documents itself (extend_schema) is kept as it is."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        error = {"application/json": {"schema": self.resolve_serializer(ErrorSerializer, "response").ref}}
        for status in self._error_statuses(operation):
            documented = {"description": ERROR_DESCRIPTIONS[status], "content": error}
            operation["responses"].setdefault(str(status), documented)
        self._describe_search_and_ordering(operation.get("parameters", []))
        return operation

    def _describe_search_and_ordering(self, parameters: list[dict]) -> None:
        """DRF describes these two only as "a search term" and "which field to use"; say which fields."""
        search_fields = getattr(self.view, "search_fields", None)
        ordering_fields = getattr(self.view, "ordering_fields", None)
        for parameter in parameters:
            if parameter["in"] != "query":
                continue
            if parameter["name"] == api_settings.SEARCH_PARAM and search_fields:
                fields = ", ".join(field.lstrip("^=@$").replace("__", ".") for field in search_fields)
                parameter["description"] = f"Words to look for in: {fields}"
            elif parameter["name"] == api_settings.ORDERING_PARAM and ordering_fields \
                    and ordering_fields != "__all__":
                parameter["description"] = (f"Sort by {', '.join(ordering_fields)}; several separated by commas, "
                                            "each prefixed with - for descending order")

    def _error_statuses(self, operation: dict) -> list[int]:
        parameters = operation.get("parameters", [])
        query = {parameter["name"] for parameter in parameters if parameter["in"] == "query"}
        has_path_parameters = any(parameter["in"] == "path" for parameter in parameters)
        has_body = "requestBody" in operation
        # [{}] alone: anyone may call, and no credentials are read.
        security = [requirement for requirement in operation.get("security", []) if requirement]
        anyone = {} in operation.get("security", [])
        statuses = []
        if has_body or query:
            statuses.append(400)
        if security:
            statuses += [401, 403]
        if has_path_parameters or "page" in query or api_settings.URL_FORMAT_OVERRIDE in query:
            statuses.append(404)
        # Workflow conflicts come from writes to records, by someone who had to sign in.
        if self.method not in ("GET", "HEAD", "OPTIONS") and security and not anyone \
                and isinstance(self.view, GenericAPIView):
            statuses.append(409)
        if has_body:
            statuses.append(415)
        if self.view.get_throttles():
            statuses.append(429)
        return statuses


class SingleObjectSchema(AutoSchema):
    """For a viewset whose `list` answers one object (a report), not a list of records."""

    def _is_list_view(self, serializer=None):
        return False
