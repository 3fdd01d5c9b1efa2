"""Opt-in mobility as the API shows and takes it: a cadre's preference, the open requests that match them
(title, skills, dates and host department only) and their interests, and their answer to a proposal."""

from rest_framework import serializers

from sharing.models import MAX_MOBILITY_MONTHS, MAX_MOBILITY_SKILLS, MobilityPreference
from sharing.serializers.secondments import _in_range
from talent.models import Skill
from talent.serializers.people import SkillField


class MobilityPreferenceSerializer(serializers.Serializer):
    """Open to secondment (required), for how many months (1-36) and from when (both required when open), the
    skills to use or grow (codes or ids, at most 10) and a short note."""

    open_to_secondment = serializers.BooleanField()
    months = serializers.IntegerField(min_value=1, max_value=MAX_MOBILITY_MONTHS, allow_null=True, default=None)
    available_from = serializers.DateField(allow_null=True, default=None, validators=[_in_range])
    skills = serializers.ListField(child=SkillField(queryset=Skill.objects.filter(active=True)),
                                   max_length=MAX_MOBILITY_SKILLS, default=list)
    note = serializers.CharField(allow_blank=True, default="", max_length=200)


class MobilityReadSerializer(serializers.Serializer):
    open_to_secondment = serializers.BooleanField()
    months = serializers.IntegerField(allow_null=True)
    available_from = serializers.DateField(allow_null=True)
    skills = serializers.ListField(child=serializers.IntegerField(), help_text="skill ids")
    skill_names = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()
    updated_at = serializers.DateTimeField(allow_null=True)

    @staticmethod
    def shown(preference: MobilityPreference) -> dict:
        skills = list(preference.skills.all()) if preference.pk else []
        return {"open_to_secondment": preference.open_to_secondment, "months": preference.months,
                "available_from": preference.available_from, "skills": [s.pk for s in skills],
                "skill_names": [s.name for s in skills], "note": preference.note,
                "updated_at": preference.updated_at}


class RequestSkillShownSerializer(serializers.Serializer):
    code = serializers.CharField(source="skill.code")
    name = serializers.CharField(source="skill.name")
    min_level = serializers.IntegerField()


class OpportunitySerializer(serializers.Serializer):
    """An open request as a cadre sees it: nothing about the people involved."""

    request = serializers.IntegerField(source="request.pk")
    title = serializers.CharField(source="request.title")
    host_department_name = serializers.CharField(source="request.department.name")
    start_date = serializers.DateField(source="request.start_date")
    end_date = serializers.DateField(source="request.end_date")
    skills = RequestSkillShownSerializer(many=True)
    qualified = serializers.BooleanField(help_text="you hold every required skill at its level")
    wished = serializers.ListField(child=serializers.CharField(),
                                   help_text="the request's skills you said you want to use or grow")
    interested = serializers.BooleanField()


class InterestSerializer(serializers.Serializer):
    request = serializers.IntegerField(source="request.pk")
    title = serializers.CharField(source="request.title")
    host_department_name = serializers.CharField(source="request.department.name")
    request_status = serializers.CharField(source="request.status")
    created_at = serializers.DateTimeField()


class InterestCreateSerializer(serializers.Serializer):
    request = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="an open request that matches you")


class ConsentSerializer(serializers.Serializer):
    agree = serializers.BooleanField(help_text="true: I agree to go; false: I decline (not proposed again for this "
                                               "request)")
    reason = serializers.CharField(allow_blank=True, default="", max_length=2000)


class CadreMobilitySerializer(serializers.Serializer):
    """What HR and the cadre's heads read: the preference and the requests they are interested in."""

    cadre = serializers.IntegerField()
    preference = MobilityReadSerializer()
    interests = InterestSerializer(many=True)
