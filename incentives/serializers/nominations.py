from rest_framework import serializers

from core.api import ModelLabels
from incentives.models import Contribution, Nomination, NominationKind, NominationSkill
from talent.models import Skill
from talent.serializers.people import who


class NominationSkillSerializer(serializers.ModelSerializer):
    skill_code = serializers.CharField(source="skill.code", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = NominationSkill
        fields = ["skill", "skill_code", "skill_name", "level", "level_label"]


class SupportingContributionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Contribution
        fields = ["id", "year", "kind", "kind_label", "title", "impact"]


class NominationSerializer(ModelLabels, serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    staff_number = serializers.CharField(source="cadre.staff_number", read_only=True)
    department_name = serializers.CharField(source="cadre.department.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    skills = NominationSkillSerializer(many=True, read_only=True,
                                       help_text="Verified skills, at the level held when nominated")
    contributions = SupportingContributionSerializer(many=True, read_only=True)
    nominated_by, nominated_by_name = who("nominated_by")
    decided_by, decided_by_name = who("decided_by")

    class Meta:
        model = Nomination
        fields = ["id", "cadre", "cadre_name", "staff_number", "department_name", "kind", "kind_label", "target",
                  "rationale", "skills", "contributions", "status", "status_label", "nominated_by",
                  "nominated_by_name", "created_at", "decided_by", "decided_by_name", "decided_at", "decision_note",
                  "withdrawn_at"]
        read_only_fields = fields


class NominationCreateSerializer(serializers.Serializer):
    """A nomination as it is made: the cadre (one you may see: any other id is 404), what for, why, and what
    supports it (the cadre's own verified skills and contributions)."""

    cadre = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(choices=NominationKind.choices)
    target = serializers.CharField(max_length=200, allow_blank=True, default="",
                                   help_text="The key post, the honour, or the level of reserve")
    rationale = serializers.CharField(max_length=4000)
    skills = serializers.PrimaryKeyRelatedField(many=True, queryset=Skill.objects.all(), required=False,
                                                help_text="Skill ids among the cadre's verified skills")
    contributions = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), required=False, max_length=50,
        help_text="Contribution ids among the cadre's verified contributions")

    def validate(self, attrs):
        # The model's own rules on its text (the text policy), so the page and the API refuse the same input.
        Nomination(kind=attrs["kind"], target=attrs.get("target", ""), rationale=attrs["rationale"]).full_clean(
            exclude=["cadre", "status"])
        return attrs


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, default="", max_length=2000,
                                 help_text="Required to decline: say why")
