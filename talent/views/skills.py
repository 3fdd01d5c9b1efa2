"""API for the skills inventory, literacy, training, the talent search, and spreadsheet import/export."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core import tables
from core.api import OneQueryPagination
from core.errors import DomainError
from core.schema import conflict
from talent import access, imports, roles
from talent.access import RolePermission, actor_of
from talent.filters import (
    CadreSkillFilter,
    LiteracyAssessmentFilter,
    SkillFilter,
    TrainingProgramFilter,
    TrainingRecordFilter,
)
from talent.jobs import start_import
from talent.models import (
    CAPACITIES,
    CadreSkill,
    CadreStatus,
    Rank,
    Skill,
    SkillCategory,
    SkillSource,
    Tier,
    TierProfile,
)
from talent.selectors import pool as selectors
from talent.serializers.jobs import JobSerializer
from talent.serializers.skills import (
    CadreSkillChangeSerializer,
    CadreSkillHistorySerializer,
    CadreSkillSerializer,
    LiteracyAssessmentSerializer,
    LiteracySerializer,
    OwnSkillSerializer,
    ProficiencyLevelSerializer,
    RecommendationSerializer,
    SkillCategorySerializer,
    SkillSerializer,
    TalentHitSerializer,
    TalentSearchSerializer,
    TierProfileSerializer,
    TrainingPlanSerializer,
    TrainingProgramSerializer,
    TrainingRecordSerializer,
)
from talent.services import demand as demand_services
from talent.services import pool as services
from talent.views.jobs import accepted

EVERYONE = (roles.HR, roles.HEAD, roles.LEADERSHIP, roles.AUDITOR)
POOL_READERS = (roles.HR, roles.HEAD, roles.LEADERSHIP)
HR_ONLY = (roles.HR,)

# `as` is a Python keyword, so the field is declared through the class dictionary.
ExportFormatSerializer = type("ExportFormatSerializer", (serializers.Serializer,), {
    "as": serializers.ChoiceField(choices=["csv", "xlsx"], default="xlsx"),
})
EXPORT_PARAMETER = OpenApiParameter("as", str, enum=["csv", "xlsx"], description="File format, default xlsx")


def file_response(headers, rows, *, name: str, file_format: str) -> HttpResponse:
    if file_format == "csv":
        body, content_type = tables.write_csv(headers, rows), "text/csv; charset=utf-8"
    else:
        body = tables.write_xlsx(headers, rows, title=name)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


def export_format(request) -> str:
    form = ExportFormatSerializer(data=request.query_params)
    form.is_valid(raise_exception=True)
    return form.validated_data["as"]


class SkillCategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                           mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Skill categories. Everyone with a role reads them; HR edits them."""

    permission_classes = [RolePermission]
    read_roles, write_roles = EVERYONE, HR_ONLY
    disclosure = access.SKILL_CATALOGUE
    serializer_class = SkillCategorySerializer
    queryset = SkillCategory.objects.all()
    pagination_class = None

    def perform_create(self, serializer):
        serializer.instance = services.skill_category_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.skill_category_update(category=serializer.instance,
                                                             **serializer.validated_data)


class SkillViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The skill catalogue. Skills are retired with active=false rather than deleted, so history stays."""

    permission_classes = [RolePermission]
    read_roles, write_roles = EVERYONE, HR_ONLY
    disclosure = access.SKILL_CATALOGUE
    serializer_class = SkillSerializer
    queryset = Skill.objects.select_related("category")
    filterset_class = SkillFilter
    search_fields = ["code", "name", "name_en"]
    ordering_fields = ["code", "name"]

    def perform_create(self, serializer):
        serializer.instance = services.skill_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.skill_update(skill=serializer.instance, **serializer.validated_data)


class ProficiencyLevelView(APIView):
    """The five proficiency levels and what each means."""

    permission_classes = [RolePermission]
    read_roles, write_roles = EVERYONE, ()
    disclosure = access.SKILL_CATALOGUE

    @extend_schema(responses=ProficiencyLevelSerializer(many=True))
    def get(self, request):
        return Response(ProficiencyLevelSerializer(ProficiencyLevelSerializer.levels(), many=True).data)


class CadreSkillViewSet(viewsets.ModelViewSet):
    """Cadres' skills. HR records and changes them; a change archives the old level (see
    /cadres/{id}/skill-history/). HR or the cadre's own department head verifies; nobody verifies
    their own skills."""

    permission_classes = [RolePermission]
    read_roles = POOL_READERS
    disclosure = access.CADRE_SKILLS
    serializer_class = CadreSkillSerializer
    filterset_class = CadreSkillFilter
    ordering_fields = ["level", "since", "verified_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @property
    def write_roles(self):
        return (roles.HR, roles.HEAD) if self.action == "verify" else HR_ONLY

    def get_queryset(self):
        return selectors.cadre_skill_list(actor=actor_of(self.request))

    def get_serializer_class(self):
        return CadreSkillChangeSerializer if self.action == "partial_update" else CadreSkillSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.cadre_skill_set(
            cadre=data["cadre"], skill=data["skill"], level=data["level"],
            source=data.get("source", SkillSource.SELF_DECLARED), evidence=data.get("evidence", ""),
            by=self.request.user,
        )

    @extend_schema(request=CadreSkillChangeSerializer, responses=CadreSkillSerializer)
    def partial_update(self, request, *args, **kwargs):
        held = self.get_object()
        form = CadreSkillChangeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        held = services.cadre_skill_set(cadre=held.cadre, skill=held.skill, by=request.user, **form.validated_data)
        return Response(CadreSkillSerializer(held).data)

    def perform_destroy(self, instance):
        services.cadre_skill_remove(cadre_skill=instance, by=self.request.user)

    @extend_schema(request=None, responses=CadreSkillSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        held = services.cadre_skill_verify(cadre_skill=self.get_object(), actor=actor_of(request))
        return Response(CadreSkillSerializer(held).data)


class OwnSkillsView(APIView):
    """Your own skills, if your login is linked to a cadre: read them, or declare one (self-declared,
    to be verified by HR or your department head). A level HR assessed or a certificate proved is
    changed by HR only (409)."""

    disclosure = access.OWN_RECORD
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CadreSkillSerializer(many=True))
    def get(self, request):
        held = CadreSkill.objects.filter(cadre=access.own_cadre(request))
        held = held.select_related("cadre", "skill", "verified_by")
        return Response(CadreSkillSerializer(held, many=True).data)

    @extend_schema(request=OwnSkillSerializer, responses={201: CadreSkillSerializer, **conflict()})
    def post(self, request):
        form = OwnSkillSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        held = services.cadre_skill_declare(cadre=access.own_cadre(request), by=request.user, **form.validated_data)
        return Response(CadreSkillSerializer(held).data, status=status.HTTP_201_CREATED)


class CadreDetailView(APIView):
    """Base for reads about one cadre the user may see (404 otherwise)."""

    permission_classes = [RolePermission]
    read_roles, write_roles = POOL_READERS, ()

    def cadre(self, request, pk):
        return get_object_or_404(selectors.cadre_list(actor=actor_of(request)), pk=pk)


class CadreSkillHistoryView(CadreDetailView):
    """Every level this cadre held before, newest first."""

    disclosure = access.CADRE_SKILLS

    @extend_schema(responses=CadreSkillHistorySerializer(many=True),
                   parameters=[OpenApiParameter("skill", str, description="Only this skill code")])
    def get(self, request, pk):
        history = selectors.cadre_skill_history(cadre=self.cadre(request, pk))
        if request.query_params.get("skill"):
            history = history.filter(skill__code=request.query_params["skill"].upper())
        return Response(CadreSkillHistorySerializer(history, many=True).data)


class CadreLiteracyView(CadreDetailView):
    """The cadre's latest literacy assessment, composite score and gap to their tier's target."""

    disclosure = access.LITERACY

    @extend_schema(responses=LiteracySerializer)
    def get(self, request, pk):
        cadre = self.cadre(request, pk)
        picture = selectors.literacy_of(cadre_ids=[cadre.pk]).get(cadre.pk)
        return Response(LiteracySerializer(LiteracySerializer.picture(cadre, picture)).data)


class CadreRecommendationsView(CadreDetailView):
    """Training programs that close this cadre's largest gaps for their tier, not yet passed."""

    disclosure = access.LITERACY

    @extend_schema(responses=RecommendationSerializer(many=True))
    def get(self, request, pk):
        found = selectors.cadre_recommendations(cadre=self.cadre(request, pk))
        return Response(RecommendationSerializer(found, many=True).data)


