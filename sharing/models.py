from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from talent.models import Cadre, Capacity, Department, Proficiency, Skill
from talent.validators import validate_text_block, validate_text_line, validate_year_1900_2099

MAX_HEADCOUNT = 20
MAX_WEIGHT = 10


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    FULFILLED = "fulfilled", _("fulfilled")
    CANCELLED = "cancelled", _("cancelled")
    CLOSED = "closed", _("closed")


class ShareRequest(models.Model):
    """A department head's request for experts from other departments (专家借调需求)."""

    department = models.ForeignKey(Department, verbose_name=_("requesting department"), on_delete=models.PROTECT,
                                   related_name="share_requests")
    title = models.CharField(_("title"), max_length=200, validators=[validate_text_line])
    justification = models.TextField(_("justification"), validators=[validate_text_block])
    headcount = models.PositiveSmallIntegerField(
        _("headcount"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_HEADCOUNT)])
    start_date = models.DateField(_("start date"), validators=[validate_year_1900_2099])
    end_date = models.DateField(_("end date"), validators=[validate_year_1900_2099])
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.DRAFT)
    skills = models.ManyToManyField(Skill, verbose_name=_("required skills"), through="RequiredSkill",
                                    related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, validators=[validate_text_block])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("expert request")
        verbose_name_plural = _("expert requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "start_date"])]
        constraints = [models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                              name="share_request_ends_after_start")]

    def __str__(self):
        return f"{self.department.name} · {self.title}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class RequiredSkill(models.Model):
    request = models.ForeignKey(ShareRequest, verbose_name=_("expert request"), on_delete=models.CASCADE,
                                related_name="required_skills")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    min_level = models.PositiveSmallIntegerField(_("minimum level"), choices=Proficiency.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_WEIGHT)],
        help_text=_("How much this skill counts in the score, 1-10."))

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        ordering = ["request", "-weight", "skill"]
        constraints = [models.UniqueConstraint(fields=["request", "skill"], name="required_skill_unique")]

    def __str__(self):
        return f"{self.skill.name} ≥ {self.min_level}"


class AllocationRun(models.Model):
    """One global allocation that stored proposals: who ran it, when, and what it found."""

    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("run by"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    run_at = models.DateTimeField(_("run at"), auto_now_add=True)
    requests = models.PositiveIntegerField(_("open requests"))
    proposals = models.PositiveIntegerField(_("proposals"))
    places_left_open = models.PositiveIntegerField(_("places left open"))
    total_score = models.DecimalField(_("total score"), max_digits=12, decimal_places=2)
    # xgettext:no-python-format
    lending_percent = models.PositiveSmallIntegerField(_("lending cap (% of a department's cadres)"))

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-run_at", "-id"]

    def __str__(self):
        return f"{timezone.localtime(self.run_at):%Y-%m-%d %H:%M} · {self.proposals}"


class SecondmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted by the home department")
    APPROVED = "approved", _("approved")
    ACTIVE = "active", pgettext_lazy("secondment", "active")
    COMPLETED = "completed", _("completed")
    DECLINED = "declined", _("declined by the home department")
    REFUSED = "refused", _("declined by the cadre")
    CANCELLED = "cancelled", _("cancelled")


# A secondment in these states holds the cadre for its dates: no other may overlap it.
HOLDING = (SecondmentStatus.PROPOSED, SecondmentStatus.ACCEPTED, SecondmentStatus.APPROVED,
           SecondmentStatus.ACTIVE)
# These count against the home department's lending cap and the request's headcount.
COMMITTED = (SecondmentStatus.APPROVED, SecondmentStatus.ACTIVE, SecondmentStatus.COMPLETED)


class Secondment(models.Model):
    """A cadre lent by their home department to the requesting (host) department for the request's dates."""

    request = models.ForeignKey(ShareRequest, verbose_name=_("expert request"), on_delete=models.PROTECT,
                                related_name="secondments")
    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="secondments")
    home_department = models.ForeignKey(Department, verbose_name=_("home department"), on_delete=models.PROTECT,
                                        related_name="lent_secondments")
    host_department = models.ForeignKey(Department, verbose_name=_("host department"), on_delete=models.PROTECT,
                                        related_name="hosted_secondments")
    start_date = models.DateField(_("start date"), validators=[validate_year_1900_2099])
    end_date = models.DateField(_("end date"), validators=[validate_year_1900_2099])
    status = models.CharField(_("status"), max_length=20, choices=SecondmentStatus.choices,
                              default=SecondmentStatus.PROPOSED)
    score = models.DecimalField(pgettext_lazy("secondment", "score"), max_digits=5, decimal_places=2)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    allocation_run = models.ForeignKey(AllocationRun, verbose_name=_("allocation run"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="secondments")
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, validators=[validate_year_1900_2099])
    decline_reason = models.TextField(_("reason for declining"), blank=True, validators=[validate_text_block])
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, validators=[validate_year_1900_2099])
    completed_on = models.DateField(_("completed on"), null=True, blank=True, validators=[validate_year_1900_2099])
    rating = models.PositiveSmallIntegerField(
        _("host's rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    rating_comment = models.TextField(_("host's comment"), blank=True, validators=[validate_text_block])
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rated by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, validators=[validate_text_block])
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cancelled by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    # The cadre's own agreement (SECONDMENT_NEEDS_CONSENT): when they agreed; a refusal ends the proposal
    # as REFUSED, with their reason, if any, in refusal_reason.
    consented_at = models.DateTimeField(_("cadre agreed at"), null=True, blank=True,
                                        validators=[validate_year_1900_2099])
    refusal_reason = models.TextField(_("the cadre's reason for declining"), blank=True,
                                      validators=[validate_text_block])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["cadre", "status"]), models.Index(fields=["status", "start_date"]),
                   models.Index(fields=["home_department", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="secondment_ends_after_start"),
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                   name="secondment_rating_1_5"),
            # One live proposal per person per request; a declined or cancelled one may be followed by another.
            models.UniqueConstraint(fields=["request", "cadre"], condition=models.Q(status__in=HOLDING),
                                    name="secondment_one_live_per_request_cadre"),
        ]

    def __str__(self):
        return f"{self.cadre.name} → {self.host_department.name}（{self.start_date} – {self.end_date}）"


