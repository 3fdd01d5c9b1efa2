"""My record (/api/v1/me/...): what the pool holds about the signed-in user's own cadre record, and nothing about
anyone else's: every view reads `access.own_cadre(request)`, never an id from the request."""

from auditlog.signals import accessed
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from talent import access
from talent.selectors import pool as selectors
from talent.selectors import training as training_selectors
from talent.serializers.people import CadreSerializer
from talent.serializers.skills import (
    CadreSkillHistorySerializer,
    LiteracySerializer,
    RecommendationSerializer,
    TrainingRecordSerializer,
)
from talent.serializers.training import ProgramRefSerializer, StandingSerializer, standing_data


class OwnRecordView(APIView):
    """Any signed-in user whose login is linked to a cadre record; 403 `no_cadre` otherwise."""

    disclosure = access.OWN_RECORD
    permission_classes = [IsAuthenticated]


class OwnDetailsView(OwnRecordView):
    """My details, with my own citizen ID and phone in full; each read is written to the audit trail, like
    any read of unmasked personal data."""

    @extend_schema(responses=CadreSerializer)
    def get(self, request):
        cadre = access.own_cadre(request)
        accessed.send(sender=type(cadre), instance=cadre)
        return Response(CadreSerializer(cadre, context={"request": request, "reveal_personal_data": True}).data)


class OwnSkillHistoryView(OwnRecordView):
    """Every level I held before, newest first."""

    @extend_schema(responses=CadreSkillHistorySerializer(many=True))
    def get(self, request):
        history = selectors.cadre_skill_history(cadre=access.own_cadre(request))
        return Response(CadreSkillHistorySerializer(history, many=True).data)


class OwnLiteracyView(OwnRecordView):
    """My latest literacy assessment: the five capacities against my tier's target, with the gaps."""

    @extend_schema(responses=LiteracySerializer)
    def get(self, request):
        cadre = access.own_cadre(request)
        picture = selectors.literacy_of(cadre_ids=[cadre.pk]).get(cadre.pk)
        return Response(LiteracySerializer(LiteracySerializer.picture(cadre, picture)).data)


class OwnRecommendationsView(OwnRecordView):
    """Training programs that close my largest gaps, not yet passed."""

    @extend_schema(responses=RecommendationSerializer(many=True))
    def get(self, request):
        found = selectors.cadre_recommendations(cadre=access.own_cadre(request))
        return Response(RecommendationSerializer(found, many=True).data)


class OwnTrainingSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    hours_this_year = serializers.DecimalField(max_digits=7, decimal_places=1,
                                               help_text="Learning hours in the year (the ledger's total)")
    ledger = StandingSerializer(help_text="The year against my tier's requirement")
    records = TrainingRecordSerializer(many=True)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900, max_value=2099, required=False,
                                    help_text="the calendar year; this year if left out")


class OwnTrainingView(OwnRecordView):
    """My training records, newest first, and my year in the training ledger (`?year=`, default this year): hours
    from training, confirmed self-study and the online platform against my tier's requirement, and the compulsory
    programs I have not done."""

    @extend_schema(parameters=[YearSerializer], responses=OwnTrainingSerializer)
    def get(self, request):
        cadre = access.own_cadre(request)
        form = YearSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        year = form.validated_data.get("year") or timezone.localdate().year
        records = cadre.training_records.select_related("cadre", "program").order_by("-completed_on", "-id")
        standing = training_selectors.standings(cadres=[cadre], year=year)[cadre.pk]
        programs = {pk: ProgramRefSerializer(p).data
                    for pk, p in training_selectors.program_names(standing.missing).items()}
        return Response(OwnTrainingSerializer({
            "year": year, "hours_this_year": standing.total, "ledger": standing_data(standing, programs),
            "records": records,
        }).data)
