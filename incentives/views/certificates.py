"""Certificates: HR issues, prints and revokes them, leadership follows them, and anyone verifies one.

The public check (JSON here, the page at /verify/) needs no login and is rate-limited per client
address by one throttle, shared by both, so the page is no way around the API's limit.
"""

import hashlib
import math
from base64 import b64encode
from functools import cache
from pathlib import Path

import django_filters
from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from core.errors import Conflict
from core.filters import FilterSet
from core.schema import conflict
from incentives import certificates, credentials, jobs
from incentives.access import CERTIFICATES, VERIFICATION
from incentives.models import Certificate, IncentiveCycle
from incentives.selectors import certificates as selectors
from incentives.serializers.certificates import (
    BadgeCredentialSerializer,
    CertificateSerializer,
    CycleCertificatesSerializer,
    RevokeSerializer,
    VerificationSerializer,
    VerifyQuerySerializer,
)
from incentives.services import certificates as services
from talent import roles
from talent.access import TRAINING_RECORDS, RolePermission, actor_of
from talent.models import TrainingRecord, TrainingResult
from talent.selectors import pool as talent_selectors
from talent.serializers.jobs import JobSerializer
from talent.views.jobs import accepted

HR_ONLY = (roles.HR,)
FOLLOWERS = (roles.HR, roles.LEADERSHIP)


class VerificationThrottle(AnonRateThrottle):
    """Counts every request by client address, signed in or not (AnonRateThrottle skips signed-in users)."""

    scope = "certificate_verify"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def pdf_download(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def credential_download(certificate: Certificate) -> Response:
    """The certificate's Open Badges credential as a JSON file to keep or hand on."""
    response = Response(selectors.credential_of(certificate))
    response["Content-Disposition"] = f'attachment; filename="credential-{certificate.serial}.json"'
    return response


def training_credential_download(record: TrainingRecord) -> Response:
    """A passed training record's Open Badges credential as a JSON file; 409 unless passed."""
    if record.result != TrainingResult.PASSED or record.completed_on is None:
        raise Conflict(_("Only a passed training, with the day it was completed, has a credential."),
                       code="training_not_passed")
    response = Response(selectors.training_credential_of(record))
    response["Content-Disposition"] = f'attachment; filename="training-credential-{record.pk}.json"'
    return response


class TrainingCredentialView(APIView):
    """GET: a passed training record as an Open Badges 3.0 credential, the programme its achievement (409 unless
    passed). The same readers and scope as the record itself, GET /api/v1/training/records/{id}/."""

    permission_classes = [RolePermission]
    read_roles, write_roles = (roles.HR, roles.HEAD, roles.LEADERSHIP), ()  # talent's TrainingRecordViewSet's
    disclosure = TRAINING_RECORDS

    @extend_schema(responses={200: BadgeCredentialSerializer, **conflict()})
    def get(self, request, pk):
        return training_credential_download(
            get_object_or_404(talent_selectors.training_record_list(actor=actor_of(request)), pk=pk))


class CertificateFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=[(certificates.VALID, "valid"), (certificates.REVOKED, "revoked")],
                                         method="by_status")

    class Meta:
        model = Certificate
        fields = ["cycle", "cadre", "status"]

    def by_status(self, queryset, name, value):
        return queryset.filter(revoked_at__isnull=value == certificates.VALID)


class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Issued certificates, revoked ones included (filter `status=valid|revoked`). HR and leadership
    read them; HR downloads one as PDF and revokes one, giving a reason."""

    permission_classes = [RolePermission]
    disclosure = CERTIFICATES
    write_roles = HR_ONLY
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    search_fields = ["serial", "recipient_name", "cadre__staff_number", "department_name"]
    ordering_fields = ["issued_at", "serial", "recipient_name", "department_name", "revoked_at"]

    @property
    def read_roles(self):
        return HR_ONLY if self.action == "pdf" else FOLLOWERS

    def get_queryset(self):
        return selectors.certificate_list()

    @extend_schema(request=RevokeSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        form = RevokeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        certificate = services.certificate_revoke(certificate=self.get_object(), actor=actor_of(request),
                                                  reason=form.validated_data["reason"])
        return Response(self.get_serializer(selectors.certificate_list().get(pk=certificate.pk)).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **conflict()})
    @action(detail=True, methods=["get"], filter_backends=[])
    def pdf(self, request, pk=None):
        """The certificate as an A4-landscape PDF. A revoked certificate is not printed (409)."""
        certificate = self.get_object()
        if certificate.revoked:
            raise Conflict(_("A revoked certificate is not printed."), code="certificate_revoked")
        body = selectors.certificates_pdf(chosen=[certificate], title=str(certificate))
        return pdf_download(body, f"certificate-{certificate.serial}.pdf")

    @extend_schema(responses=BadgeCredentialSerializer)
    @action(detail=True, methods=["get"], filter_backends=[])
    def credential(self, request, pk=None):
        """The certificate's Open Badges 3.0 credential, and the same signed as a VC-JWT (EdDSA; the keys at
        /.well-known/jwks.json). A revoked certificate's credential is given too: its status list entry says so."""
        return credential_download(self.get_object())


