"""The API of cross-department learning groups: groups, members, activities with attendance, suggestions."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sharing.access import LEARNING_GROUPS
from sharing.selectors import groups as selectors_groups
from sharing.serializers.groups import (
    AddMemberSerializer,
    CloseGroupSerializer,
    LearningActivitySerializer,
    LearningGroupSerializer,
    RemoveMemberSerializer,
    SuggestionQuerySerializer,
    SuggestionSerializer,
)
from sharing.services import groups as services_groups
from sharing.views.secondments import SHARING_ROLES
from talent import roles
from talent.access import RolePermission, actor_of

WRITERS = (roles.HR, roles.HEAD)


def _form(serializer_class, data):
    form = serializer_class(data=data)
    form.is_valid(raise_exception=True)
    return form.validated_data


class Refetched(mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Writes answer with the record as the list shows it, annotations and prefetched relations included."""

    def _respond(self, record, status=200):
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data, status=status)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self._respond(serializer.instance, status=201)

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self._respond(serializer.instance)


class LearningGroupViewSet(Refetched, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cross-department digital learning groups (跨部门数字学习小组). Everyone in a sharing role reads them; HR
    and the head of the leader's department manage them. Members come from at least two departments.

    `suggest` proposes experts and learners for a topic, favouring departments that share little.
    """

    permission_classes = [RolePermission]
    disclosure = LEARNING_GROUPS
    read_roles = SHARING_ROLES
    write_roles = WRITERS
    serializer_class = LearningGroupSerializer
    filterset_fields = ["capacity", "leader", "members__department"]
    search_fields = ["name", "topic"]
    ordering_fields = ["started_on", "name"]

    def get_queryset(self):
        return selectors_groups.learning_group_list()

    def perform_create(self, serializer):
        serializer.instance = services_groups.learning_group_create(actor=actor_of(self.request),
                                                                    **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services_groups.learning_group_update(
            actor=actor_of(self.request), group=serializer.instance, **serializer.validated_data)


    @extend_schema(request=AddMemberSerializer, responses=LearningGroupSerializer)
    @action(detail=True, methods=["post"], url_path="add-member")
    def add_member(self, request, pk=None):
        group = self.get_object()
        services_groups.learning_group_add_member(actor=actor_of(request), group=group,
                                                  **_form(AddMemberSerializer, request.data))
        return self._respond(group)

    @extend_schema(request=RemoveMemberSerializer, responses=LearningGroupSerializer)
    @action(detail=True, methods=["post"], url_path="remove-member")
    def remove_member(self, request, pk=None):
        group = self.get_object()
        services_groups.learning_group_remove_member(actor=actor_of(request), group=group,
                                                     **_form(RemoveMemberSerializer, request.data))
        return self._respond(group)

    @extend_schema(request=CloseGroupSerializer, responses=LearningGroupSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        group = services_groups.learning_group_close(actor=actor_of(request), group=self.get_object(),
                                                     **_form(CloseGroupSerializer, request.data))
        return self._respond(group)

    @extend_schema(parameters=[SuggestionQuerySerializer], responses=SuggestionSerializer)
    @action(detail=False, filter_backends=[], pagination_class=None)
    def suggest(self, request):
        query = SuggestionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(SuggestionSerializer(selectors_groups.group_suggestion(
            query=query.query(), actor=actor_of(request))).data)


class LearningActivityViewSet(Refetched, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Study weeks, technical exchange meetings and lectures of the learning groups, with who attended.
    Sending `attendees` (cadre ids) records the attendance of an activity that has started."""

    permission_classes = [RolePermission]
    disclosure = LEARNING_GROUPS
    read_roles = SHARING_ROLES
    write_roles = WRITERS
    serializer_class = LearningActivitySerializer
    filterset_fields = ["group", "kind", "led_by"]
    search_fields = ["title"]
    ordering_fields = ["start_date"]

    def get_queryset(self):
        return selectors_groups.learning_activity_list()

    def perform_create(self, serializer):
        serializer.instance = services_groups.learning_activity_record(actor=actor_of(self.request),
                                                                       **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("group", None)
        serializer.instance = services_groups.learning_activity_update(
            actor=actor_of(self.request), activity=serializer.instance, **data)

