"""API for nominations: heads (for their own people) and HR nominate, leadership decides, the nominator may withdraw
a pending one; auditors read them all. My own decided nominations: /api/v1/me/nominations/."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.schema import ErrorSerializer, conflict
from incentives.access import NOMINATIONS
from incentives.filters import NominationFilter
from incentives.selectors import nominations as selectors
from incentives.serializers.nominations import DecisionSerializer, NominationCreateSerializer, NominationSerializer
from incentives.services import nominations as services
from talent import access, roles
from talent.access import RolePermission, actor_of
from talent.selectors import pool as talent_selectors
from talent.views.own_record import OwnRecordView

NOMINATORS = (roles.HR, roles.HEAD)


class NominationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """Nominations as reserve cadre (后备), for a key post or an honour. A head nominates the cadres of the
    departments they head (a cadre they may not see is 404, as one that does not exist), HR anyone; leadership
    approves or declines (409 once decided); the nominator may withdraw a pending one. Decided nominations are kept
    as decided. Heads read their departments' nominations, HR, leadership and auditors all."""

    permission_classes = [RolePermission]
    disclosure = NOMINATIONS
    read_roles = (roles.HR, roles.HEAD, roles.LEADERSHIP, roles.AUDITOR)
    serializer_class = NominationSerializer
    filterset_class = NominationFilter
    search_fields = ["cadre__name", "cadre__staff_number", "target"]
    ordering_fields = ["created_at", "decided_at"]

    @property
    def write_roles(self):
        return (roles.LEADERSHIP,) if self.action in ("approve", "decline") else NOMINATORS

    def get_queryset(self):
        return selectors.nomination_list(actor=actor_of(self.request))

    @extend_schema(request=NominationCreateSerializer, responses={
        201: NominationSerializer, 404: OpenApiResponse(ErrorSerializer, "No cadre you may see has this id"),
        **conflict()})
    def create(self, request, *args, **kwargs):
        form = NominationCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        actor = actor_of(request)
        cadre = get_object_or_404(talent_selectors.cadre_list(actor=actor), pk=data.pop("cadre"))
        nomination = services.nomination_create(actor=actor, cadre=cadre, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=nomination.pk)).data,
                        status=status.HTTP_201_CREATED)

    def _moved(self, nomination):
        return Response(self.get_serializer(self.get_queryset().get(pk=nomination.pk)).data)

    @extend_schema(summary="Approve a pending nomination (leadership), with an optional note",
                   request=DecisionSerializer, responses={200: NominationSerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        form = DecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._moved(services.nomination_decide(actor=actor_of(request), nomination=self.get_object(),
                                                      approve=True, note=form.validated_data["note"]))

    @extend_schema(summary="Decline a pending nomination (leadership), saying why in the note",
                   request=DecisionSerializer, responses={200: NominationSerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        form = DecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._moved(services.nomination_decide(actor=actor_of(request), nomination=self.get_object(),
                                                      approve=False, note=form.validated_data["note"]))

    @extend_schema(summary="Withdraw a pending nomination you made", request=None,
                   responses={200: NominationSerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._moved(services.nomination_withdraw(actor=actor_of(request), nomination=self.get_object()))


class OwnNominationsView(OwnRecordView):
    """My nominations that leadership has decided, newest first."""

    @extend_schema(responses=NominationSerializer(many=True))
    def get(self, request):
        found = selectors.own_decided_nominations(cadre=access.own_cadre(request))
        return Response(NominationSerializer(found, many=True).data)
