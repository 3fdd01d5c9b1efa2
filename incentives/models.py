from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from incentives import allocation, certificates
from talent.models import Cadre, Department, Proficiency, Rank, Skill
from talent.validators import (
    validate_printed_line,
    validate_text_block,
    validate_text_line,
    validate_year_1900_2099,
)

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
MAX_BUDGET = Decimal("99999999999.99")


class ContributionKind(models.TextChoices):
    INNOVATION = "innovation", _("innovation project")
    SYSTEM = "system_delivered", _("system delivered")
    ANALYSIS = "analysis_adopted", _("data analysis adopted by leadership")
    TRAINING = "training_taught", _("training taught")
    SECONDMENT = "secondment", _("secondment completed")
    LEARNING_GROUP = "learning_group", _("learning group led")
    CERTIFICATION = "certification", _("certification obtained")
    AWARD = "award", _("award")


class ContributionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("rejected")


class Contribution(models.Model):
    """A digital contribution (数字化贡献) a cadre made in a year; it counts once HR has verified it."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE,
                              related_name="contributions")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_text_line])
    impact = models.PositiveSmallIntegerField(
        _("impact"), validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (small) to 5 (changed how the bureau works)."),
    )
    evidence = models.TextField(_("evidence"), blank=True, validators=[validate_text_block])
    status = models.CharField(_("status"), max_length=20, choices=ContributionStatus.choices,
                              default=ContributionStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, validators=[validate_year_1900_2099])
    review_comment = models.TextField(_("review comment"), blank=True, validators=[validate_text_block])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-year", "cadre", "id"]
        indexes = [models.Index(fields=["year", "status", "cadre"])]
        constraints = [models.CheckConstraint(condition=models.Q(impact__gte=1, impact__lte=5),
                                              name="contribution_impact_1_5")]

    def __str__(self):
        return f"{self.cadre.name} · {self.year} · {self.title}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("excellent")
    COMPETENT = "competent", _("competent")
    BASIC = "basic", _("basically competent")
    INCOMPETENT = "incompetent", _("incompetent")


class AppraisalGrade(models.Model):
    """The annual appraisal (年度考核) result of a cadre."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE,
                              related_name="appraisal_grades")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    note = models.CharField(_("note"), max_length=200, blank=True, validators=[validate_text_line])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("appraisal grade")
        verbose_name_plural = _("appraisal grades")
        ordering = ["-year", "cadre"]
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="one_grade_per_cadre_and_year")]
        indexes = [models.Index(fields=["year", "cadre"])]

    def __str__(self):
        return f"{self.cadre.name} · {self.year} · {self.get_grade_display()}"


def _weight(label):
    return models.DecimalField(label, max_digits=3, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))])


def _points(label, default):
    return models.PositiveSmallIntegerField(label, default=default, validators=[MaxValueValidator(100)])


def _learning_points(label, default):
    return models.DecimalField(
        label, max_digits=3, decimal_places=2, default=Decimal(default),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
        help_text=_("0 to 5, added to the verified contributions' impacts (1-5 each)."))


def default_rank_coefficients() -> dict[str, str]:
    """以岗定薪: higher posts carry more; from 1.00 for a second-class staff member up to 2.00."""
    ladder = ["2.00", "1.80", "1.70", "1.60", "1.50", "1.40", "1.30", "1.25", "1.20", "1.10", "1.05", "1.00"]
    return dict(zip(Rank.values, ladder, strict=True))


