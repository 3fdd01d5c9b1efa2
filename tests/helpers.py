"""Personas, assertions and the race between two connections shared by the stories."""

import threading

import pytest
from django.db import connection, connections, transaction

PERSONAS = ["hr_officer", "hr_clerk", "finance_head", "it_head", "leader", "auditor", "outsider", "anonymous"]

# The marks of a module whose stories race two real connections. SQLite runs one write at a time, so a race
# there proves nothing: these run on PostgreSQL only.
ON_TWO_CONNECTIONS = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs two concurrent PostgreSQL connections; SQLite runs one write at a time"),
    pytest.mark.django_db(transaction=True),
]


def assert_error(response, status: int, *, field: str | None = None) -> dict:
    """The response is the API's one error shape with this status; returns the error body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"]
    assert error["message"]
    if field is not None:
        assert field in error["fields"], error
    return error


def masked_id(national_id: str) -> str:
    return national_id[:4] + "*" * 10 + national_id[-4:]


def masked_mobile(mobile: str) -> str:
    return mobile[:3] + "****" + mobile[-4:]


def _wait_until_blocked(finished: threading.Event, timeout: float = 10.0) -> None:
    """Until another connection to this database waits for a lock, or `finished` is set."""
    with connection.cursor() as cursor:
        for _ in range(int(timeout / 0.05)):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the view stays frozen for the transaction
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0] or finished.wait(0.05):
                return
    raise AssertionError("the second write neither waited for a lock nor finished")


def race(first, second) -> tuple:
    """Run first() and second() on two connections; what each returned or raised.

    first() runs in a transaction held open until second(), started once first() has done its work, is seen
    waiting for a lock (or has finished without waiting); then the first commits. So the second always meets
    the first's writes uncommitted: without a lock it would not see them and would act on stale data.
    """
    outcome = {}
    first_in, second_out = threading.Event(), threading.Event()

    def run_first():
        try:
            with transaction.atomic():
                outcome["first"] = first()
                first_in.set()
                _wait_until_blocked(second_out)
        except Exception as error:  # the outcome under test, whatever it is
            outcome["first"] = error
        finally:
            first_in.set()
            connections.close_all()

    def run_second():
        first_in.wait(10)
        try:
            outcome["second"] = second()
        except Exception as error:
            outcome["second"] = error
        finally:
            second_out.set()
            connections.close_all()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcome["first"], outcome["second"]


def race_in_order(writes: dict, first: str) -> dict:
    """race() between the two named writes, the one named `first` first; what each returned or raised, by name."""
    [later] = set(writes) - {first}
    return dict(zip((first, later), race(writes[first], writes[later]), strict=True))


class JobOutcome:
    """A finished job read back through the jobs API, shaped like the response the synchronous call gave:
    its HTTP status, and its result or its error in the one error shape."""

    def __init__(self, job: dict):
        self.job = job
        self.status_code = job["http_status"]
        self.body = job["result"] if job["status"] == "succeeded" else {"error": job["error"]}
        self.content = repr(job).encode()

    def json(self):
        return self.body

    def __getitem__(self, header):
        return {"Content-Type": "application/json"}[header]


def job_outcome(client, response) -> JobOutcome:
    """The 202 of a long POST, followed to its job (tests run jobs at once: settings_test's TASKS). A request
    refused before any job was queued (a 4xx: bad form, no permission) is returned as it came."""
    if 400 <= response.status_code < 500:
        return response
    assert response.status_code == 202, response.content
    job = client.get(response["Location"]).json()
    assert job["status"] in ("succeeded", "failed"), job
    assert job["id"] == response.json()["id"]
    return JobOutcome(job)
