"""The incentives back office. Every save goes through the services, so the admin keeps the same rules
as the API; leadership reviews, adjusts and decides a list on the cycle's review page."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import DomainError
from incentives import explain, jobs
from incentives.models import (
    AppraisalGrade,
    Certificate,
    Contribution,
    ContributionStatus,
    CycleStatus,
    IncentiveCycle,
    IncentiveLine,
    IncentivePolicy,
)
from incentives.selectors import certificates as certificate_selectors
from incentives.selectors import cycles as selectors
from incentives.services import certificates as certificate_services
from incentives.services import cycles as services
from incentives.views import certificates as views_certificates
from incentives.views import cycles as views
from talent import roles
from talent.access import Actor
from talent.admin import ReadOnlyAdmin, ScopedAdmin
from talent.selectors.pool import skill_names_of

LINES_PER_PAGE = 100


@admin.register(Contribution)
class ContributionAdmin(ScopedAdmin):
    api = views.ContributionViewSet
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
class AppraisalGradeAdmin(ScopedAdmin):
    api = views.AppraisalGradeViewSet
    list_display = ["cadre", "year", "grade", "note"]
    list_filter = ["year", "grade"]
    search_fields = ["cadre__name", "cadre__staff_number"]
    autocomplete_fields = ["cadre"]
    list_select_related = ["cadre"]

    def save_model(self, request, obj, form, change):
        obj.pk = services.appraisal_grade_set(cadre=obj.cadre, year=obj.year, grade=obj.grade, note=obj.note).pk


@admin.register(IncentivePolicy)
class IncentivePolicyAdmin(ScopedAdmin):
    api = views.PolicyViewSet
    list_display = ["name", "weight_appraisal", "weight_literacy", "weight_contributions", "weight_secondments",
                    "points_per_activity_led", "points_per_activity_attended", "points_per_person_lent",
                    "backbone_tilt", "cap"]
    readonly_fields = ["learning_rule_text", "backbone_rule_text"]

    @admin.display(description=gettext_lazy("learning-group rule"))
    def learning_rule_text(self, obj):
        return obj.learning_rule() if obj.pk else "—"

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
class IncentiveCycleAdmin(ScopedAdmin):
    api = views.CycleViewSet
    list_display = ["name", "year", "budget", "status", "total_final", "computed_at", "review_link"]
    list_filter = ["year", "status"]
    fields = ["name", "year", "budget", "policy"]
    actions = ["delete_selected"]

    @admin.display(description=gettext_lazy("review"))
    def review_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:incentives_incentivecycle_review", args=[obj.pk]),
                           _("Totals, breakdown and decision"))

    def has_change_permission(self, request, obj=None):
        editable = obj is None or obj.status in services.EDITABLE
        return editable and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Offered only where services.cycle_delete would succeed: HR's role (a superuser without it would be
        # refused) and a cycle not yet submitted or approved.
        deletable = obj is None or obj.status in services.DELETABLE
        return deletable and Actor(request.user).has(roles.HR) and super().has_delete_permission(request, obj)

    @admin.action(permissions=["delete"], description=gettext_lazy("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request, queryset):
        """Django's bulk delete refuses the whole selection with a bare 403 page if one cycle may not be
        deleted; here those are named in a message and the rest go on to Django's confirmation."""
        refused = queryset.exclude(status__in=services.DELETABLE)
        for cycle in refused:
            refusal = _("A cycle that is %(status)s cannot be deleted.") % {"status": cycle.get_status_display()}
            self.message_user(request, f"{cycle}: {refusal}", messages.ERROR)
        deletable = queryset.filter(status__in=services.DELETABLE)
        return django_delete_selected(self, request, deletable) if deletable.exists() else None

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.cycle_update(cycle=obj, actor=Actor(request.user), **data)
        else:
            obj.pk = services.cycle_create(actor=Actor(request.user), **form.cleaned_data).pk

    def delete_model(self, request, obj):
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset):
        # Someone may have submitted a cycle since the page was drawn: the refusal is a message, not a page.
        for cycle in queryset:
            try:
                services.cycle_delete(cycle=cycle, actor=Actor(request.user))
            except DomainError as exc:
                self.message_user(request, f"{cycle}: {exc.message}", messages.ERROR)

    def get_urls(self):
        review = path("<int:pk>/review/", self.admin_site.admin_view(self.review_view),
                      name="incentives_incentivecycle_review")
        return [review, *super().get_urls()]

    def review_view(self, request, pk):
        cycle = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, cycle):
            return redirect("admin:index")
        if request.method == "POST":
            self._act(request, cycle)
            return redirect(request.get_full_path())
        actor = Actor(request.user)
        lines = selectors.line_list(cycle=cycle)
        page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("page"))
        names = skill_names_of({code for line in page for code in line.breakdown.get("backbone_skills", ())})
        rows = [(line, explain.steps(line, cycle.summary, names)) for line in page]
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
        if step == "compute":
            self._compute(request, cycle)
            return
        done = {
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

    def _compute(self, request, cycle) -> None:
        """A long computation (minutes for a nation's list): a job does it, and its page shows how far it has come."""
        try:
            job = jobs.start_compute(cycle=cycle, user=request.user, page=request.get_full_path())
        except DomainError as exc:
            messages.error(request, exc.message)
            return
        messages.success(request, format_html('{} <a href="{}">{}</a>', _("The list is being computed."),
                                              reverse("workspace:job", args=[job.pk]), _("Follow its progress")))

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
class IncentiveLineAdmin(ReadOnlyAdmin):
    """Read only: lines change only by computation or by leadership's adjustment on the review page."""

    api, through = views.CycleViewSet, "cycle"  # the API lists lines in their cycle

    list_display = ["cycle", "standing", "cadre", "department", "score", "backbone", "recommended", "adjustment",
                    "final", "honour", "exclusion"]
    list_filter = ["cycle", "eligible", "backbone", "exclusion"]
    search_fields = ["cadre__name", "cadre__staff_number"]
    list_select_related = ["cycle", "cadre", "department"]


# ---- certificates -----------------------------------------------------------------------------------


class CertificateStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("valid", gettext_lazy("valid")), ("revoked", gettext_lazy("revoked"))]

    def queryset(self, request, queryset):
        if self.value() in ("valid", "revoked"):
            return queryset.filter(revoked_at__isnull=self.value() == "valid")
        return queryset


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("reason for revocation"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 4}))


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    """Read-only records. HR issues a cycle's certificates and prints them from the cycles page (a button on
    the list), prints or revokes one from its page; leadership sees what was issued and revoked."""

    list_display = ["serial", "recipient_name", "department_name", "honour", "cycle", "issued_on", "status",
                    "revoked_at"]
    list_filter = [CertificateStatusFilter, "cycle", "honour"]
    search_fields = ["serial", "recipient_name", "cadre__staff_number", "department_name"]
    list_select_related = ["cycle"]
    readonly_fields = ["serial", "status", "recipient_name", "department_name", "honour", "cycle_title", "issuer",
                       "issued_on", "cycle", "cadre", "issued_at", "issued_by", "revoked_at", "revoked_by",
                       "revocation_reason"]
    fields = readonly_fields
    api = views_certificates.CertificateViewSet
    actions = ["print_selected"]
    change_list_template = "admin/incentives/certificate/change_list.html"
    change_form_template = "admin/incentives/certificate/change_form.html"

    @admin.display(description=gettext_lazy("status"))
    def status(self, obj):
        if obj.revoked:
            return format_html('<strong style="color:#b71c1c">{}</strong>', _("revoked"))
        return _("valid")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("incentives.print_certificate"):
            actions.pop("print_selected", None)
        return actions

    @admin.action(description=gettext_lazy("Print the selected certificates (one PDF)"))
    def print_selected(self, request, queryset):
        chosen = list(queryset.filter(revoked_at__isnull=True).select_related("cycle"))
        if not chosen:
            self.message_user(request, _("Revoked certificates are not printed; none of those selected "
                                               "can be."), level=messages.WARNING)
            return None
        body = certificate_selectors.certificates_pdf(chosen=chosen, title=_("Certificates"))
        return views_certificates.pdf_download(body, "certificates.pdf")

    def get_urls(self):
        own = [
            path("cycles/", self.admin_site.admin_view(self.cycles_view), name="incentives_certificate_cycles"),
            path("cycles/<int:cycle_pk>/issue/", self.admin_site.admin_view(self.issue_view),
                 name="incentives_certificate_issue"),
            path("cycles/<int:cycle_pk>/pdf/", self.admin_site.admin_view(self.cycle_pdf_view),
                 name="incentives_certificate_cycle_pdf"),
            path("<int:pk>/pdf/", self.admin_site.admin_view(self.pdf_view), name="incentives_certificate_pdf"),
            path("<int:pk>/revoke/", self.admin_site.admin_view(self.revoke_view),
                 name="incentives_certificate_revoke"),
        ]
        return own + super().get_urls()

    def _need(self, request, permission: str) -> None:
        if not request.user.has_perm(f"incentives.{permission}"):
            raise PermissionDenied

    def cycles_view(self, request):
        """Every approved cycle with how many of its honours have certificates and how many were revoked."""
        self._need(request, "view_certificate")
        cycles = IncentiveCycle.objects.filter(status=CycleStatus.APPROVED).order_by("-year", "name")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Certificates by cycle"),
            "opts": self.model._meta,
            "rows": [certificate_selectors.cycle_certificates(cycle=cycle) for cycle in cycles],
            "may_issue": request.user.has_perm("incentives.add_certificate"),
            "may_print": request.user.has_perm("incentives.print_certificate"),
        }
        return TemplateResponse(request, "admin/incentives/certificate/cycles.html", context)

    @staticmethod
    def _cycles_page():
        return redirect(reverse("admin:incentives_certificate_cycles"))

    @staticmethod
    def _page_of(certificate):
        return redirect(reverse("admin:incentives_certificate_change", args=[certificate.pk]))

    @method_decorator(require_POST)
    def issue_view(self, request, cycle_pk):
        self._need(request, "add_certificate")
        cycle = get_object_or_404(IncentiveCycle, pk=cycle_pk)
        try:
            issued = certificate_services.certificates_issue(cycle=cycle, actor=Actor(request.user))
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
        else:
            self.message_user(request, _("%(count)s certificates issued for %(cycle)s.")
                              % {"count": len(issued), "cycle": cycle})
        return self._cycles_page()

    def cycle_pdf_view(self, request, cycle_pk):
        self._need(request, "print_certificate")
        cycle = get_object_or_404(IncentiveCycle, pk=cycle_pk)
        chosen = certificate_selectors.printable(cycle=cycle)
        if not chosen:
            self.message_user(request, _("This cycle has no certificates to print; issue them first."),
                              level=messages.WARNING)
            return self._cycles_page()
        body = certificate_selectors.certificates_pdf(chosen=chosen, title=certificate_selectors.cycle_pdf_title(cycle))
        return views_certificates.pdf_download(body, f"certificates-{cycle.year}-{cycle.pk}.pdf")

    def pdf_view(self, request, pk):
        self._need(request, "print_certificate")
        certificate = get_object_or_404(self.get_queryset(request), pk=pk)
        if certificate.revoked:
            self.message_user(request, _("A revoked certificate is not printed."), level=messages.WARNING)
            return self._page_of(certificate)
        body = certificate_selectors.certificates_pdf(chosen=[certificate], title=str(certificate))
        return views_certificates.pdf_download(body, f"certificate-{certificate.serial}.pdf")

    def revoke_view(self, request, pk):
        self._need(request, "change_certificate")
        certificate = get_object_or_404(self.get_queryset(request), pk=pk)
        form = RevokeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                certificate_services.certificate_revoke(certificate=certificate, actor=Actor(request.user),
                                                        reason=form.cleaned_data["reason"])
            except DomainError as exc:
                self.message_user(request, exc.message, level=messages.ERROR)
            else:
                self.message_user(request, _("Certificate %(serial)s has been revoked.")
                                  % {"serial": certificate.serial})
            return self._page_of(certificate)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revoke certificate %(serial)s") % {"serial": certificate.serial},
            "opts": self.model._meta, "original": certificate, "form": form,
        }
        return TemplateResponse(request, "admin/incentives/certificate/revoke.html", context)

