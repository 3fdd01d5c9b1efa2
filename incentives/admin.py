from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from incentives import certificate_selectors, certificate_services
from incentives.models import Certificate, CycleStatus, IncentiveCycle
from incentives.views_certificates import pdf_download
from talent.access import Actor
from talent.errors import DomainError

# ---- certificates -----------------------------------------------------------------------------------


class CertificateStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("valid", _("valid")), ("revoked", _("revoked"))]

    def queryset(self, request, queryset):
        if self.value() in ("valid", "revoked"):
            return queryset.filter(revoked_at__isnull=self.value() == "valid")
        return queryset


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("reason for revocation"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 4}))


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
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
    actions = ["print_selected"]
    change_list_template = "admin/incentives/certificate/change_list.html"
    change_form_template = "admin/incentives/certificate/change_form.html"

    @admin.display(description=_("status"))
    def status(self, obj):
        if obj.revoked:
            return format_html('<strong style="color:#b71c1c">{}</strong>', gettext("revoked"))
        return gettext("valid")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("incentives.print_certificate"):
            actions.pop("print_selected", None)
        return actions

    @admin.action(description=_("Print the selected certificates (one PDF)"))
    def print_selected(self, request, queryset):
        chosen = list(queryset.filter(revoked_at__isnull=True).select_related("cycle"))
        if not chosen:
            self.message_user(request, gettext("Revoked certificates are not printed; none of those selected "
                                               "can be."), level=messages.WARNING)
            return None
        body = certificate_selectors.certificates_pdf(chosen=chosen, title=gettext("Certificates"))
        return pdf_download(body, "certificates.pdf")

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
            "title": gettext("Certificates by cycle"),
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
            self.message_user(request, gettext("%(count)s certificates issued for %(cycle)s.")
                              % {"count": len(issued), "cycle": cycle})
        return self._cycles_page()

    def cycle_pdf_view(self, request, cycle_pk):
        self._need(request, "print_certificate")
        cycle = get_object_or_404(IncentiveCycle, pk=cycle_pk)
        chosen = certificate_selectors.printable(cycle=cycle)
        if not chosen:
            self.message_user(request, gettext("This cycle has no certificates to print; issue them first."),
                              level=messages.WARNING)
            return self._cycles_page()
        body = certificate_selectors.certificates_pdf(chosen=chosen, title=certificate_selectors.cycle_pdf_title(cycle))
        return pdf_download(body, f"certificates-{cycle.year}-{cycle.pk}.pdf")

    def pdf_view(self, request, pk):
        self._need(request, "print_certificate")
        certificate = get_object_or_404(Certificate, pk=pk)
        if certificate.revoked:
            self.message_user(request, gettext("A revoked certificate is not printed."), level=messages.WARNING)
            return self._page_of(certificate)
        body = certificate_selectors.certificates_pdf(chosen=[certificate], title=str(certificate))
        return pdf_download(body, f"certificate-{certificate.serial}.pdf")

    def revoke_view(self, request, pk):
        self._need(request, "change_certificate")
        certificate = get_object_or_404(Certificate, pk=pk)
        form = RevokeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                certificate_services.certificate_revoke(certificate=certificate, actor=Actor(request.user),
                                                        reason=form.cleaned_data["reason"])
            except DomainError as exc:
                self.message_user(request, exc.message, level=messages.ERROR)
            else:
                self.message_user(request, gettext("Certificate %(serial)s has been revoked.")
                                  % {"serial": certificate.serial})
            return self._page_of(certificate)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Revoke certificate %(serial)s") % {"serial": certificate.serial},
            "opts": self.model._meta, "original": certificate, "form": form,
        }
        return TemplateResponse(request, "admin/incentives/certificate/revoke.html", context)

