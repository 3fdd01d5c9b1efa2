import datetime
import functools

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from talent.access import CADRES
from talent.models import Cadre, Department


class CodeField(serializers.SlugRelatedField):
    """A record named by its code (a skill, a system). A NUL character is refused as CharField refuses it:
    PostgreSQL cannot even look such a value up and would fail with a 500."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError(ProhibitNullCharactersValidator.message,
                                              code=ProhibitNullCharactersValidator.code)
        return super().to_internal_value(data)


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}],
                      "description": "the skill's id or its code (any case)"})
class SkillField(serializers.PrimaryKeyRelatedField):
    """A skill named by its code, as in the talent search and the imports, or by its id; shown as its id."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not data.strip().isdigit():
            if "\x00" in data:
                raise serializers.ValidationError(ProhibitNullCharactersValidator.message,
                                                  code=ProhibitNullCharactersValidator.code)
            found = self.get_queryset().filter(code=data.strip().upper()).first()
            if found is None:
                raise serializers.ValidationError(_("No skill has the code %(code)s.") % {"code": data.strip()},
                                                  code="does_not_exist")
            return found
        return super().to_internal_value(data)


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "parent", "active", "heads"]
        read_only_fields = ["heads"]


@extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/DepartmentTree"}})
class DepartmentTreeChildrenField(serializers.ListField):
    """The sub-units, each a DepartmentTree in turn."""


class DepartmentTreeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    active = serializers.BooleanField()
    children = DepartmentTreeChildrenField()


class _DepartmentName(serializers.CharField):
    """The name of the cadre's department: read with the cadre in a list (selectors.cadre_rows), else from the
    department."""

    def get_attribute(self, cadre):
        return cadre.department_name if hasattr(cadre, "department_name") else cadre.department.name


