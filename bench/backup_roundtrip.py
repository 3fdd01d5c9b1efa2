"""Benchmark: backup_db and restore_db round trip on a province-size database.

    python bench/backup_roundtrip.py                                                  # SQLite, in a temporary directory
    python bench/backup_roundtrip.py postgres://postgres@127.0.0.1:5432/talent_bench  # PostgreSQL

With a PostgreSQL URL it creates <name>_src and <name>_dst next to it and drops them afterwards. It fills the
source (deterministic, seed 2026) with 400 departments, 50,000 cadres whose citizen IDs and phones are encrypted,
and one audit record per cadre; then runs the two commands as an operator would, each in its own process (so
their times include Django's start-up, printed first), checks that the restored copy has the same rows in every
table and readable personal data, and prints the times and the size of the backup.
"""

import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 2026
DEPARTMENTS, CADRES = 400, 50_000


def run(*args: str, database_url: str) -> tuple[float, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "DATABASE_URL": database_url}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return elapsed, result.stdout


def fill(database_url: str) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="config.settings_test", DATABASE_URL=database_url)
    import django

    django.setup()
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction

    from talent.models import Cadre, Department
    from talent.validators import national_id_check_char

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    with transaction.atomic():
        departments = Department.objects.bulk_create(
            Department(code=f"B{i:04d}", name=f"第{i}处") for i in range(DEPARTMENTS))
        cadres = []
        for i in range(CADRES):
            born = date(1965, 1, 1) + timedelta(days=rng.randrange(13_000))
            first17 = f"{rng.choice(['110105', '320102', '440106'])}{born:%Y%m%d}{rng.randrange(1000):03d}"
            cadres.append(Cadre(
                staff_number=f"P{i:06d}", name=f"干部{i}", gender="M" if int(first17[16]) % 2 else "F",
                department=rng.choice(departments), rank="clerk_1", tier="general", education="bachelor",
                hire_date=date(2015, 7, 1), national_id=first17 + national_id_check_char(first17),
                mobile=f"13{rng.randrange(10**9):09d}"))
        cadres = Cadre.objects.bulk_create(cadres, batch_size=2_000)
        cadre_type = ContentType.objects.get_for_model(Cadre)
        LogEntry.objects.bulk_create((
            LogEntry(content_type=cadre_type, object_pk=str(c.pk), object_id=c.pk, object_repr=str(c),
                     action=LogEntry.Action.CREATE, changes={"name": ["None", c.name]}) for c in cadres
        ), batch_size=2_000)
    connection.close()


def with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def main() -> None:
    server = sys.argv[1] if len(sys.argv) > 1 else None
    workdir = Path(tempfile.mkdtemp(prefix="talent-backup-bench-"))
    if server:
        import psycopg
        from psycopg import sql

        base = urlsplit(server).path.lstrip("/")
        source, target = with_name(server, f"{base}_src"), with_name(server, f"{base}_dst")
        admin = psycopg.connect(with_name(server, "postgres"), autocommit=True)
        names = [f"{base}_src", f"{base}_dst"]
        for name in names:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    else:
        source, target = f"sqlite:///{workdir / 'source.sqlite3'}", f"sqlite:///{workdir / 'restored.sqlite3'}"
    archive = workdir / "core.backup"
    try:
        started = time.perf_counter()
        fill(source)
        print(f"filled the source in {time.perf_counter() - started:.1f} s "
              f"({DEPARTMENTS} departments, {CADRES} cadres, {CADRES} audit records)")
        startup, _output = run("check", database_url=source)
        backup_time, backed_up = run("backup_db", str(archive), "-v", "2", database_url=source)
        restore_time, restored = run("restore_db", str(archive), "-v", "2", database_url=target)
        tables = re.compile(r"^  (\S+) +(\d+)$", re.MULTILINE)
        assert tables.findall(backed_up) == tables.findall(restored), "the restored copy differs"
        assert "Personal data is readable" in restored
        rows = sum(int(count) for _table, count in tables.findall(restored))
        print(f"database       {'PostgreSQL' if server else 'SQLite'}, {len(tables.findall(restored))} tables, "
              f"{rows} rows, the same in the restored copy")
        print(f"start-up       {startup:6.2f} s   (manage.py check, included in both times below)")
        print(f"backup_db      {backup_time:6.2f} s   {archive.stat().st_size / 2**20:.1f} MiB")
        print(f"restore_db     {restore_time:6.2f} s   (with the check that every encrypted value decrypts)")
    finally:
        archive.unlink(missing_ok=True)
        if server:
            for name in names:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            admin.close()
        for leftover in workdir.iterdir():
            leftover.unlink()
        workdir.rmdir()


if __name__ == "__main__":
    main()
