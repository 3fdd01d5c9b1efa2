"""Factories for learning groups. A group built here skips the services' rules (two departments, members as
attendees), so build what the test is about through the services or the API."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.factories import CadreFactory


class LearningGroupFactory(DjangoModelFactory):
    class Meta:
        model = "sharing.LearningGroup"

    name = factory.Sequence(lambda n: f"数字学习小组{n}")
    topic = "数据分析在机关事务中的应用"
    capacity = "decision"
    leader = factory.SubFactory(CadreFactory)
    started_on = datetime.date(2026, 1, 5)


class LearningGroupMemberFactory(DjangoModelFactory):
    class Meta:
        model = "sharing.LearningGroupMember"

    group = factory.SubFactory(LearningGroupFactory)
    cadre = factory.SubFactory(CadreFactory)
    department = factory.SelfAttribute("cadre.department")
    role = "member"
    joined_on = factory.SelfAttribute("group.started_on")


class LearningActivityFactory(DjangoModelFactory):
    class Meta:
        model = "sharing.LearningActivity"

    group = factory.SubFactory(LearningGroupFactory)
    kind = "exchange_meeting"
    title = factory.Sequence(lambda n: f"技术交流会{n}")
    start_date = datetime.date(2026, 3, 10)
    end_date = factory.SelfAttribute("start_date")
    hours = 3
    led_by = factory.SelfAttribute("group.leader")


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = "sharing.Attendance"

    activity = factory.SubFactory(LearningActivityFactory)
    cadre = factory.SubFactory(CadreFactory)
