from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import ModelLabels
from sharing.models import (
    MAX_GROUP_SKILLS,
    LearningActivity,
    LearningGroup,
    LearningGroupMember,
    MemberRole,
)
from sharing.selectors.groups import SuggestionQuery
from sharing.serializers.graph import NamedSerializer
from sharing.serializers.secondments import _in_range, dates_in_order
from talent.models import Cadre, CadreStatus, Capacity, Skill
from talent.serializers.people import CodeField, SkillField, who

ON_STAFF = Cadre.objects.exclude(status=CadreStatus.LEFT)
MAX_MEMBERS = 200
MAX_ATTENDEES = 500


class MemberSerializer(ModelLabels, serializers.ModelSerializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=ON_STAFF)
    name = serializers.CharField(source="cadre.name", read_only=True)
    staff_number = serializers.CharField(source="cadre.staff_number", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = LearningGroupMember
        fields = ["cadre", "name", "staff_number", "department", "department_name", "role", "joined_on"]
        read_only_fields = ["department", "joined_on"]


class SkillBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "code", "name"]


class LearningGroupSerializer(ModelLabels, serializers.ModelSerializer):
    """A group. `members` is given when the group is created; later, members join and leave through the
    group's add-member and remove-member actions."""

    skills = SkillField(queryset=Skill.objects.filter(active=True), many=True)
    skill_details = SkillBriefSerializer(source="skills", many=True, read_only=True)
    leader = serializers.PrimaryKeyRelatedField(queryset=ON_STAFF)
    leader_name = serializers.CharField(source="leader.name", read_only=True)
    members = MemberSerializer(many=True, max_length=MAX_MEMBERS, label=_("members"))
    departments = serializers.SerializerMethodField()
    activity_count = serializers.IntegerField(read_only=True)
    started_on = serializers.DateField(validators=[_in_range])
    created_by, created_by_name = who("created_by")

    class Meta:
        model = LearningGroup
        fields = ["id", "name", "topic", "capacity", "skills", "skill_details", "leader", "leader_name",
                  "started_on", "ended_on", "members", "departments", "activity_count", "created_by",
                  "created_by_name", "created_at", "updated_at"]
        read_only_fields = ["ended_on", "created_at", "updated_at"]

    def get_departments(self, group) -> int:
        return len({m.department_id for m in group.members.all()})

    def validate_skills(self, value):
        if not value:
            raise serializers.ValidationError(_("Name at least one skill the group builds."))
        if len(value) > MAX_GROUP_SKILLS:
            raise serializers.ValidationError(_("At most %(count)s skills.") % {"count": MAX_GROUP_SKILLS})
        return value

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["members"] = MemberSerializer(many=True, read_only=True)
        return fields

    def validate(self, attrs):
        if self.instance is not None and "members" in self.initial_data:
            raise serializers.ValidationError(
                {"members": _("Use the group's add-member and remove-member actions to change its members.")})
        return attrs


class AddMemberSerializer(serializers.Serializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=ON_STAFF)
    role = serializers.ChoiceField(choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = serializers.DateField(required=False, validators=[_in_range])


class RemoveMemberSerializer(serializers.Serializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all())


class CloseGroupSerializer(serializers.Serializer):
    ended_on = serializers.DateField(required=False, validators=[_in_range], help_text="default: today")


class AttendeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cadre
        fields = ["id", "name", "staff_number"]


class LearningActivitySerializer(serializers.ModelSerializer):
    """An activity; `attendees` (cadre ids, all members of the group) replaces the attendance when given."""

    group = serializers.PrimaryKeyRelatedField(queryset=LearningGroup.objects.all())
    group_name = serializers.CharField(source="group.name", read_only=True)
    led_by = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all(), required=False,
                                                help_text="default: the group's leader")
    led_by_name = serializers.CharField(source="led_by.name", read_only=True)
    attendees = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all(), many=True, required=False,
                                                   write_only=True)
    attended_by = serializers.SerializerMethodField()
    attendance_count = serializers.IntegerField(read_only=True)
    start_date = serializers.DateField(validators=[_in_range])
    end_date = serializers.DateField(validators=[_in_range])
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=Decimal("0.5"),
                                     max_value=Decimal(200))

    class Meta:
        model = LearningActivity
        fields = ["id", "group", "group_name", "kind", "title", "start_date", "end_date", "hours", "location",
                  "led_by", "led_by_name", "notes", "attendees", "attended_by", "attendance_count", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_attendees(self, value):
        if len(value) > MAX_ATTENDEES:
            raise serializers.ValidationError(_("At most %(count)s attendees.") % {"count": MAX_ATTENDEES})
        return list({cadre.pk: cadre for cadre in value}.values())

    def get_attended_by(self, activity) -> list[dict]:
        return AttendeeSerializer([row.cadre for row in activity.attendance.all()], many=True).data

    def validate(self, attrs):
        if self.instance is not None and "group" in attrs and attrs["group"] != self.instance.group:
            raise serializers.ValidationError({"group": _("An activity stays with its group.")})
        return dates_in_order(attrs, self.instance)


class SuggestionQuerySerializer(serializers.Serializer):
    """Repeat skill= for each skill of the topic."""

    skill = serializers.ListField(
        child=CodeField(queryset=Skill.objects.filter(active=True)),
        min_length=1, max_length=MAX_GROUP_SKILLS, help_text="skill code")
    capacity = serializers.ChoiceField(choices=Capacity.choices, help_text="the capacity the group builds")
    experts = serializers.IntegerField(min_value=1, max_value=20, default=2)
    learners = serializers.IntegerField(min_value=0, max_value=50, default=6)
    per_department = serializers.IntegerField(min_value=1, max_value=20, default=2,
                                              help_text="at most this many people from one department")
    silo_months = serializers.IntegerField(min_value=1, max_value=120, default=12)

    def query(self) -> SuggestionQuery:
        data = self.validated_data
        skills = list({s.pk: s for s in data["skill"]}.values())
        return SuggestionQuery(skills=skills, capacity=data["capacity"], experts=data["experts"],
                               learners=data["learners"], per_department=data["per_department"],
                               silo_months=data["silo_months"])


class PickSerializer(serializers.Serializer):
    cadre = serializers.IntegerField()
    name = serializers.CharField()
    summary = serializers.BooleanField(help_text="true: outside your departments, shown without staff number")
    staff_number = serializers.CharField(allow_null=True, help_text="null in a summary")
    tier = serializers.CharField()
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    role = serializers.CharField(help_text="expert or learner")
    score = serializers.FloatField(help_text="merit + 0.25 x isolation")
    merit = serializers.FloatField(help_text="0-1: expertise in the topic, or the share of the target missing")
    isolation = serializers.FloatField(help_text="0-1: how little the department shares (1: a silo)")
    reasons = serializers.ListField(child=serializers.DictField())
    explanation = serializers.CharField()


class SuggestionShortfallSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class SuggestionSerializer(serializers.Serializer):
    skills = SkillBriefSerializer(many=True)
    capacity = serializers.CharField()
    leader = serializers.IntegerField(allow_null=True)
    experts = PickSerializer(many=True)
    learners = PickSerializer(many=True)
    departments = NamedSerializer(many=True)
    shortfalls = SuggestionShortfallSerializer(many=True)
