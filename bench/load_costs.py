"""The CPU each of the load test's requests costs, to find what to cut when the load test saturates its cores:
the requests bench/locustfile.py makes (its own tasks, parameters and tokens, drawn as its users draw them), each
kind run warm through the full Django stack in this process (the test client, the plan's tokens), on the load
test's database. Prints per request kind the median CPU of this process (Django, the view, the serializers), the
median time in SQL (PostgreSQL's work and the round trips) and the statements, and each kind's share of the mix:
the cost weighted by how often locust's users ask for it, largest first. A session's sum is about the
milliseconds of both cores one request of the mix takes.

    set -a; . var/load/talent_load/keys.env; set +a   # the key the load test's data was encrypted with
    DJANGO_SETTINGS_MODULE=config.settings DATABASE_URL=postgres://postgres@127.0.0.1:5432/talent_load \\
    DJANGO_ALLOWED_HOSTS=testserver LOAD_PLAN=var/load/talent_load/plan.json \\
      python bench/load_costs.py [--runs 30] [--only "reports/leadership (PDF)"] [--profile NAME]

Run bench/load_test.sh once first: it builds the database, its keys and the plan. --profile prints cProfile's
top functions (cumulative) for the requests of that kind.
"""

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
import types
from collections import defaultdict
from contextlib import contextmanager

from _setup import setup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")


class Recorder:
    """Stands in for a locust user's HTTP client: keeps the request instead of sending it."""

    def __init__(self):
        self.requests = []

    def get(self, path, name, headers):
        self.requests.append((name, path, headers["Authorization"]))


def without_locust():
    """The locustfile's module as it stands, its users' classes plain ones: locust itself is not imported, as it
    patches the standard library (gevent) and so would slow the very code measured."""
    stub = types.ModuleType("locust")
    stub.FastHttpUser = object
    stub.between = lambda low, high: None
    stub.events = types.SimpleNamespace(**{name: types.SimpleNamespace(add_listener=lambda listener: listener)
                                           for name in ("init", "test_start", "request")})

    def task(weight):
        def weighed(function):
            function.weight = weight
            return function
        return weighed

    stub.task = task
    sys.modules["locust"] = stub
    import locustfile

    return locustfile


def the_mix(locustfile) -> tuple[dict[str, float], dict[str, list]]:
    """Each request name's share of the mix (every user waits alike between tasks, so a user class asks in
    proportion to its weight, and a task in proportion to its own within the class) and a way to draw one."""
    share, draw = {}, defaultdict(list)
    classes = [c for c in vars(locustfile).values()
               if isinstance(c, type) and issubclass(c, locustfile.Person) and c is not locustfile.Person]
    total = sum(c.weight for c in classes)
    for cls in classes:
        weights = {task: task.weight for task in vars(cls).values() if hasattr(task, "weight")}
        for task, weight in weights.items():
            user = cls.__new__(cls)
            user.client = Recorder()
            if hasattr(cls, "on_start"):
                user.on_start()
            task(user)
            if not user.client.requests:  # not served, or left out
                continue
            [(name, _path, _token)] = user.client.requests
            share[name] = cls.weight / total * weight / sum(weights.values())
            draw[name].append((user, task))
    return share, draw


def one_request(draw) -> tuple[str, str]:
    user, task = random.choice(draw)
    user.client.requests.clear()
    if hasattr(user, "on_start"):
        user.on_start()  # a head of another department
    task(user)
    [(_name, path, token)] = user.client.requests
    return path, token


@contextmanager
def sql_timer(times: list[float]):
    from django.db import connection

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            times.append((time.perf_counter() - start) * 1000)

    with connection.execute_wrapper(timed):
        yield


def measure(client, draw, runs: int, profile: cProfile.Profile | None = None) -> tuple[float, float, float]:
    """Median CPU ms of this process, median SQL ms and median statements of `runs` requests, after two warm-up
    requests."""
    from django.core.management import call_command

    cpus, sqls, statements = [], [], []
    for run in range(runs + 2):
        path, authorization = one_request(draw)
        times: list[float] = []
        with sql_timer(times):
            if profile is not None and run >= 2:
                profile.enable()
            cpu = time.process_time()
            response = client.get(path, HTTP_AUTHORIZATION=authorization)
            cpu = (time.process_time() - cpu) * 1000
            if profile is not None:
                profile.disable()
        if response.status_code == 202 and run < 2:  # a cold result: computed by a job, as a worker would
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
            continue
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        if run >= 2:
            cpus.append(cpu)
            sqls.append(sum(times))
            statements.append(len(times))
    return statistics.median(cpus), statistics.median(sqls), statistics.median(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", action="append", help="measure only this request name (repeatable)")
    parser.add_argument("--profile", help="profile the requests of this name")
    parser.add_argument("--sort", default="cumulative", help="the profile's order (pstats: cumulative, tottime)")
    args = parser.parse_args()
    setup()
    locustfile = without_locust()
    from django.test import Client

    client = Client()
    locustfile.SERVED.update(client.get("/api/schema/", {"format": "json"}).json()["paths"])
    random.seed(2026)
    share, draw = the_mix(locustfile)
    rows = []
    for name in sorted(share, key=share.get, reverse=True):
        if args.only and name not in args.only and name != args.profile:
            continue
        profile = cProfile.Profile(time.process_time) if name == args.profile else None
        cpu, sql, statements = measure(client, draw[name], args.runs, profile)
        rows.append((name, share[name], cpu, sql, statements))
        if profile is not None:
            pstats.Stats(profile).sort_stats(args.sort).print_stats(45)
    width = max(len(row[0]) for row in rows)
    print(f"{'request':<{width}} {'share':>6} {'cpu ms':>7} {'sql ms':>7} {'stmts':>6} {'weighted ms':>11}")
    for name, part, cpu, sql, statements in sorted(rows, key=lambda r: r[1] * (r[2] + r[3]), reverse=True):
        print(f"{name:<{width}} {part:>6.1%} {cpu:>7.1f} {sql:>7.1f} {statements:>6.0f} {part * (cpu + sql):>11.2f}")
    cpu = sum(part * cpu for _name, part, cpu, _sql, _n in rows)
    sql = sum(part * sql for _name, part, _cpu, sql, _n in rows)
    print(f"the mix: {cpu + sql:.1f} ms a request ({cpu:.1f} cpu + {sql:.1f} sql, weighted); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