# ---------------------------------------------------------------------------------------------------------
# A department's sharing rules (部门借调规则), set by HR; sharing.rules says what follows from them
# ---------------------------------------------------------------------------------------------------------

MAX_RULE_MONTHS = 36
MAX_NOTICE_DAYS = 365
MAX_CAP_PEOPLE = 1000


class SharingRule(models.Model):
    """How many people a department may lend at once, for how long and with how much notice. A department
    without one lends under the bureau's SECONDMENT_LENDING_PERCENT, with no limit on length or notice."""

    department = models.OneToOneField(Department, verbose_name=_("department"), on_delete=models.CASCADE,
                                      related_name="sharing_rule")
    cap_people = models.PositiveSmallIntegerField(
        _("lending cap (people)"), null=True, blank=True, validators=[MaxValueValidator(MAX_CAP_PEOPLE)],
        help_text=_("At most this many of its people out at once. Leave empty to use a percent."))
    # xgettext:no-python-format
    cap_percent = models.PositiveSmallIntegerField(
        _("lending cap (% of its size)"), null=True, blank=True, validators=[MaxValueValidator(100)],
        help_text=_("Rounded down. Both caps empty: the bureau's default percent."))
    includes_sub_units = models.BooleanField(
        _("size includes sub-units"), default=False,
        help_text=_("The department and its sub-units lend as one: the cap counts all their people, and this "
                    "rule applies to the sub-units too."))
    max_months = models.PositiveSmallIntegerField(
        _("longest secondment (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RULE_MONTHS)], help_text=_("Empty: no limit."))
    notice_days = models.PositiveSmallIntegerField(
        _("notice (days before the start)"), default=0, validators=[MaxValueValidator(MAX_NOTICE_DAYS)],
        help_text=_("A proposal must come at least this many days before the secondment starts."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("sharing rule")
        verbose_name_plural = _("sharing rules")
        ordering = ["department__code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(cap_people__isnull=True) | models.Q(cap_percent__isnull=True),
                                   name="sharing_rule_one_cap"),
            models.CheckConstraint(condition=models.Q(cap_percent__isnull=True) | models.Q(cap_percent__lte=100),
                                   name="sharing_rule_percent_0_100"),
        ]

    def __str__(self):
        return self.department.name

    def clean(self):
        if self.cap_people is not None and self.cap_percent is not None:
            raise ValidationError({"cap_percent": _("Give the cap as a number of people or as a percent, not both.")})


# ---------------------------------------------------------------------------------------------------------
# Opt-in mobility (借调意愿): a cadre's own say in being seconded
# ---------------------------------------------------------------------------------------------------------

MAX_MOBILITY_MONTHS = 36
MAX_MOBILITY_SKILLS = 10


class MobilityPreference(models.Model):
    """Whether a cadre is open to secondment, for how long and from when, and the skills they want to use or
    grow. Only the cadre writes it (under /me/); HR and their heads read it."""

    cadre = models.OneToOneField(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE,
                                 related_name="mobility")
    open_to_secondment = models.BooleanField(_("open to secondment"), default=False)
    months = models.PositiveSmallIntegerField(
        _("for how many months"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MOBILITY_MONTHS)])
    available_from = models.DateField(_("available from"), null=True, blank=True,
                                      validators=[validate_year_1900_2099])
    skills = models.ManyToManyField(Skill, verbose_name=_("skills to use or grow"), blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True, validators=[validate_text_line])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("mobility preference")
        verbose_name_plural = _("mobility preferences")
        ordering = ["cadre"]
        constraints = [models.CheckConstraint(
            condition=models.Q(months__isnull=True) | models.Q(months__gte=1, months__lte=MAX_MOBILITY_MONTHS),
            name="mobility_months_1_36")]

    def __str__(self):
        return f"{self.cadre.name} · {self.open_to_secondment}"


class SecondmentInterest(models.Model):
    """A cadre's interest in an open expert request: shown with a mark on its candidate list."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE,
                              related_name="secondment_interests")
    request = models.ForeignKey(ShareRequest, verbose_name=_("expert request"), on_delete=models.CASCADE,
                                related_name="interests")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest in an expert request")
        verbose_name_plural = _("interests in expert requests")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["cadre", "request"], name="secondment_interest_unique")]

    def __str__(self):
        return f"{self.cadre.name} → {self.request.title}"


# ---------------------------------------------------------------------------------------------------------
# Cross-department digital learning groups (跨部门数字学习小组) and their activities
# ---------------------------------------------------------------------------------------------------------

MAX_GROUP_SKILLS = 10


class LearningGroup(models.Model):
    """Cadres of several departments learning a digital topic together, led by one of them. Its members tie
    their departments in the sharing graph."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_text_line])
    topic = models.TextField(_("topic"), validators=[validate_text_block])
    capacity = models.CharField(_("capacity it builds"), max_length=20, choices=Capacity.choices)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), related_name="learning_groups")
    leader = models.ForeignKey(Cadre, verbose_name=_("leader"), on_delete=models.PROTECT,
                               related_name="learning_groups_led")
    started_on = models.DateField(_("started on"), validators=[validate_year_1900_2099])
    ended_on = models.DateField(_("ended on"), null=True, blank=True, validators=[validate_year_1900_2099])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("learning group")
        verbose_name_plural = _("learning groups")
        ordering = ["-started_on", "-id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
            name="learning_group_ends_after_start")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The group cannot end before it starts.")})


