"""The API's ordering: only by the fields a view declares."""

from rest_framework.filters import OrderingFilter


class DeclaredOrderingFilter(OrderingFilter):
    """Sorts by a view's `ordering_fields` and nothing else. Left undeclared, DRF's OrderingFilter sorts by any
    field of the view's serializer, so a new endpoint could be ordered by a value its reader is not shown (a
    masked phone, a score hidden outside their departments) and the order would reveal it."""

    def get_default_valid_fields(self, queryset, view, context=None):
        return []

    def get_schema_operation_parameters(self, view):
        return super().get_schema_operation_parameters(view) if getattr(view, "ordering_fields", None) else []
