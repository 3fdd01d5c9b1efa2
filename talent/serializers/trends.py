from django.utils.translation import gettext as _
from rest_framework import serializers

from talent.selectors import trends


class TrendQuerySerializer(serializers.Serializer):
    """The query of /trends/: a metric, and optionally the first and last day (from, to: YYYY-MM-DD)."""

    def get_fields(self):
        return {
            "metric": serializers.ChoiceField(choices=sorted(trends.METRICS.items())),
            "from": serializers.DateField(required=False),
            "to": serializers.DateField(required=False),
        }

    def validate(self, attrs):
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": _("The last day comes before the first.")})
        return attrs


class TrendPointSerializer(serializers.Serializer):
    metric = serializers.CharField()
    scope = serializers.CharField(help_text="bureau, tier:<tier> or department:<id>")
    scope_label = serializers.CharField()
    day = serializers.DateField()
    value = serializers.DecimalField(max_digits=12, decimal_places=4)
