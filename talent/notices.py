"""Who is told what when the pool's work waits on someone (core.notices):

    a cadre logs self-study               -> their department's head(s), who confirm it (HR where no head can)
    a vendor staff entry is due again     -> the cadre who answers for them, if they have a login; else HR
                                             (the daily check; once each time it falls due)

Texts name people by name, never by ID number or phone; links lead to pages the recipient may open.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import notices
from talent import roles
from talent.access import department_heads, role_users
from talent.models import SelfStudy, VendorStaff

STUDY_TO_CONFIRM = "study_to_confirm"
RECONFIRMATION_DUE = "vendor_staff_reconfirmation_due"


def study_logged(study: SelfStudy) -> None:
    """The cadre's head(s) confirm study; never the cadre themselves (a head logging their own study is
    confirmed by HR)."""
    cadre = study.cadre
    heads = [head for head in department_heads(cadre.department_id) if head.pk != cadre.user_id]
    readers = heads or [user for user in role_users(roles.HR) if user.pk != cadre.user_id]
    what = study.program.name if study.program_id else study.topic
    with notices.in_bureau_language():
        notices.notify(readers, kind=STUDY_TO_CONFIRM, subject=f"self-study:{study.pk}",
                       title=_("Self-study to confirm"),
                       text=_("%(cadre)s logged %(hours)s hours of study on %(date)s: %(what)s. Confirm it or turn it "
                              "down.") % {"cadre": cadre.name, "hours": study.hours,
                                          "date": study.studied_on.isoformat(), "what": what},
                       link=reverse("workspace:cadre", args=[cadre.pk]))


def reconfirmation_due(today: date) -> int:
    """The daily check: active vendor staff never confirmed, or confirmed longer ago than VENDOR_RECONFIRM_DAYS
    (the registry's overdue rule, talent.registry), are brought to the cadre who answers for them, or to HR when
    that cadre has no login; once per falling due (a new confirmation starts a new period)."""
    since = timezone.now() - timedelta(days=settings.VENDOR_RECONFIRM_DAYS)
    due = (VendorStaff.objects.filter(Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=since), active=True)
           .select_related("vendor", "responsible_cadre__user").order_by("pk"))
    hr = None
    count = 0
    for staff in due:
        stamp = staff.last_confirmed_at.isoformat() if staff.last_confirmed_at else "never"
        subject = f"vendor-staff:{staff.pk}:{stamp}"
        if notices.already_told(RECONFIRMATION_DUE, subject):
            continue
        what = {"name": staff.name, "vendor": staff.vendor.name}
        cadre_user = staff.responsible_cadre.user if staff.responsible_cadre.user_id else None
        with notices.in_bureau_language():
            if cadre_user is not None and cadre_user.is_active:
                told = notices.notify(
                    [cadre_user], kind=RECONFIRMATION_DUE, subject=subject,
                    title=_("Vendor staff to reconfirm"),
                    text=_("You answer for %(name)s (%(vendor)s), whose entry in the outsourcing registry is due to "
                           "be reconfirmed. Tell HR whether they still work here and still need their access.") % what,
                    link=_registry_link(cadre_user, staff))
            else:
                hr = list(role_users(roles.HR)) if hr is None else hr
                text = _("The entry of %(name)s (%(vendor)s) in the outsourcing registry is due to be reconfirmed, "
                         "and the cadre who answers for them has no login. Check and confirm it.") % what
                page = reverse("admin:talent_vendorstaff_change", args=[staff.pk])
                told = set()
                for may_enter in (True, False):  # the back office's page, for those whose login may enter it
                    told |= notices.notify([user for user in hr if user.is_staff == may_enter],
                                           kind=RECONFIRMATION_DUE, subject=subject,
                                           title=_("Vendor staff to reconfirm"), text=text,
                                           link=page if may_enter else "")
        count += bool(told)
    return count


def _registry_link(user, staff: VendorStaff) -> str:
    """HR confirm entries in the back office (a login that may enter it); anyone else has no page for them."""
    if user.is_staff and user.groups.filter(name=roles.HR).exists():
        return reverse("admin:talent_vendorstaff_change", args=[staff.pk])
    return ""


notices.register_due(RECONFIRMATION_DUE, reconfirmation_due)
