"""The outsourcing registry's health checks (摸清技术服务外包底数): which entries need HR's attention and why.
Pure: plain values in, plain values out, no ORM. Only people still marked active are checked.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

NO_RESPONSIBLE_CADRE = "no_responsible_cadre"
ACCESS_BEYOND_CONTRACT = "access_beyond_contract"
NO_CONFIDENTIALITY_AGREEMENT = "no_confidentiality_agreement"
RECONFIRMATION_OVERDUE = "reconfirmation_overdue"
EXPIRED_CONTRACT = "expired_contract"
STAFF_CHECKS = (NO_RESPONSIBLE_CADRE, ACCESS_BEYOND_CONTRACT, NO_CONFIDENTIALITY_AGREEMENT, RECONFIRMATION_OVERDUE)
CHECKS = (*STAFF_CHECKS, EXPIRED_CONTRACT)


@dataclass(frozen=True)
class StaffEntry:
    id: int
    name: str
    vendor_id: int
    access_end: date
    contract_end: date
    responsible_cadre_present: bool  # named, and not left the bureau
    confidentiality_signed_on: date | None
    last_confirmed_at: datetime | None


@dataclass(frozen=True)
class VendorEntry:
    id: int
    name: str
    contract_end: date
    active_staff: int


def reconfirmation_due(last_confirmed_at: datetime | None, *, every_days: int) -> datetime | None:
    """When the entry must be confirmed again; None for an entry never confirmed (due now)."""
    return last_confirmed_at + timedelta(days=every_days) if last_confirmed_at else None


def staff_issues(entry: StaffEntry, *, now: datetime, every_days: int) -> list[str]:
    issues = []
    if not entry.responsible_cadre_present:
        issues.append(NO_RESPONSIBLE_CADRE)
    if entry.access_end > entry.contract_end:
        issues.append(ACCESS_BEYOND_CONTRACT)
    if entry.confidentiality_signed_on is None:
        issues.append(NO_CONFIDENTIALITY_AGREEMENT)
    due = reconfirmation_due(entry.last_confirmed_at, every_days=every_days)
    if due is None or due < now:
        issues.append(RECONFIRMATION_OVERDUE)
    return issues


def expired(vendor: VendorEntry, *, today: date) -> bool:
    """A contract that has ended while people are still registered as working under it."""
    return vendor.contract_end < today and vendor.active_staff > 0


def health(staff: Iterable[StaffEntry], vendors: Iterable[VendorEntry], *, now: datetime, today: date,
           every_days: int) -> dict[str, list]:
    """Every check with the entries failing it (staff ids, or vendor ids for expired contracts)."""
    found: dict[str, list] = {check: [] for check in CHECKS}
    for entry in staff:
        for issue in staff_issues(entry, now=now, every_days=every_days):
            found[issue].append(entry.id)
    found[EXPIRED_CONTRACT] = [vendor.id for vendor in vendors if expired(vendor, today=today)]
    return found
