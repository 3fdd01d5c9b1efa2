"""The departments' sharing rules in the back office: HR edits them here as on the API, through the same
service (so the same checks and the same record of who changed them)."""

from django.contrib import admin

from sharing.models import SharingRule
from sharing.services import departments as services
from talent.access import actor_of
from talent.admin import ScopedAdmin
from talent.views import people as talent_views


@admin.register(SharingRule)
class SharingRuleAdmin(ScopedAdmin):
    api = talent_views.DepartmentViewSet
    through = "department"
    list_display = ["department", "cap_people", "cap_percent", "includes_sub_units", "max_months", "notice_days",
                    "updated_at"]
    list_filter = ["includes_sub_units"]
    search_fields = ["department__name", "department__code"]
    autocomplete_fields = ["department"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        saved = services.sharing_rule_set(actor=actor_of(request), department=obj.department,
                                          **{field: getattr(obj, field) for field in services.RULE_FIELDS})
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.sharing_rule_remove(actor=actor_of(request), department=obj.department)

    def delete_queryset(self, request, queryset):
        for rule in queryset:
            self.delete_model(request, rule)
