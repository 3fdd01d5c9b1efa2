"""Many new rows at once (core.bulk): by COPY on PostgreSQL, they read back as bulk_create would have written them;
and many rows of integers read as an array, on PostgreSQL in the arrays' binary form, as values_list reads them.
On SQLite the same stories run through bulk_create and values_list themselves."""

import gc

import numpy as np
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.utils import timezone

from core import bulk
from talent.models import Cadre
from tests.factories import CadreFactory

FIELDS = ["staff_number", "name", "gender", "department_id", "post_title", "rank", "tier", "status", "education",
          "professional_title", "hire_date", "national_id", "mobile", "user_id"]


def unsaved_cadres(bureau, count: int) -> list[Cadre]:
    return [CadreFactory.build(department=bureau.it) for _ in range(count)]


def test_inserted_records_get_their_ids_and_read_back_with_every_value(bureau):
    cadres = unsaved_cadres(bureau, 3)
    before = timezone.now()

    bulk.insert(Cadre, cadres)

    assert all(cadre.pk and not cadre._state.adding for cadre in cadres)
    for cadre in cadres:
        stored = Cadre.objects.get(pk=cadre.pk)
        assert [getattr(stored, name) for name in FIELDS] == [getattr(cadre, name) for name in FIELDS]
        assert stored.created_at == cadre.created_at and stored.created_at >= before  # auto_now_add, as on save
    with connection.cursor() as cursor:  # personal data is encrypted at rest, as any save encrypts it
        cursor.execute("SELECT national_id FROM talent_cadre WHERE id = %s", [cadres[0].pk])
        assert cursor.fetchone()[0] != cadres[0].national_id


def test_a_record_clashing_on_a_unique_column_is_an_integrity_error_and_nothing_is_written(bureau):
    taken = CadreFactory(department=bureau.it)
    cadres = unsaved_cadres(bureau, 2)
    cadres[1].staff_number = taken.staff_number
    count = Cadre.objects.count()

    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert(Cadre, cadres)

    assert Cadre.objects.count() == count


def test_rows_sharing_values_are_written_as_the_same_records_built_one_by_one(bureau):
    cadres = [CadreFactory(department=bureau.it) for _ in range(2)]
    shared = {"content_type": ContentType.objects.get_for_model(Cadre), "action": LogEntry.Action.ACCESS,
              "actor": bureau.users["hr_officer"], "timestamp": timezone.now(), "cid": "c-1",
              "remote_addr": "10.0.0.1", "additional_data": {"via": "import"}}
    varying = ("object_pk", "object_id", "object_repr", "changes")
    rows = [(str(c.pk), c.pk, str(c), {"name": ["None", c.name]}) for c in cadres]
    LogEntry.objects.all().delete()

    bulk.insert_rows(LogEntry, shared, varying, rows)
    written = list(LogEntry.objects.order_by("object_id").values())
    LogEntry.objects.all().delete()
    LogEntry.objects.bulk_create([LogEntry(**shared, **dict(zip(varying, row, strict=True))) for row in rows])
    expected = list(LogEntry.objects.order_by("object_id").values())

    assert [{**entry, "id": None} for entry in written] == [{**entry, "id": None} for entry in expected]
    assert [entry["changes"] for entry in written] == [{"name": ["None", c.name]} for c in cadres]


def test_the_cycle_collector_is_paused_for_the_computation_and_restored_after():
    assert gc.isenabled()
    with bulk.cycle_collector_paused():
        assert not gc.isenabled()
        with bulk.cycle_collector_paused():  # nested: the outer one restores it
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), bulk.cycle_collector_paused():
        raise ValueError
    assert gc.isenabled()  # restored when the computation fails too


def test_integer_columns_read_as_an_array_hold_what_values_list_reads_row_for_row(bureau):
    CadreFactory.create_batch(4, department=bureau.it)
    CadreFactory.create_batch(3, department=bureau.finance)
    wanted = Cadre.objects.filter(department__in=[bureau.it, bureau.finance]).order_by("-id").annotate(
        doubled=F("id") * 2, big=Value(2**40))

    rows = bulk.integer_rows(wanted, "id", "department_id", "doubled", "big")

    assert rows.dtype == np.int64 and rows.shape == (wanted.count(), 4) and len(rows) >= 7
    assert rows.tolist() == [list(row) for row in wanted.values_list("id", "department_id", "doubled", "big")]


def test_no_rows_read_as_an_empty_array_and_a_null_is_refused(bureau):
    assert bulk.integer_rows(Cadre.objects.none(), "id", "department_id").shape == (0, 2)
    assert bulk.integer_rows(Cadre.objects.filter(pk=-1), "id").shape == (0, 1)
    CadreFactory(department=bureau.it, user=None)
    with pytest.raises(ValueError):
        bulk.integer_rows(Cadre.objects.all(), "id", "user_id")
