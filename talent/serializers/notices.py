from rest_framework import serializers

from core.models import Notice


class NoticeSerializer(serializers.ModelSerializer):
    """Something that waited on me: what it is (`kind`), in words, and the workspace page to open (`link`, a path;
    empty when there is none). `read_at` is null until I mark it read."""

    class Meta:
        model = Notice
        fields = ["id", "kind", "title", "text", "link", "created_at", "read_at"]
        read_only_fields = fields


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many unread notices were marked read.")
