"""The outsourcing registry's health checks (摸清技术服务外包底数): which entries need HR's attention and why.
Pure: plain values in, plain values out, no ORM. Only people still marked active, and systems still in
service, are checked.

The checks on systems (from outsourcing back to in-house):
- no in-house maintainer: no maintainer named, or the one named has left the bureau;
- maintainer lacks critical skills: the maintainer holds one of the system's critical skills below its
  minimum level (3 unless set), or not at all;
- built but not maintained (建而不维): the system is in use, and nobody in the bureau maintains it: no
  in-house maintainer, or HR has not recorded it as maintained;
and on contracts: knowledge transfer overdue: the clause's due date has passed and no transfer is recorded.
A critical system has no in-house holder when neither its maintainer nor its deputy is in the bureau.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

NO_RESPONSIBLE_CADRE = "no_responsible_cadre"
ACCESS_BEYOND_CONTRACT = "access_beyond_contract"
NO_CONFIDENTIALITY_AGREEMENT = "no_confidentiality_agreement"
RECONFIRMATION_OVERDUE = "reconfirmation_overdue"
EXPIRED_CONTRACT = "expired_contract"
TRANSFER_OVERDUE = "knowledge_transfer_overdue"
NO_MAINTAINER = "no_maintainer"
MAINTAINER_LACKS_SKILLS = "maintainer_lacks_skills"
BUILT_NOT_MAINTAINED = "built_but_not_maintained"
STAFF_CHECKS = (NO_RESPONSIBLE_CADRE, ACCESS_BEYOND_CONTRACT, NO_CONFIDENTIALITY_AGREEMENT, RECONFIRMATION_OVERDUE)
VENDOR_CHECKS = (EXPIRED_CONTRACT, TRANSFER_OVERDUE)
SYSTEM_CHECKS = (NO_MAINTAINER, MAINTAINER_LACKS_SKILLS, BUILT_NOT_MAINTAINED)
CHECKS = (*STAFF_CHECKS, *VENDOR_CHECKS, *SYSTEM_CHECKS)


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
    transfer_due: date | None = None
    transfer_done_on: date | None = None


@dataclass(frozen=True)
class SystemEntry:
    id: int
    name: str
    in_use: bool
    maintained: bool
    maintainer_present: bool  # named, and not left the bureau
    critical: bool = False
    deputy_present: bool = False
    required: Mapping[int, int] = field(default_factory=dict)  # critical skill id -> minimum level
    maintainer_levels: Mapping[int, int] = field(default_factory=dict)  # skill id -> the maintainer's level


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


def transfer_overdue(vendor: VendorEntry, *, today: date) -> bool:
    return vendor.transfer_due is not None and vendor.transfer_due < today and vendor.transfer_done_on is None


def lacking_skills(system: SystemEntry) -> list[int]:
    """The critical skills the maintainer holds below their minimum level or not at all (none without one)."""
    if not system.maintainer_present:
        return []
    return [skill for skill, minimum in system.required.items() if system.maintainer_levels.get(skill, 0) < minimum]


def system_issues(system: SystemEntry) -> list[str]:
    issues = []
    if not system.maintainer_present:
        issues.append(NO_MAINTAINER)
    if lacking_skills(system):
        issues.append(MAINTAINER_LACKS_SKILLS)
    if system.in_use and not (system.maintainer_present and system.maintained):
        issues.append(BUILT_NOT_MAINTAINED)
    return issues


def unheld(system: SystemEntry) -> bool:
    """A critical system nobody in the bureau holds: neither its maintainer nor its deputy is here."""
    return system.critical and not (system.maintainer_present or system.deputy_present)


def health(staff: Iterable[StaffEntry], vendors: Iterable[VendorEntry], *, now: datetime, today: date,
           every_days: int, systems: Iterable[SystemEntry] = ()) -> dict[str, list]:
    """Every check with the entries failing it: staff ids, vendor ids for the contract checks, system ids
    for the system checks."""
    found: dict[str, list] = {check: [] for check in CHECKS}
    for entry in staff:
        for issue in staff_issues(entry, now=now, every_days=every_days):
            found[issue].append(entry.id)
    vendors = list(vendors)
    found[EXPIRED_CONTRACT] = [vendor.id for vendor in vendors if expired(vendor, today=today)]
    found[TRANSFER_OVERDUE] = [vendor.id for vendor in vendors if transfer_overdue(vendor, today=today)]
    for system in systems:
        for issue in system_issues(system):
            found[issue].append(system.id)
    return found
