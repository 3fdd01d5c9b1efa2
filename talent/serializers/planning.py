"""Serializers for workforce plans and their gap reports, talent profiles and the outsourcing registry."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from core.api import ModelLabels
from talent import planning, registry
from talent.access import VENDOR_STAFF
from talent.models import (
    PERIOD_VALIDATOR,
    Cadre,
    CadreStatus,
    Capacity,
    InformationSystem,
    PlanLine,
    PlanPriority,
    Proficiency,
    Skill,
    Tier,
    Vendor,
    VendorStaff,
    WorkforcePlan,
)
from talent.selectors.planning import skill_shortage, staff_issues
from talent.serializers.people import CodeField, who
from talent.validators import validate_credit_code, validate_year_1900_2099

RECOMMENDATION_LABELS = {
    "train": gettext_lazy("train own cadres"),
    "borrow": gettext_lazy("borrow from another department"),
    "recruit": gettext_lazy("recruit"),
    planning.FILLED: gettext_lazy("filled"),
}
HEALTH_CHECK_LABELS = {
    registry.NO_RESPONSIBLE_CADRE: gettext_lazy("no responsible cadre in the bureau"),
    registry.ACCESS_BEYOND_CONTRACT: gettext_lazy("access beyond the end of the contract"),
    registry.NO_CONFIDENTIALITY_AGREEMENT: gettext_lazy("access without a confidentiality agreement"),
    registry.RECONFIRMATION_OVERDUE: gettext_lazy("reconfirmation overdue"),
    registry.EXPIRED_CONTRACT: gettext_lazy("contract expired, staff still registered"),
    registry.TRANSFER_OVERDUE: gettext_lazy("knowledge transfer overdue"),
    registry.NO_MAINTAINER: gettext_lazy("system without an in-house maintainer"),
    registry.MAINTAINER_LACKS_SKILLS: gettext_lazy("maintainer lacks the system's critical skills"),
    registry.BUILT_NOT_MAINTAINED: gettext_lazy("built but not maintained"),
}
# Who maintains, succeeds or receives knowledge: a cadre still in the bureau.
IN_BUREAU = Cadre.objects.exclude(status=CadreStatus.LEFT)


class NamedRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- workforce plans ------------------------------------------------------------------------------------

class PlanLineSkillSerializer(serializers.Serializer):
    skill = CodeField(queryset=Skill.objects.filter(active=True),
                                         help_text="Skill code")
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    min_level = serializers.ChoiceField(choices=Proficiency.choices)


class PlanLineSerializer(serializers.ModelSerializer):
    requirements = PlanLineSkillSerializer(many=True, allow_empty=False)

    class Meta:
        model = PlanLine
        fields = ["id", "post", "headcount", "priority", "min_education", "min_professional_title", "notes",
                  "requirements"]

    def validate_requirements(self, value):
        codes = [item["skill"].code for item in value]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Each skill may be named once per post."))
        return value


class WorkforcePlanSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    created_by, created_by_name = who("created_by")
    lines = PlanLineSerializer(many=True, allow_empty=False)

    class Meta:
        model = WorkforcePlan
        fields = ["id", "department", "department_name", "period", "title", "notes", "lines", "created_by",
                  "created_by_name", "created_at", "updated_at"]
        validators = []  # the service reports a second plan for the same department and period


class PeriodSerializer(serializers.Serializer):
    period = serializers.CharField(max_length=7, validators=[PERIOD_VALIDATOR])


class RequirementSerializer(serializers.Serializer):
    skill = serializers.CharField()
    name = serializers.CharField()
    min_level = serializers.IntegerField()


class ShortfallSerializer(serializers.Serializer):
    skill = serializers.CharField()
    name = serializers.CharField()
    levels = serializers.IntegerField(help_text="Levels short of the minimum (a skill not held counts as 0)")


class TraineeSerializer(serializers.Serializer):
    cadre = NamedRef()
    shortfall = ShortfallSerializer(many=True)
    programs = NamedRef(many=True)


class BorrowableSerializer(NamedRef):
    department_id = serializers.IntegerField()
    department = serializers.CharField()


class LineGapSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    post = serializers.CharField()
    priority = serializers.CharField()
    headcount = serializers.IntegerField()
    requirements = RequirementSerializer(many=True)
    min_education = serializers.CharField()
    min_professional_title = serializers.CharField()
    filled = serializers.IntegerField()
    filled_by = NamedRef(many=True)
    gap = serializers.IntegerField()
    recommendation = serializers.ChoiceField(choices=list(RECOMMENDATION_LABELS))
    recommendation_label = serializers.CharField()
    train = TraineeSerializer(many=True)
    borrow = BorrowableSerializer(many=True)
    recruit = serializers.IntegerField()


class TotalsSerializer(serializers.Serializer):
    needed = serializers.IntegerField()
    filled = serializers.IntegerField()
    gap = serializers.IntegerField()
    train = serializers.IntegerField()
    borrow = serializers.IntegerField()
    recruit = serializers.IntegerField()


class SkillShortageSerializer(serializers.Serializer):
    skill = serializers.CharField()
    name = serializers.CharField()
    missing = serializers.IntegerField(help_text="People missing on posts that require this skill")


class PlanGapReportSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    department = NamedRef()
    period = serializers.CharField()
    totals = TotalsSerializer()
    skill_shortage = SkillShortageSerializer(many=True)
    lines = LineGapSerializer(many=True)


class RollupDepartmentSerializer(TotalsSerializer):
    plan = serializers.IntegerField()
    department = NamedRef()


class BiggestGapSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    department = serializers.CharField()
    post = serializers.CharField()
    priority = serializers.CharField()
    priority_label = serializers.SerializerMethodField()
    gap = serializers.IntegerField()
    recommendation = serializers.CharField()
    recommendation_label = serializers.SerializerMethodField()

    def get_priority_label(self, row) -> str:
        return str(PlanPriority(row["priority"]).label)

    def get_recommendation_label(self, row) -> str:
        return str(RECOMMENDATION_LABELS[row["recommendation"]])


class PlanRollupSerializer(serializers.Serializer):
    period = serializers.CharField()
    totals = TotalsSerializer()
    departments = RollupDepartmentSerializer(many=True)
    skill_shortage = SkillShortageSerializer(many=True)
    biggest_gaps = BiggestGapSerializer(many=True)


def line_gap_data(report: planning.LineGap, *, skill_names: dict[str, str], department_names: dict[int, str]) -> dict:
    line = report.line
    return {
        "line": line.id, "post": line.post, "priority": line.priority, "headcount": line.headcount,
        "requirements": [{"skill": code, "name": skill_names[code], "min_level": level}
                         for code, level in line.requirements.items()],
        "min_education": line.min_education, "min_professional_title": line.min_professional_title,
        "filled": len(report.filled_by), "filled_by": [{"id": p.id, "name": p.name} for p in report.filled_by],
        "gap": report.gap, "recommendation": report.recommendation,
        "recommendation_label": RECOMMENDATION_LABELS[report.recommendation],
        "train": [{"cadre": {"id": t.person.id, "name": t.person.name},
                   "shortfall": [{"skill": code, "name": skill_names[code], "levels": short}
                                 for code, short in t.shortfall.items()],
                   "programs": [{"id": c.id, "name": c.name} for c in t.courses]} for t in report.train],
        "borrow": [{"id": p.id, "name": p.name, "department_id": p.department_id,
                    "department": department_names.get(p.department_id, "")} for p in report.borrow],
        "recruit": report.recruit,
    }


def plan_gap_data(plan: WorkforcePlan, gaps: list[planning.LineGap], *, skill_names, department_names) -> dict:
    return {
        "plan": plan.pk, "department": {"id": plan.department_id, "name": plan.department.name},
        "period": plan.period, "totals": planning.totals(gaps), "skill_shortage": skill_shortage(gaps, skill_names),
        "lines": [line_gap_data(r, skill_names=skill_names, department_names=department_names) for r in gaps],
    }


# --- talent profiles ------------------------------------------------------------------------------------

class TierLiteracySerializer(serializers.Serializer):
    tier = serializers.CharField()
    tier_label = serializers.SerializerMethodField()
    headcount = serializers.IntegerField()
    assessed = serializers.IntegerField()
    average = serializers.ListField(child=serializers.DecimalField(5, 2, coerce_to_string=False), allow_null=True,
                                    help_text="Average score per capacity, in the order of `capacities`")
    target = serializers.ListField(child=serializers.IntegerField(), allow_null=True)
    gap = serializers.ListField(child=serializers.DecimalField(5, 2, coerce_to_string=False), allow_null=True)
    composite = serializers.DecimalField(5, 2, coerce_to_string=False, allow_null=True)

    def get_tier_label(self, row) -> str:
        return str(Tier(row["tier"]).label)


class CoverageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    critical = serializers.BooleanField()
    levels = serializers.ListField(child=serializers.IntegerField(), help_text="Cadres at level 1, 2, 3, 4, 5")
    holders = serializers.IntegerField(help_text="Cadres at or above holder_level")


class CriticalSkillSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    holder = NamedRef(required=False)


class CriticalRisksSerializer(serializers.Serializer):
    single_holder = CriticalSkillSerializer(many=True)
    no_holder = CriticalSkillSerializer(many=True)


class VendorOnlySkillSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    vendor_staff = serializers.IntegerField()
    cadres_elsewhere = serializers.IntegerField(help_text="Cadres in other departments who hold it")


class DependencySerializer(serializers.Serializer):
    department_id = serializers.IntegerField()
    department = serializers.CharField()
    system_code = serializers.CharField()
    system_name = serializers.CharField()
    vendor_staff = serializers.IntegerField()
    skills = VendorOnlySkillSerializer(many=True)


class HeadcountSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    leader = serializers.IntegerField()
    general = serializers.IntegerField()
    specialist = serializers.IntegerField()


class ProfileSerializer(serializers.Serializer):
    holder_level = serializers.IntegerField(help_text="The level from which a cadre counts as holding a skill")
    capacities = serializers.SerializerMethodField()
    headcount = HeadcountSerializer()
    literacy = TierLiteracySerializer(many=True)
    skill_coverage = CoverageSerializer(many=True)
    critical = CriticalRisksSerializer()
    outsourcing_dependency = DependencySerializer(many=True)

    def get_capacities(self, data) -> list[dict]:
        return [{"code": code, "label": str(Capacity(code).label)} for code in data["capacities"]]

    def to_representation(self, instance):
        names = self.context.get("department_names", {})
        for row in instance["outsourcing_dependency"]:
            row.setdefault("department", names.get(row["department_id"], ""))
        return super().to_representation(instance)


class DepartmentProfileSerializer(ProfileSerializer):
    department = NamedRef()


class DepartmentSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    headcount = HeadcountSerializer()
    assessed = serializers.IntegerField()
    composite = serializers.DecimalField(5, 2, coerce_to_string=False, allow_null=True)
    single_holder = serializers.IntegerField(help_text="Critical skills only one cadre holds")
    vendor_only = serializers.IntegerField(
        help_text="Critical skills that vendor staff bring to its systems and none of its cadres hold")


class BureauOverviewSerializer(ProfileSerializer):
    departments = DepartmentSummarySerializer(many=True)


# --- outsourcing registry -------------------------------------------------------------------------------

class SystemSkillSerializer(serializers.Serializer):
    skill = CodeField(queryset=Skill.objects.filter(active=True), help_text="Skill code")
    skill_name = serializers.CharField(source="skill.name", read_only=True)
    min_level = serializers.ChoiceField(choices=Proficiency.choices, default=3)


class InformationSystemSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    maintainer = serializers.PrimaryKeyRelatedField(queryset=IN_BUREAU, allow_null=True, required=False,
                                                    help_text="The in-house maintainer (a cadre id)")
    maintainer_name = serializers.CharField(source="maintainer.name", read_only=True, default=None)
    deputy = serializers.PrimaryKeyRelatedField(queryset=IN_BUREAU, allow_null=True, required=False,
                                                help_text="The deputy maintainer (a cadre id)")
    deputy_name = serializers.CharField(source="deputy.name", read_only=True, default=None)
    critical_skills = SystemSkillSerializer(
        many=True, required=False, source="skill_requirements",
        help_text="The skills its maintainer must hold, each at a minimum level (3 unless given); "
                  "a write replaces them all")

    class Meta:
        model = InformationSystem
        fields = ["id", "code", "name", "department", "department_name", "description", "active", "critical",
                  "maintainer", "maintainer_name", "deputy", "deputy_name", "in_use", "maintained",
                  "data_analysed", "critical_skills"]

    def validate_critical_skills(self, value):
        codes = [item["skill"].code for item in value]
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Each skill may be named once per system."))
        return value


class VendorSerializer(serializers.ModelSerializer):
    credit_code = serializers.CharField(max_length=18, help_text="Unified social credit code (GB 32100)")
    active_staff = serializers.IntegerField(read_only=True, default=0)
    transfer_to = serializers.PrimaryKeyRelatedField(
        queryset=IN_BUREAU, allow_null=True, required=False,
        help_text="The cadre the knowledge-transfer clause hands the knowledge to")
    transfer_to_name = serializers.CharField(source="transfer_to.name", read_only=True, default=None)

    class Meta:
        model = Vendor
        fields = ["id", "name", "credit_code", "contract_start", "contract_end", "scope", "rationale",
                  "transfer_what", "transfer_to", "transfer_to_name", "transfer_due", "transfer_done_on",
                  "active_staff", "created_at", "updated_at"]

    def validate_credit_code(self, value):
        value = value.strip().upper()
        validate_credit_code(value)
        return value


class VendorStaffSerializer(ModelLabels, serializers.ModelSerializer):
    """The citizen ID is masked unless the view puts reveal_personal_data=True in the context."""

    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    systems = CodeField(many=True, required=False,
                                           queryset=InformationSystem.objects.all(), help_text="System codes")
    skills = CodeField(many=True, required=False,
                                          queryset=Skill.objects.filter(active=True), help_text="Skill codes")
    responsible_cadre = serializers.PrimaryKeyRelatedField(
        queryset=Cadre.objects.exclude(status=CadreStatus.LEFT),
        help_text="The cadre who answers for this person (人事对应); required",
    )
    responsible_cadre_name = serializers.CharField(source="responsible_cadre.name", read_only=True)
    responsible_department = serializers.CharField(source="responsible_cadre.department.name", read_only=True)
    successor = serializers.PrimaryKeyRelatedField(
        queryset=IN_BUREAU, allow_null=True, required=False,
        help_text="The in-house cadre who takes this role over when the vendor leaves")
    successor_name = serializers.CharField(source="successor.name", read_only=True, default=None)
    last_confirmed_by, last_confirmed_by_name = who("last_confirmed_by")
    issues = serializers.SerializerMethodField(help_text="Health checks this entry fails")

    class Meta:
        model = VendorStaff
        fields = ["id", "vendor", "vendor_name", "name", "national_id", "role", "systems", "skills", "access_level",
                  "access_start", "access_end", "responsible_cadre", "responsible_cadre_name", "responsible_department",
                  "successor", "successor_name",
                  "confidentiality_signed_on", "last_confirmed_at", "last_confirmed_by", "last_confirmed_by_name",
                  "active", "issues", "created_at", "updated_at"]
        read_only_fields = ["last_confirmed_at"]
        extra_kwargs = {"national_id": {"help_text": "18 characters; shown masked unless you may see personal data"}}

    def get_issues(self, staff) -> list[str]:
        return staff_issues(staff)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return data if self.context.get("reveal_personal_data") else VENDOR_STAFF.mask(data)


class ConfirmSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, validators=[validate_year_1900_2099],
                                help_text="When it was confirmed, if earlier than now")


class HealthStaffSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    vendor = serializers.CharField(source="vendor.name")
    responsible_cadre = serializers.CharField(source="responsible_cadre.name")
    responsible_department = serializers.CharField(source="responsible_cadre.department.name")
    access_end = serializers.DateField()
    contract_end = serializers.DateField(source="vendor.contract_end")
    confidentiality_signed_on = serializers.DateField(allow_null=True)
    last_confirmed_at = serializers.DateTimeField(allow_null=True)


class HealthVendorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    contract_end = serializers.DateField()
    active_staff = serializers.IntegerField()
    transfer_what = serializers.CharField()
    transfer_to = serializers.CharField(source="transfer_to.name", default=None)
    transfer_due = serializers.DateField(allow_null=True)


class HealthSystemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField(source="department.name")
    critical = serializers.BooleanField()
    maintainer = serializers.CharField(source="maintainer.name", default=None)
    deputy = serializers.CharField(source="deputy.name", default=None)
    in_use = serializers.BooleanField()
    maintained = serializers.BooleanField()
    lacking = serializers.ListField(child=serializers.CharField(),
                                    help_text="Critical skills the maintainer holds below their minimum level")


class HealthCheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    staff = HealthStaffSerializer(many=True, required=False)
    vendors = HealthVendorSerializer(many=True, required=False)
    systems = HealthSystemSerializer(many=True, required=False)


class RegistryHealthSerializer(serializers.Serializer):
    checked_at = serializers.DateTimeField()
    reconfirm_every_days = serializers.IntegerField()
    active_staff = serializers.IntegerField()
    vendors = serializers.IntegerField()
    systems = serializers.IntegerField(help_text="Systems in service")
    critical_unheld = HealthSystemSerializer(
        many=True, help_text="Critical systems whose maintainer and deputy are both missing or gone")
    healthy = serializers.BooleanField()
    checks = HealthCheckSerializer(many=True)

    @staticmethod
    def shape(health: dict) -> dict:
        checks = []
        for code, items in health["checks"].items():
            key = ("vendors" if code in registry.VENDOR_CHECKS else "systems" if code in registry.SYSTEM_CHECKS
                   else "staff")
            checks.append({"code": code, "label": HEALTH_CHECK_LABELS[code], "count": len(items), key: items})
        return {**{k: v for k, v in health.items() if k != "checks"},
                "healthy": not any(c["count"] for c in checks), "checks": checks}
