"""The API's one error shape, its pagination and its date-times.

Every 4xx body is {"error": {"code": ..., "message": ..., "fields": {...}}}; "fields" appears when
the error is about particular input fields.
"""

import sys

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Func, IntegerField, ProtectedError, Subquery, Window
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError


class DateTimeField(serializers.DateTimeField):
    """DRF's, asking for the current time zone once per serializer instead of once per value: the question goes
    through Django's request-local storage, and a page of 50 cadres asked it 100 times (0.4 ms of the page's 6 ms
    of serialisation, best of 30, more on a busy machine). One serialisation runs in one request, so its time
    zone cannot change midway. Every model date-time field a ModelSerializer maps is one of these
    (CoreConfig.ready)."""

    def default_timezone(self):
        root = self.root
        try:
            return root.__dict__["_current_timezone"]
        except KeyError:
            zone = root.__dict__["_current_timezone"] = super().default_timezone()
            return zone


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class OneQueryPagination(Pagination):
    """Page numbers and page sizes as usual, but the total comes with the page (COUNT(*) OVER ()), so an
    expensive query such as the talent search runs once, not once to count and once for the page."""

    def paginate_queryset(self, queryset, request, view=None):
        def fetch(start, size):
            rows = list(queryset.annotate(total_rows=Window(Count("pk")))[start:start + size])
            return rows, rows[0].total_rows if rows else 0

        return self.paginate_rows(fetch, request)

    def paginate_rows(self, fetch, request) -> list:
        """The requested page from fetch(start, size) -> (rows, total), a reader that counts as it reads."""
        self.request = request
        page_size = self.get_page_size(request)
        try:
            number = int(request.query_params.get(self.page_query_param) or 1)
        except ValueError:
            number = 0
        # Past the last page any database could hold, the offset itself would overflow the database's integers.
        if number < 1 or number > sys.maxsize // page_size:
            raise exceptions.NotFound(_("Invalid page."))
        rows, total = fetch((number - 1) * page_size, page_size)
        if not rows and number > 1:
            raise exceptions.NotFound(_("Invalid page."))
        paginator = Paginator([], page_size)
        paginator.count = total  # count is a cached_property: set, not computed
        self.page = Page(rows, number, paginator)
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True  # the browsable API's, as DRF's own pagination sets them
        return rows


class TotalInPagePagination(OneQueryPagination):
    """The total read by the page's own statement, as a subquery that PostgreSQL runs once beside it, instead of a
    COUNT statement before it: one round trip less on each page of a list. Unlike COUNT(*) OVER () the page still
    stops at its last row (the pool's list by staff number reads 50 rows of an index, not 50,000), so it suits
    any plain list; not a queryset with DISTINCT or GROUP BY, whose count this is not. ?page=last needs the total
    before the page: DRF's own two statements."""

    def paginate_queryset(self, queryset, request, view=None):
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return super(OneQueryPagination, self).paginate_queryset(queryset, request, view)
        total = Subquery(queryset.order_by().annotate(
            total=Func(template="COUNT(*)", output_field=IntegerField())).values("total"))

        def fetch(start, size):
            rows = list(queryset.annotate(total_rows=total)[start:start + size])
            return rows, rows[0].total_rows if rows else 0

        return self.paginate_rows(fetch, request)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _flatten(detail):
    """DRF error details -> plain strings, keeping the field structure."""
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _validation_response(detail) -> Response:
    if isinstance(detail, dict):
        fields = _flatten(detail)
        non_field = fields.pop("non_field_errors", None) or fields.pop("__all__", None)
        message = non_field[0] if non_field else _("Some fields are invalid.")
        if non_field:
            fields["non_field_errors"] = non_field
        return Response(error_body("invalid", message, fields), status=status.HTTP_400_BAD_REQUEST)
    messages = _flatten(detail if isinstance(detail, list) else [detail])
    return Response(error_body("invalid", messages[0] if messages else _("Invalid input.")), status=400)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return _validation_response(detail)
    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(exc.detail)
    if isinstance(exc, ProtectedError):
        return Response(
            error_body("conflict", _("This record is still referenced and cannot be deleted.")), status=409
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = error_body(exc.get_codes() if isinstance(exc.get_codes(), str) else "error",
                                   exc.detail if isinstance(exc.detail, str) else _("Request failed."))
    return response


def _json_error(status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status_code, json_dumps_params={"ensure_ascii": False})


def _error(request, status_code: int, code: str, message: str):
    """The API's error shape under /api/; a page in the workspace's look everywhere else, for people."""
    if request.path.startswith("/api/"):
        return _json_error(status_code, code, message)
    return render(request, "workspace/error.html", {"title": message, "status": status_code}, status=status_code)


def handler400(request, exception=None):
    return _error(request, 400, "bad_request", _("The request could not be understood."))


def handler403(request, exception=None):
    return _error(request, 403, "permission_denied", _("You do not have permission to perform this action."))


def handler404(request, exception=None):
    return _error(request, 404, "not_found", _("Not found."))


def handler500(request):
    return _json_error(500, "server_error", _("Internal error; it has been logged."))


class ModelLabels:
    """For a ModelSerializer: a field declared by hand (to add bounds, a queryset, validators) takes its label
    from the model field it stands for, as a generated field does, so the browsable API and the schema read in
    the request's language rather than in the English of the Python name."""

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            if field.label is not None or "." in (field.source or name):
                continue
            try:
                model_field = model._meta.get_field(field.source or name)
            except FieldDoesNotExist:
                continue
            if getattr(model_field, "verbose_name", None):
                field.label = capfirst(model_field.verbose_name)
        return fields