class CadreSerializer(serializers.ModelSerializer):
    """Personal data is masked unless the view puts reveal_personal_data=True in the context."""

    department_name = _DepartmentName(read_only=True)

    class Meta:
        model = Cadre
        fields = [
            "id", "staff_number", "name", "gender", "department", "department_name", "post_title", "rank",
            "tier", "status", "education", "professional_title", "hire_date", "national_id", "mobile",
            "user", "created_at", "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "national_id": {"help_text": "18 characters; shown masked unless you may see personal data"},
            "mobile": {"help_text": "11 digits; shown masked unless you may see personal data"},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return data if self.context.get("reveal_personal_data") else CADRES.mask(data)


class RoleSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    roles = RoleSerializer(many=True)
    departments = DepartmentSerializer(many=True, help_text="Departments this user heads")
    cadre = serializers.IntegerField(allow_null=True, help_text="The user's own cadre record, if linked")
    may_see_personal_data = serializers.BooleanField()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class _Username(serializers.CharField):
    # Not CharField(source="<relation>.username", default=None): a partial update (PATCH) skips a field whose
    # source is missing instead of using its default, so the answer would lack it.
    def __init__(self, relation: str, **kwargs):
        self.relation = relation
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        user = getattr(instance, self.relation)
        return None if user is None else user.username


def username_of(relation: str, **kwargs) -> serializers.CharField:
    """The username of the user a record points to: null until someone is set (or when none ever is)."""
    return _Username(relation, **kwargs)


@extend_schema_field({"type": "string", "nullable": True, "readOnly": True,
                      "description": "the person's name as people see it (the username when none is set)"})
class PersonNameField(serializers.Field):
    def __init__(self, relation: str):
        super().__init__(source=relation, read_only=True)

    def to_representation(self, user):
        return user.get_full_name() or user.username


def who(relation: str) -> tuple[serializers.CharField, PersonNameField]:
    """Every "who did it" field reads the same way: `x_by` the username, `x_by_name` the person's name.
    Use as `approved_by, approved_by_name = who("approved_by")` in a serializer's body."""
    return username_of(relation), PersonNameField(relation)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


AUDIT_ACTIONS = {
    LogEntry.Action.CREATE: "create",
    LogEntry.Action.UPDATE: "update",
    LogEntry.Action.DELETE: "delete",
    LogEntry.Action.ACCESS: "access",
}
# Sign-ins are stored as auditlog accesses to the account (with an `event`), but they are no read of personal
# data: the API names them apart, so that action=access lists only who read personal data.
SIGN_IN = "sign_in"
AUDIT_ACTION_NAMES = (*AUDIT_ACTIONS.values(), SIGN_IN)


def audit_action(entry) -> str:
    if entry.action == LogEntry.Action.ACCESS and audit_event(entry):
        return SIGN_IN
    return AUDIT_ACTIONS.get(entry.action, str(entry.action))


def audit_event(entry) -> str | None:
    data = entry.additional_data
    return data.get("event") if isinstance(data, dict) else None


# Per model class, which the code defines once: a page of the trail asked each of its 50 entries.
@functools.cache
def user_fields(model) -> frozenset[str]:
    """The model's foreign keys to a user, whose changes auditlog stores as ids."""
    user_model = get_user_model()
    return frozenset(field.name for field in model._meta.concrete_fields
                     if field.many_to_one and field.related_model is user_model)


@functools.cache
def time_fields(model) -> frozenset[str]:
    """The model's date-time fields, whose changes auditlog stores as naive UTC strings."""
    return frozenset(field.name for field in model._meta.concrete_fields if isinstance(field, models.DateTimeField))


def local_time(stored: str) -> str:
    """auditlog stores a time as a naive UTC string; people read it in the bureau's time, with its offset."""
    try:
        moment = datetime.datetime.fromisoformat(stored)
    except ValueError:
        return stored  # "None", or a value written before the field was a time
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return timezone.localtime(moment).isoformat()


class AuditTrailListSerializer(serializers.ListSerializer):
    """Looks up, in one query for the whole page, the users that the page's changes name by id."""

    def to_representation(self, data):
        entries = list(data.all() if hasattr(data, "all") else data)
        ids = set()
        for entry in entries:
            model = entry.content_type.model_class()
            if model is None or not isinstance(entry.changes, dict):
                continue
            for name in user_fields(model) & set(entry.changes):
                ids.update(value for value in entry.changes[name] if str(value).isdigit())
        self.child.usernames = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
        return super().to_representation(entries)


class LogEntrySerializer(serializers.ModelSerializer):
    actor = username_of("actor", help_text="Username; null for changes made by a command or the system")
    actor_name = PersonNameField("actor")
    action = serializers.SerializerMethodField(
        help_text="create, update, delete; access for a read of unmasked personal data; sign_in for a login, "
                  "logout or failed login (see event)")
    model = serializers.CharField(source="content_type.model", read_only=True)
    changes = serializers.SerializerMethodField(
        help_text="Each changed field with its [before, after] values, personal data masked, users by username, "
                  "times in Asia/Shanghai with their offset; null for reads",
    )
    event = serializers.SerializerMethodField(
        help_text="login, logout or login_failed for sign-ins (model user; a failed attempt names the username "
                  "tried in object_repr), otherwise null")
    via = serializers.SerializerMethodField(
        help_text="export or import when personal data was read to write or compare a file, otherwise null")

    class Meta:
        model = LogEntry
        fields = ["id", "timestamp", "actor", "actor_name", "action", "event", "via", "model", "object_pk",
                  "object_repr", "changes", "remote_addr"]
        list_serializer_class = AuditTrailListSerializer

    usernames: dict | None = None

    def get_action(self, entry) -> str:
        return audit_action(entry)

    def get_event(self, entry) -> str | None:
        return audit_event(entry)

    def get_via(self, entry) -> str | None:
        data = entry.additional_data
        return data.get("via") if isinstance(data, dict) else None

    @extend_schema_field({"type": "object", "nullable": True, "additionalProperties": True})
    def get_changes(self, entry) -> dict | None:
        changes, model = entry.changes, entry.content_type.model_class()
        if not isinstance(changes, dict) or model is None:
            return changes
        users, times = user_fields(model), time_fields(model)
        if users & set(changes) and self.usernames is None:  # a single entry, not a page
            AuditTrailListSerializer(child=self).to_representation([entry])
        readable = {}
        for name, values in changes.items():
            if name in users and isinstance(values, list):
                values = [self.usernames.get(int(v), v) if str(v).isdigit() else v for v in values]
            elif name in times and isinstance(values, list):
                values = [local_time(v) if isinstance(v, str) else v for v in values]
            readable[name] = values
        return readable


class CadreLoginRequestSerializer(serializers.Serializer):
    password = serializers.CharField(
        max_length=128, required=False, trim_whitespace=False, style={"input_type": "password"},
        help_text="The first password; leave out for a random one. Either way it must be changed at the first "
                  "sign-in.")


class CadreLoginsRequestSerializer(serializers.Serializer):
    cadres = serializers.ListField(child=serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all()),
                                   allow_empty=False, max_length=500, help_text="Cadre ids, at most 500")


class NewLoginSerializer(serializers.Serializer):
    cadre = serializers.IntegerField(source="cadre.pk")
    cadre_name = serializers.CharField(source="cadre.name")
    username = serializers.CharField()
    password = serializers.CharField(help_text="Shown in this answer only; to be changed at the first sign-in")


class CadreLoginsSerializer(serializers.Serializer):
    created = NewLoginSerializer(many=True)
    skipped = serializers.ListField(child=serializers.IntegerField(), source="skipped_ids",
                                    help_text="Ids of the cadres that had a login already")
