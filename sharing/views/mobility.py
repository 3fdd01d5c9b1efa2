"""Opt-in mobility. Under /api/v1/me/ the cadre writes their own preference, reads the open requests that match
them, says they are interested in one (or takes it back) and answers a proposal; every view reads
`access.own_cadre(request)`, never a cadre id from the request, and anything not theirs is a 404. HR and the
cadre's heads read a cadre's preference at /api/v1/cadres/{id}/mobility/."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.schema import ERROR_DESCRIPTIONS, ErrorSerializer, conflict
from sharing.access import MOBILITY
from sharing.models import Secondment, SecondmentInterest
from sharing.selectors import mobility as selectors
from sharing.serializers.mobility import (
    CadreMobilitySerializer,
    ConsentSerializer,
    InterestCreateSerializer,
    InterestSerializer,
    MobilityPreferenceSerializer,
    MobilityReadSerializer,
    OpportunitySerializer,
)
from sharing.serializers.secondments import SecondmentSerializer
from sharing.services import mobility as services
from sharing.services import secondments as secondment_services
from talent import access, roles
from talent.access import RolePermission, actor_of
from talent.selectors import pool as talent_selectors
from talent.views.own_record import OwnRecordView


def not_found() -> dict:
    """A 404 the schema does not derive (no id in the path: the id is in the body)."""
    return {404: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[404])}


class OwnMobilityView(OwnRecordView):
    """My mobility preference: open to secondment or not, for how many months and from when, and the skills I
    want to use or grow. Only I write it; HR and my heads read it."""

    @extend_schema(responses=MobilityReadSerializer)
    def get(self, request):
        preference = selectors.preference_of(access.own_cadre(request))
        return Response(MobilityReadSerializer(MobilityReadSerializer.shown(preference)).data)

    @extend_schema(request=MobilityPreferenceSerializer, responses=MobilityReadSerializer)
    def put(self, request):
        form = MobilityPreferenceSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        preference = services.preference_set(cadre=access.own_cadre(request), **form.validated_data)
        return Response(MobilityReadSerializer(MobilityReadSerializer.shown(preference)).data)


class OwnOpportunitiesView(OwnRecordView):
    """Open expert requests that match me (I hold every required skill, or it asks for a skill I want to use or
    grow), with whether I said I am interested: titles, skills, dates and host departments only."""

    @extend_schema(responses=OpportunitySerializer(many=True))
    def get(self, request):
        found = selectors.opportunities_for(cadre=access.own_cadre(request))
        return Response(OpportunitySerializer(found, many=True).data)


class OwnInterestsView(OwnRecordView):
    """The requests I said I am interested in; say it for one of the open requests that match me (201, or 200
    if I had already said it). One that does not match me, or is not open, is a 404."""

    @extend_schema(responses=InterestSerializer(many=True))
    def get(self, request):
        return Response(InterestSerializer(selectors.interests_of(access.own_cadre(request)), many=True).data)

    @extend_schema(request=InterestCreateSerializer, responses={200: InterestSerializer, 201: InterestSerializer,
                                                                 **not_found(), **conflict()})
    def post(self, request):
        form = InterestCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        cadre = access.own_cadre(request)
        share_request = selectors.opportunity(cadre=cadre, request_id=form.validated_data["request"])
        if share_request is None:
            raise Http404
        interest, created = services.interest_express(cadre=cadre, share_request=share_request)
        interest = selectors.interests_of(cadre).get(pk=interest.pk)
        return Response(InterestSerializer(interest).data, status=status.HTTP_201_CREATED if created else 200)


class OwnInterestView(OwnRecordView):
    """Take back my interest in a request (204); a request I had not said I am interested in is a 404."""

    @extend_schema(responses={204: None})
    def delete(self, request, request_id: int):
        interest = get_object_or_404(SecondmentInterest, cadre=access.own_cadre(request), request_id=request_id)
        services.interest_withdraw(interest=interest)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OwnConsentView(OwnRecordView):
    """Agree to a secondment proposed for me, or decline it (then I am not proposed for that request again).
    Only my own secondments (404 otherwise); once, while it is proposed or accepted (409 otherwise)."""

    @extend_schema(request=ConsentSerializer, responses={200: SecondmentSerializer, **conflict()})
    def post(self, request, pk: int):
        secondment = get_object_or_404(Secondment, pk=pk, cadre=access.own_cadre(request))
        form = ConsentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        actor = actor_of(request)
        if form.validated_data["agree"]:
            secondment = secondment_services.secondment_consent(actor=actor, secondment=secondment)
        else:
            secondment = secondment_services.secondment_refuse(actor=actor, secondment=secondment,
                                                               reason=form.validated_data["reason"])
        shown = Secondment.objects.select_related(
            "cadre", "home_department", "host_department", "request", "accepted_by", "approved_by", "rated_by",
            "cancelled_by").get(pk=secondment.pk)
        return Response(SecondmentSerializer(shown).data)


class CadreMobilityView(APIView):
    """A cadre's mobility preference and the open requests they are interested in: HR for anyone, a head for
    the cadres of their departments (404 for others)."""

    permission_classes = [RolePermission]
    disclosure = MOBILITY
    read_roles, write_roles = (roles.HR, roles.HEAD), ()

    @extend_schema(responses=CadreMobilitySerializer)
    def get(self, request, pk: int):
        cadre = get_object_or_404(talent_selectors.cadre_list(actor=actor_of(request)), pk=pk)
        return Response(CadreMobilitySerializer({
            "cadre": cadre.pk,
            "preference": MobilityReadSerializer.shown(selectors.preference_of(cadre)),
            "interests": selectors.interests_of(cadre),
        }).data)
