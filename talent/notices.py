"""Who is told what when the pool's work waits on someone (core.notices):

    a cadre logs self-study               -> their department's head(s), who confirm it (HR where no head can)
    a vendor staff entry is due again     -> the cadre who answers for them, if they have a login; else HR
                                             (the daily check; once each time it falls due)
    a credential enters its last 90 days    -> its cadre, if they have a login, and HR (the daily check; once per
    ... and once when it has expired           credential and stage; the certificate's number is never named)

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
from talent.models import Credential, CredentialStatus, SelfStudy, VendorStaff
from talent.selectors import credentials as credential_selectors

STUDY_TO_CONFIRM = "study_to_confirm"
RECONFIRMATION_DUE = "vendor_staff_reconfirmation_due"
CREDENTIAL_EXPIRING = "credential_expiring"
CREDENTIAL_EXPIRED = "credential_expired"
EXPIRY_NOTICE_DAYS = 90  # the window credentials' pages call "expiring" (talent.selectors.credentials.validity)


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


def credentials_expiring(today: date) -> int:
    """The daily check: a verified credential entering its last EXPIRY_NOTICE_DAYS days, and one that has expired
    (within as many days past, so a first run does not dig up old ones), is brought to its cadre (if they have a
    login) and to HR, once per credential and stage; a renewed credential (a new expiry date) is told anew."""
    soon = credential_selectors.expiring_credentials(within_days=EXPIRY_NOTICE_DAYS, today=today)
    lapsed = (Credential.objects.filter(status=CredentialStatus.VERIFIED, expires_on__lt=today,
                                        expires_on__gte=today - timedelta(days=EXPIRY_NOTICE_DAYS))
              .select_related("cadre", "cadre__department").defer("evidence").order_by("expires_on", "pk"))
    hr = list(role_users(roles.HR))
    count = 0
    for kind, found in ((CREDENTIAL_EXPIRING, soon), (CREDENTIAL_EXPIRED, lapsed)):
        for credential in found:
            subject = f"credential:{credential.pk}:{credential.expires_on.isoformat()}"
            if notices.already_told(kind, subject):
                continue
            count += bool(_tell_expiry(credential, kind=kind, subject=subject, hr=hr))
    return count


def _tell_expiry(credential: Credential, *, kind: str, subject: str, hr: list) -> set[int]:
    cadre = credential.cadre
    what = {"cadre": cadre.name, "department": cadre.department.name, "credential": credential.name,
            "issuer": credential.issuer, "date": credential.expires_on.isoformat()}
    with notices.in_bureau_language():
        if kind == CREDENTIAL_EXPIRING:
            title = _("Certificate about to expire")
            own = _("Your certificate %(credential)s (%(issuer)s) expires on %(date)s. Renew it in time and give HR "
                    "the new one.") % what
            theirs = _("The certificate %(credential)s (%(issuer)s) of %(cadre)s (%(department)s) expires on "
                       "%(date)s.") % what
        else:
            title = _("Certificate expired")
            own = _("Your certificate %(credential)s (%(issuer)s) expired on %(date)s; it no longer certifies a "
                    "skill. Give HR the renewed one.") % what
            theirs = _("The certificate %(credential)s (%(issuer)s) of %(cadre)s (%(department)s) expired on "
                       "%(date)s.") % what
        own_login = [cadre.user] if cadre.user_id else []
        return notices.notify_groups([
            (own_login, notices.Message(title, own, reverse("workspace:me"))),
            (hr, notices.Message(title, theirs, reverse("workspace:cadre", args=[cadre.pk]))),
        ], kind=kind, subject=subject)


notices.register_due(RECONFIRMATION_DUE, reconfirmation_due)
notices.register_due(CREDENTIAL_EXPIRING, credentials_expiring)
