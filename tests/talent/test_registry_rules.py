"""The outsourcing registry's health rules."""

from datetime import UTC, date, datetime, timedelta

from talent import registry
from talent.registry import StaffEntry, VendorEntry

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
    }
