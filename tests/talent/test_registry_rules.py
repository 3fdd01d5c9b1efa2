"""The outsourcing registry's health rules."""

from datetime import UTC, date, datetime, timedelta

import pytest

from talent import registry
from talent.registry import StaffEntry, SystemEntry, VendorEntry

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
TODAY = date(2026, 6, 1)


def entry(**overrides) -> StaffEntry:
    fields = {"id": 1, "name": "外包甲", "vendor_id": 1, "access_end": date(2026, 12, 31),
              "contract_end": date(2026, 12, 31), "responsible_cadre_present": True,
              "confidentiality_signed_on": date(2026, 1, 5), "last_confirmed_at": NOW - timedelta(days=10)}
    return StaffEntry(**{**fields, **overrides})


def issues(**overrides):
    return registry.staff_issues(entry(**overrides), now=NOW, every_days=90)


def test_a_complete_recent_entry_is_healthy():
    assert issues() == []


def test_each_failing_check_is_named():
    assert issues(responsible_cadre_present=False) == [registry.NO_RESPONSIBLE_CADRE]
    assert issues(access_end=date(2027, 1, 1)) == [registry.ACCESS_BEYOND_CONTRACT]
    assert issues(confidentiality_signed_on=None) == [registry.NO_CONFIDENTIALITY_AGREEMENT]
    assert issues(last_confirmed_at=None) == [registry.RECONFIRMATION_OVERDUE]


def test_reconfirmation_is_overdue_only_after_the_interval():
    assert issues(last_confirmed_at=NOW - timedelta(days=90)) == []
    assert issues(last_confirmed_at=NOW - timedelta(days=90, seconds=1)) == [registry.RECONFIRMATION_OVERDUE]
    assert registry.reconfirmation_due(NOW, every_days=30) == NOW + timedelta(days=30)


def test_an_expired_contract_matters_while_staff_are_still_registered():
    ended = VendorEntry(1, "甲公司", date(2026, 5, 31), active_staff=2)
    assert registry.expired(ended, today=TODAY)
    assert not registry.expired(VendorEntry(2, "乙公司", date(2026, 5, 31), active_staff=0), today=TODAY)
    assert not registry.expired(VendorEntry(3, "丙公司", TODAY, active_staff=2), today=TODAY)


def test_health_lists_every_check_with_the_entries_failing_it():
    found = registry.health(
        [entry(id=1), entry(id=2, confidentiality_signed_on=None, access_end=date(2027, 6, 1)),
         entry(id=3, confidentiality_signed_on=None)],
        [VendorEntry(9, "甲公司", date(2026, 1, 1), active_staff=1)],
        now=NOW, today=TODAY, every_days=90,
    )
    assert found == {
        registry.NO_RESPONSIBLE_CADRE: [],
        registry.ACCESS_BEYOND_CONTRACT: [2],
        registry.NO_CONFIDENTIALITY_AGREEMENT: [2, 3],
        registry.RECONFIRMATION_OVERDUE: [],
        registry.EXPIRED_CONTRACT: [9],
        registry.TRANSFER_OVERDUE: [],
        registry.NO_MAINTAINER: [],
        registry.MAINTAINER_LACKS_SKILLS: [],
        registry.BUILT_NOT_MAINTAINED: [],
    }


# --- systems and knowledge transfer ----------------------------------------------------------------------

SQL, LINUX = 1, 2


def system(**overrides) -> SystemEntry:
    """In use, maintained by a cadre in the bureau who holds both critical skills at their minimum."""
    fields = {"id": 1, "name": "办公系统", "in_use": True, "maintained": True, "maintainer_present": True,
              "critical": True, "deputy_present": True, "required": {SQL: 3, LINUX: 4},
              "maintainer_levels": {SQL: 3, LINUX: 4}}
    return SystemEntry(**{**fields, **overrides})


