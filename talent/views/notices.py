"""My notices (core.notices): what waits on me, newest first; mark one or all read. Each user reads only their own:
another's notice is a 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import notices
from core.models import Notice
from talent import access, roles
from talent.access import RolePermission, actor_of
from talent.filters import NoticeFilter
from talent.selectors.notices import notice_list
from talent.serializers.notices import MarkedSerializer, NoticeSerializer


class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """My notices: each step of a workflow that waits on me (a proposal to answer, a secondment to approve or
    complete, a list to approve, study to confirm, vendor staff to reconfirm). `?unread=true` lists the unread."""

    permission_classes = [RolePermission]
    disclosure = access.NOTICES
    read_roles = write_roles = tuple(roles.ROLE_LABELS)
    serializer_class = NoticeSerializer
    queryset = Notice.objects.none()  # for the schema; get_queryset scopes the real one
    filterset_class = NoticeFilter

    def get_queryset(self):
        return notice_list(actor=actor_of(self.request))

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark this notice read (again: nothing changes)."""
        notice = self.get_object()
        notices.mark_read(request.user, [notice.pk])
        notice.refresh_from_db()
        return Response(self.get_serializer(notice).data)

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all my unread notices read."""
        return Response({"marked": notices.mark_read(request.user)})
