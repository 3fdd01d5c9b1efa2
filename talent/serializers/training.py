from decimal import Decimal

from rest_framework import serializers

from talent.models import TrainingProgram, TrainingRequirement


class ProgramRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingProgram
        fields = ["id", "code", "name"]
        read_only_fields = fields


class TrainingRequirementSerializer(serializers.ModelSerializer):
    tier_label = serializers.CharField(source="get_tier_display", read_only=True)
    compulsory_programs = serializers.PrimaryKeyRelatedField(queryset=TrainingProgram.objects.filter(active=True),
                                                             many=True, required=False)
    compulsory_program_names = serializers.SlugRelatedField(source="compulsory_programs", slug_field="name",
                                                            many=True, read_only=True)
    yearly_hours = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=Decimal("0"),
                                            max_value=Decimal("2000"))

    class Meta:
        model = TrainingRequirement
        fields = ["id", "tier", "tier_label", "yearly_hours", "compulsory_programs", "compulsory_program_names",
                  "updated_at"]
        read_only_fields = ["id", "tier", "tier_label", "updated_at"]


class HoursSerializer(serializers.Serializer):
    training = serializers.DecimalField(max_digits=9, decimal_places=1, help_text="training completed in the year")
    self_study = serializers.DecimalField(max_digits=9, decimal_places=1, help_text="self-study confirmed")
    platform = serializers.DecimalField(max_digits=9, decimal_places=1, help_text="the online platform's courses")
    total = serializers.DecimalField(max_digits=9, decimal_places=1)


def standing_data(one, programs: dict) -> dict:
    return {"hours": {**one.hours, "total": one.total}, "required": one.required, "short_by": one.short_by,
            "hours_met": one.hours_met, "complete": one.complete,
            "compulsory_missing": [programs[p] for p in one.missing if p in programs]}


class StandingSerializer(serializers.Serializer):
    hours = HoursSerializer()
    required = serializers.DecimalField(max_digits=9, decimal_places=1, help_text="the tier's yearly hours")
    short_by = serializers.DecimalField(max_digits=9, decimal_places=1)
    hours_met = serializers.BooleanField()
    complete = serializers.BooleanField(help_text="hours met and no compulsory program missing")
    compulsory_missing = ProgramRefSerializer(many=True)


class CadreComplianceSerializer(StandingSerializer):
    cadre = serializers.IntegerField()
    cadre_name = serializers.CharField()
    staff_number = serializers.CharField()
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    tier = serializers.CharField()


class MissingCountSerializer(serializers.Serializer):
    program = ProgramRefSerializer()
    cadres = serializers.IntegerField(help_text="people who have not done it this year")


class DepartmentComplianceSerializer(serializers.Serializer):
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    headcount = serializers.IntegerField()
    hours_done = serializers.DecimalField(max_digits=12, decimal_places=1)
    hours_required = serializers.DecimalField(max_digits=12, decimal_places=1)
    hours_met = serializers.IntegerField(help_text="people who have done their tier's hours")
    complete = serializers.IntegerField(help_text="people who have done their hours and every compulsory program")
    share_complete = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    compulsory_missing = MissingCountSerializer(many=True)


def department_data(row: dict) -> dict:
    totals = row["totals"]
    return {"department": row["department"].pk, "department_name": row["department"].name,
            "headcount": totals.headcount, "hours_done": totals.hours, "hours_required": totals.required,
            "hours_met": totals.hours_met, "complete": totals.complete, "share_complete": totals.share_complete,
            "compulsory_missing": row["missing"]}


class ComplianceQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2099, required=False,
                                    help_text="the calendar year; this year if left out")
    department = serializers.IntegerField(min_value=1, required=False, help_text="this department's own people")
    short = serializers.BooleanField(required=False, allow_null=True, default=None,
                                     help_text="true: only those short of their hours; false: only those who met them")
