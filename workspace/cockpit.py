"""The cockpit's figures, gathered from the apps' cached selectors (the ones the leadership PDF reads), in the
actor's scope: the bureau for leadership and HR, their own departments for a head. Names and counts only:
nobody's scores, skills or amounts.

Each chart is a plain spec (kind, labels, series) that workspace/static/workspace/cockpit.js turns into an
ECharts option; the template prints the same numbers as a table beside it."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import money
from incentives.models import IncentiveCycle, NominationStatus
from incentives.selectors import cycles as incentive_selectors
from incentives.selectors import nominations as nomination_selectors
from sharing import record, survey
from sharing.selectors import departments as sharing_departments
from sharing.selectors import graph as sharing_graph
from sharing.selectors import secondments as sharing_selectors
from talent import literacy, roles
from talent.access import Actor, descendant_ids
from talent.models import Capacity, Department, Tier
from talent.selectors import demand as demand_selectors
from talent.selectors import planning as planning_selectors
from talent.selectors import training as training_selectors
from workspace import findings

TIER_LABELS = dict(Tier.choices)


def capacity_labels() -> list[str]:
    labels = dict(Capacity.choices)
    return [str(labels[c]) for c in literacy.CAPACITIES]


def department_url(pk: int) -> str:
    # The department's picture; the page is the workspace's departments page.
    return f"/departments/{pk}/"


@dataclass(frozen=True)
class Scope:
    department_ids: frozenset[int] | None  # None: the whole bureau
    roots: list[Department]  # the departments shown one by one: the top-level ones, or the head's

    @property
    def whole_bureau(self) -> bool:
        return self.department_ids is None


def scope_of(actor: Actor) -> Scope:
    if actor.has(roles.HR, roles.LEADERSHIP) and actor.sees_all_departments:
        return Scope(None, list(Department.objects.filter(parent__isnull=True).order_by("code")))
    ids = frozenset(actor.scope_department_ids)
    roots = Department.objects.filter(pk__in=ids).exclude(parent_id__in=ids).order_by("code")
    return Scope(frozenset(descendant_ids(ids)), list(roots))


def default_period(actor: Actor) -> str:
    latest = planning_selectors.workforce_plan_list(actor=actor).aggregate(latest=Max("period"))["latest"]
    return latest or str(timezone.localdate().year)


def _shortfall(capacities: dict) -> tuple[str, Decimal, Decimal] | None:
    if not capacities or capacities["average"] is None:
        return None
    gaps = [(target - average, label, average, target) for label, average, target
            in zip(capacity_labels(), capacities["average"], capacities["target"], strict=True)]
    gap, label, average, target = max(gaps, key=lambda row: row[0])
    return (label, average, target) if gap > 0 else None


def _heat(rows: list[dict]) -> list[dict]:
    """Department x capacity: average, target and a shade class by how far below the target it is."""
    found = []
    for row in rows:
        capacities = row["capacities"]
        cells = []
        for index in range(len(literacy.CAPACITIES)):
            if capacities["average"] is None:
                cells.append({"average": None, "target": None, "shade": "none"})
                continue
            average, target = capacities["average"][index], capacities["target"][index]
            short = target - average
            shade = "ok" if short <= 0 else "low" if short < 5 else "mid" if short < 10 else "high"
            cells.append({"average": average, "target": target, "short": max(short, Decimal(0)), "shade": shade})
        found.append({"id": row["id"], "name": row["name"], "url": department_url(row["id"]), "cells": cells})
    return found


def _radar(title: str, row: dict) -> dict:
    return {"kind": "radar", "title": title, "indicators": capacity_labels(), "max": 100,
            "series": [{"name": _("Average"), "values": [float(v) for v in row["average"]]},
                       {"name": _("Target"), "values": [float(v) for v in row["target"]]}]}


def _literacy(scope: Scope) -> tuple[list[dict], list[dict], dict]:
    """By tier (radars), by department (the heat table), and the critical skills at risk."""
    if scope.whole_bureau:
        overview = planning_selectors.bureau_overview()
        by_department = [{"id": d["id"], "name": d["name"], "single_holder": d["single_holder"],
                          "vendor_only": d["vendor_only"], "capacities": d["against_target"]}
                         for d in overview["departments"]]
        picture = overview
    else:
        picture = planning_selectors.scope_profile(department_ids=scope.department_ids)
        by_department = []
        for root in scope.roots:
            own = planning_selectors.scope_profile(department_ids=frozenset(descendant_ids([root.pk])))
            by_department.append({"id": root.pk, "name": root.name,
                                  "single_holder": len(own["critical"]["single_holder"]),
                                  "vendor_only": len({s["code"] for row in own["outsourcing_dependency"]
                                                      for s in row["skills"]}),
                                  "capacities": own["against_target"]})
    tiers = [{**row, "label": str(TIER_LABELS[row["tier"]]),
              "pairs": list(zip(row["average"], row["target"], strict=True)) if row["average"] and row["target"]
              else []} for row in picture["literacy"]]
    vendor_only = {}
    for row in picture["outsourcing_dependency"]:
        for skill in row["skills"]:
            vendor_only.setdefault(skill["code"], {"name": skill["name"], "vendor_staff": 0,
                                                   "cadres_elsewhere": skill["cadres_elsewhere"]})
            vendor_only[skill["code"]]["vendor_staff"] += skill["vendor_staff"]
    risks = {"single_holder": [s["name"] for s in picture["critical"]["single_holder"]],
             "no_holder": [s["name"] for s in picture["critical"]["no_holder"]],
             "vendor_only": sorted(vendor_only.values(), key=lambda s: (-s["vendor_staff"], s["name"]))}
    return tiers, by_department, risks


def _plans(actor: Actor, period: str) -> dict:
    rollup = planning_selectors.plan_rollup(actor=actor, period=period)
    return {"totals": rollup["totals"], "departments": rollup["departments"],
            "shortage": rollup["skill_shortage"][:10]}


def _sharing(scope: Scope, period: str) -> dict:
    picture = sharing_graph.sharing_picture()
    labels = sharing_graph.department_labels(picture.departments)
    seen = picture.departments if scope.whole_bureau else \
        {pk: stats for pk, stats in picture.departments.items() if pk in scope.department_ids}
    start, end = survey.period_range(period)
    outcomes = sharing_selectors.request_outcomes(start=start, end=end, department_ids=scope.department_ids)
    community_size = Counter(stats.community for stats in picture.departments.values())
    nodes = [{"id": str(pk), "name": labels.get(pk, ("", str(pk)))[1],
              "community": -1 if stats.community is None else stats.community, "silo": stats.silo,
              "degree": stats.degree} for pk, stats in sorted(picture.departments.items())]
    return {
        "graph": {"kind": "graph", "nodes": nodes,
                  "links": [{"source": str(e.a), "target": str(e.b), "value": round(e.weight, 2)}
                            for e in picture.edges],
                  "communities": len(picture.communities)} if scope.whole_bureau else None,
        "density": {"kind": "line", "x": [day.isoformat() for day, _d, _p in picture.density],
                    "series": [{"name": _("Density"), "values": [round(d, 3) for _day, d, _p in picture.density]}]},
        "density_rows": [{"date": day, "density": round(d, 3), "pairs": pairs} for day, d, pairs in picture.density],
        "departments": [{"id": pk, "name": labels.get(pk, ("", str(pk)))[1], "community": stats.community,
                         "community_size": community_size[stats.community] if stats.community is not None else 0,
                         "broker": stats.betweenness > 0, "betweenness": round(stats.betweenness, 3),
                         "silo": stats.silo, "last_shared": stats.last_shared,
                         **outcomes.get(pk, {"asked": 0, "fulfilled": 0, "declined": 0})}
                        for pk, stats in sorted(seen.items(), key=lambda item: labels.get(item[0], ("", ""))[0])],
        "brokers": [labels.get(d.id, ("", str(d.id)))[1] for d in picture.brokers if d.id in seen][:5],
        "silos": [labels.get(d.id, ("", str(d.id)))[1] for d in picture.silos if d.id in seen],
        "today": picture.today,
    }


def sharing_records(scope: Scope, period: str, *, limit: int = 10) -> list[dict]:
    """The departments asked to lend in the period (proposals made in it), those declining most first (then the
    slowest to answer): each department's own record (sharing.record), in the actor's scope."""
    start, end = survey.period_range(period)
    found = sharing_departments.proposals(department_ids=scope.department_ids, start=start, end=end)
    by_department = {}
    for proposal in found:
        by_department.setdefault(proposal.home, []).append(proposal)
        by_department.setdefault(proposal.host, []).append(proposal)
    seen = by_department if scope.whole_bureau else {d: p for d, p in by_department.items()
                                                     if d in scope.department_ids}
    names = dict(Department.objects.filter(pk__in=seen).values_list("pk", "name"))
    rows = [{"id": pk, "name": names[pk], "url": department_url(pk), "record": record.record_of(proposals, {pk})}
            for pk, proposals in seen.items()]
    rows = [row for row in rows if row["record"].received]
    rows.sort(key=lambda row: (-row["record"].declined, -(row["record"].median_days_to_answer or 0), row["name"]))
    return rows[:limit]


def _incentives(period: str) -> dict | None:
    """The period's year's latest list (or the latest of all); leadership and HR only, as in the API."""
    year = int(period[:4])
    cycle = IncentiveCycle.objects.filter(year=year).order_by("-updated_at", "-pk").first() or \
        IncentiveCycle.objects.order_by("-year", "-updated_at", "-pk").first()
    if cycle is None:
        return None
    amounts = incentive_selectors.cycle_amounts(cycle=cycle)
    tiers = [{**row, "label": str(TIER_LABELS.get(row["cadre__tier"], row["cadre__tier"])),
              "money": money(row["amount"])} for row in amounts["tiers"]]
    departments = [{**row, "money": money(row["amount"])} for row in amounts["departments"]]
    return {"cycle": cycle, "departments": departments, "tiers": tiers,
            "budget": money(cycle.budget), "total_final": money(cycle.total_final),
            "honours": sum(row["honours"] for row in amounts["departments"]),
            "bar": {"kind": "bar", "x": [row["department__name"] for row in amounts["departments"]],
                    "series": [{"name": _("Final (yuan)"),
                                "values": [float(row["amount"]) for row in amounts["departments"]]}]}}


def figures(actor: Actor, period: str, *, today: date | None = None) -> dict:
    scope = scope_of(actor)
    tiers, by_department, risks = _literacy(scope)
    plans = _plans(actor, period)
    sharing = _sharing(scope, period)
    gaps = {row["department"]["id"]: row["gap"] for row in plans["departments"]}
    silos = {row["id"]: row for row in sharing["departments"]}
    key_findings = findings.findings([
        findings.Department(id=row["id"], name=row["name"], single_holder=row["single_holder"],
                            vendor_only=row["vendor_only"], worst_capacity=_shortfall(row["capacities"]),
                            silo=silos.get(row["id"], {}).get("silo", False),
                            last_shared=silos.get(row["id"], {}).get("last_shared"),
                            plan_gap=gaps.get(row["id"], 0))
        for row in by_department], today=today or timezone.localdate(), url_of=department_url)
    return {
        "scope": scope,
        "findings": key_findings,
        "radars": [{"id": f"radar-{row['tier']}", "tier": row, "chart": _radar(row["label"], row)}
                   for row in tiers if row["pairs"]],
        "tiers": tiers,
        "heat": _heat(by_department),
        "capacities": capacity_labels(),
        "risks": risks,
        "health": _health() if actor.has(roles.HR, roles.LEADERSHIP) else None,
        "plans": plans,
        # One aggregate query: who has done their tier's yearly hours, in the actor's scope.
        "training": training_selectors.hours_met_figure(actor=actor, year=int(period[:4])),
        "sharing": sharing,
        "sharing_records": sharing_records(scope, period),
        "incentives": _incentives(period) if actor.has(roles.HR, roles.LEADERSHIP) else None,
    }


def _health() -> dict:
    """The outsourcing registry's health as counts per check (who fails a check is the registry's page)."""
    return planning_selectors.registry_health_counts()


def report_sections(actor: Actor, period: str) -> dict:
    """What the leadership PDF adds from the cockpit: the key findings, sharing and incentives, as text."""
    found = figures(actor, period)
    sharing = found["sharing"]
    incentives = found["incentives"]
    return {
        "findings": [finding.text for finding in found["findings"]],
        "sharing": {
            "communities": sharing["graph"]["communities"] if sharing["graph"] else 0,
            "brokers": sharing["brokers"], "silos": sharing["silos"],
            "density": [(row["date"].isoformat(), row["density"], row["pairs"]) for row in sharing["density_rows"]],
            "departments": [[row["name"], row["asked"], row["fulfilled"], row["declined"],
                             row["last_shared"].isoformat() if row["last_shared"] else _("never")]
                            for row in sharing["departments"]],
            "records": [[row["name"], row["record"].received, row["record"].declined,
                         "—" if row["record"].median_days_to_answer is None else row["record"].median_days_to_answer,
                         row["record"].declines[0].reason if row["record"].declines else "—"]
                        for row in found["sharing_records"]],
        },
        "incentives": None if incentives is None else {
            "cycle": str(incentives["cycle"]), "status": incentives["cycle"].get_status_display(),
            "budget": incentives["budget"], "total": incentives["total_final"], "honours": incentives["honours"],
            "departments": [[row["department__name"], row["people"], row["money"], row["honours"]]
                            for row in incentives["departments"]],
        },
        "nominations": report_nominations(actor, int(period[:4])),
    }


def _decided(actor: Actor, year: int):
    """Nominations leadership decided in the year (Asia/Shanghai), of those the actor may see."""
    return nomination_selectors.nomination_list(actor=actor).filter(
        status__in=nomination_selectors.DECIDED, decided_at__year=year)


def decided_nominations(actor: Actor, year: int) -> dict:
    """How many nominations were approved and declined in the year."""
    counts = Counter(_decided(actor, year).order_by().values_list("status", flat=True))
    return {"year": year, "approved": counts[NominationStatus.APPROVED], "declined": counts[NominationStatus.DECLINED],
            "total": sum(counts.values())}


def report_nominations(actor: Actor, year: int) -> dict:
    """The leadership PDF's nominations: the year's decided ones as decided_nominations counts them, as text."""
    decided = _decided(actor, year).order_by("decided_at", "pk")
    return {**decided_nominations(actor, year),
            "rows": [[n.cadre.name, n.cadre.department.name, n.get_kind_display(), n.target or "—",
                      n.get_status_display(), f"{timezone.localtime(n.decided_at):%Y-%m-%d}"] for n in decided]}


UNMET_SHOWN = 5


def unmet_demand(today: date) -> list[dict]:
    """The skills talent searches most often found nobody for in the last year (bureau-wide counts, nobody's name),
    each linking to the search for it."""
    rows = demand_selectors.unmet_demand(since=demand_selectors.year_up_to(today), until=today)[:UNMET_SHOWN]
    return [{**row, "url": f"{reverse('workspace:talent')}?{urlencode({'skill': row['skill']})}"} for row in rows]
