"""The incentives back office. Every save goes through the services, so the admin keeps the same rules
as the API; leadership reviews, adjusts and decides a list on the cycle's review page."""

from decimal import Decimal, InvalidOperation

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incentives import explain, selectors, services
from incentives.models import (
    AppraisalGrade,
    Contribution,
    ContributionStatus,
    CycleStatus,
    IncentiveCycle,
    IncentiveLine,
    IncentivePolicy,
)
from talent import roles
from talent.access import Actor
from talent.errors import DomainError

LINES_PER_PAGE = 100


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["cadre", "year", "kind", "title", "impact", "status", "reviewed_by"]
    list_filter = ["year", "kind", "status", "impact"]
    search_fields = ["title", "cadre__name", "cadre__staff_number"]
    autocomplete_fields = ["cadre"]
    list_select_related = ["cadre", "reviewed_by"]
    readonly_fields = ["status", "submitted_by", "reviewed_by", "reviewed_at", "review_comment"]
    actions = ["verify"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.contribution_update(contribution=obj, actor=Actor(request.user), **data)
        else:
            obj.pk = services.contribution_create(actor=Actor(request.user), **form.cleaned_data).pk

    @admin.action(description=gettext_lazy("Verify the selected contributions"))
    def verify(self, request, queryset):
        actor, done = Actor(request.user), 0
        for contribution in queryset.filter(status=ContributionStatus.SUBMITTED):
            try:
                services.contribution_review(contribution=contribution, actor=actor, verified=True)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{contribution}: {exc.message}", level=messages.WARNING)
        self.message_user(request, _("%(count)s contributions verified.") % {"count": done})


@admin.register(AppraisalGrade)
class AppraisalGradeAdmin(admin.ModelAdmin):
    list_display = ["cadre", "year", "grade", "note"]
    list_filter = ["year", "grade"]
    search_fields = ["cadre__name", "cadre__staff_number"]
    autocomplete_fields = ["cadre"]
    list_select_related = ["cadre"]

    def save_model(self, request, obj, form, change):
        obj.pk = services.appraisal_grade_set(cadre=obj.cadre, year=obj.year, grade=obj.grade, note=obj.note).pk


@admin.register(IncentivePolicy)
class IncentivePolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "weight_appraisal", "weight_literacy", "weight_contributions", "weight_secondments",
                    "backbone_tilt", "cap"]
    readonly_fields = ["backbone_rule_text"]

    @admin.display(description=gettext_lazy("digital backbone rule"))
    def backbone_rule_text(self, obj):
        return obj.backbone_rule() if obj.pk else "—"

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.policy_update(policy=obj, **data)
        else:
            obj.pk = services.policy_create(**form.cleaned_data).pk


@admin.register(IncentiveCycle)
class IncentiveCycleAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "budget", "status", "total_final", "computed_at", "review_link"]
    list_filter = ["year", "status"]
    fields = ["name", "year", "budget", "policy"]

    @admin.display(description=gettext_lazy("review"))
    def review_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:incentives_incentivecycle_review", args=[obj.pk]),
                           _("Totals, breakdown and decision"))

    def has_change_permission(self, request, obj=None):
        editable = obj is None or obj.status in services.EDITABLE
        return editable and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        deletable = obj is None or obj.status in (*services.EDITABLE, CycleStatus.REJECTED)
        return deletable and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.cycle_update(cycle=obj, actor=Actor(request.user), **data)
        else:
            obj.pk = services.cycle_create(actor=Actor(request.user), **form.cleaned_data).pk

    def delete_model(self, request, obj):
        services.cycle_delete(cycle=obj, actor=Actor(request.user))

    def delete_queryset(self, request, queryset):
        for cycle in queryset:
            services.cycle_delete(cycle=cycle, actor=Actor(request.user))

    def get_urls(self):
        review = path("<int:pk>/review/", self.admin_site.admin_view(self.review_view),
                      name="incentives_incentivecycle_review")
        return [review, *super().get_urls()]

    def review_view(self, request, pk):
        cycle = get_object_or_404(selectors.cycle_list(), pk=pk)
        if not self.has_view_permission(request, cycle):
            return redirect("admin:index")
        if request.method == "POST":
            self._act(request, cycle)
            return redirect(request.get_full_path())
        actor = Actor(request.user)
        lines = selectors.line_list(cycle=cycle)
        page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("page"))
        rows = [(line, explain.steps(line, cycle.summary)) for line in page]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "title": _("Review: %(cycle)s") % {"cycle": cycle}, "cycle": cycle,
            "summary": cycle.summary, "changes": cycle.changes, "page": page, "rows": rows,
            "adjusted": lines.exclude(adjustment=0),
            "weights": [(explain.COMPONENT_LABELS[name], weight)
                        for name, weight in cycle.summary.get("policy", {}).get("weights", {}).items()],
            "may_decide": actor.has(roles.LEADERSHIP) and cycle.status == CycleStatus.SUBMITTED,
            "may_compute": actor.has(roles.HR) and cycle.status in services.EDITABLE,
            "may_submit": actor.has(roles.HR) and cycle.status == CycleStatus.COMPUTED,
            "may_reopen": actor.has(roles.HR) and cycle.status == CycleStatus.REJECTED,
        }
        return TemplateResponse(request, "admin/incentives/incentivecycle/review.html", context)

    def _act(self, request, cycle: IncentiveCycle) -> None:
        actor, step, comment = Actor(request.user), request.POST.get("step"), request.POST.get("comment", "")
        done = {
            "compute": (lambda: services.cycle_compute(cycle=cycle, actor=actor), _("The list has been computed.")),
            "submit": (lambda: services.cycle_submit(cycle=cycle, actor=actor),
                       _("The list has been submitted to leadership.")),
            "reopen": (lambda: services.cycle_reopen(cycle=cycle, actor=actor), _("The list is back with HR.")),
            "approve": (lambda: services.cycle_approve(cycle=cycle, actor=actor, comment=comment),
                        _("The list is approved and frozen.")),
            "reject": (lambda: services.cycle_reject(cycle=cycle, actor=actor, comment=comment),
                       _("The list has been rejected.")),
            "adjust": (lambda: self._adjust(request, cycle, actor), _("The amount has been adjusted.")),
        }
        if step not in done:
            messages.error(request, _("Unknown action."))
            return
        service, success = done[step]
        try:
            service()
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success)

    def _adjust(self, request, cycle, actor):
        line = get_object_or_404(IncentiveLine, pk=request.POST.get("line"), cycle=cycle)
        try:
            final = Decimal(request.POST.get("final", "")).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise DomainError(_("Write the amount in yuan, for example 1200.00.")) from None
        if not final.is_finite() or not Decimal(0) <= final <= cycle.budget:
            raise DomainError(_("The amount must lie between 0 and the budget."))
        services.line_adjust(line=line, actor=actor, final=final, reason=request.POST.get("reason", ""))


@admin.register(IncentiveLine)
class IncentiveLineAdmin(admin.ModelAdmin):
    """Read only: lines change only by computation or by leadership's adjustment on the review page."""

    list_display = ["cycle", "standing", "cadre", "department", "score", "backbone", "recommended", "adjustment",
                    "final", "honour", "exclusion"]
    list_filter = ["cycle", "eligible", "backbone", "exclusion"]
    search_fields = ["cadre__name", "cadre__staff_number"]
    list_select_related = ["cycle", "cadre", "department"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
