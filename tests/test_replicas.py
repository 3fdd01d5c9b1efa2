"""Read replicas (core/replicas.py): which reads may go to a replica, and what a user sees while one lags, against
a real streaming replica made on this machine (initdb, pg_basebackup, a second server on another port)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from core.replicas import PIN_COOKIE, ReplicaReadsMiddleware, replica_reads
from talent.models import Cadre, Skill

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr("core.replicas.replica_aliases", lambda: ["replica_1"])  # the router reads only the aliases


def chosen_for(request, view) -> dict:
    """Which database each model's reads went to while `view` answered `request`, and the response."""
    seen = {}

    def answer(request):
        seen.update(cadre=router.db_for_read(Cadre), session=router.db_for_read(Session),
                    user=router.db_for_read(get_user_model()),
                    domain={router.db_for_read(model) for model in (Cadre, Skill) * 5})
        with transaction.atomic():
            seen["cadre_in_transaction"] = router.db_for_read(Cadre)
        return HttpResponse(status=201 if request.method == "POST" else 200)

    def handler(request):  # as Django's handler does: the view's middleware hook, then the view
        middleware.process_view(request, view, (), {})
        return answer(request)

    middleware = ReplicaReadsMiddleware(handler)
    response = middleware(request)
    seen["after"] = router.db_for_read(Cadre)
    return {**seen, "response": response}


@replica_reads
def heavy(request):
    return HttpResponse()


def light(request):
    return HttpResponse()


# The suite's own tests run inside a transaction; the choice is about requests outside one, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_heavy_page_reads_the_domain_from_a_replica_and_sessions_and_users_from_the_primary(with_replica):
    seen = chosen_for(RequestFactory().get("/talent/"), heavy)

    assert (seen["cadre"], seen["session"], seen["user"]) == ("replica_1", "default", "default")
    assert seen["cadre_in_transaction"] == "default"
    assert seen["after"] == "default"
    assert PIN_COOKIE not in seen["response"].cookies


def test_other_pages_and_writes_read_from_the_primary_and_a_write_keeps_its_author_there_a_while(with_replica):
    assert chosen_for(RequestFactory().get("/cadres/1/"), light)["cadre"] == "default"
    wrote = chosen_for(RequestFactory().post("/talent/"), heavy)
    assert wrote["cadre"] == "default"
    cookie = wrote["response"].cookies[PIN_COOKIE]

    later = RequestFactory()
    later.cookies[PIN_COOKIE] = cookie.value
    assert chosen_for(later.get("/talent/"), heavy)["cadre"] == "default"
    later.cookies[PIN_COOKIE] = str(int(time.time()) - 1)  # the grace has passed
    assert chosen_for(later.get("/talent/"), heavy)["cadre"] == "replica_1"
    later.cookies[PIN_COOKIE] = "not a time"
    assert chosen_for(later.get("/talent/"), heavy)["cadre"] == "replica_1"


def test_one_request_reads_from_one_replica_so_a_cached_result_and_its_fingerprint_agree(monkeypatch):
    monkeypatch.setattr("core.replicas.replica_aliases", lambda: [f"replica_{n}" for n in range(1, 9)])
    chosen = [chosen_for(RequestFactory().get("/talent/"), heavy)["domain"] for _ in range(5)]

    assert all(len(aliases) == 1 and next(iter(aliases)).startswith("replica_") for aliases in chosen)


def test_without_replicas_everything_reads_from_the_primary_and_no_cookie_is_set():
    assert chosen_for(RequestFactory().get("/talent/"), heavy)["cadre"] == "default"
    assert PIN_COOKIE not in chosen_for(RequestFactory().post("/talent/"), heavy)["response"].cookies


def test_the_heavy_reads_are_marked():
    from config.urls import urlpatterns  # noqa: F401 (loads every view)
    from sharing.views.graph import SharingGraphView
    from sharing.views.survey import TalentDemandView
    from talent.views.planning import LeadershipReportViewSet
    from talent.views.skills import ExportView, TalentSearchExportView, TalentSearchView
    from workspace.views import cockpit, talent

    for view in (TalentSearchView, TalentSearchExportView, ExportView, LeadershipReportViewSet, SharingGraphView,
                 TalentDemandView, cockpit.cockpit_page, cockpit.cockpit_report, talent.talent_search,
                 talent.talent_export):
        assert view.replica_reads, view


# ---- a real streaming replica ------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _bindir() -> Path | None:
    if not shutil.which("pg_config"):
        return None
    bindir = Path(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip())
    return bindir if (bindir / "initdb").exists() and (bindir / "pg_basebackup").exists() else None


