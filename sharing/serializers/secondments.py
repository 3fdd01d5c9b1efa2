from datetime import date

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import ModelLabels
from sharing.models import MAX_HEADCOUNT, MAX_WEIGHT, AllocationRun, RequiredSkill, Secondment, ShareRequest
from sharing.selectors.secondments import consent_state
from talent.models import Cadre, Department, Skill
from talent.serializers.people import SkillField, who

EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def _in_range(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise serializers.ValidationError(_("Give a date between 2000 and 2099."))
    return value


def dates_in_order(attrs: dict, instance) -> dict:
    """The validated data, unless its end date (or the record's) comes before its start date (or the record's)."""
    start = attrs.get("start_date", getattr(instance, "start_date", None))
    end = attrs.get("end_date", getattr(instance, "end_date", None))
    if start and end and end < start:
        raise serializers.ValidationError({"end_date": _("The end date is before the start date.")})
    return attrs


class RequiredSkillSerializer(serializers.ModelSerializer):
    skill = SkillField(queryset=Skill.objects.filter(active=True))
    code = serializers.CharField(source="skill.code", read_only=True)
    name = serializers.CharField(source="skill.name", read_only=True)
    critical = serializers.BooleanField(source="skill.critical", read_only=True)
    min_level = serializers.IntegerField(min_value=1, max_value=5)
    weight = serializers.IntegerField(min_value=1, max_value=MAX_WEIGHT, default=1)

    class Meta:
        model = RequiredSkill
        fields = ["skill", "code", "name", "critical", "min_level", "weight"]


class ShareRequestSerializer(ModelLabels, serializers.ModelSerializer):
    skills = RequiredSkillSerializer(source="required_skills", many=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    headcount = serializers.IntegerField(min_value=1, max_value=MAX_HEADCOUNT, default=1)
    start_date = serializers.DateField(validators=[_in_range])
    end_date = serializers.DateField(validators=[_in_range])
    requested_by, requested_by_name = who("requested_by")

    class Meta:
        model = ShareRequest
        fields = ["id", "department", "department_name", "title", "justification", "headcount", "start_date",
                  "end_date", "status", "skills", "requested_by", "requested_by_name", "cancel_reason", "created_at",
                  "updated_at"]
        read_only_fields = ["status", "cancel_reason", "created_at", "updated_at"]

    def validate_skills(self, value):
        if not value:
            raise serializers.ValidationError(_("Name at least one required skill."))
        if len({row["skill"].pk for row in value}) != len(value):
            raise serializers.ValidationError(_("Each skill may be asked for once."))
        return value

    def validate(self, attrs):
        return dates_in_order(attrs, self.instance)


class ProposeSerializer(serializers.Serializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all(), help_text="one of the candidates")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class CompleteSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PastSecondmentSerializer(serializers.Serializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all())
    host_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    title = serializers.CharField(max_length=200)
    start_date = serializers.DateField(validators=[_in_range])
    end_date = serializers.DateField(validators=[_in_range])
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs["end_date"] < attrs["start_date"]:
            raise serializers.ValidationError({"end_date": _("The end date is before the start date.")})
        return attrs


class CandidatesQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=200, default=20)


class TermsSerializer(serializers.Serializer):
    skill_fit = serializers.FloatField(help_text="out of 40")
    level_surplus = serializers.FloatField(help_text="out of 15")
    affinity = serializers.FloatField(help_text="out of 15")
    fairness = serializers.FloatField(help_text="out of 15")
    home_impact = serializers.FloatField(help_text="out of 15")
    interest = serializers.FloatField(default=0.0, help_text="out of interest_points (SECONDMENT_INTEREST_POINTS; "
                                                             "0 by default)")


class SkillFoundSerializer(serializers.Serializer):
    skill = serializers.IntegerField()
    code = serializers.CharField()
    skill_name = serializers.CharField()
    min_level = serializers.IntegerField()
    weight = serializers.IntegerField()
    level = serializers.IntegerField()
    confidence = serializers.IntegerField(help_text="percent: certified 100, assessed 80, self-declared 50")
    holders_at_home = serializers.IntegerField(help_text="colleagues at home holding it at the level asked")


class CandidateSerializer(serializers.Serializer):
    cadre = serializers.IntegerField()
    name = serializers.CharField()
    staff_number = serializers.CharField()
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    score = serializers.FloatField(help_text="out of 100")
    terms = TermsSerializer()
    skills = SkillFoundSerializer(many=True)
    affinity = serializers.FloatField(help_text="sharing-graph affinity of the two departments, 0-1")
    recent_secondments = serializers.IntegerField()
    home_lent = serializers.IntegerField(help_text="people the home department (its lending unit) has out now")
    home_cap = serializers.IntegerField(help_text="people the home department (its lending unit) may have out at "
                                                  "once")
    interested = serializers.BooleanField(default=False,
                                          help_text="they said they are interested in this request (opt-in)")
    interest_points = serializers.IntegerField(default=0, help_text="what an interest adds to the score")


class ExclusionSerializer(serializers.Serializer):
    REASONS = {
        "busy": _("already proposed or seconded for overlapping dates"),
        "declined": _("their department declined them for this request"),
        "refused": _("they declined to go for this request themselves"),
        "sole_critical_holder": _("the only holder of a critical skill in their department"),
        "lending_cap_reached": _("their department already lends as many people as it may"),
        "too_long": _("the request runs longer than their department's sharing rule allows"),
        "short_notice": _("the request starts sooner than their department's notice period"),
    }
    cadre = serializers.IntegerField()
    name = serializers.CharField()
    staff_number = serializers.CharField()
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    reason = serializers.ChoiceField(choices=list(REASONS))
    reason_text = serializers.SerializerMethodField()
    skill = serializers.IntegerField(allow_null=True)
    skill_name = serializers.CharField()

    def get_reason_text(self, exclusion) -> str:
        return str(self.REASONS[exclusion["reason"]])


class CandidatesSerializer(serializers.Serializer):
    candidates = CandidateSerializer(many=True)
    exclusions = ExclusionSerializer(many=True)


class SecondmentSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    staff_number = serializers.CharField(source="cadre.staff_number", read_only=True)
    home_department_name = serializers.CharField(source="home_department.name", read_only=True)
    host_department_name = serializers.CharField(source="host_department.name", read_only=True)
    request_title = serializers.CharField(source="request.title", read_only=True)
    accepted_by, accepted_by_name = who("accepted_by")
    approved_by, approved_by_name = who("approved_by")
    rated_by, rated_by_name = who("rated_by")
    cancelled_by, cancelled_by_name = who("cancelled_by")
    consent = serializers.SerializerMethodField(
        help_text="the cadre's say: given, refused, awaited (approval waits for it) or not_needed")

    class Meta:
        model = Secondment
        fields = ["id", "request", "request_title", "cadre", "cadre_name", "staff_number", "home_department",
                  "home_department_name", "host_department", "host_department_name", "start_date", "end_date",
                  "status", "score", "explanation", "allocation_run", "accepted_by", "accepted_by_name",
                  "accepted_at", "decline_reason", "approved_by", "approved_by_name", "approved_at", "completed_on",
                  "rating", "rating_comment", "rated_by", "rated_by_name", "cancel_reason", "cancelled_by",
                  "cancelled_by_name", "consent", "consented_at", "refusal_reason", "created_at", "updated_at"]
        read_only_fields = fields

    def get_consent(self, secondment) -> str:
        return consent_state(secondment)


class AllocationRequestSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(default=True, help_text="show the proposals without storing them")


class ProposalSerializer(CandidateSerializer):
    request = serializers.IntegerField()
    secondment = serializers.IntegerField(allow_null=True, default=None,
                                          help_text="the stored proposal (a secondment); null in a dry run")


class AllocationRunSerializer(serializers.ModelSerializer):
    run_by, run_by_name = who("run_by")

    class Meta:
        model = AllocationRun
        fields = ["id", "run_by", "run_by_name", "run_at", "requests", "proposals", "places_left_open", "total_score",
                  "lending_percent"]
        read_only_fields = fields


class AllocationOutcomeSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    run = AllocationRunSerializer(allow_null=True)
    requests = serializers.IntegerField(help_text="open requests considered")
    places = serializers.IntegerField(help_text="places they still had open")
    total_score = serializers.DecimalField(max_digits=12, decimal_places=2)
    proposals = ProposalSerializer(many=True)
