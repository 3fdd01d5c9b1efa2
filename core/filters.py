"""The API's filters: labels in each request's language, and ordering only by the fields a view declares."""

import copy

import django_filters.rest_framework
from django.utils import translation
from rest_framework.filters import OrderingFilter


class DeclaredOrderingFilter(OrderingFilter):
    """Sorts by a view's `ordering_fields` and nothing else. Left undeclared, DRF's OrderingFilter sorts by any
    field of the view's serializer, so a new endpoint could be ordered by a value its reader is not shown (a
    masked phone, a score hidden outside their departments) and the order would reveal it."""

    def get_default_valid_fields(self, queryset, view, context=None):
        return []

    def get_schema_operation_parameters(self, view):
        return super().get_schema_operation_parameters(view) if getattr(view, "ordering_fields", None) else []


class _Filters(dict):
    """A filter set's filters, copied for each request without their form fields. django-filter deep-copies the
    class's filters for every filter set it makes, with the form field a filter keeps once it has made one (the
    schema's, or an earlier request's); the copy is thrown away below, and deep-copying it (a department's
    queryset, its widget, its choices) cost about 1 ms of CPU a listing. A filter's own attributes are the copy's
    (its extra arguments, which make its field, in a dict of its own); the values are shared, as nothing changes
    them in place."""

    def __deepcopy__(self, memo):
        copies = _Filters()
        for name, found in self.items():
            copied = copies[name] = copy.copy(found)
            copied.__dict__.pop("_field", None)
            copied.extra = dict(found.extra)
            if found.method is not None:
                copied.method = found.method  # a method= filter calls its filter set's method through its own copy
        return copies


class FilterSet(django_filters.rest_framework.FilterSet):
    """Labels in the language of each request. django-filter works a filter's label (and its form field) out on
    first use and keeps them on the class's filter, so the first reader (the schema, say, or a request in English)
    would fix the language of every later page; both are worked out again for each request (the field, by
    _Filters leaving it out of each request's copy)."""

    @classmethod
    def get_filters(cls):
        filters = _Filters(super().get_filters())
        cls._worked_out_labels = frozenset(name for name, found in filters.items() if found._label is None)
        return filters

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, found in self.filters.items():
            if name in self._worked_out_labels:
                found.label = None

    def get_form_class(self):
        """The form class, made once per filter set and language rather than for every request (its fields, and a
        class of its own: about 0.4 ms of CPU a filtered list). What its fields hold is the same for every request
        in a language: each form copies them, and a queryset among them is copied unread. A filter whose queryset
        depends on the request (a callable) gets a form class of its own each time."""
        cls = type(self)
        if any(callable(getattr(found, "queryset", None)) for found in self.filters.values()):
            return super().get_form_class()
        # On the class itself: a filter set that DRF makes per request (filterset_fields) takes its forms with it.
        forms = cls.__dict__.get("_form_classes")
        if forms is None:
            forms = {}
            cls._form_classes = forms
        language = translation.get_language()
        if language not in forms:
            forms[language] = super().get_form_class()
        return forms[language]


class FilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """The views' filters (filterset_fields too) as FilterSet above. A request whose query names none of the
    view's filters (one record's detail, which DRF filters too; a plain list; a search or a page number alone) is
    not filtered: every filter leaves the queryset as it is when its value is empty (none is required, none reads
    a checkbox, which would be false), and building the filter set and its form to find that out cost about a
    tenth of the CPU of a cadre's detail. A filter's form field reads its name, or its name and a suffix."""

    filterset_base = FilterSet

    def filter_queryset(self, request, queryset, view):
        if not request.query_params:
            return queryset
        declared = getattr(view, "filterset_class", None)
        if declared is not None and not any(key.startswith(tuple(declared.base_filters))
                                            for key in request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)