@pytest.mark.parametrize(("overrides", "expected"), [
    ({}, []),
    # Nobody in the bureau named (or the one named has left): no maintainer, and in use, so not maintained.
    ({"maintainer_present": False}, [registry.NO_MAINTAINER, registry.BUILT_NOT_MAINTAINED]),
    # ... but a system nobody uses is not "built but not maintained".
    ({"maintainer_present": False, "in_use": False}, [registry.NO_MAINTAINER]),
    # A maintainer on paper only: named, but HR has not recorded the system as maintained.
    ({"maintained": False}, [registry.BUILT_NOT_MAINTAINED]),
    ({"maintained": False, "in_use": False}, []),
    # One level short of a critical skill's minimum, or not holding it at all.
    ({"maintainer_levels": {SQL: 3, LINUX: 3}}, [registry.MAINTAINER_LACKS_SKILLS]),
    ({"maintainer_levels": {LINUX: 5}}, [registry.MAINTAINER_LACKS_SKILLS]),
    # Above the minimum, or a system without critical skills, is fine.
    ({"maintainer_levels": {SQL: 5, LINUX: 5}}, []),
    ({"required": {}, "maintainer_levels": {}}, []),
    # Without a maintainer there are no skills to lack: that is the no-maintainer check's finding.
    ({"maintainer_present": False, "maintainer_levels": {}, "in_use": False}, [registry.NO_MAINTAINER]),
])
def test_each_system_check_fires_on_its_case_and_not_otherwise(overrides, expected):
    assert registry.system_issues(system(**overrides)) == expected


def test_lacking_skills_names_the_skills_below_their_minimum():
    assert registry.lacking_skills(system(maintainer_levels={SQL: 2, LINUX: 4})) == [SQL]
    assert registry.lacking_skills(system(maintainer_levels={})) == [SQL, LINUX]


@pytest.mark.parametrize(("overrides", "unheld"), [
    ({}, False),
    ({"maintainer_present": False}, False),  # the deputy holds it
    ({"deputy_present": False}, False),
    ({"maintainer_present": False, "deputy_present": False}, True),
    ({"maintainer_present": False, "deputy_present": False, "critical": False}, False),
])
def test_a_critical_system_is_unheld_when_neither_maintainer_nor_deputy_is_here(overrides, unheld):
    assert registry.unheld(system(**overrides)) is unheld


@pytest.mark.parametrize(("due", "done_on", "overdue"), [
    (None, None, False),  # no clause
    (TODAY, None, False),  # due today: not yet overdue
    (TODAY - timedelta(days=1), None, True),
    (TODAY - timedelta(days=1), TODAY - timedelta(days=3), False),  # done (even before it was due)
    (TODAY + timedelta(days=30), None, False),
])
def test_knowledge_transfer_is_overdue_once_due_and_not_done(due, done_on, overdue):
    vendor = VendorEntry(1, "甲公司", date(2027, 1, 1), active_staff=1, transfer_due=due, transfer_done_on=done_on)
    assert registry.transfer_overdue(vendor, today=TODAY) is overdue


def test_health_lists_the_systems_and_contracts_failing_each_check():
    found = registry.health(
        [], [VendorEntry(7, "甲公司", date(2027, 1, 1), active_staff=1, transfer_due=date(2026, 5, 1)),
             VendorEntry(8, "乙公司", date(2027, 1, 1), active_staff=1, transfer_due=date(2026, 5, 1),
                         transfer_done_on=date(2026, 4, 30))],
        now=NOW, today=TODAY, every_days=90,
        systems=[system(id=1), system(id=2, maintainer_present=False), system(id=3, maintained=False),
                 system(id=4, maintainer_levels={SQL: 1, LINUX: 4})],
    )
    assert found[registry.TRANSFER_OVERDUE] == [7]
    assert found[registry.NO_MAINTAINER] == [2]
    assert found[registry.BUILT_NOT_MAINTAINED] == [2, 3]
    assert found[registry.MAINTAINER_LACKS_SKILLS] == [4]
