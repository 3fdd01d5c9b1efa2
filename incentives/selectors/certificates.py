"""Reads for certificates: the lists HR and leadership look at, the printed PDFs, and the public check."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incentives import certificate_drawing as certificate_pdf
from incentives import certificates
from incentives.models import Certificate, IncentiveCycle


def signing_key() -> bytes:
    return certificates.signing_key(configured=settings.CERTIFICATE_SIGNING_KEY, secret_key=settings.SECRET_KEY)


def code_of(certificate: Certificate) -> str:
    """The verification code in compact form; certificates.format_code prints it."""
    return certificates.code_for(signing_key(), certificate.content())


def verification_url_of(certificate: Certificate) -> str:
    return certificates.verification_url(settings.PUBLIC_BASE_URL, certificate.serial, code_of(certificate))


def certificate_list() -> QuerySet[Certificate]:
    return Certificate.objects.select_related("cycle", "cadre", "issued_by", "revoked_by")


@dataclass(frozen=True)
class CycleCertificates:
    cycle: IncentiveCycle
    honours: int
    issued: int
    revoked: int

    @property
    def valid(self) -> int:
        return self.issued - self.revoked

    @property
    def not_issued(self) -> int:
        return self.honours - self.issued


def cycle_certificates(*, cycle: IncentiveCycle) -> CycleCertificates:
    """How many of the cycle's honours have a certificate, and how many of those were revoked."""
    honours = cycle.lines.filter(eligible=True).exclude(honour="").count()
    counts = cycle.certificates.aggregate(issued=Count("id"), revoked=Count("id", filter=Q(revoked_at__isnull=False)))
    return CycleCertificates(cycle=cycle, honours=honours, issued=counts["issued"], revoked=counts["revoked"])


def printable(*, cycle: IncentiveCycle) -> list[Certificate]:
    """The cycle's certificates that may be printed (not revoked), in the order they are handed out."""
    return list(certificate_list().filter(cycle=cycle, revoked_at__isnull=True))


def _sheet(certificate: Certificate, key: bytes) -> certificate_pdf.Sheet:
    code = certificates.code_for(key, certificate.content())
    return certificate_pdf.Sheet(
        serial=certificate.serial, code=certificates.format_code(code),
        url=certificates.verification_url(settings.PUBLIC_BASE_URL, certificate.serial, code),
        verify_page=f"{settings.PUBLIC_BASE_URL}/verify/", name=certificate.recipient_name,
        department=certificate.department_name, honour=certificate.honour, cycle=certificate.cycle_title,
        issuer=certificate.issuer, issued_on=date_format(certificate.issued_on, "DATE_FORMAT"),
    )


def certificates_pdf(*, chosen: list[Certificate], title: str) -> bytes:
    """The certificates as one PDF, a page each; revoked ones must have been left out by the caller."""
    key = signing_key()
    sheets = [_sheet(certificate, key) for certificate in chosen]
    return certificate_pdf.render(sheets, title=title, author=settings.BUREAU_NAME)


def cycle_pdf_title(cycle: IncentiveCycle) -> str:
    return _("Certificates of %(cycle)s") % {"cycle": cycle}


@dataclass(frozen=True)
class Verification:
    status: str  # certificates.VALID, REVOKED or NOT_FOUND
    certificate: Certificate | None  # None unless valid or revoked

    @property
    def masked_name(self) -> str | None:
        return certificates.masked_name(self.certificate.recipient_name) if self.certificate else None

    @property
    def message(self) -> str:
        return {
            certificates.VALID: _("This certificate is genuine and valid."),
            certificates.REVOKED: _("This certificate was issued but has been revoked."),
            certificates.NOT_FOUND: _("No certificate matches this number and code. Check both and try again."),
        }[self.status]


def certificate_verification(*, serial: str, code: str) -> Verification:
    """The public check. An unknown serial and a wrong code are told apart neither by the answer nor by
    the work done: both look the certificate up and compute one code."""
    canonical = certificates.parse_serial(serial)
    found = Certificate.objects.filter(serial=canonical).first() if canonical else None
    status = certificates.verdict(key=signing_key(), found=found.content() if found else None,
                                  revoked=bool(found and found.revoked), presented_code=code)
    return Verification(status=status, certificate=found if status != certificates.NOT_FOUND else None)
