"""Credentials: HR records and verifies them at /api/v1/credentials/ (heads and leadership read, in scope); the
cadre lists and adds their own at /api/v1/me/credentials/. `?expiring_within=90` lists what is about to lapse."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.schema import conflict
from talent import access, roles
from talent.access import RolePermission, actor_of
from talent.models import Credential
from talent.selectors import credentials as selectors
from talent.serializers.credentials import (
    CredentialAddSerializer,
    CredentialAnswerSerializer,
    CredentialHrAddSerializer,
    CredentialQuerySerializer,
    CredentialSerializer,
)
from talent.services import credentials as services
from talent.views.own_record import OwnRecordView


def evidence_response(credential: Credential) -> HttpResponse:
    if not credential.evidence_name:
        raise NotFound(_("No evidence file was attached."))
    response = HttpResponse(bytes(credential.evidence), content_type=credential.evidence_type)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''evidence" + {
        "application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(credential.evidence_type, "")
    response["X-Content-Type-Options"] = "nosniff"
    return response


class CredentialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """Certificates and licences: HR records them (with an evidence file, multipart) and verifies them; a verified
    credential naming a skill and level certifies that skill while it is valid. Numbers are masked except on one
    credential's detail for HR staff who may see personal data. `?expiring_within=N`: verified and lapsing within N
    days, soonest first; `?cadre=`, `?status=`."""

    permission_classes = [RolePermission]
    read_roles, write_roles = (roles.HR, roles.HEAD, roles.LEADERSHIP), (roles.HR,)
    disclosure = access.CREDENTIALS
    serializer_class = CredentialSerializer
    filterset_fields = ["cadre", "status"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        found = selectors.credential_list(actor=actor_of(self.request))
        if self.action == "list":
            form = CredentialQuerySerializer(data=self.request.query_params)
            form.is_valid(raise_exception=True)
            if form.validated_data.get("expiring_within") is not None:
                found = selectors.expiring(found, within_days=form.validated_data["expiring_within"])
        return found

    @extend_schema(parameters=[CredentialQuerySerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        credential = self.get_object()
        reveal = self.disclosure.reveals(actor_of(request), detail=True)
        if reveal:
            from auditlog.signals import accessed
            accessed.send(sender=Credential, instance=credential)
        return Response(CredentialSerializer(credential, context={"reveal_personal_data": reveal}).data)

    @extend_schema(request=CredentialHrAddSerializer, responses={201: CredentialSerializer})
    def create(self, request, *args, **kwargs):
        form = CredentialHrAddSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        added = services.credential_add(by=request.user, **form.validated_data)
        return Response(CredentialSerializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CredentialAnswerSerializer, responses={200: CredentialSerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        form = CredentialAnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        answered = services.credential_verify(credential=self.get_object(), actor=actor_of(request),
                                              verify=form.validated_data["verify"])
        return Response(CredentialSerializer(answered).data)

    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def evidence(self, request, pk=None):
        """The evidence file (PDF, PNG or JPEG); 404 if none was attached."""
        return evidence_response(Credential.objects.get(pk=self.get_object().pk))


class OwnCredentialsView(OwnRecordView):
    """My certificates and licences, numbers in full; add one (multipart, with an evidence file) for HR to verify."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=CredentialSerializer(many=True))
    def get(self, request):
        found = access.own_cadre(request).credentials.select_related("cadre", "skill", "verified_by").defer("evidence")
        return Response(CredentialSerializer(found, many=True, context={"reveal_personal_data": True}).data)

    @extend_schema(request=CredentialAddSerializer, responses={201: CredentialSerializer})
    def post(self, request):
        form = CredentialAddSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        added = services.credential_add(cadre=access.own_cadre(request), by=request.user, **form.validated_data)
        return Response(CredentialSerializer(added, context={"reveal_personal_data": True}).data,
                        status=status.HTTP_201_CREATED)


class OwnCredentialEvidenceView(OwnRecordView):
    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        """The evidence file of one of my credentials."""
        return evidence_response(get_object_or_404(access.own_cadre(request).credentials, pk=pk))
