from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from talent.crypto import EncryptedCharField
from talent.validators import validate_mobile, validate_national_id


class Department(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
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
    ACTIVE = "active", _("active")
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
    staff_number = models.CharField(_("staff number"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="cadres"
    )
    post_title = models.CharField(_("post title"), max_length=100, blank=True)
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    status = models.CharField(_("status"), max_length=20, choices=CadreStatus.choices, default=CadreStatus.ACTIVE)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    professional_title = models.CharField(
        _("professional title"), max_length=20, choices=ProfessionalTitle.choices, default=ProfessionalTitle.NONE
    )
    hire_date = models.DateField(_("hire date"))
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
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["name"])]
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
