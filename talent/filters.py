from datetime import UTC

import django_filters
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.auth import SIGN_IN_EVENTS
from core.filters import FilterSet
from core.models import Notice
from talent.access import department_exists, descendant_ids
from talent.models import (
    Cadre,
    CadreSkill,
    Department,
    LiteracyAssessment,
    Skill,
    TrainingFormat,
    TrainingProgram,
    TrainingRecord,
)
from talent.serializers.people import AUDIT_ACTION_NAMES, AUDIT_ACTIONS, SIGN_IN


class _DepartmentIdField(django_filters.fields.ModelChoiceField):
    """A department's id, found in the department tree that the filter walks anyway (talent.access) rather than
    read as a record by a query of its own; refused as ModelChoiceField refuses an unknown one."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        try:
            department_id = int(value)  # as the id's lookup would read it
        except (ValueError, TypeError):
            department_id = None
        if department_id is None or not department_exists(department_id):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return department_id


class DepartmentSubtree(django_filters.ModelChoiceFilter):
    """A department and its sub-units: the records whose `path` (a department id) is in that subtree."""

    field_class = _DepartmentIdField

    def __init__(self, *, path: str, **kwargs):
        super().__init__(queryset=Department.objects.all(), help_text="Department id; includes its sub-units",
                         method=self.subtree, **kwargs)
        self.path = path

    def subtree(self, queryset, name, value: int):  # `value` and its hint give the schema its type
        return queryset.filter(**{f"{self.path}__in": descendant_ids([value])})


class CadreFilter(FilterSet):
    department = DepartmentSubtree(path="department_id")
    hired_after = django_filters.DateFilter(field_name="hire_date", lookup_expr="gte")
    hired_before = django_filters.DateFilter(field_name="hire_date", lookup_expr="lte")

    class Meta:
        model = Cadre
        fields = ["department", "tier", "status", "rank", "gender", "education", "professional_title"]


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """true/false only: django-filter's BooleanFilter silently ignores a value it does not know."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[("true", "true"), ("false", "false")],
                         coerce=lambda value: value == "true", **kwargs)


class DepartmentFilter(FilterSet):
    active = StrictBooleanFilter()

    class Meta:
        model = Department
        fields = ["parent", "active"]


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO time sent to the database in UTC: PostgreSQL refuses offsets beyond ±15:59 (a 500 otherwise),
    and any offset a person may type means one instant."""

    def filter(self, qs, value):
        return super().filter(qs, value.astimezone(UTC) if value is not None else value)


class LogEntryFilter(FilterSet):
    model = django_filters.CharFilter(field_name="content_type__model", method="filter_model",
                                      help_text="Model name, e.g. cadre")
    object_pk = django_filters.CharFilter()
    actor = django_filters.CharFilter(field_name="actor__username")
    action = django_filters.ChoiceFilter(choices=[(name, name) for name in AUDIT_ACTION_NAMES],
                                         method="filter_action",
                                         help_text="access: reads of unmasked personal data; sign_in: sign-ins")
    event = django_filters.ChoiceFilter(choices=[(name, name) for name in SIGN_IN_EVENTS],
                                        field_name="additional_data__event", help_text="Sign-ins only")
    since = UtcDateTimeFilter(field_name="timestamp", lookup_expr="gte")
    until = UtcDateTimeFilter(field_name="timestamp", lookup_expr="lte")

    class Meta:
        model = LogEntry
        fields = ["model", "object_pk", "actor", "action", "event", "since", "until"]

    def filter_model(self, queryset, name, value: str):
        # The record types' ids first, then a filter on the trail's own column: joined to the content types, the
        # query planner cannot tell how many entries a type has, and PostgreSQL sorted a whole type's entries to
        # show one page of them.
        return queryset.filter(content_type_id__in=list(
            ContentType.objects.filter(model=value).values_list("pk", flat=True)))

    def filter_action(self, queryset, name, value: str):
        sign_in = Q(action=LogEntry.Action.ACCESS, additional_data__has_key="event")
        if value == SIGN_IN:
            return queryset.filter(sign_in)
        action = next(code for code, label in AUDIT_ACTIONS.items() if label == value)
        # Only an access entry can be a sign-in: excluding them from other actions would only cost a look at
        # every entry's additional data.
        found = queryset.filter(action=action)
        return found.exclude(sign_in) if action == LogEntry.Action.ACCESS else found


class SkillFilter(FilterSet):
    category = django_filters.CharFilter(field_name="category__code", help_text="Category code")

    class Meta:
        model = Skill
        fields = ["category", "critical", "active"]


class CadreSkillFilter(FilterSet):
    skill = django_filters.CharFilter(field_name="skill__code", lookup_expr="iexact", help_text="Skill code")
    min_level = django_filters.NumberFilter(field_name="level", lookup_expr="gte", min_value=1, max_value=5)
    verified = django_filters.BooleanFilter(field_name="verified_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = CadreSkill
        fields = ["cadre", "skill", "min_level", "source", "verified"]


class LiteracyAssessmentFilter(FilterSet):
    class Meta:
        model = LiteracyAssessment
        fields = ["cadre", "period", "method", "is_latest"]


class TrainingProgramFilter(FilterSet):
    # Not `format`: DRF reads that query parameter as the response format, so a filter by it never runs.
    training_format = django_filters.ChoiceFilter(field_name="format", choices=TrainingFormat.choices,
                                                  help_text="The program's format (its field `format`)")

    class Meta:
        model = TrainingProgram
        fields = ["training_format", "active"]


class TrainingRecordFilter(FilterSet):
    class Meta:
        model = TrainingRecord
        fields = ["cadre", "program", "result"]


class NoticeFilter(FilterSet):
    unread = StrictBooleanFilter(method="filter_unread", label=_("unread"))

    class Meta:
        model = Notice
        fields = ["kind", "unread"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value)
