from rest_framework import serializers

from talent.models import PostKind


class PostLineSerializer(serializers.Serializer):
    """One line of a post history (任职经历): a post, or a secondment read from the sharing app."""

    department_name = serializers.CharField()
    post_title = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True, help_text="Empty: held now")
    kind = serializers.ChoiceField(choices=PostKind.choices)
    kind_label = serializers.CharField()
