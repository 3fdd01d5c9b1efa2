from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.crypto import EncryptedCharField
from talent import literacy
from talent.validators import (
    validate_credit_code,
    validate_mobile,
    validate_national_id,
    validate_printed_line,
    validate_skill_code,
    validate_text_block,
    validate_text_line,
    validate_year_1900_2099,
)


class Department(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_text_line])
    name = models.CharField(_("name"), max_length=100, validators=[validate_printed_line])
    parent = models.ForeignKey(
        "self", verbose_name=_("parent department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    active = models.BooleanField(_("active"), default=True)
    heads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("heads"), blank=True, related_name="headed_departments"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A department cannot be placed under itself or its sub-units.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Tier(models.TextChoices):
    LEADER = "leader", _("leading cadre")
    GENERAL = "general", _("general cadre")
    SPECIALIST = "specialist", _("technical specialist")


class CadreStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("person", "active")
    SECONDED = "seconded", _("seconded")
    LEFT = "left", _("left")


class Gender(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Rank(models.TextChoices):
    """Civil-service ranks (公务员职级), highest first."""

    INSPECTOR_1 = "inspector_1", _("first-class inspector")
    INSPECTOR_2 = "inspector_2", _("second-class inspector")
    RESEARCHER_1 = "researcher_1", _("first-class researcher")
    RESEARCHER_2 = "researcher_2", _("second-class researcher")
    RESEARCHER_3 = "researcher_3", _("third-class researcher")
    RESEARCHER_4 = "researcher_4", _("fourth-class researcher")
    PRINCIPAL_1 = "principal_1", _("first-class principal staff member")
    PRINCIPAL_2 = "principal_2", _("second-class principal staff member")
    PRINCIPAL_3 = "principal_3", _("third-class principal staff member")
    PRINCIPAL_4 = "principal_4", _("fourth-class principal staff member")
    CLERK_1 = "clerk_1", _("first-class staff member")
    CLERK_2 = "clerk_2", _("second-class staff member")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("doctorate")
    MASTER = "master", _("master's degree")
    BACHELOR = "bachelor", _("bachelor's degree")
    ASSOCIATE = "associate", _("associate degree")
    SECONDARY = "secondary", _("secondary school")


class ProfessionalTitle(models.TextChoices):
    NONE = "none", _("none")
    JUNIOR = "junior", _("junior")
    INTERMEDIATE = "intermediate", _("intermediate")
    ASSOCIATE_SENIOR = "associate_senior", _("associate senior")
    SENIOR = "senior", _("senior")


class Cadre(models.Model):
    staff_number = models.CharField(_("staff number"), max_length=32, unique=True, validators=[validate_printed_line])
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, validators=[validate_printed_line])
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="cadres"
    )
    post_title = models.CharField(_("post title"), max_length=100, blank=True, validators=[validate_text_line])
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    status = models.CharField(_("status"), max_length=20, choices=CadreStatus.choices, default=CadreStatus.ACTIVE)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    professional_title = models.CharField(
        _("professional title"), max_length=20, choices=ProfessionalTitle.choices, default=ProfessionalTitle.NONE
    )
    hire_date = models.DateField(_("hire date"), validators=[validate_year_1900_2099])
    national_id = EncryptedCharField(_("citizen ID number"), validators=[validate_national_id])
    mobile = EncryptedCharField(_("mobile phone"), validators=[validate_mobile])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="cadre",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["staff_number"]
        # updated_at: the table cache's fingerprint takes its maximum (core.table_cache).
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["name"]),
                   models.Index(fields=["updated_at"], name="cadre_last_change")]
        permissions = [("view_cadre_personal_data", _("Can see citizen ID and phone numbers unmasked"))]

    def __str__(self):
        return f"{self.name}（{self.staff_number}）"

    def clean(self):
        self.national_id = (self.national_id or "").strip().upper()
        self.mobile = (self.mobile or "").strip()
        # GB 11643: the 17th digit is odd for men and even for women.
        if self.national_id and len(self.national_id) == 18 and self.national_id[16].isdigit() and self.gender:
            id_gender = Gender.MALE if int(self.national_id[16]) % 2 else Gender.FEMALE
            if id_gender != self.gender:
                raise ValidationError({"gender": _("The gender does not match the citizen ID number.")})


