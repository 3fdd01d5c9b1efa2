"""Reads for certificates: the lists HR and leadership look at, the printed PDFs, and the public check."""

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import signing
from incentives import certificate_drawing as certificate_pdf
from incentives import certificates, credentials
from incentives.models import Certificate, IncentiveCycle
from talent.models import TrainingRecord, TrainingResult

# The label that turns SECRET_KEY into the issuer key when CERTIFICATE_ISSUER_KEY is unset.
ISSUER_KEY_LABEL = b"talentpool/incentives/certificate-issuer-key/v1"


def signing_key() -> bytes:
    return certificates.signing_key(configured=settings.CERTIFICATE_SIGNING_KEY, secret_key=settings.SECRET_KEY)


@lru_cache(maxsize=4)
def _ring(current: str | None, retired: tuple[str, ...], secret_key: str) -> signing.KeyRing:
    return signing.key_ring(current=current, retired=list(retired),
                            fallback=signing.derived_key(secret_key, ISSUER_KEY_LABEL),
                            current_setting="CERTIFICATE_ISSUER_KEY",
                            retired_setting="CERTIFICATE_ISSUER_RETIRED_KEYS")


def issuer_keys() -> signing.KeyRing:
    """The issuer's Ed25519 keys: the current one signs, the retired ones still verify."""
    return _ring(settings.CERTIFICATE_ISSUER_KEY, tuple(settings.CERTIFICATE_ISSUER_RETIRED_KEYS),
                 settings.SECRET_KEY)


def code_of(certificate: Certificate) -> str:
    """The verification code in compact form; certificates.format_code prints it."""
    return certificates.code_for(signing_key(), certificate.content())


def verification_url_of(certificate: Certificate) -> str:
    """What the QR code opens: the online check, with the signed texts an offline check reads."""
    return certificates.verification_url(settings.PUBLIC_BASE_URL, certificate.serial, code_of(certificate),
                                         credentials.qr_payload(issuer_keys(), certificate.content()))


def award_of(certificate: Certificate) -> credentials.Award:
    content = certificate.content()
    return credentials.Award(
        key=certificate.serial, kind="honour", achievement_type="Award", title=f"{content.honour}（{content.cycle}）",
        achievement=content.honour, achievement_key=f"{content.cycle}/{content.honour}",
        description=f"{content.issuer}在{content.cycle}中授予的“{content.honour}”荣誉称号。",
        criteria=f"列入{content.cycle}经领导审批通过的激励名单，由{content.issuer}授予“{content.honour}”称号；"
                 f"证书编号{content.serial}。",
        issuer=content.issuer, staff_number=certificate.cadre.staff_number,
        valid_from=timezone.localtime(certificate.issued_at), status_index=certificate.pk,
    )


def training_award_of(record: TrainingRecord) -> credentials.Award:
    """A passed training record as an award: the programme is the achievement."""
    program, issuer = record.program, settings.BUREAU_NAME
    hours = f"{Decimal(program.hours).normalize():f}"
    completed = datetime.combine(record.completed_on, time(), tzinfo=timezone.get_current_timezone())
    return credentials.Award(
        key=f"training-{record.pk}", kind="training", achievement_type="Course", title=f"{program.name}（培训合格）",
        achievement=program.name, achievement_key=program.code,
        description=program.description or f"{issuer}组织的培训项目“{program.name}”，{hours}学时。",
        criteria=f"参加{issuer}组织的培训项目“{program.name}”（{hours}学时），考核合格。",
        issuer=issuer, staff_number=record.cadre.staff_number, valid_from=completed, status_index=record.pk,
    )


def _signed(award: credentials.Award) -> dict:
    document = credentials.credential(award, base_url=settings.PUBLIC_BASE_URL,
                                      salt=credentials.identity_salt(signing_key(), award.key))
    return {"credential": document, "vc_jwt": credentials.credential_jwt(issuer_keys(), document)}


def credential_of(certificate: Certificate) -> dict:
    """The certificate's Open Badges 3.0 credential and the same signed as a VC-JWT, as the download gives them."""
    return _signed(award_of(certificate))


def training_credential_of(record: TrainingRecord) -> dict:
    """A passed training record's credential, as credential_of; the caller makes sure it was passed."""
    return _signed(training_award_of(record))


def issuer_profile() -> dict:
    return credentials.issuer_profile(base_url=settings.PUBLIC_BASE_URL, name=settings.BUREAU_NAME)


def status_list_jwt(kind: str) -> str:
    """A status list as a signed credential, one bit per record at its id, set when revoked: for honours, the
    revoked certificates; for training, the records that are not (or no longer) passed."""
    if kind == "honour":
        revoked = Certificate.objects.filter(revoked_at__isnull=False)
    else:
        revoked = TrainingRecord.objects.exclude(result=TrainingResult.PASSED, completed_on__isnull=False)
    document = credentials.status_list_credential(
        base_url=settings.PUBLIC_BASE_URL, kind=kind, issuer=settings.BUREAU_NAME,
        revoked=list(revoked.values_list("pk", flat=True)), valid_from=timezone.localtime())
    return credentials.credential_jwt(issuer_keys(), document)


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


def _sheet(certificate: Certificate, key: bytes, ring: signing.KeyRing) -> certificate_pdf.Sheet:
    content = certificate.content()
    code = certificates.code_for(key, content)
    return certificate_pdf.Sheet(
        serial=certificate.serial, code=certificates.format_code(code),
        url=certificates.verification_url(settings.PUBLIC_BASE_URL, certificate.serial, code,
                                          credentials.qr_payload(ring, content)),
        verify_page=f"{settings.PUBLIC_BASE_URL}/verify/", name=certificate.recipient_name,
        department=certificate.department_name, honour=certificate.honour, cycle=certificate.cycle_title,
        issuer=certificate.issuer, issued_on=date_format(certificate.issued_on, "DATE_FORMAT"),
    )


def certificates_pdf(*, chosen: list[Certificate], title: str) -> bytes:
    """The certificates as one PDF, a page each; revoked ones must have been left out by the caller."""
    key, ring = signing_key(), issuer_keys()
    sheets = [_sheet(certificate, key, ring) for certificate in chosen]
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


def _signature_matches(signed: str, found: Certificate | None) -> bool:
    """Whether the QR code's signed texts are the issuer's and say what the record says."""
    try:
        content = credentials.read_qr(issuer_keys(), signed).content
    except signing.BadSignature:
        return False
    return found is not None and content == found.content()


def certificate_verification(*, serial: str, code: str, signed: str = "") -> Verification:
    """The public check. An unknown serial and a wrong code are told apart neither by the answer nor by
    the work done: both look the certificate up and compute one code. `signed`, the payload of the QR code
    when the check comes from one, must verify and match the record too, so a tampered code is not genuine."""
    canonical = certificates.parse_serial(serial)
    found = Certificate.objects.filter(serial=canonical).first() if canonical else None
    status = certificates.verdict(key=signing_key(), found=found.content() if found else None,
                                  revoked=bool(found and found.revoked), presented_code=code)
    if signed and not _signature_matches(signed, found):
        status = certificates.NOT_FOUND
    return Verification(status=status, certificate=found if status != certificates.NOT_FOUND else None)
