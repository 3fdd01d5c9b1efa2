"""Writes for cross-department learning groups: the group, its members, and its activities with attendance.

HR manage every group; a department head the groups led by a cadre of their departments (and may hand
the lead only to another of their own). A group always has members from at least two departments: that is
what it is for, so a change that would leave fewer is refused (400). A closed group takes no new members
or activities (409). Each group is locked while its members change, so two removals cannot together leave
it with one department.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, Forbidden
from core.formats import listing
from sharing.models import Attendance, LearningActivity, LearningGroup, LearningGroupMember, MemberRole
from talent import roles
from talent.access import Actor
from talent.models import Cadre, CadreStatus

GROUP_FIELDS = ("name", "topic", "capacity", "leader", "started_on")
ACTIVITY_FIELDS = ("kind", "title", "start_date", "end_date", "hours", "location", "led_by", "notes")


def _require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden(_("Only HR and the head of the leader's department may manage this group."))


def _may_manage(actor: Actor, leader: Cadre) -> bool:
    return actor.has(roles.HR) or leader.department_id in actor.scope_department_ids


def _two_departments(departments: Iterable[int]) -> None:
    if len(set(departments)) < 2:
        raise DomainError(_("A learning group needs members from at least two departments."),
                          fields={"members": _("Add someone from another department.")})


def _open(group: LearningGroup) -> None:
    if group.ended_on is not None:
        raise Conflict(_("This group was closed on %(date)s.") % {"date": group.ended_on}, code="group_closed")


def _present(cadres: Iterable[Cadre], field: str) -> None:
    gone = [c.name for c in cadres if c.status == CadreStatus.LEFT]
    if gone:
        raise DomainError(_("These people have left the bureau: %(names)s.") % {"names": listing(gone)},
                          fields={field: _("Choose people still on the staff.")})


def _locked(group: LearningGroup) -> LearningGroup:
    return LearningGroup.objects.select_for_update().select_related("leader").get(pk=group.pk)


def _set_skills(group: LearningGroup, skills) -> None:
    if not skills:
        raise DomainError(_("Name at least one skill the group builds."), fields={"skills": _("This list is empty.")})
    group.skills.set(skills)


@transaction.atomic
def learning_group_create(*, actor: Actor, skills, members: list[dict], description: str = "",
                          **data) -> LearningGroup:
    """A group with its members (dicts of cadre and role); the leader joins as an expert if not listed."""
    group = LearningGroup(created_by=actor.user, **{key: data[key] for key in GROUP_FIELDS if key in data})
    _require(_may_manage(actor, group.leader))
    rows = list(members)
    if len({row["cadre"].pk for row in rows}) != len(rows):
        raise DomainError(_("Each person may be listed once."), fields={"members": _("Someone appears twice.")})
    if group.leader.pk not in {row["cadre"].pk for row in rows}:
        rows.append({"cadre": group.leader, "role": MemberRole.EXPERT})
    _present([row["cadre"] for row in rows], "members")
    _two_departments(row["cadre"].department_id for row in rows)
    group.full_clean()
    group.save()
    _set_skills(group, skills)
    for row in rows:
        member = LearningGroupMember(group=group, cadre=row["cadre"], department_id=row["cadre"].department_id,
                                     role=row.get("role", MemberRole.MEMBER), joined_on=group.started_on)
        member.full_clean()
        member.save()
    return group


@transaction.atomic
def learning_group_update(*, actor: Actor, group: LearningGroup, skills=None, **data) -> LearningGroup:
    """Change the name, topic, capacity, skills, start (before the first activity) or leader; a new leader
    must already be a member."""
    group = _locked(group)
    _require(_may_manage(actor, group.leader))
    _open(group)
    started_on = group.started_on
    changed = [key for key in GROUP_FIELDS if key in data]
    for key in changed:
        setattr(group, key, data[key])
    if group.started_on != started_on and group.activities.exists():
        raise Conflict(_("The group has held activities; its start date stays."), code="group_started")
    _require(_may_manage(actor, group.leader))
    if "leader" in changed and not group.members.filter(cadre=group.leader).exists():
        raise DomainError(_("The leader must be a member of the group."),
                          fields={"leader": _("Add them as a member first.")})
    if "leader" in changed:
        _present([group.leader], "leader")
    group.full_clean()
    group.save(update_fields=[*changed, "updated_at"])
    # Those who joined at the start (or, now, before it) join at the new start.
    for member in group.members.filter(Q(joined_on=started_on) | Q(joined_on__lt=group.started_on)):
        member.joined_on = group.started_on
        member.save(update_fields=["joined_on"])
    if skills is not None:
        _set_skills(group, skills)
    return group


@transaction.atomic
def learning_group_close(*, actor: Actor, group: LearningGroup, ended_on: date | None = None) -> LearningGroup:
    """The group has done its work; it stays in the graph, fading with time like any past tie."""
    group = _locked(group)
    _require(_may_manage(actor, group.leader))
    _open(group)
    today = timezone.localdate()
    group.ended_on = ended_on or today
    last = group.activities.order_by("-end_date").values_list("end_date", flat=True).first()
    if last and group.ended_on < last:
        raise DomainError(_("The group held an activity until %(date)s.") % {"date": last},
                          fields={"ended_on": _("Choose a later date.")})
    if group.ended_on > today:
        raise DomainError(_("A group is closed once it has ended."), fields={"ended_on": _("Choose today or earlier.")})
    group.full_clean()
    group.save(update_fields=["ended_on", "updated_at"])
    return group


@transaction.atomic
def learning_group_add_member(*, actor: Actor, group: LearningGroup, cadre: Cadre, role: str = MemberRole.MEMBER,
                              joined_on: date | None = None) -> LearningGroupMember:
    group = _locked(group)
    _require(_may_manage(actor, group.leader))
    _open(group)
    _present([cadre], "cadre")
    if group.members.filter(cadre=cadre).exists():
        raise Conflict(_("%(name)s is already a member.") % {"name": cadre.name}, code="already_member")
    if joined_on and joined_on < group.started_on:
        raise DomainError(_("The group starts on %(date)s.") % {"date": group.started_on},
                          fields={"joined_on": _("Choose a later date.")})
    member = LearningGroupMember(group=group, cadre=cadre, department_id=cadre.department_id, role=role,
                                 joined_on=joined_on or max(timezone.localdate(), group.started_on))
    member.full_clean()
    member.save()
    group.save(update_fields=["updated_at"])
    return member


@transaction.atomic
def learning_group_remove_member(*, actor: Actor, group: LearningGroup, cadre: Cadre) -> None:
    """Take someone out of the group; their attendance stays on record."""
    group = _locked(group)
    _require(_may_manage(actor, group.leader))
    _open(group)
    if cadre.pk == group.leader_id:
        raise Conflict(_("Choose another leader before removing this one."), code="member_is_leader")
    member = group.members.filter(cadre=cadre).first()
    if member is None:
        raise DomainError(_("%(name)s is not a member.") % {"name": cadre.name}, fields={"cadre": _("Not a member.")})
    _two_departments(group.members.exclude(pk=member.pk).values_list("department_id", flat=True))
    member.delete()
    group.save(update_fields=["updated_at"])


def _check_activity(activity: LearningActivity, group: LearningGroup) -> None:
    errors = {}
    if activity.start_date < group.started_on:
        errors["start_date"] = _("The group starts on %(date)s.") % {"date": group.started_on}
    if not group.members.filter(cadre_id=activity.led_by_id).exists():
        errors["led_by"] = _("The activity is led by a member of the group.")
    if errors:
        raise DomainError(_("Some fields are invalid."), fields=errors)


def _set_attendance(activity: LearningActivity, attendees: list[Cadre]) -> None:
    wanted = {c.pk: c for c in attendees}
    if wanted and activity.start_date > timezone.localdate():
        raise DomainError(_("Attendance is recorded once the activity has started."),
                          fields={"attendees": _("The activity starts on %(date)s.") % {"date": activity.start_date}})
    members = set(activity.group.members.values_list("cadre_id", flat=True))
    strangers = [c.name for pk, c in wanted.items() if pk not in members]
    if strangers:
        raise DomainError(_("Only members of the group attend its activities: %(names)s are not.")
                          % {"names": listing(strangers)}, fields={"attendees": _("Add them to the group first.")})
    present = set(activity.attendance.values_list("cadre_id", flat=True))
    # Row by row rather than in bulk, so the audit trail shows each person added or taken off.
    for row in activity.attendance.exclude(cadre_id__in=list(wanted)):
        row.delete()
    for pk in sorted(set(wanted) - present):
        Attendance.objects.create(activity=activity, cadre_id=pk)


@transaction.atomic
def learning_activity_record(*, actor: Actor, group: LearningGroup, attendees: list[Cadre] = (),
                             **data) -> LearningActivity:
    """A study week, exchange meeting or lecture of the group, led by its leader unless someone else is named,
    with the members who attended (for one that has started)."""
    group = _locked(group)
    _require(_may_manage(actor, group.leader))
    _open(group)
    activity = LearningActivity(group=group, **{key: data[key] for key in ACTIVITY_FIELDS if key in data})
    if activity.led_by_id is None:
        activity.led_by = group.leader
    activity.full_clean()
    _check_activity(activity, group)
    activity.save()
    _set_attendance(activity, list(attendees))
    return activity


@transaction.atomic
def learning_activity_update(*, actor: Actor, activity: LearningActivity, attendees: list[Cadre] | None = None,
                             **data) -> LearningActivity:
    """Correct an activity or its attendance (the whole list is given); a closed group's stay as they are."""
    group = _locked(activity.group)
    _require(_may_manage(actor, group.leader))
    _open(group)
    activity = LearningActivity.objects.select_for_update().get(pk=activity.pk)
    changed = [key for key in ACTIVITY_FIELDS if key in data]
    for key in changed:
        setattr(activity, key, data[key])
    activity.full_clean()
    _check_activity(activity, group)
    activity.save(update_fields=[*changed, "updated_at"])
    if attendees is not None:
        _set_attendance(activity, list(attendees))
    return activity