class SkillCategory(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_text_line])
    name = models.CharField(_("name"), max_length=100, validators=[validate_text_line])
    name_en = models.CharField(_("English name"), max_length=100, blank=True, validators=[validate_text_line])
    description = models.TextField(_("description"), blank=True, validators=[validate_text_block])
    position = models.PositiveSmallIntegerField(_("display position"), default=0)
    reverify_after_years = models.PositiveSmallIntegerField(
        _("re-verify after (years)"), null=True, blank=True, default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("A skill of this category verified longer ago than this is flagged for re-verification "
                    "(technology moves on); empty: never."),
    )

    class Meta:
        verbose_name = _("skill category")
        verbose_name_plural = _("skill categories")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class Skill(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_skill_code],
                            help_text=_("Capitals, digits, _ . or -; stored upper-case."))
    name = models.CharField(_("name"), max_length=100, validators=[validate_text_line])
    name_en = models.CharField(_("English name"), max_length=100, blank=True, validators=[validate_text_line])
    category = models.ForeignKey(
        SkillCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="skills"
    )
    description = models.TextField(_("description"), blank=True, validators=[validate_text_block])
    critical = models.BooleanField(
        _("critical"), default=False,
        help_text=_("A skill the bureau cannot do without: shortages are flagged first."),
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def clean(self):
        self.code = (self.code or "").strip().upper()


class Proficiency(models.IntegerChoices):
    AWARE = 1, _("aware")
    CAN_USE = 2, _("can use")
    PROFICIENT = 3, _("proficient")
    ADVANCED = 4, _("advanced")
    EXPERT = 5, _("expert")


PROFICIENCY_DESCRIPTORS = {
    Proficiency.AWARE: _("Knows what the skill is for and its basic terms; works on it only with guidance."),
    Proficiency.CAN_USE: _("Does routine tasks with it on their own, following established procedures."),
    Proficiency.PROFICIENT: _("Handles the usual problems independently and efficiently; can help colleagues."),
    Proficiency.ADVANCED: _("Solves complex and unusual problems, designs solutions, reviews others' work."),
    Proficiency.EXPERT: _("Recognised authority; sets standards, leads projects and trains others."),
}


class SkillSource(models.TextChoices):
    SELF_DECLARED = "self_declared", _("self-declared")
    ASSESSED = "assessed", _("assessed")
    CERTIFIED = "certified", _("certified")


class CadreSkill(models.Model):
    """A cadre's current level in one skill. Earlier levels live in CadreSkillHistory."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="holders")
    level = models.PositiveSmallIntegerField(_("level"), choices=Proficiency.choices)
    source = models.CharField(_("source"), max_length=20, choices=SkillSource.choices,
                              default=SkillSource.SELF_DECLARED)
    evidence = models.TextField(_("evidence"), blank=True, validators=[validate_text_block])
    since = models.DateTimeField(_("level held since"), default=timezone.now, validators=[validate_year_1900_2099])
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, validators=[validate_year_1900_2099])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cadre skill")
        verbose_name_plural = _("cadre skills")
        ordering = ["cadre", "skill"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "skill"], name="cadre_skill_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="cadre_skill_level_1_5"),
        ]
        # The talent search asks "who holds skill S at level >= L": this index answers it without
        # touching the table (skill equality, level range, cadre id carried in the index).
        # updated_at: the table cache's fingerprint takes its maximum (core.table_cache).
        # The verified skills of a department's people, for those due for re-verification (a department's page):
        # without it the database read every skill of every person (2,600 people: 25 ms) to find the few verified.
        indexes = [models.Index(fields=["skill", "level", "cadre"], name="cadre_skill_search"),
                   models.Index(fields=["updated_at"], name="cadre_skill_last_change"),
                   models.Index(fields=["cadre", "verified_at"], name="cadre_skill_verified",
                                condition=models.Q(verified_at__isnull=False))]

    def __str__(self):
        return f"{self.cadre.name} · {self.skill.name} · {self.get_level_display()}"


class CadreSkillHistory(models.Model):
    """A level a cadre held before it changed or was removed: archived, never overwritten."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE,
                              related_name="skill_history")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=Proficiency.choices)
    source = models.CharField(_("source"), max_length=20, choices=SkillSource.choices)
    evidence = models.TextField(_("evidence"), blank=True, validators=[validate_text_block])
    since = models.DateTimeField(_("level held since"), validators=[validate_year_1900_2099])
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, validators=[validate_year_1900_2099])
    archived_at = models.DateTimeField(_("archived at"), default=timezone.now, validators=[validate_year_1900_2099])
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("archived by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True, validators=[validate_text_line])

    class Meta:
        verbose_name = _("archived cadre skill")
        verbose_name_plural = _("cadre skill history")
        ordering = ["cadre", "-archived_at", "-id"]
        indexes = [models.Index(fields=["cadre", "skill"])]

    def __str__(self):
        return f"{self.cadre.name} · {self.skill.name} · {self.get_level_display()}"


class Capacity(models.TextChoices):
    """The five capacities of the digital-literacy model "one body, five wings" (一体五翼)."""

    PERCEPTION = "perception", _("digital perception")
    EXECUTION = "execution", _("digital execution")
    DECISION = "decision", _("digital decision-making")
    CREATIVITY = "creativity", _("digital creativity")
    DEVELOPMENT = "development", _("digital development")


CAPACITIES = literacy.CAPACITIES


def _score_field(capacity: Capacity):
    return models.PositiveSmallIntegerField(
        capacity.label, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )


PERIOD_VALIDATOR = RegexValidator(
    r"^(19|20)\d{2}(-(H[12]|Q[1-4]))?$", _("Write a year, 2025, a half, 2025-H1, or a quarter, 2025-Q3.")
)


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("self-assessment")
    SUPERVISOR = "supervisor", _("supervisor assessment")
    TEST = "test", _("test")
    REVIEW_360 = "review_360", _("360-degree review")
    CAMPAIGN = "campaign", _("assessment campaign")


class LiteracyAssessment(models.Model):
    """One assessment of a cadre's five capacities (0-100 each) for a period."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE,
                              related_name="assessments")
    period = models.CharField(_("period"), max_length=7, validators=[PERIOD_VALIDATOR])
    assessed_on = models.DateField(_("assessed on"), validators=[validate_year_1900_2099])
    method = models.CharField(_("method"), max_length=20, choices=AssessmentMethod.choices)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    perception = _score_field(Capacity.PERCEPTION)
    execution = _score_field(Capacity.EXECUTION)
    decision = _score_field(Capacity.DECISION)
    creativity = _score_field(Capacity.CREATIVITY)
    development = _score_field(Capacity.DEVELOPMENT)
    notes = models.TextField(_("notes"), blank=True, validators=[validate_text_block])
    # The campaign whose answers computed it (method "campaign"); empty for assessments typed in or imported.
    campaign = models.ForeignKey("AssessmentCampaign", verbose_name=_("assessment campaign"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="assessments")
    # Kept by the services so that searches filter on the current picture without a subquery.
    is_latest = models.BooleanField(_("latest for this cadre"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("literacy assessment")
        verbose_name_plural = _("literacy assessments")
        ordering = ["cadre", "-assessed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "period", "method"], name="assessment_unique_per_period"),
            models.UniqueConstraint(fields=["cadre"], condition=models.Q(is_latest=True),
                                    name="one_latest_assessment_per_cadre"),
            *[models.CheckConstraint(condition=models.Q(**{f"{c}__lte": 100}), name=f"assessment_{c}_max_100")
              for c in CAPACITIES],
        ]
        # The table cache's fingerprint takes the maximum of updated_at (core.table_cache).
        indexes = [models.Index(fields=["updated_at"], name="assessment_last_change")]

    def __str__(self):
        return f"{self.cadre.name} · {self.period} · {self.get_method_display()}"

    def scores(self) -> dict[str, int]:
        return {capacity: getattr(self, capacity) for capacity in CAPACITIES}


def _weight_field(capacity: Capacity):
    return models.DecimalField(
        format_lazy("{} · {}", capacity.label, _("weight")), max_digits=3, decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )


def _target_field(capacity: Capacity):
    return models.PositiveSmallIntegerField(
        format_lazy("{} · {}", capacity.label, _("target")), validators=[MaxValueValidator(100)]
    )


class TierProfile(models.Model):
    """What a tier needs: each capacity's weight in the composite score (they sum to 1) and target."""

    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, unique=True)
    perception_weight = _weight_field(Capacity.PERCEPTION)
    execution_weight = _weight_field(Capacity.EXECUTION)
    decision_weight = _weight_field(Capacity.DECISION)
    creativity_weight = _weight_field(Capacity.CREATIVITY)
    development_weight = _weight_field(Capacity.DEVELOPMENT)
    perception_target = _target_field(Capacity.PERCEPTION)
    execution_target = _target_field(Capacity.EXECUTION)
    decision_target = _target_field(Capacity.DECISION)
    creativity_target = _target_field(Capacity.CREATIVITY)
    development_target = _target_field(Capacity.DEVELOPMENT)
    emphasis = models.TextField(_("what to emphasise"), blank=True, validators=[validate_text_block])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("tier profile")
        verbose_name_plural = _("tier profiles")
        ordering = ["tier"]

    def __str__(self):
        return self.get_tier_display()

    def weights(self) -> dict[str, Decimal]:
        return {capacity: getattr(self, f"{capacity}_weight") for capacity in CAPACITIES}

    def targets(self) -> dict[str, int]:
        return {capacity: getattr(self, f"{capacity}_target") for capacity in CAPACITIES}

    def clean(self):
        weights = self.weights()
        if all(isinstance(w, Decimal) for w in weights.values()):
            try:
                literacy.check_weights(weights)
            except ValueError as exc:
                raise ValidationError(_("The five weights must add up to 1; they add up to %(total)s.")
                                      % {"total": exc.args[1]}, code="weights_sum") from None


