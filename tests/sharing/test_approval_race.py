"""Two approvals racing for the same cadre with overlapping dates: exactly one wins (PostgreSQL only, where two
connections really run at once; SQLite serialises every write anyway)."""

import threading

import pytest
from django.db import connection, connections, transaction

from sharing import services
from sharing.models import Secondment
from talent.access import Actor
from talent.errors import Conflict
from tests.factories import SecondmentFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two concurrent PostgreSQL connections"),
    pytest.mark.django_db(transaction=True),
]


def _someone_waits_on_a_lock(cursor, timeout: float = 10.0) -> bool:
    """Poll pg_stat_activity until another backend of this database is blocked on a row lock."""
    for _ in range(int(timeout / 0.05)):
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is otherwise frozen for the transaction
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
        if cursor.fetchone()[0]:
            return True
        cursor.execute("SELECT pg_sleep(0.05)")
    return False


def test_two_approvals_for_the_same_cadre_and_overlapping_dates_never_both_succeed(bureau):
    hr = Actor(bureau.users["hr_officer"])
    first = SecondmentFactory(cadre=bureau.finance_officer, status="accepted", request__department=bureau.it)
    second = SecondmentFactory(cadre=bureau.finance_officer, status="accepted", request__department=bureau.office,
                               request__start_date=first.end_date, request__end_date=first.end_date)
    outcome, first_in, lock_seen = {}, threading.Event(), {}

    def approve_first():
        # Approve inside an outer transaction and keep it open until the rival is seen waiting for the lock:
        # without the lock the rival would not wait, would see nothing committed, and would approve too.
        try:
            with transaction.atomic():
                services.secondment_approve(actor=hr, secondment=first)
                first_in.set()
                with connections["default"].cursor() as cursor:
                    lock_seen["value"] = _someone_waits_on_a_lock(cursor)
            outcome["first"] = "approved"
        except Conflict:
            outcome["first"] = "refused"
        finally:
            first_in.set()
            connections.close_all()

    def approve_second():
        first_in.wait(10)
        try:
            services.secondment_approve(actor=hr, secondment=second)
            outcome["second"] = "approved"
        except Conflict as error:
            outcome["second"] = error.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve_first), threading.Thread(target=approve_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert outcome == {"first": "approved", "second": "cadre_already_seconded"}
    assert lock_seen["value"], "the second approval never waited for the first"
    assert sorted(Secondment.objects.values_list("status", flat=True)) == ["accepted", "approved"]
