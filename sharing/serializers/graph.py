from rest_framework import serializers


class GraphQuerySerializer(serializers.Serializer):
    silo_months = serializers.IntegerField(min_value=1, max_value=120, default=12,
                                           help_text="a department with no sharing for this long is a silo")
    density_points = serializers.IntegerField(min_value=1, max_value=40, default=8,
                                              help_text="density at today and every three months before")
    limit = serializers.IntegerField(min_value=1, max_value=500, default=20,
                                     help_text="brokers and bridging cadres listed")


class DepartmentNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    degree = serializers.IntegerField(help_text="departments it has shared with")
    weighted_degree = serializers.FloatField(help_text="its ties' weights added up (rating and recency included)")
    betweenness = serializers.FloatField(help_text="0-1: share of shortest paths between others through it")
    community = serializers.IntegerField(allow_null=True, help_text="index in communities; null: in none")
    silo = serializers.BooleanField()
    last_shared = serializers.DateField(allow_null=True)
    isolation = serializers.FloatField(help_text="0-1: 1 for a silo, otherwise exp(-weighted degree)")


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CommunitySerializer(serializers.Serializer):
    index = serializers.IntegerField()
    departments = NamedSerializer(many=True)


class DensitySerializer(serializers.Serializer):
    date = serializers.DateField()
    density = serializers.FloatField(help_text="share of department pairs tied in the window up to the date")
    pairs = serializers.IntegerField()


class BridgeSerializer(serializers.Serializer):
    cadre = serializers.IntegerField()
    name = serializers.CharField()
    staff_number = serializers.CharField()
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    reaches = NamedSerializer(many=True, help_text="departments their secondments and groups tie theirs to")
    sole_links = NamedSerializer(many=True, help_text="of those, the ones that would be lost without them")
    weight = serializers.FloatField()


class SharingGraphSerializer(serializers.Serializer):
    today = serializers.DateField()
    silo_months = serializers.IntegerField()
    departments = DepartmentNodeSerializer(many=True)
    edges = serializers.IntegerField(help_text="pairs of departments tied")
    brokers = DepartmentNodeSerializer(many=True)
    silos = DepartmentNodeSerializer(many=True)
    communities = CommunitySerializer(many=True)
    density = DensitySerializer(many=True)
    bridging_cadres = BridgeSerializer(many=True)
