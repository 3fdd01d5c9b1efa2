"""Assessment campaigns under /api/v1/assessment-campaigns/: HR defines, opens and closes them; HR and heads
follow the progress (heads their departments'); raters answer their forms under .../forms/. No operation
returns anyone's answers."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.errors import Conflict
from core.schema import conflict
from talent import access, roles
from talent.access import RolePermission, actor_of
from talent.models import CampaignRater
from talent.selectors import campaigns as selectors
from talent.serializers.campaigns import (
    CampaignProgressSerializer,
    CampaignResultsSerializer,
    CampaignScoreSerializer,
    CampaignSerializer,
    FormDetailSerializer,
    FormSerializer,
    FormSubmitSerializer,
    RaterAddSerializer,
    RaterSerializer,
)
from talent.serializers.jobs import JobSerializer
from talent.services import campaigns as services
from talent.views.jobs import accepted

READERS = (roles.HR, roles.HEAD, roles.LEADERSHIP)
HR_ONLY = (roles.HR,)
RATERS = (roles.CADRE, roles.HEAD, roles.HR, roles.LEADERSHIP)


class AssessmentCampaignViewSet(viewsets.ModelViewSet):
    """Assessment campaigns: HR defines the instrument (items by capacity, rater-kind weights, fewest peers
    counted), names the raters or has them suggested, opens the campaign and closes it; closing computes each
    cadre's five scores as a job (202) and writes them as literacy assessments (method `campaign`). A step out
    of order answers 409."""

    permission_classes = [RolePermission]
    read_roles, write_roles = READERS, HR_ONLY
    disclosure = access.ASSESSMENT_CAMPAIGNS
    serializer_class = CampaignSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete"]
    filterset_fields = ["status", "tier", "period"]
    ordering_fields = ["period", "name"]

    def get_queryset(self):
        return selectors.campaign_list().prefetch_related("items")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.campaign_create(by=self.request.user, **data)

    def perform_update(self, serializer):
        serializer.instance = services.campaign_update(campaign=serializer.instance, **serializer.validated_data)

    def update(self, request, *args, **kwargs):
        super().update(request, *args, **kwargs)
        return Response(self.get_serializer(self.get_queryset().get(pk=kwargs["pk"])).data)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.data = self.get_serializer(self.get_queryset().get(pk=response.data["id"])).data
        return response

    def perform_destroy(self, instance):
        services.campaign_delete(campaign=instance)

    @extend_schema(request=None, responses={200: CampaignSerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        services.campaign_open(campaign=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=None, responses={202: JobSerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return accepted(request, services.campaign_close(campaign=self.get_object(), user=request.user))

    @extend_schema(request=None, responses={200: inline_serializer("RatersSuggested", {
        "added": serializers.IntegerField(help_text="forms added")}), **conflict()})
    @action(detail=True, methods=["post"], url_path="suggest-raters")
    def suggest_raters(self, request, pk=None):
        return Response({"added": services.raters_suggest(campaign=self.get_object())})

    @extend_schema(methods=["get"], responses=RaterSerializer(many=True))
    @extend_schema(methods=["post"], request=RaterAddSerializer, responses={201: RaterSerializer, **conflict()})
    @action(detail=True, methods=["get", "post"])
    def raters(self, request, pk=None):
        """Who rates whom (heads: their departments' cadres), and whether each form is in; never the answers."""
        campaign = self.get_object()
        if request.method == "POST":
            form = RaterAddSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            added = services.rater_add(campaign=campaign, **form.validated_data)
            return Response(RaterSerializer(added).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(selectors.rater_list(campaign=campaign, actor=actor_of(request)))
        return self.get_paginated_response(RaterSerializer(page, many=True).data)

    @extend_schema(responses=CampaignProgressSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def progress(self, request, pk=None):
        """Forms answered per department of the cadres rated (heads: their departments)."""
        found = selectors.progress(campaign=self.get_object(), actor=actor_of(request))
        return Response(CampaignProgressSerializer(found, many=True).data)

    @extend_schema(responses={200: CampaignResultsSerializer, **conflict()})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def results(self, request, pk=None):
        """What the closing computed: Cronbach's alpha per capacity and self-other agreement (409 before)."""
        campaign = self.get_object()
        if not campaign.results:
            raise Conflict(_("The campaign has no results until it is closed."), code="not_closed")
        return Response(CampaignResultsSerializer(campaign.results).data)

    @extend_schema(responses=CampaignScoreSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def scores(self, request, pk=None):
        """Each cadre's five computed scores (heads: their departments' cadres)."""
        page = self.paginate_queryset(selectors.scores(campaign=self.get_object(), actor=actor_of(request)))
        return self.get_paginated_response(CampaignScoreSerializer(page, many=True).data)


class CampaignFormViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """My forms to answer in open campaigns (only mine, whatever my role); one form's items; submit it once,
    every item answered within its scale. What I answered is not shown back."""

    permission_classes = [RolePermission]
    read_roles = write_roles = RATERS
    disclosure = access.CAMPAIGN_FORMS
    filterset_fields = ["campaign"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks without a user
            return CampaignRater.objects.none()
        return selectors.forms_for(actor=actor_of(self.request))

    def get_serializer_class(self):
        return FormDetailSerializer if self.action == "retrieve" else FormSerializer

    @extend_schema(request=FormSubmitSerializer, responses={200: FormSerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        form = FormSubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        answers = {answer["item"]: answer["value"] for answer in form.validated_data["answers"]}
        submitted = services.form_submit(form=self.get_object(), user=request.user, answers=answers)
        return Response(FormSerializer(submitted).data)