class TrainingFormat(models.TextChoices):
    ONLINE = "online", _("online course")
    LECTURE = "lecture", _("lecture")
    ON_SITE = "on_site", _("on-site teaching")
    CASE_STUDY = "case_study", _("case study")


class TrainingProgram(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_text_line])
    name = models.CharField(_("name"), max_length=200, validators=[validate_text_line])
    description = models.TextField(_("description"), blank=True, validators=[validate_text_block])
    capacities = models.JSONField(_("capacities it builds"), default=list, blank=True,
                                  help_text=_("A list of capacity codes."))
    tiers = models.JSONField(_("tiers it is for"), default=list, blank=True,
                             help_text=_("A list of tier codes; empty means every tier."))
    skills = models.ManyToManyField(Skill, verbose_name=_("skills it builds"), through="ProgramSkill",
                                    blank=True, related_name="programs")
    format = models.CharField(_("format"), max_length=20, choices=TrainingFormat.choices)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.5"))])
    provider = models.CharField(_("provider"), max_length=200, blank=True, validators=[validate_text_line])
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training program")
        verbose_name_plural = _("training programs")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if not isinstance(self.capacities, list) or not set(self.capacities) <= set(CAPACITIES):
            errors["capacities"] = _("Use capacity codes: %(codes)s.") % {"codes": ", ".join(CAPACITIES)}
        if not isinstance(self.tiers, list) or not set(self.tiers) <= set(Tier.values):
            errors["tiers"] = _("Use tier codes: %(codes)s.") % {"codes": ", ".join(Tier.values)}
        if errors:
            raise ValidationError(errors)