class CycleCertificatesView(APIView):
    """GET: how many of an approved cycle's honours have certificates, and how many were revoked.
    POST (HR): issue the certificates still missing; running it again issues nothing twice."""

    permission_classes = [RolePermission]
    disclosure = CERTIFICATES
    read_roles, write_roles = FOLLOWERS, HR_ONLY

    @extend_schema(responses=CycleCertificatesSerializer)
    def get(self, request, pk):
        cycle = get_object_or_404(IncentiveCycle, pk=pk)
        return Response(CycleCertificatesSerializer(selectors.cycle_certificates(cycle=cycle)).data)

    @extend_schema(request=None, responses={202: JobSerializer})
    def post(self, request, pk):
        """Issue as a background job: 202 with the job, whose `result` is the summary with `issued_now`."""
        cycle = get_object_or_404(IncentiveCycle, pk=pk)
        return accepted(request, jobs.start_certificates(cycle=cycle, user=request.user))


class CycleCertificatesPdfView(APIView):
    """GET (HR): every certificate of the cycle that is not revoked, one page each, in one PDF."""

    permission_classes = [RolePermission]
    disclosure = CERTIFICATES
    read_roles = write_roles = HR_ONLY

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **conflict()})
    def get(self, request, pk):
        cycle = get_object_or_404(IncentiveCycle, pk=pk)
        chosen = selectors.printable(cycle=cycle)
        if not chosen:
            raise Conflict(_("This cycle has no certificates to print; issue them first."), code="no_certificates")
        body = selectors.certificates_pdf(chosen=chosen, title=selectors.cycle_pdf_title(cycle))
        return pdf_download(body, f"certificates-{cycle.year}-{cycle.pk}.pdf")


def _private(response):
    # The answer may change (a revocation) and names a person, however masked: not for caches or search engines.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


class VerifyView(APIView):
    """Public: is this certificate genuine? Answers valid, revoked or not_found; a wrong code gets the
    same answer as a serial that does not exist. Rate-limited per client address."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    disclosure = VERIFICATION
    throttle_classes = [VerificationThrottle]

    @extend_schema(parameters=[OpenApiParameter("code", str, required=True), OpenApiParameter("s", str)],
                   responses=VerificationSerializer)
    def get(self, request, serial):
        form = VerifyQuerySerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        verification = selectors.certificate_verification(serial=serial, code=form.validated_data["code"],
                                                          signed=form.validated_data.get("s", ""))
        response = Response(VerificationSerializer(verification).data)
        return _private(response)


def verify_page(request, serial: str = ""):
    """The page a QR code opens: /verify/<serial>?code=<code>; /verify/ alone asks for both."""
    throttle = VerificationThrottle()
    if not throttle.allow_request(request, None):
        wait = math.ceil(throttle.wait() or 1)
        response = render(request, "incentives/verify.html", {"throttled": True, "wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return _private(response)
    serial = serial or request.GET.get("serial", "")
    code = request.GET.get("code", "")[:40]
    context = {"serial": serial[:40], "code": code}
    if serial and code:
        context["verification"] = selectors.certificate_verification(serial=serial, code=code,
                                                                     signed=request.GET.get("s", "")[:2000])
    return _private(render(request, "incentives/verify.html", context))


# ---- what anyone needs to check a credential without asking this server ------------------------------------

def _public_json(document: dict, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(document, content_type=content_type, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # a verifier on another site reads it
    return response


def jwks(request):
    """/.well-known/jwks.json: the issuer's public keys, the current one and those retired."""
    response = _public_json(selectors.issuer_keys().jwks(), "application/jwk-set+json")
    response["Cache-Control"] = "public, max-age=300"
    return response


def issuer_profile(request):
    """The bureau's Open Badges issuer profile, which every credential names as its issuer."""
    response = _public_json(selectors.issuer_profile(), "application/ld+json")
    response["Cache-Control"] = "public, max-age=300"
    return response


def status_list(request, name: str):
    """A status list, a signed credential (VC-JWT): `revocation` for certificates, `training` for training
    credentials. A revocation shows in it at once."""
    kinds = {list_name: kind for kind, list_name in credentials.STATUS_LISTS.items()}
    if name not in kinds:
        raise Http404
    response = HttpResponse(selectors.status_list_jwt(kinds[name]), content_type="application/vc+jwt")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    return response


STATIC = Path(__file__).resolve().parent.parent / "static" / "incentives"


@cache
def _inline(name: str) -> tuple[str, str]:
    """A static file's text to put inline, and its CSP hash source."""
    text = (STATIC / name).read_text(encoding="utf-8")
    return text, "'sha256-" + b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def offline_verifier(request):
    """/verify/offline/: one page that checks a QR code's signed texts in the browser, with the public keys in
    it, so that it keeps working saved as a file and opened with no network. Its script and style are inline
    (a saved page has no other files), allowed by their hashes in this page's own CSP, not by 'unsafe-inline'."""
    script, script_hash = _inline("verify_offline.js")
    style, style_hash = _inline("verify.css")
    ring = selectors.issuer_keys()
    keys = {key.kid: key.jwk()["x"] for key in (ring.current, *ring.retired)}
    response = render(request, "incentives/verify_offline.html", {
        "script": script, "style": style, "keys": keys, "issuer": settings.BUREAU_NAME,
        "online": f"{settings.PUBLIC_BASE_URL}/verify/", "status_list": credentials.status_list_url(
            settings.PUBLIC_BASE_URL), "jwks": credentials.jwks_url(settings.PUBLIC_BASE_URL),
    })
    # What django-csp's csp_replace decorator sets; done here because the hashes are known only once the
    # files are read.
    response._csp_replace = {"script-src": [script_hash], "style-src": [style_hash], "connect-src": ["'none'"]}
    return response
