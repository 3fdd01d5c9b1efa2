from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sharing.models import SharingRule
from talent.validators import validate_year_1900_2099


class SharingRuleSerializer(serializers.ModelSerializer):
    """What HR sets: the cap as people or as a percent (not both), the longest secondment and the notice."""

    class Meta:
        model = SharingRule
        fields = ["id", "cap_people", "cap_percent", "includes_sub_units", "max_months", "notice_days"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        if attrs.get("cap_people") is not None and attrs.get("cap_percent") is not None:
            raise serializers.ValidationError(
                {"cap_percent": _("Give the cap as a number of people or as a percent, not both.")})
        return attrs


class SharingDepartmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class RuleInForceSerializer(serializers.Serializer):
    department = SharingDepartmentSerializer()
    own_rule = SharingRuleSerializer(source="own", allow_null=True,
                                     help_text="the rule HR set for this department; null: none")
    lending_unit = SharingDepartmentSerializer(
        source="unit", help_text="the department, or the one above it counting its sub-units, whose rule applies")
    cap_people = serializers.IntegerField(source="rule.cap_people", allow_null=True)
    cap_percent = serializers.IntegerField(source="rule.cap_percent", allow_null=True,
                                           help_text="null with cap_people null: the bureau's default percent")
    includes_sub_units = serializers.BooleanField(source="rule.includes_sub_units")
    max_months = serializers.IntegerField(source="rule.max_months", allow_null=True, help_text="null: no limit")
    notice_days = serializers.IntegerField(source="rule.notice_days")
    default_percent = serializers.IntegerField(help_text="SECONDMENT_LENDING_PERCENT")
    cap = serializers.IntegerField(help_text="people the lending unit may have out at once")
    lent = serializers.IntegerField(help_text="people it has out (or proposed) now, each counted once")


class RecordQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, validators=[validate_year_1900_2099],
                                  help_text="proposals made on or after this day")
    end = serializers.DateField(required=False, validators=[validate_year_1900_2099],
                                help_text="proposals made on or before this day")

    def validate(self, attrs):
        if "start" in attrs and "end" in attrs and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The end date is before the start date.")})
        return attrs


class DeclineSerializer(serializers.Serializer):
    on = serializers.DateField()
    host_name = serializers.CharField(help_text="the department that asked")
    title = serializers.CharField(help_text="its request")
    reason = serializers.CharField()


class RecordSerializer(serializers.Serializer):
    department = SharingDepartmentSerializer()
    received = serializers.IntegerField(help_text="proposals to lend someone, answered or waiting")
    accepted = serializers.IntegerField()
    declined = serializers.IntegerField()
    waiting = serializers.IntegerField()
    decline_percent = serializers.IntegerField(allow_null=True, help_text="declined out of answered")
    median_days_to_answer = serializers.FloatField(allow_null=True)
    people_lent = serializers.IntegerField(help_text="distinct people lent (approved, active or completed)")
    people_hosted = serializers.IntegerField()
    declines = DeclineSerializer(many=True, help_text="latest first, with the head's reason")
