from rest_framework import serializers

from talent.access import CREDENTIALS
from talent.models import Cadre, Credential, Proficiency, Skill
from talent.validators import validate_text_line, validate_year_1900_2099

VALIDITY = ["pending", "rejected", "not_yet", "valid", "expiring", "expired"]


class CredentialSerializer(serializers.ModelSerializer):
    """The certificate number is masked unless the view puts reveal_personal_data=True in the context."""

    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    skill_name = serializers.CharField(source="skill.name", read_only=True, default="")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    verified_by_name = serializers.CharField(source="verified_by.get_full_name", read_only=True, default="")
    validity = serializers.SerializerMethodField(help_text=" | ".join(VALIDITY) + " (expiring: within 90 days)")
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = Credential
        fields = ["id", "cadre", "cadre_name", "name", "issuer", "number", "issued_on", "expires_on", "skill",
                  "skill_name", "level", "evidence_name", "has_evidence", "status", "status_label", "validity",
                  "verified_by_name", "verified_at", "certifying", "created_at"]
        read_only_fields = fields

    def get_validity(self, credential) -> str:
        from talent.selectors.credentials import validity
        return validity(credential, today=self.context.get("today"))

    def get_has_evidence(self, credential) -> bool:
        return bool(credential.evidence_name)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return data if self.context.get("reveal_personal_data") else CREDENTIALS.mask(data)


class CredentialAddSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, validators=[validate_text_line])
    issuer = serializers.CharField(max_length=200, validators=[validate_text_line])
    number = serializers.CharField(max_length=100, validators=[validate_text_line])
    issued_on = serializers.DateField(validators=[validate_year_1900_2099])
    expires_on = serializers.DateField(required=False, allow_null=True, validators=[validate_year_1900_2099])
    skill = serializers.PrimaryKeyRelatedField(queryset=Skill.objects.filter(active=True), required=False,
                                               allow_null=True)
    level = serializers.ChoiceField(choices=Proficiency.choices, required=False, allow_null=True)
    evidence = serializers.FileField(required=False, allow_null=True, help_text="PDF, PNG or JPEG, at most 5 MB")


class CredentialHrAddSerializer(CredentialAddSerializer):
    cadre = serializers.PrimaryKeyRelatedField(queryset=Cadre.objects.all())


class CredentialAnswerSerializer(serializers.Serializer):
    verify = serializers.BooleanField(default=True, help_text="false: the credential is not verified")


class CredentialQuerySerializer(serializers.Serializer):
    expiring_within = serializers.IntegerField(min_value=0, max_value=3650, required=False,
                                               help_text="only verified credentials lapsing within this many days")