class LiteracyAssessmentViewSet(viewsets.ModelViewSet):
    """Literacy assessments. HR records them; the newest per cadre is flagged `is_latest`."""

    permission_classes = [RolePermission]
    read_roles, write_roles = POOL_READERS, HR_ONLY
    disclosure = access.LITERACY
    serializer_class = LiteracyAssessmentSerializer
    filterset_class = LiteracyAssessmentFilter
    ordering_fields = ["assessed_on", "period"]

    def get_queryset(self):
        return selectors.assessment_list(actor=actor_of(self.request))

    def perform_create(self, serializer):
        data = {"assessor": self.request.user, **serializer.validated_data}
        serializer.instance = services.assessment_record(**data)

    def perform_update(self, serializer):
        serializer.instance = services.assessment_update(assessment=serializer.instance,
                                                         **serializer.validated_data)

    def perform_destroy(self, instance):
        services.assessment_delete(assessment=instance)


class TierProfileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                         viewsets.GenericViewSet):
    """What each tier needs: capacity weights (they must add up to 1) and targets. HR tunes them."""

    permission_classes = [RolePermission]
    read_roles, write_roles = EVERYONE, HR_ONLY
    disclosure = access.TIER_PROFILES
    serializer_class = TierProfileSerializer
    queryset = TierProfile.objects.all()
    pagination_class = None

    def perform_update(self, serializer):
        serializer.instance = services.tier_profile_update(profile=serializer.instance,
                                                           **serializer.validated_data)


class TrainingProgramViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Training programs: the capacities and skills they build and the tiers they are for. A skill with
    `raises_to` is raised to that level for a cadre who passes."""

    permission_classes = [RolePermission]
    read_roles, write_roles = EVERYONE, HR_ONLY
    disclosure = access.TRAINING_PROGRAMS
    serializer_class = TrainingProgramSerializer
    search_fields = ["code", "name", "provider"]
    filterset_class = TrainingProgramFilter

    def get_queryset(self):
        return selectors.training_program_list()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.training_program_create(skills=data.pop("program_skills", []), **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.training_program_update(program=serializer.instance,
                                                               skills=data.pop("program_skills", None), **data)


class TrainingRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                            mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Who took which program, for how long, with what result. Passing may raise skill levels."""

    permission_classes = [RolePermission]
    read_roles, write_roles = POOL_READERS, HR_ONLY
    disclosure = access.TRAINING_RECORDS
    serializer_class = TrainingRecordSerializer
    filterset_class = TrainingRecordFilter

    def get_queryset(self):
        return selectors.training_record_list(actor=actor_of(self.request))

    def perform_create(self, serializer):
        serializer.instance = services.training_record_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.training_record_update(record=serializer.instance, by=self.request.user,
                                                              **serializer.validated_data)


class TrainingPlanView(APIView):
    """The bureau training plan: for each program, the cadres it should reach, by department and tier."""

    permission_classes = [RolePermission]
    read_roles, write_roles = (roles.HR, roles.LEADERSHIP), ()
    disclosure = access.TRAINING_PROGRAMS

    @extend_schema(responses=TrainingPlanSerializer(many=True))
    def get(self, request):
        return Response(TrainingPlanSerializer(selectors.training_plan(), many=True).data)


SEARCH_PARAMETERS = [
    OpenApiParameter("skill", str, many=True, description="CODE:LEVEL, repeatable; all are required"),
    OpenApiParameter("any_skill", str, many=True, description="CODE:LEVEL, repeatable; one is enough"),
    OpenApiParameter("department", int, description="Department id; sub-units included"),
    OpenApiParameter("tier", str, many=True, enum=Tier.values),
    OpenApiParameter("rank", str, many=True, enum=Rank.values),
    OpenApiParameter("status", str, many=True, enum=CadreStatus.values,
                     description="Default: everyone but those who left"),
    *[OpenApiParameter(f"min_{c}", int, description=f"Minimum {c} score, 0-100") for c in CAPACITIES],
    OpenApiParameter("min_composite", OpenApiTypes.DECIMAL, description="Minimum composite score"),
    OpenApiParameter("q", str, description="Free text in name, staff number, post title"),
    OpenApiParameter("sort", str, enum=["match", "composite"]),
]


