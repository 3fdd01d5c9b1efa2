from rest_framework import serializers

from sharing.serializers.graph import NamedSerializer
from talent.models import PERIOD_VALIDATOR, Department
from talent.serializers.planning import TotalsSerializer


class SurveyQuerySerializer(serializers.Serializer):
    period = serializers.CharField(max_length=7, validators=[PERIOD_VALIDATOR], help_text="2026, 2026-H1 or 2026-Q3")
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False,
                                                    help_text="only this department's row")


class DepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class RequestsAskedSerializer(serializers.Serializer):
    open = serializers.IntegerField(help_text="open expert requests whose dates meet the period")
    places = serializers.IntegerField(help_text="people those requests still need")


class PlanUsedSerializer(TotalsSerializer):
    id = serializers.IntegerField()
    period = serializers.CharField(help_text="the most specific plan period covering the survey's")


class SkillDemandSerializer(serializers.Serializer):
    skill = serializers.CharField()
    name = serializers.CharField()
    min_level = serializers.IntegerField()
    people = serializers.IntegerField(help_text="people asked for at this level or above")
    sources = serializers.ListField(child=serializers.ChoiceField(choices=["plan", "request"]))
    departments = NamedSerializer(many=True)
    held_here = serializers.IntegerField(help_text="holders in the asking department(s), sub-units included")
    held_elsewhere = serializers.IntegerField()
    held_in_bureau = serializers.IntegerField()
    scarce = serializers.BooleanField(help_text="the bureau holds it in fewer people than are asked for")


class SharedSerializer(serializers.Serializer):
    lent = serializers.IntegerField(help_text="secondments from the department for dates meeting the period")
    hosted = serializers.IntegerField()
    completed = serializers.IntegerField(help_text="its people's secondments completed in the period")
    learning_groups = serializers.IntegerField(help_text="learning groups running in the period it has members in")
    group_members = serializers.IntegerField()
    attendances = serializers.IntegerField(help_text="its people's attendances at learning activities")


class DepartmentDemandSerializer(serializers.Serializer):
    department = DepartmentRefSerializer()
    requests = RequestsAskedSerializer()
    plan = PlanUsedSerializer(allow_null=True)
    demand = SkillDemandSerializer(many=True)
    shared = SharedSerializer()


class UnmetSkillSerializer(serializers.Serializer):
    skill = serializers.CharField()
    name = serializers.CharField()
    searches = serializers.IntegerField(help_text="talent searches that asked for it and found nobody in the bureau "
                                                  "holding it at the level asked")


class UnmetDemandSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField(help_text="the period's end, or today if sooner; since: twelve months before")
    skills = UnmetSkillSerializer(many=True, help_text="the most searched for first")


class SurveySummarySerializer(serializers.Serializer):
    departments_asking = serializers.IntegerField()
    open_requests = serializers.IntegerField()
    places = serializers.IntegerField()
    plan = TotalsSerializer()
    shared = SharedSerializer()
    skills = SkillDemandSerializer(many=True)
    scarce_skills = serializers.IntegerField()
    unmet = UnmetDemandSerializer(help_text="unmet demand: bureau-wide counts, whoever reads the survey")


class SurveySerializer(serializers.Serializer):
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    departments = DepartmentDemandSerializer(many=True)
    summary = SurveySummarySerializer()