def _as_server_user(*command) -> list[str]:
    # The server refuses to run as root; Debian's packages make the postgres user.
    return ["runuser", "-u", "postgres", "--", *map(str, command)] if os.geteuid() == 0 else list(map(str, command))


def _copy_schema(bindir: Path, target: str) -> None:
    """The test database's tables and its record of applied migrations: `migrate` then only runs what follows
    a migration (the roles' groups), in seconds rather than the minute all migrations take."""
    database = connection.settings_dict
    source = [f"--host={database['HOST'] or '127.0.0.1'}", f"--port={database['PORT'] or 5432}",
              f"--username={database['USER'] or 'postgres'}", database["NAME"]]
    for part in (["--schema-only"], ["--data-only", "--table=django_migrations"]):
        dump = subprocess.run([bindir / "pg_dump", "--no-owner", *part, *source], check=True, capture_output=True,
                              timeout=120, env={**os.environ, "PGPASSWORD": database["PASSWORD"] or ""})
        subprocess.run([bindir / "psql", "--quiet", "--set=ON_ERROR_STOP=1", target], input=dump.stdout,
                       check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def streaming_replica(django_db_setup):
    bindir = _bindir()
    if connection.vendor != "postgresql" or bindir is None:
        pytest.skip("needs PostgreSQL's server programs (initdb, pg_basebackup); the suite runs on SQLite")
    # Not under pytest's temporary directory: that is private to root, and the server runs as postgres.
    home = Path(tempfile.mkdtemp(prefix="talent-replication-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
    primary, replica, port, replica_port = home / "primary", home / "replica", _free_port(), _free_port()

    def run(*command):
        subprocess.run(_as_server_user(*command), check=True, capture_output=True, timeout=120)

    run(bindir / "initdb", "-D", primary, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8",
        "--locale=C.UTF-8")
    settings = f"port={port}\nlisten_addresses='127.0.0.1'\nunix_socket_directories='{home}'\nfsync=off\n"
    run("sh", "-c", f"printf \"{settings}\" >> {primary}/postgresql.conf && "
        f"echo 'host replication all 127.0.0.1/32 trust' >> {primary}/pg_hba.conf")
    started = []
    try:
        run(bindir / "pg_ctl", "-D", primary, "-l", home / "primary.log", "-w", "start")
        started.append(primary)
        run(bindir / "pg_basebackup", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-D", replica, "-R",
            "-X", "stream")
        run("sed", "-i", f"s/^port={port}$/port={replica_port}/", replica / "postgresql.conf")
        run(bindir / "pg_ctl", "-D", replica, "-l", home / "replica.log", "-w", "start")
        started.append(replica)
        run(bindir / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "talent")
        _copy_schema(bindir, f"postgres://postgres@127.0.0.1:{port}/talent")
        yield (f"postgres://postgres@127.0.0.1:{port}/talent", f"postgres://postgres@127.0.0.1:{replica_port}/talent")
    finally:
        for cluster in reversed(started):
            subprocess.run(_as_server_user(bindir / "pg_ctl", "-D", cluster, "-m", "immediate", "stop"),
                           capture_output=True, timeout=60)
        shutil.rmtree(home, ignore_errors=True)


@pytest.mark.postgres
def test_during_replication_lag_the_author_sees_their_change_and_others_see_it_once_the_replica_catches_up(
        streaming_replica):
    primary, replica = streaming_replica
    env = {**os.environ, "DATABASE_URL": primary, "DATABASE_REPLICA_URLS": replica}
    probe = subprocess.run([sys.executable, "tests/replica_probe.py"], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=300)
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout.strip().splitlines()[-1])

    assert seen["patch"] == 200 and seen["pinned"]
    assert seen["replica"] == "王旧名"  # replay was paused: the replica really lags
    assert seen["writer_search"] == ["王新名"]  # the author's next search reads the primary
    assert seen["other_search"] == ["王旧名"]  # another user's search reads the lagging replica
    assert seen["other_record"] == "王新名"  # a record's own page always reads the primary
    assert seen["other_search_after"] == ["王新名"]
    # A head's sub-unit moved away during the lag: shown in full before, in the replica's picture during the lag,
    # as a summary once the replica has the move (the tree the head's scope walks is not kept from the lag).
    assert seen["head_before"] == {"李下属": True}
    assert seen["head_during_lag"] == {"李下属": True}
    assert seen["head_after"] == {"李下属": False}