class TalentSearchView(APIView):
    """Who can do X at level Y? Cadres holding ALL `skill` requirements (and one of `any_skill`), with
    filters, sorted by match (explained per result) or composite literacy score, paginated.

    Department heads search the whole bureau but see summaries (name, department, tier, matching
    skills) for cadres outside their departments."""

    replica_reads = True  # core.replicas: a heavy read

    permission_classes = [RolePermission]
    read_roles, write_roles = POOL_READERS, ()
    disclosure = access.TALENT_SEARCH
    pagination_class = OneQueryPagination  # also tells the schema that the answer is a page

    @extend_schema(parameters=SEARCH_PARAMETERS, responses=TalentHitSerializer(many=True))
    def get(self, request):
        form = TalentSearchSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        query = form.query()
        skills = selectors.search_skills(query)
        paginator = self.pagination_class()
        hits = paginator.paginate_rows(lambda start, size: selectors.talent_search_page(
            query=query, skills=skills, actor=actor_of(request), start=start, size=size), request)
        demand_services.count_search(query=query, skills=skills, found_anyone=bool(hits))
        return paginator.get_paginated_response(hits)


class TalentSearchExportView(TalentSearchView):
    """The same search, every result, as a CSV or XLSX file."""

    @extend_schema(parameters=[*SEARCH_PARAMETERS, EXPORT_PARAMETER], responses={(200, "*/*"): OpenApiTypes.BINARY})
    def get(self, request):
        file_format = export_format(request)
        form = TalentSearchSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        query = form.query()
        cadres, skills = selectors.talent_search(query=query, actor=actor_of(request))
        headers, rows = selectors.talent_search_table(query=query, cadres=cadres, skills=skills,
                                                      actor=actor_of(request))
        return file_response(headers, rows, name="talent-search", file_format=file_format)


class ImportView(APIView):
    """Import cadres, cadre skills or assessments from CSV or XLSX (Chinese headers accepted).

    `dry_run=true` checks the file at once and reports every bad row without writing (200). Otherwise the
    import runs as a background job: 202 with the job, whose address is in Location; the job's `result` is
    the report, or its `error` lists the bad rows (one bad row: nothing written). Rows are
    matched by staff number, so importing the same file twice changes nothing the second time."""

    permission_classes = [RolePermission]
    read_roles, write_roles = HR_ONLY, HR_ONLY
    disclosure = access.CADRE_TABLES
    parser_classes = [MultiPartParser, FormParser]

    class Form(serializers.Serializer):
        file = serializers.FileField()
        dry_run = serializers.BooleanField(default=False)

    @extend_schema(
        request=Form,
        responses={202: JobSerializer, 200: inline_serializer("ImportReport", {
            "kind": serializers.CharField(), "dry_run": serializers.BooleanField(),
            "valid": serializers.BooleanField(), "rows": serializers.IntegerField(),
            "created": serializers.IntegerField(), "updated": serializers.IntegerField(),
            "unchanged": serializers.IntegerField(), "errors": serializers.ListField(child=serializers.DictField()),
        })},
    )
    def post(self, request, kind):
        form = self.Form(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > tables.MAX_BYTES:
            raise DomainError(_("The file is larger than 30 MB."), code="bad_file",
                              fields={"file": [_("The file is larger than 30 MB.")]})
        if form.validated_data["dry_run"]:
            return Response(imports.import_file(kind=kind, data=upload.read(), filename=upload.name, dry_run=True,
                                                user=request.user))
        job = start_import(kind=kind, data=upload.read(), filename=upload.name, user=request.user)
        return accepted(request, job)


class ExportView(APIView):
    """Cadres, cadre skills or assessments as CSV or XLSX, in the shape the import reads. Citizen ID
    and phone are masked unless you may see personal data."""

    replica_reads = True  # core.replicas: a heavy read

    permission_classes = [RolePermission]
    read_roles, write_roles = HR_ONLY, ()
    disclosure = access.CADRE_TABLES

    @extend_schema(parameters=[EXPORT_PARAMETER], responses={(200, "*/*"): OpenApiTypes.BINARY})
    def get(self, request, kind):
        file_format = export_format(request)
        headers, rows = imports.export_table(kind=kind, reveal_personal_data=actor_of(request).may_see_personal_data,
                                             user=request.user)
        return file_response(headers, rows, name=kind, file_format=file_format)