class ProgramSkill(models.Model):
    program = models.ForeignKey(TrainingProgram, verbose_name=_("training program"), on_delete=models.CASCADE,
                                related_name="program_skills")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    raises_to = models.PositiveSmallIntegerField(
        _("raises the level to"), choices=Proficiency.choices, null=True, blank=True,
        help_text=_("Passing the program sets the cadre's level in this skill to at least this level."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("skill built by a program")
        verbose_name_plural = _("skills built by programs")
        constraints = [models.UniqueConstraint(fields=["program", "skill"], name="program_skill_unique")]

    def __str__(self):
        return f"{self.program.name} · {self.skill.name}"


class TrainingResult(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")


class TrainingRecord(models.Model):
    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE,
                              related_name="training_records")
    program = models.ForeignKey(TrainingProgram, verbose_name=_("training program"), on_delete=models.PROTECT,
                                related_name="records")
    hours = models.DecimalField(_("hours attended"), max_digits=5, decimal_places=1, default=Decimal("0"),
                                validators=[MinValueValidator(Decimal("0"))])
    result = models.CharField(_("result"), max_length=20, choices=TrainingResult.choices,
                              default=TrainingResult.IN_PROGRESS)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True,
                                             validators=[MaxValueValidator(100)])
    completed_on = models.DateField(_("completed on"), null=True, blank=True, validators=[validate_year_1900_2099])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["cadre", "-created_at"]
        indexes = [models.Index(fields=["program", "result"])]

    def __str__(self):
        return f"{self.cadre.name} · {self.program.name}"


# ---------------------------------------------------------------------------------------------------------
# Workforce plans, information systems and the outsourcing registry
# ---------------------------------------------------------------------------------------------------------

class PlanPriority(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class WorkforcePlan(models.Model):
    """A department's talent needs for a period (人才规划): posts, the skills they need and how many people."""

    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="workforce_plans")
    period = models.CharField(_("period"), max_length=7, validators=[PERIOD_VALIDATOR])
    title = models.CharField(_("title"), max_length=200, blank=True, validators=[validate_text_line])
    notes = models.TextField(_("notes"), blank=True, validators=[validate_text_block])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("workforce plan")
        verbose_name_plural = _("workforce plans")
        ordering = ["-period", "department__code"]
        constraints = [models.UniqueConstraint(fields=["department", "period"], name="one_plan_per_department_period")]

    def __str__(self):
        return f"{self.department.name} · {self.period}"


class PlanLine(models.Model):
    """One post in a plan. Degree and professional title are asked only where the post truly needs them:
    posts are judged by ability and contribution (破除唯职称论、唯学历论)."""

    plan = models.ForeignKey(WorkforcePlan, verbose_name=_("workforce plan"), on_delete=models.CASCADE,
                             related_name="lines")
    position = models.PositiveSmallIntegerField(_("display position"), default=0)
    post = models.CharField(_("post"), max_length=100, validators=[validate_text_line])
    headcount = models.PositiveSmallIntegerField(_("headcount"),
                                                 validators=[MinValueValidator(1), MaxValueValidator(999)])
    priority = models.CharField(_("priority"), max_length=10, choices=PlanPriority.choices,
                                default=PlanPriority.MEDIUM)
    min_education = models.CharField(
        _("minimum education"), max_length=20, choices=Education.choices, blank=True,
        help_text=_("Leave empty unless the post cannot be done without this degree."),
    )
    min_professional_title = models.CharField(
        _("minimum professional title"), max_length=20, choices=ProfessionalTitle.choices, blank=True,
        help_text=_("Leave empty unless the post cannot be done without this title."),
    )
    notes = models.TextField(_("notes"), blank=True, validators=[validate_text_block])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        ordering = ["plan", "position", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(headcount__gte=1), name="plan_line_headcount_min_1")]

    def __str__(self):
        return f"{self.plan} · {self.post}"


