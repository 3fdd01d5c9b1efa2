from decimal import Decimal

from rest_framework import serializers

from core.api import ModelLabels
from incentives import explain
from incentives.models import (
    MAX_BUDGET,
    AppraisalGrade,
    Contribution,
    Exclusion,
    IncentiveCycle,
    IncentiveLine,
    IncentivePolicy,
)
from talent.models import Cadre
from talent.selectors.pool import skill_names_of
from talent.serializers.people import who


class ContributionSerializer(ModelLabels, serializers.ModelSerializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all())
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    staff_number = serializers.CharField(source="cadre.staff_number", read_only=True)
    department_name = serializers.CharField(source="cadre.department.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    submitted_by, submitted_by_name = who("submitted_by")
    reviewed_by, reviewed_by_name = who("reviewed_by")

    class Meta:
        model = Contribution
        fields = ["id", "cadre", "cadre_name", "staff_number", "department_name", "year", "kind", "kind_label", "title",
                  "impact", "evidence", "status", "status_label", "submitted_by", "submitted_by_name", "reviewed_by",
                  "reviewed_by_name", "reviewed_at", "review_comment", "created_at"]
        read_only_fields = ["status", "reviewed_at", "review_comment", "created_at"]


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, default="", max_length=2000)


class AppraisalGradeSerializer(ModelLabels, serializers.ModelSerializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all())
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    staff_number = serializers.CharField(source="cadre.staff_number", read_only=True)
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)

    class Meta:
        model = AppraisalGrade
        fields = ["id", "cadre", "cadre_name", "staff_number", "year", "grade", "grade_label", "note", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []  # the service replaces the grade a cadre already has for the year


class PolicySerializer(serializers.ModelSerializer):
    backbone_rule = serializers.CharField(read_only=True)
    learning_rule = serializers.CharField(read_only=True)
    lending_rule = serializers.CharField(read_only=True, help_text="empty while points_per_person_lent is 0 (off)")

    class Meta:
        model = IncentivePolicy
        fields = ["id", "name", "weight_appraisal", "weight_literacy", "weight_contributions", "weight_secondments",
                  "points_excellent", "points_competent", "points_basic", "points_per_activity_led",
                  "points_per_activity_attended", "learning_rule", "points_per_person_lent", "lending_rule",
                  "rank_coefficients",
                  "backbone_min_contributions", "backbone_min_skill_level", "backbone_min_critical_skills",
                  "backbone_tilt", "backbone_rule", "cap", "min_months_in_post", "honour_title", "honour_percent",
                  "honour_max_per_department", "updated_at"]
        read_only_fields = ["updated_at"]


class CycleSerializer(ModelLabels, serializers.ModelSerializer):
    budget = serializers.DecimalField(max_digits=13, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_BUDGET)
    policy_name = serializers.CharField(source="policy.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    created_by, created_by_name = who("created_by")
    computed_by, computed_by_name = who("computed_by")
    submitted_by, submitted_by_name = who("submitted_by")
    decided_by, decided_by_name = who("decided_by")

    class Meta:
        model = IncentiveCycle
        fields = ["id", "name", "year", "budget", "policy", "policy_name", "status", "status_label",
                  "total_recommended", "total_final", "unallocated", "summary", "created_by", "created_by_name",
                  "computed_at", "computed_by", "computed_by_name", "submitted_at", "submitted_by", "submitted_by_name",
                  "decided_at", "decided_by", "decided_by_name", "decision_comment"]
        read_only_fields = ["status", "total_recommended", "total_final", "unallocated", "summary", "computed_at",
                            "submitted_at", "decided_at", "decision_comment"]


class CycleDetailSerializer(CycleSerializer):
    class Meta(CycleSerializer.Meta):
        fields = [*CycleSerializer.Meta.fields, "changes"]


class LineSerializer(serializers.ModelSerializer):
    staff_number = serializers.CharField(source="cadre.staff_number", read_only=True)
    name = serializers.CharField(source="cadre.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    rank_label = serializers.CharField(source="get_rank_display", read_only=True)
    # Empty for an included line: said explicitly, as a ModelSerializer leaves "" out of a read-only enum.
    exclusion = serializers.ChoiceField(choices=Exclusion.choices, allow_blank=True, read_only=True)
    exclusion_label = serializers.CharField(source="get_exclusion_display", read_only=True)
    adjusted_by, adjusted_by_name = who("adjusted_by")

    class Meta:
        model = IncentiveLine
        fields = ["id", "position", "standing", "cadre", "staff_number", "name", "department", "department_name",
                  "rank", "rank_label", "eligible", "exclusion", "exclusion_label", "score", "backbone", "weight",
                  "recommended", "adjustment", "adjustment_reason", "adjusted_by", "adjusted_by_name", "adjusted_at",
                  "final", "honour", "breakdown"]
        read_only_fields = fields


class LineDetailSerializer(LineSerializer):
    explanation = serializers.SerializerMethodField()

    class Meta(LineSerializer.Meta):
        fields = [*LineSerializer.Meta.fields, "explanation"]
        read_only_fields = fields

    def get_explanation(self, line) -> list[str]:
        return explain.steps(line, line.cycle.summary, skill_names_of(line.breakdown.get("backbone_skills", ())))


class LineAdjustSerializer(serializers.Serializer):
    final = serializers.DecimalField(max_digits=13, decimal_places=2, min_value=0, max_value=MAX_BUDGET)
    reason = serializers.CharField(max_length=2000)
