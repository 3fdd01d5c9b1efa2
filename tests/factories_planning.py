"""Factories for workforce plans, information systems and the outsourcing registry."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from talent.models import AccessLevel, InformationSystem, PlanLine, PlanLineSkill, Vendor, VendorStaff, WorkforcePlan
from talent.validators import credit_code_check_char
from tests.factories import CadreFactory, DepartmentFactory, national_id


def credit_code(serial: int) -> str:
    """A unified social credit code that passes GB 32100."""
    first17 = f"91320100MA{serial:07d}"
    return first17 + credit_code_check_char(first17)


class WorkforcePlanFactory(DjangoModelFactory):
    class Meta:
        model = WorkforcePlan

    department = factory.SubFactory(DepartmentFactory)
    period = "2026"


class PlanLineFactory(DjangoModelFactory):
    class Meta:
        model = PlanLine

    plan = factory.SubFactory(WorkforcePlanFactory)
    post = factory.Sequence(lambda n: f"岗位{n}")
    headcount = 1


def plan_line(plan, requirements: dict, **fields) -> PlanLine:
    """A line of `plan` requiring {Skill: min_level}."""
    line = PlanLineFactory(plan=plan, **fields)
    for skill, level in requirements.items():
        PlanLineSkill.objects.create(line=line, skill=skill, min_level=level)
    return line


class InformationSystemFactory(DjangoModelFactory):
    class Meta:
        model = InformationSystem

    code = factory.Sequence(lambda n: f"SYS{n}")
    name = factory.Sequence(lambda n: f"业务系统{n}")
    department = factory.SubFactory(DepartmentFactory)


class VendorFactory(DjangoModelFactory):
    class Meta:
        model = Vendor

    name = factory.Sequence(lambda n: f"数科信息技术有限公司{n}")
    credit_code = factory.Sequence(credit_code)
    contract_start = datetime.date(2025, 1, 1)
    contract_end = datetime.date(2027, 12, 31)
    scope = "系统运维"


class VendorStaffFactory(DjangoModelFactory):
    """A healthy entry: responsible cadre present, agreement signed, confirmed just now."""

    class Meta:
        model = VendorStaff
        skip_postgeneration_save = True

    vendor = factory.SubFactory(VendorFactory)
    name = factory.Sequence(lambda n: f"外包人员{n}")
    national_id = factory.Sequence(lambda n: national_id(serial=n, area="320106"))
    role = "运维工程师"
    access_level = AccessLevel.OPERATOR
    access_start = datetime.date(2025, 3, 1)
    access_end = datetime.date(2027, 6, 30)
    responsible_cadre = factory.SubFactory(CadreFactory)
    confidentiality_signed_on = datetime.date(2025, 2, 20)
    last_confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def systems(self, create, systems, **kwargs):
        if create and systems:
            self.systems.set(systems)

    @factory.post_generation
    def skills(self, create, skills, **kwargs):
        if create and skills:
            self.skills.set(skills)
