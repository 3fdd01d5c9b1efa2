"""Serializers for the skills inventory, literacy, training and the talent search."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from talent import search
from talent.models import (
    CAPACITIES,
    PROFICIENCY_DESCRIPTORS,
    CadreSkill,
    CadreSkillHistory,
    CadreStatus,
    Capacity,
    Department,
    LiteracyAssessment,
    Proficiency,
    Rank,
    Skill,
    SkillCategory,
    SkillSource,
    Tier,
    TierProfile,
    TrainingProgram,
    TrainingRecord,
)
from talent.selectors.pool import SORTS, TalentQuery
from talent.serializers.people import CodeField, username_of, who


class SkillCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = SkillCategory
        fields = ["id", "code", "name", "name_en", "description", "position"]


class SkillSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = Skill
        fields = ["id", "code", "name", "name_en", "category", "category_name", "description", "critical", "active"]


class ProficiencyLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    label = serializers.CharField()
    descriptor = serializers.CharField()

    @staticmethod
    def levels() -> list[dict]:
        return [{"level": level.value, "label": level.label, "descriptor": PROFICIENCY_DESCRIPTORS[level]}
                for level in Proficiency]


class CadreSkillSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    skill_code = serializers.CharField(source="skill.code", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    verified_by, verified_by_name = who("verified_by")

    class Meta:
        model = CadreSkill
        fields = ["id", "cadre", "cadre_name", "skill", "skill_code", "skill_name", "level", "level_label", "source",
                  "evidence", "since", "verified_by", "verified_by_name", "verified_at"]
        read_only_fields = ["since", "verified_at"]
        validators = []  # the service updates an existing (cadre, skill) instead of refusing it


class CadreSkillChangeSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Proficiency.choices)
    source = serializers.ChoiceField(choices=SkillSource.choices, default=SkillSource.SELF_DECLARED)
    evidence = serializers.CharField(allow_blank=True, default="", max_length=2000)
    reason = serializers.CharField(allow_blank=True, default="", max_length=200)


class OwnSkillSerializer(serializers.Serializer):
    skill = CodeField(queryset=Skill.objects.filter(active=True))
    level = serializers.ChoiceField(choices=Proficiency.choices)
    evidence = serializers.CharField(allow_blank=True, default="", max_length=2000)


class CadreSkillHistorySerializer(serializers.ModelSerializer):
    skill_code = serializers.CharField(source="skill.code", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    verified_by, verified_by_name = who("verified_by")
    archived_by, archived_by_name = who("archived_by")

    class Meta:
        model = CadreSkillHistory
        fields = ["id", "skill", "skill_code", "skill_name", "level", "level_label", "source", "evidence", "since",
                  "verified_by", "verified_by_name", "verified_at", "archived_at", "archived_by", "archived_by_name",
                  "reason"]


class LiteracyAssessmentSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    assessor_name = username_of("assessor")

    class Meta:
        model = LiteracyAssessment
        fields = ["id", "cadre", "cadre_name", "period", "assessed_on", "method", "assessor", "assessor_name",
                  *CAPACITIES, "notes", "is_latest", "created_at"]
        read_only_fields = ["is_latest", "created_at"]
        extra_kwargs = {"assessor": {"required": False, "help_text": "Defaults to you"}}


class CapacityGapSerializer(serializers.Serializer):
    capacity = serializers.CharField()
    label = serializers.CharField()
    score = serializers.IntegerField()
    target = serializers.IntegerField()
    gap = serializers.IntegerField()


class LiteracySerializer(serializers.Serializer):
    """A cadre's literacy: their latest assessment, composite and per-capacity gap to the tier target."""

    cadre = serializers.IntegerField()
    tier = serializers.CharField()
    assessment = LiteracyAssessmentSerializer(allow_null=True)
    composite = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    capacities = CapacityGapSerializer(many=True)

    @staticmethod
    def picture(cadre, literacy) -> dict:
        labels = dict(Capacity.choices)
        return {
            "cadre": cadre.pk, "tier": cadre.tier,
            "assessment": literacy.assessment if literacy else None,
            "composite": literacy.composite if literacy else None,
            "capacities": [{"capacity": c, "label": labels[c], "score": literacy.scores[c],
                            "target": literacy.targets[c], "gap": literacy.gaps[c]}
                           for c in CAPACITIES] if literacy else [],
        }


class TierProfileSerializer(serializers.ModelSerializer):
    tier_label = serializers.CharField(source="get_tier_display", read_only=True)

    class Meta:
        model = TierProfile
        fields = ["id", "tier", "tier_label", *[f"{c}_weight" for c in CAPACITIES],
                  *[f"{c}_target" for c in CAPACITIES], "emphasis", "updated_at"]
        read_only_fields = ["tier", "updated_at"]


class ProgramSkillSerializer(serializers.Serializer):
    skill = CodeField(queryset=Skill.objects.all())
    raises_to = serializers.ChoiceField(choices=Proficiency.choices, allow_null=True, default=None)


