from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from incentives import certificates
from incentives.models import Certificate
from incentives.selectors import certificates as selectors
from talent.serializers.people import who

STATUS_CHOICES = [(certificates.VALID, _("valid")), (certificates.REVOKED, _("revoked"))]


class CertificateSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    code = serializers.SerializerMethodField(help_text="The verification code as printed.")
    verification_url = serializers.SerializerMethodField(help_text="What the QR code opens.")
    staff_number = serializers.CharField(source="cadre.staff_number", read_only=True)
    issued_by, issued_by_name = who("issued_by")
    revoked_by, revoked_by_name = who("revoked_by")

    class Meta:
        model = Certificate
        fields = ["id", "serial", "status", "code", "verification_url", "cycle", "cycle_title", "cadre", "staff_number",
                  "recipient_name", "department_name", "honour", "issuer", "issued_on", "issued_at", "issued_by",
                  "issued_by_name", "revoked_at", "revoked_by", "revoked_by_name", "revocation_reason"]

    @extend_schema_field(serializers.ChoiceField(choices=STATUS_CHOICES))
    def get_status(self, certificate) -> str:
        return certificates.REVOKED if certificate.revoked else certificates.VALID

    def get_code(self, certificate) -> str:
        return certificates.format_code(selectors.code_of(certificate))

    @extend_schema_field(OpenApiTypes.URI)
    def get_verification_url(self, certificate) -> str:
        return selectors.verification_url_of(certificate)


class BadgeCredentialSerializer(serializers.Serializer):
    credential = serializers.JSONField(help_text="The Open Badges 3.0 OpenBadgeCredential (W3C VC 2.0), unsigned.")
    vc_jwt = serializers.CharField(help_text="The same credential signed as a VC-JWT: EdDSA, kid in the header, "
                                             "the keys at /.well-known/jwks.json.")


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class CycleCertificatesSerializer(serializers.Serializer):
    cycle = serializers.IntegerField(source="cycle.pk")
    cycle_status = serializers.CharField(source="cycle.status")
    honours = serializers.IntegerField(help_text="Honours on the approved list.")
    issued = serializers.IntegerField(help_text="Certificates issued, revoked ones included.")
    valid = serializers.IntegerField()
    revoked = serializers.IntegerField()
    not_issued = serializers.IntegerField(help_text="Honours without a certificate yet.")


class IssuedSerializer(CycleCertificatesSerializer):
    issued_now = serializers.IntegerField(help_text="Certificates issued by this request.")


class VerifyQuerySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="The verification code printed on the certificate.")
    s = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                              help_text="The signed texts the QR code carries (its `s`): checked too when given.")


class VerificationSerializer(serializers.Serializer):
    """What anyone may learn: the answer, and for a real certificate the masked name, honour, cycle and issuer."""

    status = serializers.ChoiceField(choices=[certificates.VALID, certificates.REVOKED, certificates.NOT_FOUND])
    message = serializers.CharField()
    # Null when no certificate matches (status not_found).
    serial = serializers.CharField(source="certificate.serial", default=None, allow_null=True)
    name = serializers.CharField(source="masked_name", allow_null=True, help_text="Masked: 李*, 欧**华.")
    honour = serializers.CharField(source="certificate.honour", default=None, allow_null=True)
    cycle = serializers.CharField(source="certificate.cycle_title", default=None, allow_null=True)
    issuer = serializers.CharField(source="certificate.issuer", default=None, allow_null=True)
    issued_on = serializers.DateField(source="certificate.issued_on", default=None, allow_null=True)
    revoked_on = serializers.SerializerMethodField(help_text="Null unless revoked.")

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_revoked_on(self, verification):
        certificate = verification.certificate
        return timezone.localdate(certificate.revoked_at) if certificate and certificate.revoked else None
