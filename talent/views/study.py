"""Self-study: the cadre logs it under /api/v1/me/study/; HR or their head confirms it at /api/v1/self-study/."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.schema import conflict
from talent import access, roles
from talent.access import RolePermission, actor_of
from talent.selectors import pool as selectors
from talent.serializers.study import SelfStudyLogSerializer, SelfStudySerializer, StudyAnswerSerializer
from talent.services import study as services
from talent.views.own_record import OwnRecordView


class OwnStudyView(OwnRecordView):
    """My self-study log: read it, or log study (a program or a topic, hours, date, an evidence link)."""

    @extend_schema(responses=SelfStudySerializer(many=True))
    def get(self, request):
        found = access.own_cadre(request).self_study.select_related("cadre", "program", "confirmed_by")
        return Response(SelfStudySerializer(found, many=True).data)

    @extend_schema(request=SelfStudyLogSerializer, responses={201: SelfStudySerializer})
    def post(self, request):
        form = SelfStudyLogSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        logged = services.self_study_log(cadre=access.own_cadre(request), **form.validated_data)
        return Response(SelfStudySerializer(logged).data, status=status.HTTP_201_CREATED)


class SelfStudyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Self-study cadres logged: HR sees all, a head their departments'; either confirms (or turns down) it."""

    permission_classes = [RolePermission]
    read_roles = write_roles = (roles.HR, roles.HEAD)
    disclosure = access.SELF_STUDY
    serializer_class = SelfStudySerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.self_study_list(actor=actor_of(self.request))

    @extend_schema(request=StudyAnswerSerializer, responses={200: SelfStudySerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        form = StudyAnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        answered = services.self_study_confirm(study=self.get_object(), actor=actor_of(request),
                                               confirm=form.validated_data["confirm"])
        return Response(SelfStudySerializer(answered).data)
