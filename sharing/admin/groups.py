"""The back office for learning groups: read here, closed by an action; created and changed through the API,
whose services check the two-department rule and who may manage a group."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sharing.admin.secondments import _apply
from sharing.models import Attendance, LearningActivity, LearningGroup, LearningGroupMember
from sharing.services import groups as services_groups
from sharing.views import groups as views_groups
from talent.admin import ReadOnly, ReadOnlyAdmin


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0


class MemberInline(ReadOnlyInline):
    model = LearningGroupMember
    fields = ["cadre", "department", "role", "joined_on"]


class ActivityInline(ReadOnlyInline):
    model = LearningActivity
    fields = ["kind", "title", "start_date", "end_date", "hours", "led_by"]
    show_change_link = True


@admin.register(LearningGroup)
class LearningGroupAdmin(ReadOnlyAdmin):
    api = views_groups.LearningGroupViewSet
    record_argument = "group"
    list_display = ["name", "capacity", "leader", "started_on", "ended_on"]
    list_filter = ["capacity", "ended_on", "skills"]
    search_fields = ["name", "topic", "leader__name"]
    date_hierarchy = "started_on"
    list_select_related = ["leader"]
    inlines = [MemberInline, ActivityInline]
    actions = ["close_groups"]

    @admin.action(description=_("Close the selected groups (today)"))
    def close_groups(self, request, queryset):
        _apply(self, request, queryset, services_groups.learning_group_close)


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["cadre"]


@admin.register(LearningActivity)
class LearningActivityAdmin(ReadOnlyAdmin):
    api = views_groups.LearningActivityViewSet
    list_display = ["title", "group", "kind", "start_date", "end_date", "hours", "led_by"]
    list_filter = ["kind", "group"]
    search_fields = ["title", "group__name"]
    date_hierarchy = "start_date"
    list_select_related = ["group", "led_by"]
    inlines = [AttendanceInline]
