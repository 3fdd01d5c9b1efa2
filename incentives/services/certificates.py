"""Writes for certificates: HR issues them for the honours of an approved cycle, and revokes one with a reason.

Issuing is an explicit HR action rather than a side effect of the approval: leadership approves a list
of money and honours, HR decides when the certificates are made and printed. It is idempotent: it
issues a certificate for each honour that has none yet, so running it again issues nothing twice.
A revoked certificate stays revoked: issuing again does not replace it.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, Forbidden
from incentives import certificates
from incentives.models import Certificate, CycleStatus, IncentiveCycle
from talent import roles
from talent.access import Actor


def _require_hr(actor: Actor) -> None:
    if not actor.has(roles.HR):
        raise Forbidden(_("Only HR may issue or revoke certificates."))


def _fresh_serial(year: int) -> str:
    # 40 random bits: a clash is rare enough that looking once per certificate is the cheap way out.
    while True:
        serial = certificates.new_serial(year)
        if not Certificate.objects.filter(serial=serial).exists():
            return serial


def _cycle_title(cycle: IncentiveCycle) -> str:
    """The cycle as the certificate names it: its name, with the year in front unless the name has it."""
    if str(cycle.year) in cycle.name:
        return cycle.name
    return f"{cycle.year} {cycle.name}"


@transaction.atomic
def certificates_issue(*, cycle: IncentiveCycle, actor: Actor) -> list[Certificate]:
    """Issues the missing certificates of an approved cycle; returns those issued now."""
    _require_hr(actor)
    # The lock makes two HR officers pressing the button at once issue each certificate once.
    cycle = IncentiveCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != CycleStatus.APPROVED:
        raise Conflict(_("Certificates are issued only for an approved list; this one is %(status)s.")
                       % {"status": cycle.get_status_display()}, code="cycle_not_approved")
    lines = (cycle.lines.filter(eligible=True, certificate__isnull=True).exclude(honour="")
             .select_related("cadre", "department").order_by("position"))
    now = timezone.now()
    title = _cycle_title(cycle)
    issued = []
    for line in lines:
        certificate = Certificate(
            serial=_fresh_serial(cycle.year), line=line, cycle=cycle, cadre=line.cadre,
            recipient_name=line.cadre.name, department_name=line.department.name, honour=line.honour,
            cycle_title=title, issuer=settings.BUREAU_NAME, issued_on=timezone.localdate(now), issued_at=now,
            issued_by=actor.user,
        )
        certificate.full_clean()
        certificate.save()
        issued.append(certificate)
    return issued


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: Actor, reason: str) -> Certificate:
    """From now on the public check answers "revoked"; the record and the reason stay."""
    _require_hr(actor)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked:
        raise Conflict(_("This certificate has already been revoked."), code="certificate_revoked")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the certificate is revoked."), code="reason_required",
                          fields={"reason": [_("This field is required.")]})
    certificate.revoked_at, certificate.revoked_by, certificate.revocation_reason = timezone.now(), actor.user, reason
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    return certificate
