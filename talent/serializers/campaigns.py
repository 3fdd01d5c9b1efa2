from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from talent.models import (
    AssessmentCampaign,
    Cadre,
    CampaignItem,
    CampaignRater,
    LiteracyAssessment,
    RaterKind,
)


class CampaignItemSerializer(serializers.ModelSerializer):
    capacity_label = serializers.CharField(source="get_capacity_display", read_only=True)
    scale_label = serializers.CharField(source="get_scale_display", read_only=True)
    lowest = serializers.IntegerField(read_only=True)
    highest = serializers.IntegerField(read_only=True)

    class Meta:
        model = CampaignItem
        fields = ["id", "capacity", "capacity_label", "text_zh", "text_en", "scale", "scale_label", "max_score",
                  "lowest", "highest", "weight", "position"]
        read_only_fields = ["id"]


class CampaignSerializer(serializers.ModelSerializer):
    """A campaign and its instrument. Items are written as a whole list (a draft only): the list replaces the
    campaign's items."""

    tier_label = serializers.CharField(source="get_tier_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    items = CampaignItemSerializer(many=True)
    forms = serializers.IntegerField(read_only=True, default=0, help_text="forms to answer (who rates whom)")
    submitted = serializers.IntegerField(read_only=True, default=0, help_text="forms answered")

    class Meta:
        model = AssessmentCampaign
        fields = ["id", "name", "period", "tier", "tier_label", "status", "status_label", "self_weight",
                  "supervisor_weight", "peer_weight", "min_peers", "opened_at", "closed_at", "forms", "submitted",
                  "items"]
        read_only_fields = ["id", "status", "opened_at", "closed_at"]
        # (period, tier) is checked by the service, with the field named
        validators = []

    def validate_items(self, items):
        if not items:
            raise serializers.ValidationError(_("Give at least one item."))
        return items


class CampaignResultsSerializer(serializers.Serializer):
    alpha = serializers.DictField(child=serializers.FloatField(allow_null=True),
                                  help_text="Cronbach's alpha per capacity (null: fewer than two items or forms)")
    agreement = serializers.DictField(help_text="per capacity: mean absolute difference in points between "
                                                "self-assessment and the others' score, and over how many cadres")
    forms = serializers.IntegerField(help_text="forms submitted")
    answer_count = serializers.IntegerField(help_text="answers counted")
    scored = serializers.IntegerField(help_text="cadres given five scores")
    unscored = serializers.IntegerField(help_text="cadres with forms but no kind counted")
    kinds = serializers.DictField(child=serializers.IntegerField(),
                                  help_text="how many cadres' scores came from which rater kinds")


class CampaignScoreSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    department_name = serializers.CharField(source="cadre.department.name", read_only=True)

    class Meta:
        model = LiteracyAssessment
        fields = ["id", "cadre", "cadre_name", "department_name", "period", "assessed_on", "perception",
                  "execution", "decision", "creativity", "development"]
        read_only_fields = fields


class CampaignProgressSerializer(serializers.Serializer):
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    cadres = serializers.IntegerField()
    forms = serializers.IntegerField()
    submitted = serializers.IntegerField()
    percent = serializers.IntegerField()


class RaterSerializer(serializers.ModelSerializer):
    ratee_name = serializers.CharField(source="ratee.name", read_only=True)
    department_name = serializers.CharField(source="ratee.department.name", read_only=True)
    rater_name = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    submitted = serializers.SerializerMethodField()

    class Meta:
        model = CampaignRater
        fields = ["id", "ratee", "ratee_name", "department_name", "rater", "rater_name", "kind", "kind_label",
                  "submitted"]
        read_only_fields = fields

    def get_rater_name(self, form) -> str:
        return form.rater.get_full_name() or form.rater.get_username()

    def get_submitted(self, form) -> bool:
        return form.submitted_at is not None


class RaterAddSerializer(serializers.Serializer):
    ratee = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all())
    rater = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    kind = serializers.ChoiceField(choices=RaterKind.choices)


class FormSerializer(serializers.ModelSerializer):
    """One form to answer: whom, in which campaign, and (on its own page) the items. Answers are never shown."""

    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    period = serializers.CharField(source="campaign.period", read_only=True)
    ratee_name = serializers.CharField(source="ratee.name", read_only=True)
    department_name = serializers.CharField(source="ratee.department.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CampaignRater
        fields = ["id", "campaign", "campaign_name", "period", "ratee", "ratee_name", "department_name", "kind",
                  "kind_label", "submitted_at"]
        read_only_fields = fields


class FormDetailSerializer(FormSerializer):
    items = CampaignItemSerializer(source="campaign.items", many=True, read_only=True)

    class Meta(FormSerializer.Meta):
        fields = [*FormSerializer.Meta.fields, "items"]
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1)
    value = serializers.IntegerField(min_value=0, max_value=100)


class FormSubmitSerializer(serializers.Serializer):
    answers = AnswerSerializer(many=True, help_text="one answer per item of the form")

    def validate_answers(self, answers):
        items = [answer["item"] for answer in answers]
        if len(items) != len(set(items)):
            raise serializers.ValidationError(_("Answer each item once."))
        return answers