class PlanLineSkill(models.Model):
    line = models.ForeignKey(PlanLine, verbose_name=_("plan line"), on_delete=models.CASCADE,
                             related_name="requirements")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    min_level = models.PositiveSmallIntegerField(_("minimum level"), choices=Proficiency.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("skill a post requires")
        verbose_name_plural = _("skills posts require")
        ordering = ["line", "skill__code"]
        constraints = [
            models.UniqueConstraint(fields=["line", "skill"], name="plan_line_skill_unique"),
            models.CheckConstraint(condition=models.Q(min_level__gte=1, min_level__lte=5),
                                   name="plan_line_skill_level_1_5"),
        ]

    def __str__(self):
        return f"{self.skill.name} ≥ {self.min_level}"


class InformationSystem(models.Model):
    """A system the bureau runs, owned by a department; vendor staff are given access to systems."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_text_line])
    name = models.CharField(_("name"), max_length=100, validators=[validate_text_line])
    department = models.ForeignKey(Department, verbose_name=_("owning department"), on_delete=models.PROTECT,
                                   related_name="systems")
    description = models.TextField(_("description"), blank=True, validators=[validate_text_block])
    active = models.BooleanField(_("active"), default=True)
    # Who in the bureau keeps it running when the vendor leaves: a maintainer who has left no longer counts.
    maintainer = models.ForeignKey(Cadre, verbose_name=_("in-house maintainer"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="systems_maintained")
    deputy = models.ForeignKey(Cadre, verbose_name=_("deputy maintainer"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="systems_deputised")
    critical = models.BooleanField(_("critical system"), default=False)
    # The article's three failures, one flag each: 研而不用 (built, not used), 建而不维 (built, not maintained),
    # 存而不析 (data stored, not analysed). Nothing is claimed until HR records it.
    in_use = models.BooleanField(_("in use"), default=True, help_text=_("Clear when it was built but nobody uses it."))
    maintained = models.BooleanField(_("maintained"), default=False,
                                     help_text=_("Set when someone in the bureau actually maintains it."))
    data_analysed = models.BooleanField(_("data analysed"), default=False,
                                        help_text=_("Set when its data is analysed, not only stored."))
    critical_skills = models.ManyToManyField(Skill, verbose_name=_("critical skills"), through="SystemSkill",
                                             blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("information system")
        verbose_name_plural = _("information systems")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.maintainer_id and self.maintainer_id == self.deputy_id:
            raise ValidationError({"deputy": _("The deputy must be someone other than the maintainer.")})


class SystemSkill(models.Model):
    """A skill whoever maintains a system must hold, at a minimum level."""

    system = models.ForeignKey(InformationSystem, verbose_name=_("information system"), on_delete=models.CASCADE,
                               related_name="skill_requirements")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    min_level = models.PositiveSmallIntegerField(_("minimum level"), choices=Proficiency.choices, default=3)

    class Meta:
        verbose_name = _("critical skill of a system")
        verbose_name_plural = _("critical skills of systems")
        ordering = ["system", "skill__code"]
        constraints = [
            models.UniqueConstraint(fields=["system", "skill"], name="system_skill_unique"),
            models.CheckConstraint(condition=models.Q(min_level__gte=1, min_level__lte=5),
                                   name="system_skill_level_1_5"),
        ]

    def __str__(self):
        return f"{self.skill.name} ≥ {self.min_level}"


class Vendor(models.Model):
    """An outsourcing vendor under contract (摸清技术服务外包底数)."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_text_line])
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True,
                                   validators=[validate_credit_code])
    contract_start = models.DateField(_("contract start"), validators=[validate_year_1900_2099])
    contract_end = models.DateField(_("contract end"), validators=[validate_year_1900_2099])
    scope = models.TextField(_("scope of service"), validators=[validate_text_block])
    rationale = models.TextField(_("why outsourced"), blank=True, validators=[validate_text_block])
    # The knowledge-transfer clause: what the vendor hands over, to which cadre, by when, and when it was done.
    transfer_what = models.TextField(_("knowledge to transfer"), blank=True, validators=[validate_text_block])
    transfer_to = models.ForeignKey(Cadre, verbose_name=_("knowledge transferred to"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="knowledge_received")
    transfer_due = models.DateField(_("knowledge transfer due"), null=True, blank=True,
                                    validators=[validate_year_1900_2099])
    transfer_done_on = models.DateField(_("knowledge transfer done on"), null=True, blank=True,
                                        validators=[validate_year_1900_2099])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("outsourcing vendor")
        verbose_name_plural = _("outsourcing vendors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        self.credit_code = (self.credit_code or "").strip().upper()
        errors = {}
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            errors["contract_end"] = _("The contract cannot end before it starts.")
        # A clause names what, to whom and by when, or nothing: a half clause cannot be checked.
        clause = {"transfer_what": self.transfer_what, "transfer_to": self.transfer_to_id,
                  "transfer_due": self.transfer_due}
        if any(clause.values()) or self.transfer_done_on:
            for field, value in clause.items():
                if not value:
                    errors[field] = _("A knowledge-transfer clause names what, to whom and by when.")
        if self.transfer_done_on and self.transfer_done_on > timezone.localdate():
            errors["transfer_done_on"] = _("A transfer cannot be done in the future.")
        if errors:
            raise ValidationError(errors)


class AccessLevel(models.TextChoices):
    READ_ONLY = "read_only", _("read only")
    OPERATOR = "operator", _("operator")
    ADMINISTRATOR = "administrator", _("administrator")


class VendorStaff(models.Model):
    """One person a vendor sends, matched to a named cadre who answers for them (人事对应)."""

    vendor = models.ForeignKey(Vendor, verbose_name=_("vendor"), on_delete=models.PROTECT, related_name="staff")
    name = models.CharField(_("name"), max_length=50, validators=[validate_text_line])
    national_id = EncryptedCharField(_("citizen ID number"), validators=[validate_national_id])
    role = models.CharField(_("role"), max_length=100, validators=[validate_text_line])
    systems = models.ManyToManyField(InformationSystem, verbose_name=_("systems accessed"), blank=True,
                                     related_name="vendor_staff")
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="vendor_staff")
    access_level = models.CharField(_("access level"), max_length=20, choices=AccessLevel.choices)
    access_start = models.DateField(_("access from"), validators=[validate_year_1900_2099])
    access_end = models.DateField(_("access until"), validators=[validate_year_1900_2099])
    responsible_cadre = models.ForeignKey(Cadre, verbose_name=_("responsible cadre"), on_delete=models.PROTECT,
                                          related_name="vendor_staff")
    successor = models.ForeignKey(Cadre, verbose_name=_("in-house successor"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="vendor_roles_succeeded",
                                  help_text=_("The cadre who takes this role over when the vendor leaves."))
    confidentiality_signed_on = models.DateField(_("confidentiality agreement signed on"), null=True, blank=True,
                                                 validators=[validate_year_1900_2099])
    last_confirmed_at = models.DateTimeField(_("last confirmed at"), null=True, blank=True, editable=False)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last confirmed by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    active = models.BooleanField(pgettext_lazy("person", "active"), default=True,
                                 help_text=_("Clear when the person no longer works for the bureau."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("vendor staff member")
        verbose_name_plural = _("vendor staff")
        ordering = ["vendor", "name", "id"]
        indexes = [models.Index(fields=["active", "last_confirmed_at"])]

    def __str__(self):
        return f"{self.name}（{self.vendor.name}）"

    def clean(self):
        self.national_id = (self.national_id or "").strip().upper()
        errors = {}
        if self.access_start and self.access_end and self.access_end < self.access_start:
            errors["access_end"] = _("Access cannot end before it starts.")
        # A person who has left can always be marked so, even when the contract has since changed.
        if self.active and self.vendor_id and self.access_start and self.access_end and not errors:
            vendor = self.vendor
            if self.access_start < vendor.contract_start:
                errors["access_start"] = _("Access cannot start before the vendor's contract (%(date)s).") % {
                    "date": vendor.contract_start}
            if self.access_end > vendor.contract_end:
                errors["access_end"] = _("Access cannot go beyond the end of the vendor's contract (%(date)s).") % {
                    "date": vendor.contract_end}
        if self.active and self.responsible_cadre_id and self.responsible_cadre.status == CadreStatus.LEFT:
            errors["responsible_cadre"] = _("The responsible cadre has left the bureau; name someone present.")
        if errors:
            raise ValidationError(errors)


class PasswordChangeDue(models.Model):
    """A login whose password someone else chose (HR, for a cadre's first sign-in): until its owner sets their
    own, pages send them to the password page and the API refuses them. The row goes when they change it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("login user"), on_delete=models.CASCADE,
                                related_name="password_change_due")
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("password change due")
        verbose_name_plural = _("password changes due")

    def __str__(self):
        return str(self.user)


class StudyStatus(models.TextChoices):
    PENDING = "pending", _("to be confirmed")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("not confirmed")


class SelfStudy(models.Model):
    """Study a cadre logs themselves (a program, or a topic in their own words). It counts in their learning hours
    once HR or their department head confirms it."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="self_study")
    program = models.ForeignKey(TrainingProgram, verbose_name=_("training program"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+")
    topic = models.CharField(_("topic"), max_length=200, blank=True, validators=[validate_text_line])
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("200"))])
    studied_on = models.DateField(_("studied on"), validators=[validate_year_1900_2099])
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True, validators=[validate_text_line])
    status = models.CharField(_("status"), max_length=20, choices=StudyStatus.choices, default=StudyStatus.PENDING)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, validators=[validate_year_1900_2099])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("self-study")
        verbose_name_plural = _("self-study")
        ordering = ["-studied_on", "-id"]
        indexes = [models.Index(fields=["status", "cadre"])]

    def __str__(self):
        return f"{self.cadre.name} · {self.program.name if self.program_id else self.topic}"

    def clean(self):
        if not self.program_id and not (self.topic or "").strip():
            raise ValidationError({"topic": _("Name the program or say what you studied.")})


class PostKind(models.TextChoices):
    POST = "post", _("post")
    SECONDMENT = "secondment", _("secondment")


class PostRecordSource(models.TextChoices):
    IMPORTED = "imported", _("imported")
    WORKFLOW = "workflow", _("recorded when the cadre was moved")


class PostRecord(models.Model):
    """One line of a cadre's post history (任职经历): the department and post held from a date until a date (none:
    held now). Imported once from HR's spreadsheet, then kept by the pool's services: when HR changes a cadre's
    department or post, the open line closes and a new one opens. Secondments are not stored here: the timeline
    reads them from the sharing app (talent.selectors.posts)."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="post_records")
    # The department as named then: it may since have been renamed or closed (the link is kept while it exists).
    department = models.ForeignKey(Department, verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    department_name = models.CharField(_("department name"), max_length=100, validators=[validate_text_line])
    post_title = models.CharField(_("post title"), max_length=100, blank=True, validators=[validate_text_line])
    started_on = models.DateField(_("held from"), validators=[validate_year_1900_2099])
    ended_on = models.DateField(_("held until"), null=True, blank=True, validators=[validate_year_1900_2099])
    source = models.CharField(_("source"), max_length=20, choices=PostRecordSource.choices,
                              default=PostRecordSource.WORKFLOW)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("post history line")
        verbose_name_plural = _("post history")
        ordering = ["cadre", "-started_on", "-id"]
        constraints = [
            # A person starts one post on a given day; the import matches its rows on this.
            models.UniqueConstraint(fields=["cadre", "started_on"], name="post_record_one_start_a_day"),
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True)
                                   | models.Q(ended_on__gte=models.F("started_on")),
                                   name="post_record_ends_after_it_starts"),
        ]

    def __str__(self):
        return f"{self.cadre.name} · {self.department_name} · {self.post_title}"

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date is before the start date.")})


# ---------------------------------------------------------------------------------------------------------
# The training ledger and credentials
# ---------------------------------------------------------------------------------------------------------

DEFAULT_YEARLY_HOURS = Decimal("50")  # the national cadre-training plan: at least 50 hours of online study a year


class TrainingRequirement(models.Model):
    """What a tier must learn each year: hours (training, confirmed self-study and the online platform's hours
    together) and the programs everyone in the tier completes every year (security, data protection...)."""

    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, unique=True)
    yearly_hours = models.DecimalField(_("hours a year"), max_digits=5, decimal_places=1,
                                       default=DEFAULT_YEARLY_HOURS,
                                       validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("2000"))])
    compulsory_programs = models.ManyToManyField(
        TrainingProgram, verbose_name=_("compulsory programs"), blank=True, related_name="required_of",
        help_text=_("Each cadre of the tier completes these every year."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training requirement")
        verbose_name_plural = _("training requirements")
        ordering = ["tier"]

    def __str__(self):
        return self.get_tier_display()


class PlatformStudy(models.Model):
    """Hours a cadre earned on the online learning platform (网上党校 and the like), from its export, imported by
    HR. One row per cadre, course and day: importing the same export again changes nothing."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="platform_study")
    course = models.CharField(_("course"), max_length=200, validators=[validate_text_line])
    program = models.ForeignKey(TrainingProgram, verbose_name=_("training program"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+",
                                help_text=_("The program the course is, when its code or name matches one."))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("200"))])
    studied_on = models.DateField(_("studied on"), validators=[validate_year_1900_2099])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("online platform study")
        verbose_name_plural = _("online platform study")
        ordering = ["cadre", "-studied_on", "id"]
        constraints = [models.UniqueConstraint(fields=["cadre", "course", "studied_on"],
                                               name="platform_study_unique")]

    def __str__(self):
        return f"{self.cadre.name} · {self.course}"


