"""My contributions and certificates (/api/v1/me/contributions/, /api/v1/me/certificates/)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from incentives.selectors.certificates import certificate_list
from incentives.serializers.certificates import BadgeCredentialSerializer, CertificateSerializer
from incentives.serializers.cycles import ContributionSerializer
from incentives.views.certificates import credential_download, training_credential_download
from talent import access
from talent.models import TrainingRecord
from talent.views.own_record import OwnRecordView


class OwnContributionsView(OwnRecordView):
    """My contributions (recorded by HR or my head), newest first, with their review state."""

    @extend_schema(responses=ContributionSerializer(many=True))
    def get(self, request):
        cadre = access.own_cadre(request)
        found = cadre.contributions.select_related("cadre__department", "submitted_by", "reviewed_by")
        return Response(ContributionSerializer(found.order_by("-year", "-created_at"), many=True).data)


class OwnCertificatesView(OwnRecordView):
    """My honours and certificates, revoked ones marked so."""

    @extend_schema(responses=CertificateSerializer(many=True))
    def get(self, request):
        found = certificate_list().filter(cadre=access.own_cadre(request)).order_by("-issued_on", "-id")
        return Response(CertificateSerializer(found, many=True).data)


class OwnTrainingCredentialView(OwnRecordView):
    """One of my passed trainings as an Open Badges 3.0 credential (409 unless passed)."""

    @extend_schema(responses=BadgeCredentialSerializer)
    def get(self, request, pk):
        records = TrainingRecord.objects.select_related("cadre", "program")
        return training_credential_download(get_object_or_404(records, pk=pk, cadre=access.own_cadre(request)))


class OwnCertificateCredentialView(OwnRecordView):
    """One of my certificates as an Open Badges 3.0 credential (JSON, with the VC-JWT), to keep or hand on."""

    @extend_schema(responses=BadgeCredentialSerializer)
    def get(self, request, pk):
        return credential_download(get_object_or_404(certificate_list(), pk=pk, cadre=access.own_cadre(request)))
