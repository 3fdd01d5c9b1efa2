"""Writes to the pool racing each other on PostgreSQL, with two real connections.

In each race the first write runs in a transaction held open until the second, on its own connection, is seen
waiting for a lock (or has finished without waiting); then the first commits. Whatever the order, each side
ends with a result or with an error the API answers as a 4xx (never the database's IntegrityError, a 500),
and the data stays whole. SQLite runs one write at a time, so these only run on PostgreSQL.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.errors import Conflict
from talent.models import Cadre, Department, Gender, LiteracyAssessment
from talent.services import pool as services
from tests.factories import cadre_payload, national_id
from tests.helpers import ON_TWO_CONNECTIONS, race

pytestmark = ON_TWO_CONNECTIONS


def cadre_fields(department: Department, **overrides) -> dict:
    return {**cadre_payload(department), "department": department, **overrides}


# Writes that put something into the archive department: (the write, the field naming the department, the
# conflict a delete of the department then meets).
INTO_ARCHIVE = {
    "a cadre created in it": (lambda b: services.cadre_create(**cadre_fields(b.archive)),
                              "department", "department_has_cadres"),
    "a cadre moved into it": (lambda b: services.cadre_update(cadre=b.accountant, department=b.archive),
                              "department", "department_has_cadres"),
    "a sub-unit created under it": (lambda b: services.department_create(code="ARCH-1", name="档案科",
                                                                         parent=b.archive),
                                    "parent", "department_has_children"),
    "a sub-unit moved under it": (lambda b: services.department_update(department=b.accounting, parent=b.archive),
                                  "parent", "department_has_children"),
}


@pytest.mark.parametrize("write", INTO_ARCHIVE)
def test_a_department_deleted_just_after_something_is_put_in_it_is_kept(bureau, write):
    put, _field, conflict = INTO_ARCHIVE[write]

    written, deleted = race(lambda: put(bureau), lambda: services.department_delete(department=bureau.archive))

    assert not isinstance(written, Exception), written
    assert isinstance(deleted, Conflict) and deleted.code == conflict, deleted
    assert Department.objects.filter(pk=bureau.archive.pk).exists()


@pytest.mark.parametrize("write", INTO_ARCHIVE)
def test_putting_something_in_a_department_just_deleted_is_refused_naming_the_field(bureau, write):
    put, field, _conflict = INTO_ARCHIVE[write]

    deleted, written = race(lambda: services.department_delete(department=bureau.archive), lambda: put(bureau))

    assert deleted is None
    assert isinstance(written, ValidationError) and field in written.message_dict, written
    assert not Department.objects.filter(pk=bureau.archive.pk).exists()


def test_editing_a_department_just_deleted_is_a_conflict(bureau):
    seen_before = Department.objects.get(pk=bureau.archive.pk)

    deleted, edited = race(lambda: services.department_delete(department=bureau.archive),
                           lambda: services.department_update(department=seen_before, name="新档案室"))

    assert deleted is None
    assert isinstance(edited, Conflict) and edited.code == "deleted", edited


def test_two_edits_of_one_cadre_at_once_both_count_and_never_mix_in_stale_values(bureau):
    # Both editors loaded the record before either saved, as two HR officers' forms would have.
    seen_by_first, seen_by_second = (Cadre.objects.get(pk=bureau.accountant.pk) for _ in range(2))
    male_id = national_id(gender=Gender.MALE, serial=41)

    first, second = race(
        lambda: services.cadre_update(cadre=seen_by_first, gender=Gender.MALE, national_id=male_id),
        lambda: services.cadre_update(cadre=seen_by_second, post_title="副科长"),
    )

    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    saved = Cadre.objects.get(pk=bureau.accountant.pk)
    assert (saved.gender, saved.national_id, saved.post_title) == (Gender.MALE, male_id, "副科长")
    saved.full_clean()  # the citizen ID still agrees with the gender


def test_one_new_cadre_registered_twice_at_once_is_created_once_and_the_second_hears_why(bureau):
    first, second = race(lambda: services.cadre_create(**cadre_fields(bureau.finance)),
                         lambda: services.cadre_create(**cadre_fields(bureau.it)))

    assert isinstance(first, Cadre)
    assert isinstance(second, ValidationError) and "staff_number" in second.message_dict, second
    assert Cadre.objects.filter(staff_number=first.staff_number).count() == 1


def test_two_moves_that_together_would_make_a_loop_in_the_tree_are_not_both_made(bureau):
    services.department_create(code="OFFICE-1", name="秘书科", parent=bureau.office)
    services.department_create(code="IT-1", name="网络科", parent=bureau.it)
    # Each request loads its own copies: office under the IT centre's network unit, and the IT centre under
    # the office's secretariat.
    office, network, it, secretariat = (Department.objects.get(code=code)
                                        for code in ("OFFICE", "IT-1", "IT", "OFFICE-1"))

    first, second = race(lambda: services.department_update(department=office, parent=network),
                         lambda: services.department_update(department=it, parent=secretariat))

    assert not isinstance(first, Exception), first
    assert isinstance(second, ValidationError) and "parent" in second.message_dict, second
    parents = dict(Department.objects.values_list("id", "parent_id"))
    for start in parents:
        seen, current = set(), start
        while current is not None:
            assert current not in seen, "a department is its own ancestor"
            seen.add(current)
            current = parents[current]


def test_two_assessments_of_one_cadre_recorded_at_once_are_both_kept_and_the_newer_is_the_latest(bureau):
    def record(period: str):
        return services.assessment_record(cadre=bureau.accountant, period=period, method="test",
                                          assessed_on=date(int(period), 12, 1), perception=70, execution=70,
                                          decision=70, creativity=70, development=70)

    first, second = race(lambda: record("2025"), lambda: record("2024"))

    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assessments = LiteracyAssessment.objects.filter(cadre=bureau.accountant)
    assert sorted(assessments.values_list("period", flat=True)) == ["2024", "2025"]
    assert list(assessments.filter(is_latest=True).values_list("period", flat=True)) == ["2025"]