class MemberRole(models.TextChoices):
    EXPERT = "expert", _("expert")
    LEARNER = "learner", _("learner")
    MEMBER = "member", _("member")


class LearningGroupMember(models.Model):
    group = models.ForeignKey(LearningGroup, verbose_name=_("learning group"), on_delete=models.CASCADE,
                              related_name="members")
    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT,
                              related_name="learning_memberships")
    # The department the member speaks for: theirs on joining, kept if they move later, as the graph's tie was
    # made between those departments.
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = models.DateField(_("joined on"), validators=[validate_year_1900_2099])

    class Meta:
        verbose_name = _("learning group member")
        verbose_name_plural = _("learning group members")
        ordering = ["group", "department", "cadre"]
        constraints = [models.UniqueConstraint(fields=["group", "cadre"], name="learning_group_member_unique")]

    def __str__(self):
        return f"{self.group.name} · {self.cadre.name}"


class ActivityKind(models.TextChoices):
    STUDY_WEEK = "study_week", _("study week")
    EXCHANGE_MEETING = "exchange_meeting", _("technical exchange meeting")
    LECTURE = "lecture", _("lecture")


class LearningActivity(models.Model):
    """A study week, technical exchange meeting or lecture of a group, and who attended it."""

    group = models.ForeignKey(LearningGroup, verbose_name=_("learning group"), on_delete=models.PROTECT,
                              related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_text_line])
    start_date = models.DateField(_("start date"), validators=[validate_year_1900_2099])
    end_date = models.DateField(_("end date"), validators=[validate_year_1900_2099])
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("200"))],
                                help_text=_("Learning hours each attendee gets."))
    location = models.CharField(_("location"), max_length=200, blank=True, validators=[validate_text_line])
    led_by = models.ForeignKey(Cadre, verbose_name=_("led by"), on_delete=models.PROTECT,
                               related_name="learning_activities_led")
    notes = models.TextField(_("notes"), blank=True, validators=[validate_text_block])
    attendees = models.ManyToManyField(Cadre, verbose_name=_("attendees"), through="Attendance", related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("learning activity")
        verbose_name_plural = _("learning activities")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["start_date"])]
        constraints = [models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                              name="learning_activity_ends_after_start")]

    def __str__(self):
        return f"{self.group.name} · {self.title}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class Attendance(models.Model):
    activity = models.ForeignKey(LearningActivity, verbose_name=_("learning activity"), on_delete=models.CASCADE,
                                 related_name="attendance")
    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT,
                              related_name="learning_attendance")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["activity", "cadre"]
        constraints = [models.UniqueConstraint(fields=["activity", "cadre"], name="attendance_unique")]

    def __str__(self):
        return f"{self.activity} · {self.cadre.name}"