class CredentialStatus(models.TextChoices):
    PENDING = "pending", _("to be verified")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("not verified")


class Credential(models.Model):
    """A certificate or licence a cadre holds (e.g. a cybersecurity certification). Once HR verifies it, it can
    certify a skill at a level: while it is valid the skill's source is "certified"; when it expires the skill
    drops back to what it was (talent.services.credentials, run daily by `manage.py apply_credentials`)."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="credentials")
    name = models.CharField(_("certificate or licence"), max_length=200, validators=[validate_text_line])
    issuer = models.CharField(_("issuer"), max_length=200, validators=[validate_text_line])
    number = EncryptedCharField(_("certificate number"), validators=[validate_text_line])
    issued_on = models.DateField(_("issued on"), validators=[validate_year_1900_2099])
    expires_on = models.DateField(_("expires on"), null=True, blank=True, validators=[validate_year_1900_2099],
                                  help_text=_("Empty: it does not expire."))
    skill = models.ForeignKey(Skill, verbose_name=_("certifies skill"), on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    level = models.PositiveSmallIntegerField(_("at level"), choices=Proficiency.choices, null=True, blank=True)
    evidence_name = models.CharField(_("evidence file"), max_length=200, blank=True, validators=[validate_text_line])
    evidence_type = models.CharField(_("evidence file type"), max_length=100, blank=True, editable=False,
                                     validators=[validate_text_line])
    evidence = models.BinaryField(_("evidence file contents"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=CredentialStatus.choices,
                              default=CredentialStatus.PENDING)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, validators=[validate_year_1900_2099])
    # Kept by the services: whether it certifies its skill now, and what the skill was before it did.
    certifying = models.BooleanField(_("certifying the skill now"), default=False, editable=False)
    previous_level = models.PositiveSmallIntegerField(_("level before certifying"), null=True, blank=True,
                                                      editable=False)
    previous_source = models.CharField(_("source before certifying"), max_length=20, choices=SkillSource.choices,
                                       blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["cadre", "expires_on", "id"]
        indexes = [models.Index(fields=["status", "expires_on"])]
        constraints = [models.CheckConstraint(condition=models.Q(level__isnull=True)
                                              | models.Q(level__gte=1, level__lte=5), name="credential_level_1_5")]

    def __str__(self):
        return f"{self.cadre.name} · {self.name}"

    def valid_on(self, day) -> bool:
        return (self.status == CredentialStatus.VERIFIED and self.issued_on <= day
                and (self.expires_on is None or day <= self.expires_on))

    def clean(self):
        errors = {}
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            errors["expires_on"] = _("A credential cannot expire before it is issued.")
        if bool(self.skill_id) != bool(self.level):
            errors["level" if self.skill_id else "skill"] = _("Name both the skill and the level it certifies, "
                                                              "or neither.")
        if errors:
            raise ValidationError(errors)
class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSING = "closing", _("closing")
    CLOSED = "closed", _("closed")


class RaterKind(models.TextChoices):
    SELF = "self", _("self")
    SUPERVISOR = "supervisor", _("supervisor")
    PEER = "peer", _("peer")


class ItemScale(models.TextChoices):
    LIKERT = "likert", _("agreement, 1 to 5")
    SCORED = "scored", _("scored question, 0 to its maximum")


def _kind_weight_field(label):
    return models.DecimalField(label, max_digits=3, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))])


class AssessmentCampaign(models.Model):
    """A 360-degree assessment of one tier's five capacities in one period: the instrument (items by capacity),
    who rates whom (self, supervisor, peers), and, once closed, each cadre's computed scores
    (talent.campaigns explains the rule)."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_text_line])
    period = models.CharField(_("period"), max_length=7, validators=[PERIOD_VALIDATOR])
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    status = models.CharField(_("status"), max_length=20, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT)
    self_weight = _kind_weight_field(_("weight of self-assessment"))
    supervisor_weight = _kind_weight_field(_("weight of the supervisor"))
    peer_weight = _kind_weight_field(_("weight of peers"))
    min_peers = models.PositiveSmallIntegerField(
        _("fewest peers counted"), default=3, validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text=_("Peers' answers count only when at least this many peers answered, so none can be told apart."))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, validators=[validate_year_1900_2099])
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, validators=[validate_year_1900_2099])
    # What the closing computed: reliability per capacity, rater agreement, how many cadres were scored.
    results = models.JSONField(_("results"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment campaign")
        verbose_name_plural = _("assessment campaigns")
        ordering = ["-period", "tier"]
        constraints = [models.UniqueConstraint(fields=["period", "tier"], name="campaign_unique_per_period_tier")]

    def __str__(self):
        return f"{self.name} ({self.period})"

    def kind_weights(self) -> dict[str, Decimal]:
        return {RaterKind.SELF: self.self_weight, RaterKind.SUPERVISOR: self.supervisor_weight,
                RaterKind.PEER: self.peer_weight}


class CampaignItem(models.Model):
    """One question of a campaign's instrument, in Chinese and English, for one capacity."""

    campaign = models.ForeignKey(AssessmentCampaign, verbose_name=_("assessment campaign"), on_delete=models.CASCADE,
                                 related_name="items")
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices)
    text_zh = models.CharField(_("text (Chinese)"), max_length=300, validators=[validate_text_line])
    text_en = models.CharField(_("text (English)"), max_length=300, blank=True, validators=[validate_text_line])
    scale = models.CharField(_("scale"), max_length=20, choices=ItemScale.choices, default=ItemScale.LIKERT)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5,
                                                 validators=[MinValueValidator(1), MaxValueValidator(100)])
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=Decimal("1"),
                                 validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10"))])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("campaign item")
        verbose_name_plural = _("campaign items")
        ordering = ["campaign", "position", "id"]

    def __str__(self):
        return self.text_zh

    @property
    def lowest(self) -> int:
        return 1 if self.scale == ItemScale.LIKERT else 0

    @property
    def highest(self) -> int:
        return 5 if self.scale == ItemScale.LIKERT else self.max_score


