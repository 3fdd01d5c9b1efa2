"""core.table_cache: a key moves with every change to a table it names (a row added, changed or deleted, also within
one request's scope, where each table's state is otherwise read once), and stays put while nothing changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import table_cache
from sharing.models import Secondment, SecondmentStatus
from talent.models import Cadre, CadreSkill
from tests.factories import CadreFactory, CadreSkillFactory, SecondmentFactory

pytestmark = pytest.mark.django_db


def tables():
    return [(Cadre.objects.all(), "updated_at"), (CadreSkill.objects.all(), "updated_at"),
            (Secondment.objects.filter(status=SecondmentStatus.COMPLETED), "updated_at")]


def test_a_key_moves_when_a_row_is_added_changed_or_deleted():
    cadre = CadreFactory()
    held = CadreSkillFactory(cadre=cadre)
    keys = [table_cache.key("test", tables=tables())]
    assert table_cache.key("test", tables=tables()) == keys[0]

    CadreFactory()
    keys.append(table_cache.key("test", tables=tables()))
    held.level = 5 if held.level != 5 else 4
    held.save()
    keys.append(table_cache.key("test", tables=tables()))
    held.delete()
    keys.append(table_cache.key("test", tables=tables()))

    assert len(set(keys)) == 4


def test_a_filtered_table_moves_only_with_the_rows_it_selects():
    secondment = SecondmentFactory(status=SecondmentStatus.ACTIVE)
    before = table_cache.key("test", tables=tables()[2:])
    other_options = table_cache.key("test", "other", tables=tables()[2:])

    Secondment.objects.filter(pk=secondment.pk).update(status=SecondmentStatus.COMPLETED)

    assert table_cache.key("test", tables=tables()[2:]) != before
    assert other_options != before


def test_a_key_of_a_queryset_that_can_match_nothing_is_stable():
    empty = [(Cadre.objects.none(), "updated_at")]

    assert table_cache.key("test", tables=empty) == table_cache.key("test", tables=empty)


def test_within_a_request_each_state_is_read_once_and_forgotten_on_a_write():
    CadreFactory()
    with table_cache.request_scope():
        with CaptureQueriesContext(connection) as queries:
            first = table_cache.key("one", tables=tables())
            again = table_cache.key("two", tables=tables()[:2])
        CadreFactory()
        after_write = table_cache.key("one", tables=tables())

    assert len(queries.captured_queries) == 1
    assert first.split(":")[-1] != again.split(":")[-1]  # other tables, other fingerprint
    assert after_write != first


def test_outside_a_request_the_states_are_read_afresh_each_time():
    with CaptureQueriesContext(connection) as queries:
        table_cache.key("one", tables=tables())
        table_cache.key("one", tables=tables())

    assert len(queries.captured_queries) == 2


on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL counts each table's writes")


@on_postgres
def test_every_domain_table_has_its_writes_counted_and_the_plumbing_does_not():
    counted = table_cache._changes_counted("default")

    assert {"talent_cadre", "talent_cadreskill", "sharing_secondment", "incentives_incentivecycle",
            "talent_vendorstaff_systems"} <= counted
    assert not counted & {"core_tablechange", "core_jobrecord", "django_session", "auditlog_logentry"}


@on_postgres
def test_folding_the_counted_changes_keeps_every_key_and_the_next_write_still_moves_it():
    CadreSkillFactory()
    CadreFactory()
    before = table_cache.key("test", tables=tables())

    assert table_cache.compact_changes() >= 2
    assert table_cache.key("test", tables=tables()) == before
    CadreFactory()
    assert table_cache.key("test", tables=tables()) != before


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_committed_after_a_later_one_moves_the_key_though_it_changes_no_count_or_latest_time():
    import psycopg

    late, early = CadreFactory(name="甲"), CadreFactory(name="乙")
    cadres = [(Cadre.objects.all(), "updated_at")]
    with psycopg.connect(**connection.get_connection_params()) as other:
        # Another writer changes a cadre, its time earlier than the next write's, and commits last.
        other.execute("UPDATE talent_cadre SET name = '丙', updated_at = updated_at - interval '1 hour' "
                      "WHERE id = %s", [late.pk])
        early.name = "丁"
        early.save()
        before = table_cache.key("test", tables=cadres)
        other.commit()

    assert table_cache.key("test", tables=cadres) != before
