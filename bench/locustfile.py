"""The load test's users (bench/load_test.sh runs it): HR staff searching and listing the pool, department heads
reading their own people, leadership views and the auditor reading the trail, in proportions like a working day.

Needs LOAD_PLAN, the JSON written by bench/load_data.py. Endpoints not in the served schema (features still to
come) are skipped, so the mix follows the API. The run stops after LOAD_MAX_REQUESTS requests if that comes first;
LOAD_LEAVE_OUT="reports/leadership (PDF)" leaves requests out by the name the summary gives them. With several app
servers, LOAD_HOSTS="http://127.0.0.1:8765,http://127.0.0.1:8766" spreads the users over them in turn (each user
keeps to one server, as a browser behind a connection-keeping balancer would).
"""

import itertools
import json
import os
import random
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "0"))
# Request names (as in the summary) to leave out, comma-separated: to see the rest without a slow one.
LEFT_OUT = {name.strip() for name in os.environ.get("LOAD_LEAVE_OUT", "").split(",") if name.strip()}
SERVED: set[str] = set()
HOSTS = itertools.cycle([h.strip() for h in os.environ.get("LOAD_HOSTS", "").split(",") if h.strip()] or [None])
DETAIL = "/api/v1/cadres/{id}/"
run = {"environment": None, "requests": 0}


@events.init.add_listener
def remember(environment, **kwargs):
    run["environment"] = environment


@events.test_start.add_listener
def read_the_schema(environment, **kwargs):
    with urllib.request.urlopen(f"{environment.host}/api/schema/?format=json", timeout=120) as response:
        SERVED.update(json.load(response)["paths"])


@events.request.add_listener
def stop_at_the_budget(**kwargs):
    run["requests"] += 1
    if run["requests"] == MAX_REQUESTS:
        run["environment"].runner.quit()


class Person(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 2)  # reading the answer before the next click
    token = ""

    def __init__(self, environment):
        self.host = next(HOSTS) or self.host  # read by FastHttpUser when it makes the user's client
        super().__init__(environment)

    def get(self, path: str, name: str, template: str = "", **params) -> None:
        if (template or path) not in SERVED or name in LEFT_OUT:
            return
        query = f"?{urlencode(params, doseq=True)}" if params else ""
        self.client.get(path + query, name=name, headers={"Authorization": f"Token {self.token}"})

    def requirement(self) -> str:
        return f"{random.choice(PLAN['skills'])}:{random.randint(2, 4)}"


class HRStaff(Person):
    weight = 5
    token = PLAN["tokens"]["hr"]

    @task(3)
    def search_by_name_or_number(self):
        words = PLAN["words"] + [f"B{random.randrange(500):03d}"]
        self.get("/api/v1/cadres/", "cadres ?search", search=random.choice(words))

    @task(3)
    def list_a_department(self):
        self.get("/api/v1/cadres/", "cadres ?department&tier", department=random.choice(PLAN["departments"]),
                 tier=random.choice(["leader", "general", "specialist"]), ordering="-hire_date")

    @task(3)
    def talent_search(self):
        self.get("/api/v1/talent-search/", "talent-search ?skill",
                 skill=[self.requirement() for _ in range(random.randint(1, 2))])

    @task(2)
    def open_a_cadre(self):  # unmasked for HR with the permission, so each read writes an audit record
        self.get(f"/api/v1/cadres/{random.choice(PLAN['cadres'])}/", "cadres/{id} (HR, audited)", DETAIL)

    @task(1)
    def department_tree(self):
        self.get("/api/v1/departments/tree/", "departments/tree")


class DepartmentHead(Person):
    weight = 3

    def on_start(self):
        head = random.choice(PLAN["tokens"]["heads"])
        self.token, self.department = head["token"], head["department"]
        self.people = PLAN["scopes"][str(self.department)]

    @task(3)
    def own_people(self):
        self.get("/api/v1/cadres/", "cadres ?department (head)", department=self.department, page=random.randint(1, 5))

    @task(2)
    def open_own_cadre(self):
        self.get(f"/api/v1/cadres/{random.choice(self.people)}/", "cadres/{id} (head)", DETAIL)

    @task(2)
    def search_the_bureau(self):
        self.get("/api/v1/talent-search/", "talent-search ?skill (head)", skill=self.requirement())

    @task(1)
    def who_am_i(self):
        self.get("/api/v1/me/", "me")


class Leadership(Person):
    weight = 1
    token = PLAN["tokens"]["leader"]

    @task(3)
    def a_department(self):
        self.get("/api/v1/cadres/", "cadres ?department (leader)", department=random.choice(PLAN["departments"]))

    @task(1)
    def department_tree(self):
        self.get("/api/v1/departments/tree/", "departments/tree (leader)")

    @task(2)
    def sharing_graph(self):
        self.get("/api/v1/sharing-graph/", "sharing-graph")

    @task(2)
    def talent_demand(self):
        self.get("/api/v1/talent-demand/", "talent-demand ?period", period=str(date.today().year))

    @task(1)
    def incentive_cycles(self):
        self.get("/api/v1/incentive-cycles/", "incentive-cycles")

    @task(1)
    def leadership_report(self):  # the PDF: computed from the whole pool once per worker, then from its cache
        self.get("/api/v1/reports/leadership/", "reports/leadership (PDF)")


class Auditor(Person):
    weight = 1
    token = PLAN["tokens"]["auditor"]

    @task(2)
    def changes_to_cadres(self):
        self.get("/api/v1/audit/", "audit ?model", model="cadre", page=random.randint(1, 20))

    @task(1)
    def reads_of_personal_data(self):
        self.get("/api/v1/audit/", "audit ?action", action="access")