class IncentivePolicy(models.Model):
    """How a cycle turns appraisal, literacy, contributions and secondments into money and honours."""

    name = models.CharField(_("name"), max_length=100, unique=True, validators=[validate_printed_line])
    weight_appraisal = _weight(_("weight of the appraisal grade"))
    weight_literacy = _weight(_("weight of the literacy composite"))
    weight_contributions = _weight(_("weight of verified contributions and learning groups"))
    weight_secondments = _weight(_("weight of secondment ratings"))
    points_excellent = _points(_("points for excellent"), 100)
    points_competent = _points(_("points for competent"), 85)
    points_basic = _points(_("points for basically competent"), 60)
    # Learning groups count in the contributions component, on the scale of a contribution's impact, so
    # the four weights of existing policies keep their meaning.
    points_per_activity_led = _learning_points(_("points per learning activity led"), "1.00")
    points_per_activity_attended = _learning_points(_("points per learning activity attended"), "0.25")
    # Off (0) by default, so that existing policies and their cycles are unchanged.
    points_per_person_lent = models.DecimalField(
        _("points per person lent (heads)"), max_digits=3, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
        help_text=_("0 to 5: a head gets this for each person the departments they head lent (secondments "
                    "completed in the year), added to the verified contributions' impacts. 0: off."))
    rank_coefficients = models.JSONField(
        # blank: an empty mapping is meaningful (every rank counts 1.00), not a field left empty.
        _("rank coefficients"), default=default_rank_coefficients, blank=True,
        help_text=_("Rank code -> coefficient (以岗定薪), 0.10 to 10.00; a rank not listed counts 1.00."),
    )
    backbone_min_contributions = models.PositiveSmallIntegerField(
        _("backbone: verified contributions at least"), default=2, validators=[MaxValueValidator(50)])
    backbone_min_skill_level = models.PositiveSmallIntegerField(
        _("backbone: critical-skill level at least"), default=4,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    backbone_min_critical_skills = models.PositiveSmallIntegerField(
        _("backbone: critical skills at that level at least"), default=1, validators=[MaxValueValidator(20)])
    backbone_tilt = models.DecimalField(
        _("backbone tilt"), max_digits=3, decimal_places=2, default=Decimal("1.20"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("3"))],
        help_text=_("The digital backbone's allocation weight is multiplied by this (向数字骨干倾斜)."),
    )
    cap = models.DecimalField(_("cap per person (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True,
                              validators=[MinValueValidator(Decimal("0.01"))],
                              help_text=_("Empty: no cap."))
    min_months_in_post = models.PositiveSmallIntegerField(_("months in post at least"), default=6,
                                                          validators=[MaxValueValidator(120)])
    honour_title = models.CharField(_("honour title"), max_length=50, validators=[validate_printed_line])
    honour_percent = models.DecimalField(
        _("honours: top percent"), max_digits=5, decimal_places=2, default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    honour_max_per_department = models.PositiveSmallIntegerField(_("honours: at most per department"), default=2,
                                                                 validators=[MaxValueValidator(1000)])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("incentive policy")
        verbose_name_plural = _("incentive policies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def weights(self) -> dict[str, Decimal]:
        return {name: getattr(self, f"weight_{name}") for name in allocation.COMPONENTS}

    def coefficients(self) -> dict[str, Decimal]:
        return {rank: Decimal(str(value)) for rank, value in (self.rank_coefficients or {}).items()}

    def rules(self) -> allocation.Policy:
        return allocation.Policy(
            weights=self.weights(),
            grade_points={Grade.EXCELLENT: Decimal(self.points_excellent),
                          Grade.COMPETENT: Decimal(self.points_competent), Grade.BASIC: Decimal(self.points_basic)},
            rank_coefficients=self.coefficients(), backbone_min_contributions=self.backbone_min_contributions,
            backbone_min_skill_level=self.backbone_min_skill_level,
            backbone_min_critical_skills=self.backbone_min_critical_skills, backbone_tilt=self.backbone_tilt,
            cap=self.cap, min_months_in_post=self.min_months_in_post, honour_percent=self.honour_percent,
            honour_max_per_department=self.honour_max_per_department,
            points_per_activity_led=self.points_per_activity_led,
            points_per_activity_attended=self.points_per_activity_attended,
            points_per_person_lent=self.points_per_person_lent,
        )

    def backbone_rule(self) -> str:
        return _(
            "Digital backbone: at least %(contributions)s verified contributions in the year and at least "
            "%(skills)s critical skills at level %(level)s or above; their allocation weight is multiplied "
            "by %(tilt)s."
        ) % {"contributions": self.backbone_min_contributions, "skills": self.backbone_min_critical_skills,
             "level": self.backbone_min_skill_level, "tilt": self.backbone_tilt}

    def learning_rule(self) -> str:
        return _(
            "Learning groups: each learning activity led in the year adds %(led)s points and each one attended "
            "%(attended)s to the verified contributions' impacts; an activity one led counts as led only."
        ) % {"led": self.points_per_activity_led, "attended": self.points_per_activity_attended}

    def lending_rule(self) -> str:
        """"" when the term is off."""
        if not self.points_per_person_lent:
            return ""
        return _("Lending: a head gets %(points)s points for each person the departments they head lent (secondments "
                 "completed in the year), added to the verified contributions' impacts.") % {
            "points": self.points_per_person_lent}

    def clean(self):
        errors = {}
        weights = self.weights()
        if all(isinstance(w, Decimal) for w in weights.values()):
            try:
                allocation.check_weights(weights)
            except ValueError as exc:
                errors[NON_FIELD_ERRORS] = _("The four weights must add up to 1; they add up to %(total)s.") % {
                    "total": exc.args[1]}
        problem = _rank_coefficients_problem(self.rank_coefficients)
        if problem:
            errors["rank_coefficients"] = problem
        if errors:
            raise ValidationError(errors)


def _rank_coefficients_problem(value) -> str | None:
    if not isinstance(value, dict):
        return _("Give an object mapping rank codes to coefficients.")
    unknown = sorted(set(value) - set(Rank.values))
    if unknown:
        return _("Unknown ranks: %(ranks)s.") % {"ranks": ", ".join(map(str, unknown))}
    for rank, coefficient in value.items():
        try:
            number = Decimal(str(coefficient))
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite() or not Decimal("0.1") <= number <= 10 \
                or number != number.quantize(Decimal("0.01")):
            return _("The coefficient of %(rank)s must be a number from 0.10 to 10.00 with at most two "
                     "decimals.") % {"rank": rank}
    return None


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    COMPUTED = "computed", _("computed")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class IncentiveCycle(models.Model):
    """One year's incentive list: HR computes and submits it, leadership approves or rejects it."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_printed_line])
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=13, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_BUDGET)])
    policy = models.ForeignKey(IncentivePolicy, verbose_name=_("policy"), on_delete=models.PROTECT,
                               related_name="cycles")
    status = models.CharField(_("status"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.DRAFT)
    total_recommended = models.DecimalField(_("total recommended"), max_digits=13, decimal_places=2,
                                            default=Decimal("0.00"))
    total_final = models.DecimalField(_("total final"), max_digits=13, decimal_places=2, default=Decimal("0.00"))
    unallocated = models.DecimalField(_("unallocated"), max_digits=13, decimal_places=2, default=Decimal("0.00"))
    # The figures of the computation that a person needs to redo their line: the rules as applied,
    # each component's best value, the pool after capping and its weight.
    summary = models.JSONField(_("computation summary"), default=dict, blank=True, editable=False)
    changes = models.JSONField(_("changes since the previous computation"), default=dict, blank=True,
                               editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True, validators=[validate_year_1900_2099])
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("computed by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, validators=[validate_year_1900_2099])
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, validators=[validate_year_1900_2099])
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_comment = models.TextField(_("decision comment"), blank=True, validators=[validate_text_block])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("incentive cycle")
        verbose_name_plural = _("incentive cycles")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="cycle_name_unique_per_year")]

    def __str__(self):
        return f"{self.year} · {self.name}"

    @property
    def frozen(self) -> bool:
        return self.status == CycleStatus.APPROVED


class Exclusion(models.TextChoices):
    NO_GRADE = allocation.EXCLUSION_NO_GRADE, _("no appraisal grade for the year")
    INCOMPETENT = allocation.EXCLUSION_INCOMPETENT, _("appraised incompetent")
    TOO_NEW = allocation.EXCLUSION_TOO_NEW, _("too few months in post")


class IncentiveLine(models.Model):
    """One cadre on a cycle's list, with everything needed to recompute their amount by hand."""

    # A province's list is 50,000 rows written at once: no index that the constraints' indexes already
    # give (cycle) or that no query needs (department within a cycle, who adjusted), each costs every write.
    cycle = models.ForeignKey(IncentiveCycle, verbose_name=_("incentive cycle"), on_delete=models.CASCADE,
                              related_name="lines", db_index=False)
    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="+", db_index=False)
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices)
    eligible = models.BooleanField(_("eligible"))
    exclusion = models.CharField(_("reason for exclusion"), max_length=20, choices=Exclusion.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    backbone = models.BooleanField(_("digital backbone"), default=False)
    weight = models.DecimalField(_("allocation weight"), max_digits=16, decimal_places=6)
    position = models.PositiveIntegerField(_("position in the list"))
    standing = models.PositiveIntegerField(_("place"), null=True, blank=True,
                                           help_text=_("By score; equal scores share a place."))
    recommended = models.DecimalField(_("recommended amount"), max_digits=13, decimal_places=2)
    adjustment = models.DecimalField(_("adjustment"), max_digits=13, decimal_places=2, default=Decimal("0.00"))
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True, validators=[validate_text_block])
    adjusted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("adjusted by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", db_index=False)
    adjusted_at = models.DateTimeField(_("adjusted at"), null=True, blank=True, validators=[validate_year_1900_2099])
    final = models.DecimalField(_("final amount"), max_digits=13, decimal_places=2)
    honour = models.CharField(_("honour"), max_length=50, blank=True, validators=[validate_printed_line])
    breakdown = models.JSONField(_("breakdown"), default=dict)

    class Meta:
        verbose_name = _("incentive line")
        verbose_name_plural = _("incentive lines")
        ordering = ["cycle", "position"]
        constraints = [models.UniqueConstraint(fields=["cycle", "cadre"], name="one_line_per_cadre_and_cycle")]
        indexes = [models.Index(fields=["cycle", "position"])]

    def __str__(self):
        return f"{self.cycle} · {self.cadre.name}"


# ---- certificates -----------------------------------------------------------------------------------

class Certificate(models.Model):
    """A printed honour certificate (荣誉证书) for one honour of an approved cycle.

    The printed texts are kept as they were at issue: a certificate on someone's wall does not change
    when they move department or the cycle is renamed, and its verification code (incentives.certificates,
    computed from these texts and a secret key, never stored) keeps matching. Revoking keeps the record
    and says why; the public check then answers "revoked".
    """

    serial = models.CharField(_("serial number"), max_length=certificates.SERIAL_MAX_LENGTH, unique=True,
                              validators=[validate_text_line])
    line = models.OneToOneField(IncentiveLine, verbose_name=_("incentive line"), on_delete=models.PROTECT,
                                related_name="certificate")
    cycle = models.ForeignKey(IncentiveCycle, verbose_name=_("incentive cycle"), on_delete=models.PROTECT,
                              related_name="certificates")
    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="certificates")
    recipient_name = models.CharField(_("name"), max_length=50, validators=[validate_printed_line])
    department_name = models.CharField(_("department"), max_length=100, validators=[validate_printed_line])
    honour = models.CharField(_("honour"), max_length=50, validators=[validate_printed_line])
    cycle_title = models.CharField(_("cycle as printed"), max_length=120, validators=[validate_printed_line])
    issuer = models.CharField(_("issuing body"), max_length=200, validators=[validate_printed_line])
    issued_on = models.DateField(_("date of issue"), validators=[validate_year_1900_2099])
    issued_at = models.DateTimeField(_("issued at"), validators=[validate_year_1900_2099])
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, validators=[validate_year_1900_2099])
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revocation_reason = models.TextField(_("reason for revocation"), blank=True, validators=[validate_text_block])

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["cycle", "department_name", "recipient_name", "serial"]
        permissions = [("print_certificate", _("Can print certificates"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(revoked_at__isnull=True) | ~models.Q(revocation_reason=""),
                                   name="certificate_revocation_has_reason"),
        ]

    def __str__(self):
        return f"{self.serial} · {self.recipient_name} · {self.honour}"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def content(self) -> certificates.Content:
        return certificates.Content(
            serial=self.serial, name=self.recipient_name, department=self.department_name, honour=self.honour,
            cycle=self.cycle_title, issuer=self.issuer, issued_on=self.issued_on,
        )


class NominationKind(models.TextChoices):
    RESERVE = "reserve", _("reserve cadre")
    KEY_POST = "key_post", _("key post")
    HONOUR = "honour", _("honour")


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting decision")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Nomination(models.Model):
    """A head (for their own people) or HR puts a cadre forward as a reserve cadre (后备), for a key post or for an
    honour, with a rationale and the verified skills and contributions that support it; leadership decides.

        pending --approve / decline, with a note (leadership)--> approved / declined
        pending --withdraw (the nominator)--> withdrawn
    Decided nominations are kept as they were decided (incentives.services.nominations)."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="nominations")
    kind = models.CharField(_("nominated as"), max_length=20, choices=NominationKind.choices)
    target = models.CharField(_("post or honour"), max_length=200, blank=True, validators=[validate_text_line],
                              help_text=_("The key post, the honour, or the level of reserve (e.g. 处级后备)."))
    rationale = models.TextField(_("rationale"), validators=[validate_text_block])
    contributions = models.ManyToManyField(Contribution, verbose_name=_("supporting contributions"), blank=True,
                                           related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=NominationStatus.choices,
                              default=NominationStatus.PENDING)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, validators=[validate_year_1900_2099])
    decision_note = models.TextField(_("decision note"), blank=True, validators=[validate_text_block])
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True,
                                        validators=[validate_year_1900_2099])
    created_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.cadre.name} · {self.get_kind_display()}"


class NominationSkill(models.Model):
    """A verified skill that supports a nomination, at the level the cadre held when nominated: the nomination keeps
    what it was decided on even when the level changes later."""

    nomination = models.ForeignKey(Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE,
                                   related_name="skills")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=Proficiency.choices)

    class Meta:
        verbose_name = _("supporting skill")
        verbose_name_plural = _("supporting skills")
        ordering = ["nomination", "-level", "skill"]
        constraints = [models.UniqueConstraint(fields=["nomination", "skill"], name="nomination_skill_unique")]

    def __str__(self):
        return f"{self.skill.name} · {self.get_level_display()}"
