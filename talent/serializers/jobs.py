from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import JobRecord


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    stage = serializers.CharField()


class JobErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(required=False)


class JobSerializer(serializers.ModelSerializer):
    """A background job: what it is, who started it, how far it got, and how it ended."""

    url = serializers.HyperlinkedIdentityField(view_name="job-detail")
    started_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    progress = serializers.SerializerMethodField()
    error = JobErrorSerializer(read_only=True, allow_null=True)
    result = serializers.JSONField(read_only=True, allow_null=True,
                                   help_text="The body the synchronous call answered (null until it succeeded).")

    class Meta:
        model = JobRecord
        fields = ["id", "url", "kind", "title", "status", "progress", "result", "error", "http_status",
                  "started_by",
                  "created_at", "started_at", "finished_at"]
        read_only_fields = fields

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, job) -> dict:
        return {"done": job.done, "total": job.total, "stage": job.stage}
