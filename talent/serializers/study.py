from decimal import Decimal

from rest_framework import serializers

from talent.models import SelfStudy, TrainingProgram
from talent.validators import validate_year_1900_2099


class SelfStudySerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    program_name = serializers.CharField(source="program.name", read_only=True, default="")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    confirmed_by_name = serializers.CharField(source="confirmed_by.get_full_name", read_only=True, default="")

    class Meta:
        model = SelfStudy
        fields = ["id", "cadre", "cadre_name", "program", "program_name", "topic", "hours", "studied_on",
                  "evidence_url", "status", "status_label", "confirmed_by_name", "confirmed_at", "created_at"]
        read_only_fields = fields


class SelfStudyLogSerializer(serializers.Serializer):
    program = serializers.PrimaryKeyRelatedField(queryset=TrainingProgram.objects.filter(active=True), required=False,
                                                 allow_null=True)
    topic = serializers.CharField(max_length=200, required=False, allow_blank=True)
    hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=Decimal("0.5"),
                                     max_value=Decimal("200"))
    studied_on = serializers.DateField(validators=[validate_year_1900_2099])
    evidence_url = serializers.URLField(max_length=500, required=False, allow_blank=True)


class StudyAnswerSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(default=True, help_text="false: the study is not confirmed")
