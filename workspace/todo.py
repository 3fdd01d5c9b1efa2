"""待办 on the home page: what waits for the signed-in user, each app's part from its own selector."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from incentives.selectors import cycles as incentives_selectors
from incentives.selectors import nominations as nomination_selectors
from sharing.selectors import secondments as sharing_selectors
from talent.access import Actor
from talent.selectors import campaigns as selectors_campaigns
from talent.selectors import jobs as selectors_jobs
from talent.selectors import planning as selectors_planning
from talent.selectors import study as selectors_study
from workspace.templatetags.people import person as person_name

SHOWN = 10  # items listed per section; the heading gives the whole count


@dataclass(frozen=True)
class Item:
    text: str
    url: str


@dataclass(frozen=True)
class Section:
    title: str
    items: list[Item]
    total: int


def _section(title: str, queryset: QuerySet, item: Callable[[object], Item]) -> Section:
    items = [item(record) for record in queryset[:SHOWN]]
    return Section(title, items, queryset.count() if len(items) == SHOWN else len(items))


def _secondment(secondment) -> Item:
    return Item(_("%(cadre)s to %(host)s: %(title)s (%(start)s to %(end)s)") % {
        "cadre": secondment.cadre.name, "host": secondment.host_department.name, "title": secondment.request.title,
        "start": secondment.start_date.isoformat(), "end": secondment.end_date.isoformat()},
        reverse("workspace:secondment", args=[secondment.pk]))


def _own_secondment(secondment) -> Item:
    return Item(_("%(title)s at %(host)s (%(start)s to %(end)s)") % {
        "title": secondment.request.title, "host": secondment.host_department.name,
        "start": secondment.start_date.isoformat(), "end": secondment.end_date.isoformat()}, "/me/#answer")


def _draft(share_request) -> Item:
    return Item(_("%(title)s (%(department)s)") % {"title": share_request.title,
                                                   "department": share_request.department.name},
                reverse("workspace:request", args=[share_request.pk]))


def _cycle(cycle) -> Item:
    return Item(_("%(name)s (%(year)s)") % {"name": cycle.name, "year": cycle.year},
                reverse("workspace:cycle", args=[cycle.pk]))


def _vendor_staff(staff) -> Item:
    if staff.last_confirmed_at is None:
        text = _("%(name)s (%(vendor)s), never confirmed") % {"name": staff.name, "vendor": staff.vendor.name}
    else:
        text = _("%(name)s (%(vendor)s), last confirmed on %(date)s") % {
            "name": staff.name, "vendor": staff.vendor.name,
            "date": timezone.localdate(staff.last_confirmed_at).isoformat()}
    return Item(text, reverse("admin:talent_vendorstaff_change", args=[staff.pk]))


def _failed_import(job) -> Item:
    return Item(_("%(title)s, failed on %(date)s") % {
        "title": job.title, "date": timezone.localtime(job.finished_at or job.created_at).strftime("%Y-%m-%d %H:%M")},
        f"{reverse('workspace:imports')}?job={job.pk}")


def _nomination(nomination) -> Item:
    return Item(_("%(cadre)s (%(department)s) as %(kind)s, nominated by %(by)s") % {
        "cadre": nomination.cadre.name, "department": nomination.cadre.department.name,
        "kind": f"{nomination.get_kind_display()}{'：' + nomination.target if nomination.target else ''}",
        "by": person_name(nomination.nominated_by)}, reverse("workspace:nomination", args=[nomination.pk]))
def _assessment(form) -> Item:
    return Item(_("%(name)s (%(kind)s, %(campaign)s)") % {"name": form.ratee.name, "kind": form.get_kind_display(),
                                                         "campaign": form.campaign.name},
                reverse("workspace:assessment", args=[form.pk]))


def _study(study) -> Item:
    return Item(_("%(cadre)s (%(department)s): %(what)s, %(hours)s hours on %(date)s") % {
        "cadre": study.cadre.name, "department": study.cadre.department.name,
        "what": study.program.name if study.program_id else study.topic, "hours": study.hours,
        "date": study.studied_on.isoformat()}, f"{reverse('workspace:cadre', args=[study.cadre_id])}#study")


def waiting_for(actor: Actor) -> list[Section]:
    """The sections with something in them."""
    secondments = sharing_selectors.secondments_waiting_for(actor=actor)
    sections = [
        _section(_("Secondments proposed for you: agree or decline"), secondments.to_consent, _own_secondment),
        _section(_("Proposals to accept or decline"), secondments.to_answer, _secondment),
        _section(_("Secondments to approve"), secondments.to_approve, _secondment),
        _section(_("Secondments to complete and rate"), secondments.to_complete, _secondment),
        _section(_("Draft expert requests to open"), sharing_selectors.drafts_waiting_for(actor=actor), _draft),
        _section(_("Incentive lists to approve"), incentives_selectors.cycles_waiting_for(actor=actor), _cycle),
        _section(_("Nominations to decide"), nomination_selectors.nominations_waiting_for(actor=actor), _nomination),
        _section(_("Assessments to answer"), selectors_campaigns.forms_waiting_for(actor=actor), _assessment),
        _section(_("Self-study awaiting confirmation"),
                 selectors_study.study_waiting_for(actor=actor).select_related("cadre__department"), _study),
        _section(_("Vendor staff to reconfirm"), selectors_planning.vendor_staff_due_for(actor=actor),
                 _vendor_staff),
        _section(_("Imports that failed"), selectors_jobs.failed_imports_waiting_for(actor=actor), _failed_import),
    ]
    return [section for section in sections if section.total]
