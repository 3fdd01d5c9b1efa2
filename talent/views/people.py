from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import TotalInPagePagination
from core.auth import AuditedTokenAuthentication, LoginThrottle, issue_token
from core.errors import Forbidden
from core.schema import ErrorSerializer, conflict
from talent import access, roles
from talent.access import RolePermission, actor_of
from talent.filters import CadreFilter, DepartmentFilter, LogEntryFilter
from talent.middleware import PASSWORD_CHANGE_REQUIRED, password_change_message
from talent.models import Department
from talent.selectors import pool as selectors
from talent.serializers.people import (
    CadreLoginRequestSerializer,
    CadreLoginsRequestSerializer,
    CadreLoginsSerializer,
    CadreSerializer,
    DepartmentSerializer,
    DepartmentTreeSerializer,
    LogEntrySerializer,
    MeSerializer,
    NewLoginSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)
from talent.services import logins
from talent.services import pool as services
from talent.services.logins import password_change_due

ALL_ROLES = (roles.HR, roles.HEAD, roles.LEADERSHIP, roles.AUDITOR)


class TokenView(APIView):
    """Log in for an API token, or log out by revoking the token you call with."""

    disclosure = access.SIGN_IN
    throttle_classes = [LoginThrottle]

    def initialize_request(self, request, *args, **kwargs):
        # A login ignores credentials sent along, so a client still holding a revoked token can log in again.
        self.authentication_classes = [AuditedTokenAuthentication] if request.method == "DELETE" else []
        return super().initialize_request(request, *args, **kwargs)

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    def get_throttles(self):
        return [] if self.request.method == "DELETE" else super().get_throttles()  # a logout is no attempt

    def get_authenticate_header(self, request):
        # Without it DRF turns a failed login into 403, which clients read as "signed in but not allowed".
        return "Token"

    @extend_schema(summary="Exchange a username and password for an API token",
                   request=TokenRequestSerializer,
                   responses={200: TokenSerializer,
                              401: OpenApiResponse(ErrorSerializer, "Wrong username or password, or an inactive user"),
                              403: OpenApiResponse(ErrorSerializer, "password_change_required: a first password "
                                                   "chosen by HR; set your own at /password/ first")})
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(request, **form.validated_data)
        if user is None or not user.is_active:
            raise AuthenticationFailed(_("Wrong username or password."))
        if password_change_due(user):
            raise Forbidden(password_change_message(), code=PASSWORD_CHANGE_REQUIRED)
        token = issue_token(user)
        user_logged_in.send(sender=type(user), request=request, user=user)
        return Response({"token": token.key})

    @extend_schema(summary="Revoke the token sent with this request; it gets 401 from then on",
                   request=None, responses={204: None})
    def delete(self, request):
        request.auth.delete()
        user_logged_out.send(sender=type(request.user), request=request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    disclosure = access.OWN_RECORD
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        actor = actor_of(request)
        user = request.user
        cadre = getattr(user, "cadre", None)
        data = {
            "username": user.get_username(),
            "full_name": user.get_full_name(),
            "roles": [{"code": r, "label": roles.ROLE_LABELS[r]} for r in sorted(actor.roles)
                      if r in roles.ROLE_LABELS],
            "departments": Department.objects.filter(id__in=actor.headed_department_ids),
            "cadre": cadre.pk if cadre else None,
            "may_see_personal_data": actor.may_see_personal_data,
        }
        return Response(MeSerializer(data).data)


class DepartmentViewSet(viewsets.ModelViewSet):
    """The department tree. Everyone with a role reads it; HR edits it."""

    permission_classes = [RolePermission]
    read_roles = ALL_ROLES
    write_roles = (roles.HR,)
    disclosure = access.DEPARTMENTS
    serializer_class = DepartmentSerializer
    queryset = Department.objects.prefetch_related("heads")
    filterset_class = DepartmentFilter
    search_fields = ["name", "code"]
    ordering_fields = ["code", "name"]

    def perform_create(self, serializer):
        serializer.instance = services.department_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.department_update(department=serializer.instance,
                                                         **serializer.validated_data)

    def perform_destroy(self, instance):
        services.department_delete(department=instance)

    @extend_schema(responses=DepartmentTreeSerializer(many=True), filters=False)
    @action(detail=False, pagination_class=None, filter_backends=[])
    def tree(self, request):
        return Response(selectors.department_tree())


class CadreViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Cadres. HR and leadership see all departments, a head their own and its sub-units.

    Citizen ID and phone are masked everywhere except one cadre's detail, for HR staff holding
    the personal-data permission; each such read is written to the audit trail. Cadres are never
    deleted: set status to "left".
    """

    permission_classes = [RolePermission]
    read_roles = (roles.HR, roles.HEAD, roles.LEADERSHIP)
    write_roles = (roles.HR,)
    disclosure = access.CADRES
    serializer_class = CadreSerializer
    pagination_class = TotalInPagePagination
    filterset_class = CadreFilter
    search_fields = ["name", "staff_number"]
    ordering_fields = ["staff_number", "name", "hire_date", "rank"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.cadre_rows(actor=actor_of(self.request))
        return selectors.cadre_records(actor=actor_of(self.request))

    def retrieve(self, request, *args, **kwargs):
        cadre = self.get_object()
        reveal = self.disclosure.reveals(actor_of(request), detail=True)
        if reveal:
            accessed.send(sender=type(cadre), instance=cadre)
        serializer = self.get_serializer(cadre, context={**self.get_serializer_context(),
                                                         "reveal_personal_data": reveal})
        return Response(serializer.data)

    def perform_create(self, serializer):
        serializer.instance = services.cadre_create(**serializer.validated_data)

    def perform_update(self, serializer):
        # A new cadre's personal data is entered by any HR user; a stored value is written over only by who
        # may see it (talent.access.refuse_personal_writes).
        access.refuse_personal_writes(actor_of(self.request), self.disclosure.personal_in(serializer.validated_data))
        serializer.instance = services.cadre_update(cadre=serializer.instance, **serializer.validated_data)

    @extend_schema(summary="Create this cadre's login (HR); the password is shown in this answer only",
                   request=CadreLoginRequestSerializer, responses={201: NewLoginSerializer, **conflict()})
    @action(detail=True, methods=["post"])
    def login(self, request, pk=None):
        form = CadreLoginRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        made = logins.cadre_login_create(cadre=self.get_object(), password=form.validated_data.get("password"))
        return Response(NewLoginSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Create logins with random passwords for several cadres (HR); shown in this answer only",
                   request=CadreLoginsRequestSerializer, responses={201: CadreLoginsSerializer})
    @action(detail=False, methods=["post"], url_path="logins", pagination_class=None, filter_backends=[])
    def logins(self, request):
        form = CadreLoginsRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        created, skipped = logins.cadre_logins_create(cadres=form.validated_data["cadres"])
        return Response(CadreLoginsSerializer({"created": created, "skipped_ids": [c.pk for c in skipped]}).data,
                        status=status.HTTP_201_CREATED)


class AuditLogViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail: every create, update and delete, and every read of unmasked personal data."""

    permission_classes = [RolePermission]
    read_roles = (roles.AUDITOR,)
    write_roles = ()
    disclosure = access.AUDIT_TRAIL
    serializer_class = LogEntrySerializer
    pagination_class = TotalInPagePagination
    queryset = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    filterset_class = LogEntryFilter
    search_fields = ["object_repr"]
    ordering_fields = ["timestamp"]

