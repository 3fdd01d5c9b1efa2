"""The back office for sharing: requests and secondments are read here and moved only through the
workflow's actions, so every change goes through the same services (and checks) as the API."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from sharing.models import AllocationRun, RequiredSkill, Secondment, ShareRequest
from sharing.services import secondments as services
from sharing.views import secondments as views
from talent.access import actor_of
from talent.admin import ReadOnlyAdmin


def _apply(modeladmin, request, queryset, service, **kwargs) -> None:
    """Run one workflow service per selected record; report successes and each refusal."""
    actor = actor_of(request)
    done = 0
    for record in queryset:
        try:
            service(actor=actor, **{modeladmin.record_argument: record}, **kwargs)
            done += 1
        except DomainError as error:
            modeladmin.message_user(request, f"{record}: {error.message}", messages.ERROR)
    if done:
        modeladmin.message_user(request, gettext("%(count)d done.") % {"count": done}, messages.SUCCESS)


def _with_reason(modeladmin, request, queryset, service, action: str, title):
    """Ask for the reason on a page of its own, then apply."""
    reason = request.POST.get("reason", "").strip()
    if request.POST.get("confirm") and reason:
        _apply(modeladmin, request, queryset, service, reason=reason)
        return None
    return TemplateResponse(request, "admin/sharing/reason.html", {
        **modeladmin.admin_site.each_context(request), "opts": modeladmin.model._meta, "title": title,
        "queryset": queryset, "action": action, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    })


class RequiredSkillInline(admin.TabularInline):
    model = RequiredSkill
    extra = 0
    fields = ["skill", "min_level", "weight"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ShareRequest)
class ShareRequestAdmin(ReadOnlyAdmin):
    api = views.ShareRequestViewSet
    record_argument = "share_request"
    list_display = ["title", "department", "headcount", "start_date", "end_date", "status"]
    list_filter = ["status", "department"]
    search_fields = ["title"]
    date_hierarchy = "start_date"
    list_select_related = ["department"]
    inlines = [RequiredSkillInline]
    actions = ["open_requests", "close_requests", "cancel_requests"]

    @admin.action(description=_("Open the selected drafts"))
    def open_requests(self, request, queryset):
        _apply(self, request, queryset, services.share_request_open)

    @admin.action(description=_("Close the selected requests"))
    def close_requests(self, request, queryset):
        _apply(self, request, queryset, services.share_request_close)

    @admin.action(description=_("Cancel the selected requests (with a reason)"))
    def cancel_requests(self, request, queryset):
        return _with_reason(self, request, queryset, services.share_request_cancel, "cancel_requests",
                            gettext("Cancel the selected requests"))


@admin.register(Secondment)
class SecondmentAdmin(ReadOnlyAdmin):
    api = views.SecondmentViewSet
    record_argument = "secondment"
    list_display = ["cadre", "home_department", "host_department", "start_date", "end_date", "status", "score",
                    "rating"]
    list_filter = ["status", "home_department", "host_department"]
    search_fields = ["cadre__name", "cadre__staff_number", "request__title"]
    list_select_related = ["cadre", "home_department", "host_department"]
    actions = ["accept", "decline", "approve", "cancel"]

    @admin.action(description=_("Accept: lend the selected people (home department head)"))
    def accept(self, request, queryset):
        _apply(self, request, queryset, services.secondment_accept)

    @admin.action(description=_("Decline: keep the selected people (home department head, with a reason)"))
    def decline(self, request, queryset):
        return _with_reason(self, request, queryset, services.secondment_decline, "decline",
                            gettext("Decline the selected secondments"))

    @admin.action(description=_("Approve the selected secondments (HR, leadership)"))
    def approve(self, request, queryset):
        _apply(self, request, queryset, services.secondment_approve)

    @admin.action(description=_("Cancel the selected secondments (with a reason)"))
    def cancel(self, request, queryset):
        return _with_reason(self, request, queryset, services.secondment_cancel, "cancel",
                            gettext("Cancel the selected secondments"))


@admin.register(AllocationRun)
class AllocationRunAdmin(ReadOnlyAdmin):
    api = views.AllocationRunViewSet
    list_display = ["run_at", "run_by", "requests", "proposals", "places_left_open", "total_score"]