class TrainingProgramSerializer(serializers.ModelSerializer):
    capacities = serializers.ListField(child=serializers.ChoiceField(choices=Capacity.choices), max_length=5,
                                       default=list)
    tiers = serializers.ListField(child=serializers.ChoiceField(choices=Tier.choices), max_length=3, default=list,
                                  help_text="Empty means every tier")
    skills = ProgramSkillSerializer(source="program_skills", many=True, required=False, max_length=50)

    class Meta:
        model = TrainingProgram
        fields = ["id", "code", "name", "description", "capacities", "tiers", "skills", "format", "hours",
                  "provider", "active"]
        extra_kwargs = {"hours": {"min_value": Decimal("0.5"), "max_value": Decimal("9999")}}


class TrainingRecordSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    program_name = serializers.CharField(source="program.name", read_only=True)

    class Meta:
        model = TrainingRecord
        fields = ["id", "cadre", "cadre_name", "program", "program_name", "hours", "result", "score",
                  "completed_on", "created_at"]
        read_only_fields = ["created_at"]
        extra_kwargs = {"hours": {"min_value": Decimal("0"), "max_value": Decimal("9999")},
                        "score": {"max_value": 100}}


class RecommendationSerializer(serializers.Serializer):
    program = TrainingProgramSerializer()
    closes = serializers.ListField(child=serializers.DictField())
    reason = serializers.CharField()


class PlanCadreSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PlanGroupSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.name")
    department_id = serializers.IntegerField(source="department.id")
    tier = serializers.CharField()
    cadres = PlanCadreSerializer(many=True)


class TrainingPlanSerializer(serializers.Serializer):
    program = TrainingProgramSerializer()
    total = serializers.IntegerField()
    groups = PlanGroupSerializer(many=True)


class RequirementField(serializers.CharField):
    default_error_messages = {"format": _("Write CODE:LEVEL, for example SQL:3 (level 1-5).")}

    def to_internal_value(self, data):
        try:
            return search.parse_requirement(super().to_internal_value(data)[:40])
        except ValueError:
            self.fail("format")


class TalentSearchSerializer(serializers.Serializer):
    """The talent search's query string. Repeat skill= and any_skill= for several skills."""

    skill = serializers.ListField(child=RequirementField(), required=False, max_length=20,
                                  help_text="CODE:LEVEL; the cadre must hold every one at or above the level")
    any_skill = serializers.ListField(child=RequirementField(), required=False, max_length=20,
                                      help_text="CODE:LEVEL; the cadre must hold at least one of these")
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False,
                                                    help_text="Department id; includes its sub-units")
    tier = serializers.MultipleChoiceField(choices=Tier.choices, required=False)
    rank = serializers.MultipleChoiceField(choices=Rank.choices, required=False)
    status = serializers.MultipleChoiceField(choices=CadreStatus.choices, required=False,
                                             help_text="Default: everyone but those who left")
    min_composite = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal(0),
                                             max_value=Decimal(100), required=False)
    q = serializers.CharField(max_length=100, required=False, allow_blank=True,
                              help_text="Free text in name, staff number or post title")
    sort = serializers.ChoiceField(choices=SORTS, default="match")

    def get_fields(self):
        fields = super().get_fields()
        for capacity in CAPACITIES:
            fields[f"min_{capacity}"] = serializers.IntegerField(min_value=0, max_value=100, required=False)
        return fields

    def query(self) -> TalentQuery:
        data = self.validated_data
        return TalentQuery(
            required=search.merge(data.get("skill", [])), any_of=search.merge(data.get("any_skill", [])),
            department=data.get("department"), tiers=tuple(sorted(data.get("tier", ()))),
            ranks=tuple(sorted(data.get("rank", ()))), statuses=tuple(sorted(data.get("status", ()))),
            capacity_minimums=tuple((c, data[f"min_{c}"]) for c in CAPACITIES if f"min_{c}" in data),
            min_composite=data.get("min_composite"), text=(data.get("q") or "").strip(), sort=data["sort"],
        )


class SkillMatchSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    required = serializers.BooleanField()
    minimum = serializers.IntegerField()
    level = serializers.IntegerField()
    margin = serializers.IntegerField(help_text="Levels above the minimum asked for")


class TalentHitSerializer(serializers.Serializer):
    """One search result. Department heads get only the summary fields for people outside their
    departments: id, name, department, tier and the matching skills (`summary` is true)."""

    id = serializers.IntegerField()
    summary = serializers.BooleanField()
    name = serializers.CharField()
    department = serializers.CharField()
    tier = serializers.CharField()
    matches = SkillMatchSerializer(many=True)
    match_score = serializers.IntegerField()
    staff_number = serializers.CharField(required=False)
    department_id = serializers.IntegerField(required=False)
    post_title = serializers.CharField(required=False)
    rank = serializers.CharField(required=False)
    status = serializers.CharField(required=False)
    composite = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True,
                                         required=False)
    scores = serializers.DictField(child=serializers.IntegerField(allow_null=True), required=False)

