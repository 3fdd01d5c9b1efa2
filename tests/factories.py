"""factory_boy factories: each builds a valid record with only what a test does not care about filled in."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from talent.models import (
    AssessmentMethod,
    Cadre,
    CadreSkill,
    Department,
    Education,
    Gender,
    LiteracyAssessment,
    Rank,
    Skill,
    SkillCategory,
    Tier,
    TrainingFormat,
    TrainingProgram,
    TrainingRecord,
)
from talent.validators import national_id_check_char

PASSWORD = "correct-horse-battery-staple"


def national_id(*, gender: str = Gender.FEMALE, born: datetime.date = datetime.date(1988, 5, 17),
                area: str = "110105", serial: int = 12) -> str:
    """A citizen ID that passes GB 11643: the 17th digit is odd for men, even for women."""
    sequence = serial % 100 * 10 + (1 if gender == Gender.MALE else 2)
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + national_id_check_char(first17)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "小明"
    last_name = "王"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        from django.contrib.auth.models import Group

        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))
        if create:
            self.save()


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"第{n}处")
    parent = None


class CadreFactory(DjangoModelFactory):
    class Meta:
        model = Cadre

    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    name = factory.Sequence(lambda n: f"干部{n}")
    gender = Gender.FEMALE
    department = factory.SubFactory(DepartmentFactory)
    post_title = "科员"
    rank = Rank.CLERK_1
    tier = Tier.GENERAL
    education = Education.BACHELOR
    hire_date = datetime.date(2015, 7, 1)
    national_id = factory.LazyAttributeSequence(lambda cadre, n: national_id(gender=cadre.gender, serial=n))
    mobile = factory.Sequence(lambda n: f"138{n:08d}")


def cadre_payload(home: Department, /, **overrides) -> dict:
    """A valid body for POST /api/v1/cadres/; override what the test is about."""
    body = {
        "staff_number": "NEW001", "name": "周新", "gender": "M", "department": home.pk,
        "post_title": "主任科员", "rank": "principal_4", "tier": "general", "education": "master",
        "professional_title": "intermediate", "hire_date": "2020-09-01",
        "national_id": national_id(gender=Gender.MALE, serial=77), "mobile": "13912345678",
    }
    body.update(overrides)
    return body


class SkillCategoryFactory(DjangoModelFactory):
    class Meta:
        model = SkillCategory
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"CAT{n}")
    name = factory.Sequence(lambda n: f"技能类别{n}")


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"SK{n}")
    name = factory.LazyAttribute(lambda skill: f"技能{skill.code}")
    category = factory.SubFactory(SkillCategoryFactory, code="GENERAL", name="通用")


class CadreSkillFactory(DjangoModelFactory):
    class Meta:
        model = CadreSkill

    cadre = factory.SubFactory(CadreFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3


def scores(perception=70, execution=70, decision=70, creativity=70, development=70) -> dict:
    return {"perception": perception, "execution": execution, "decision": decision, "creativity": creativity,
            "development": development}


class AssessmentFactory(DjangoModelFactory):
    """An assessment flagged as the cadre's latest; build older ones with is_latest=False."""

    class Meta:
        model = LiteracyAssessment

    cadre = factory.SubFactory(CadreFactory)
    period = "2025"
    assessed_on = datetime.date(2025, 12, 15)
    method = AssessmentMethod.TEST
    perception = execution = decision = creativity = development = 70
    is_latest = True


class TrainingProgramFactory(DjangoModelFactory):
    class Meta:
        model = TrainingProgram

    code = factory.Sequence(lambda n: f"TP{n:03d}")
    name = factory.Sequence(lambda n: f"培训项目{n}")
    capacities = factory.LazyFunction(lambda: ["execution"])
    tiers = factory.LazyFunction(list)
    format = TrainingFormat.ONLINE
    hours = 8
    provider = "网上党校"


class TrainingRecordFactory(DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    cadre = factory.SubFactory(CadreFactory)
    program = factory.SubFactory(TrainingProgramFactory)
    hours = 8


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = "incentives.Contribution"

    cadre = factory.SubFactory(CadreFactory)
    year = 2025
    kind = "system_delivered"
    title = factory.Sequence(lambda n: f"数字化项目{n}")
    impact = 3
    status = "verified"


class AppraisalGradeFactory(DjangoModelFactory):
    class Meta:
        model = "incentives.AppraisalGrade"
        django_get_or_create = ["cadre", "year"]

    cadre = factory.SubFactory(CadreFactory)
    year = 2025
    grade = "competent"


class IncentivePolicyFactory(DjangoModelFactory):
    """Appraisal 0.4, literacy 0.3, contributions 0.2, secondments 0.1; no cap unless a test sets one."""

    class Meta:
        model = "incentives.IncentivePolicy"

    name = factory.Sequence(lambda n: f"激励办法{n}")
    weight_appraisal = Decimal("0.40")
    weight_literacy = Decimal("0.30")
    weight_contributions = Decimal("0.20")
    weight_secondments = Decimal("0.10")
    honour_title = "数字化先进个人"


class IncentiveCycleFactory(DjangoModelFactory):
    class Meta:
        model = "incentives.IncentiveCycle"

    name = factory.Sequence(lambda n: f"年度数字化激励{n}")
    year = 2025
    budget = Decimal("100000.00")
    policy = factory.SubFactory(IncentivePolicyFactory)


class ShareRequestFactory(DjangoModelFactory):
    """An open request for one person in June 2030 (far enough ahead to be open whatever today is)."""

    class Meta:
        model = "sharing.ShareRequest"

    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"借调需求{n}")
    justification = "项目急需"
    headcount = 1
    start_date = datetime.date(2030, 6, 1)
    end_date = datetime.date(2030, 6, 30)
    status = "open"


class RequiredSkillFactory(DjangoModelFactory):
    class Meta:
        model = "sharing.RequiredSkill"

    request = factory.SubFactory(ShareRequestFactory)
    skill = factory.SubFactory(SkillFactory)
    min_level = 3
    weight = 1


class SecondmentFactory(DjangoModelFactory):
    """A secondment for its request's dates from the cadre's own department."""

    class Meta:
        model = "sharing.Secondment"

    request = factory.SubFactory(ShareRequestFactory)
    cadre = factory.SubFactory(CadreFactory)
    home_department = factory.SelfAttribute("cadre.department")
    host_department = factory.SelfAttribute("request.department")
    start_date = factory.SelfAttribute("request.start_date")
    end_date = factory.SelfAttribute("request.end_date")
    status = "proposed"
    score = 50
    # The cadre agreed (SECONDMENT_NEEDS_CONSENT); consent tests pass consented_at=None.
    consented_at = factory.LazyFunction(timezone.now)