class CampaignRater(models.Model):
    """Who rates whom in a campaign: one form to answer. A peer's answers are never shown on their own."""

    campaign = models.ForeignKey(AssessmentCampaign, verbose_name=_("assessment campaign"), on_delete=models.CASCADE,
                                 related_name="raters")
    ratee = models.ForeignKey(Cadre, verbose_name=_("cadre rated"), on_delete=models.CASCADE, related_name="+")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rater"), on_delete=models.CASCADE,
                              related_name="campaign_forms")
    kind = models.CharField(_("rater kind"), max_length=20, choices=RaterKind.choices)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True,
                                        validators=[validate_year_1900_2099])

    class Meta:
        verbose_name = _("campaign rater")
        verbose_name_plural = _("campaign raters")
        ordering = ["campaign", "ratee", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "ratee", "rater"], name="campaign_rater_once")]
        indexes = [models.Index(fields=["rater", "campaign"])]

    def __str__(self):
        return f"{self.ratee.name} · {self.get_kind_display()}"


class CampaignAnswer(models.Model):
    """One answer to one item on one form."""

    form = models.ForeignKey(CampaignRater, verbose_name=_("form"), on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(CampaignItem, verbose_name=_("campaign item"), on_delete=models.CASCADE,
                             related_name="+")
    value = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        verbose_name = _("campaign answer")
        verbose_name_plural = _("campaign answers")
        constraints = [models.UniqueConstraint(fields=["form", "item"], name="campaign_answer_once")]

    def __str__(self):
        return f"{self.form_id} · {self.item_id}"


class TrendPoint(models.Model):
    """One figure of the overview on one day (the nightly snapshot, talent.services.trends): a metric for a
    scope ("bureau", "tier:<tier>" or "department:<id>"). One row per metric, scope and day."""

    metric = models.CharField(_("metric"), max_length=40, validators=[validate_text_line])
    scope = models.CharField(_("scope"), max_length=40, validators=[validate_text_line])
    day = models.DateField(_("day"), validators=[validate_year_1900_2099])
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)

    class Meta:
        verbose_name = _("trend point")
        verbose_name_plural = _("trend points")
        ordering = ["metric", "scope", "day"]
        constraints = [models.UniqueConstraint(fields=["metric", "scope", "day"], name="trend_point_once_a_day")]

    def __str__(self):
        return f"{self.metric} · {self.scope} · {self.day}"


class UnmetDemand(models.Model):
    """Talent searches that found nobody, counted per skill asked and day (talent.services.demand): what the
    bureau looks for and does not hold. Only the skill and the day are kept, never who searched or what else they
    asked, so the count discloses nothing about anyone."""

    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"), validators=[validate_year_1900_2099])
    searches = models.PositiveIntegerField(_("searches that found nobody"), default=0)

    class Meta:
        verbose_name = _("unmet demand")
        verbose_name_plural = _("unmet demand")
        ordering = ["-day", "skill"]
        constraints = [models.UniqueConstraint(fields=["skill", "day"], name="unmet_demand_once_a_day")]

    def __str__(self):
        return f"{self.skill_id} · {self.day} · {self.searches}"
