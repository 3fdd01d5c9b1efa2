"""Candidates for one request (pure): who qualifies, who is excluded and why, and how the score adds up."""

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharing import graph, rules, scoring, scoring_kernel
from sharing.scoring import POINTS, SOURCE_CONFIDENCE, TERMS, Pool, Reason, Request, Requirement

IT, FINANCE, OFFICE, IT_OPS = 1, 2, 3, 4  # IT_OPS is a sub-unit of IT
PYTHON, SQL = 10, 11
MAY, JUNE = (date(2026, 5, 1), date(2026, 5, 31)), (date(2026, 6, 1), date(2026, 6, 30))


def pool(people, *, busy=(), recent=None, lent=None, ties=(), share=0.5, size=None, department_rules=None,
         out=(), today=None):
    """people: {cadre: (department, {skill: (level, source)})}; lent: people out per department (counted
    whoever they are); out: (cadre, department) of people out by name."""
    departments = {d for d, _skills in people.values()}
    size = size or {d: 10 for d in departments}
    lending = rules.units(parents={d: IT if d == IT_OPS else None for d in {*departments, *size}},
                          rules=department_rules or {}, size=size, out=out, default_percent=int(share * 100))
    lending = rules.Units(lending.unit_of, lending.rule, lending.cap,
                          {u: n + sum(k for d, k in (lent or {}).items() if lending.unit_of.get(d, d) == u)
                           for u, n in lending.lent.items()})
    return Pool(
        cadres=list(people), departments=[d for d, _s in people.values()],
        skills=[(c, s, level, SOURCE_CONFIDENCE[source]) for c, (_d, skills) in people.items()
                for s, (level, source) in skills.items()],
        busy=busy, recent=recent or {}, lending=lending, out=[c for c, _d in out],
        affinity=graph.Affinity(graph.build(ties)), today=today,
    )


def request(*requirements, window=MAY, declined=()):
    return Request(id=1, department=IT, start=window[0], end=window[1], places=1,
                   requirements=tuple(requirements), excluded_departments=frozenset({IT, IT_OPS}),
                   declined=frozenset(declined))


def candidates(scored, the_pool):
    return scored.cadres.tolist()


def reasons(scored):
    return {e.cadre: (e.reason, e.skill) for e in scored.exclusions(0)}


PEOPLE = {
    201: (FINANCE, {PYTHON: (4, "certified"), SQL: (3, "assessed")}),
    202: (FINANCE, {PYTHON: (3, "self_declared"), SQL: (3, "self_declared")}),
    301: (OFFICE, {PYTHON: (5, "certified")}),  # no SQL
    302: (OFFICE, {PYTHON: (2, "certified"), SQL: (5, "certified")}),  # Python too low
    101: (IT, {PYTHON: (5, "certified"), SQL: (5, "certified")}),  # the requesting department
    401: (IT_OPS, {PYTHON: (5, "certified"), SQL: (5, "certified")}),  # its sub-unit
}
BOTH = (Requirement(PYTHON, 3, 2), Requirement(SQL, 3, 1))


def test_candidates_come_from_other_departments_and_meet_every_minimum():
    the_pool = pool(PEOPLE)
    scored = the_pool.score([request(*BOTH)])
    assert candidates(scored, the_pool) == [201, 202]
    assert scored.exclusions(0) == ()


def test_a_certified_expert_above_the_minimum_ranks_above_a_self_declared_one_at_it():
    the_pool = pool(PEOPLE)
    scored = the_pool.score([request(*BOTH)])
    best, second = (dict(zip(TERMS, row, strict=True)) for row in scored.terms.tolist())
    assert best["skill_fit"] > second["skill_fit"]
    assert best["level_surplus"] > second["level_surplus"] == 0
    assert list(scored.totals) == [sum(row) for row in scored.terms.tolist()]


def test_someone_busy_in_the_window_is_excluded_but_not_for_a_later_window():
    the_pool = pool(PEOPLE, busy=[(201, date(2026, 5, 31), date(2026, 5, 31))])
    assert reasons(the_pool.score([request(*BOTH)])) == {201: (Reason.BUSY, None)}
    assert 201 in candidates(the_pool.score([request(*BOTH, window=JUNE)]), the_pool)


def test_someone_their_department_declined_for_this_request_is_not_proposed_again():
    the_pool = pool(PEOPLE)
    assert reasons(the_pool.score([request(*BOTH, declined=[202])])) == {202: (Reason.DECLINED, None)}


def test_the_only_holder_of_a_critical_skill_at_the_level_asked_stays_home():
    the_pool = pool(PEOPLE)
    scored = the_pool.score([request(Requirement(PYTHON, 4, 1, critical=True))])
    # Office's 301 is its only Python holder at 4+; finance's 201 likewise (202 is at 3).
    assert reasons(scored) == {201: (Reason.SOLE_CRITICAL_HOLDER, PYTHON), 301: (Reason.SOLE_CRITICAL_HOLDER, PYTHON)}
    assert candidates(scored, the_pool) == []
    # At level 3 finance has two holders, so either may go; office still has only 301.
    scored = the_pool.score([request(Requirement(PYTHON, 3, 1, critical=True))])
    assert candidates(scored, the_pool) == [201, 202]
    assert reasons(scored) == {301: (Reason.SOLE_CRITICAL_HOLDER, PYTHON)}


def test_a_sole_holder_of_an_ordinary_skill_may_go_but_scores_no_home_impact_points():
    the_pool = pool(PEOPLE)
    scored = the_pool.score([request(Requirement(PYTHON, 4, 1))])
    assert set(candidates(scored, the_pool)) == {201, 301}
    assert set(scored.terms[:, TERMS.index("home_impact")].tolist()) == {0}


def test_a_department_at_its_lending_cap_lends_no_one():
    the_pool = pool(PEOPLE, lent={FINANCE: 5}, size={FINANCE: 10, OFFICE: 10, IT: 10, IT_OPS: 10}, share=0.5)
    assert reasons(the_pool.score([request(*BOTH)])) == {201: (Reason.LENDING_CAP_REACHED, None),
                                                     202: (Reason.LENDING_CAP_REACHED, None)}
    assert the_pool.capacity()[FINANCE] == 0
    assert the_pool.capacity()[OFFICE] == 5


def test_a_department_rule_caps_its_lending_in_people_or_in_percent():
    sizes = {FINANCE: 10, OFFICE: 10, IT: 10, IT_OPS: 10}
    # Finance may have one person out, and has one: nobody more; office may have 10 % of 10 = 1, none out.
    the_pool = pool(PEOPLE, size=sizes, out=[(299, FINANCE)],
                    department_rules={FINANCE: rules.Rule(cap_people=1), OFFICE: rules.Rule(cap_percent=10)})
    assert reasons(the_pool.score([request(*BOTH)])) == {201: (Reason.LENDING_CAP_REACHED, None),
                                                     202: (Reason.LENDING_CAP_REACHED, None)}
    assert the_pool.capacity()[FINANCE] == 0
    assert the_pool.capacity()[OFFICE] == 1


def test_someone_out_already_is_not_stopped_by_the_cap_their_own_lending_fills():
    # Finance may lend one person and 201 is out (for May): proposing 201 for June lends no one more.
    the_pool = pool(PEOPLE, out=[(201, FINANCE)], busy=[(201, MAY[0], MAY[1])],
                    department_rules={FINANCE: rules.Rule(cap_people=1)})
    scored = the_pool.score([request(*BOTH, window=JUNE)])
    assert candidates(scored, the_pool) == [201]
    assert reasons(scored) == {202: (Reason.LENDING_CAP_REACHED, None)}
    assert scored.counted.tolist() == [False]


def test_a_department_counting_its_sub_units_lends_for_them_under_one_cap():
    # IT counts IT_OPS: one unit of 20 people at 10 %, two out from IT already, so IT_OPS's 401 stays.
    people = {**PEOPLE, 401: (IT_OPS, {PYTHON: (5, "certified"), SQL: (5, "certified")})}
    the_pool = pool(people, size={FINANCE: 10, OFFICE: 10, IT: 10, IT_OPS: 10}, out=[(501, IT), (502, IT)],
                    department_rules={IT: rules.Rule(cap_percent=10, includes_sub_units=True)})
    finance_request = Request(id=2, department=FINANCE, start=MAY[0], end=MAY[1], places=1, requirements=BOTH,
                              excluded_departments=frozenset({FINANCE}))
    scored = the_pool.score([finance_request])
    assert reasons(scored) == {101: (Reason.LENDING_CAP_REACHED, None), 401: (Reason.LENDING_CAP_REACHED, None)}
    assert the_pool.capacity()[IT] == 0 and IT_OPS not in the_pool.capacity()


def test_a_request_longer_than_the_rule_or_too_soon_for_its_notice_is_not_proposed():
    june_to_december = (date(2026, 6, 1), date(2026, 12, 1))
    the_pool = pool(PEOPLE, today=date(2026, 5, 20), department_rules={
        FINANCE: rules.Rule(max_months=6), OFFICE: rules.Rule(notice_days=14)})
    scored = the_pool.score([request(Requirement(PYTHON, 3, 1), window=june_to_december)])
    # Six months from 1 June end on 30 November; the office needs 14 days' notice and gets 12.
    assert reasons(scored) == {201: (Reason.TOO_LONG, None), 202: (Reason.TOO_LONG, None),
                               301: (Reason.SHORT_NOTICE, None)}
    scored = the_pool.score([request(Requirement(PYTHON, 3, 1), window=(date(2026, 6, 3), date(2026, 12, 2)))])
    assert sorted(candidates(scored, the_pool)) == [201, 202, 301]


def test_departments_that_worked_together_before_score_affinity():
    the_pool = pool(PEOPLE, ties=[(IT, OFFICE, 1)])
    scored = the_pool.score([request(Requirement(PYTHON, 3, 1))])
    affinity = dict(zip(candidates(scored, the_pool), scored.terms[:, TERMS.index("affinity")].tolist(),
                        strict=True))
    assert affinity[301] == round(15 * (1 - np.exp(-1)) * 100)
    assert affinity[201] == affinity[202] == 0


def test_people_seconded_recently_and_departments_lending_a_lot_score_lower_on_fairness():
    the_pool = pool(PEOPLE, recent={201: 1}, lent={OFFICE: 2})
    scored = the_pool.score([request(Requirement(PYTHON, 3, 1))])
    fairness = dict(zip(candidates(scored, the_pool), scored.terms[:, TERMS.index("fairness")].tolist(),
                        strict=True))
    assert fairness[202] == 1500
    assert fairness[201] == 1500 - 375  # half of the "not seconded recently" half
    assert fairness[301] == 1500 - 750 * 2 // 5  # office lends 2 of its 5 places


def test_explanation_names_every_required_skill_with_what_was_found():
    the_pool = pool(PEOPLE)
    scored = the_pool.score([request(*BOTH)])
    explained = the_pool.explain(scored, 0)
    assert explained["cadre"] == 201
    assert explained["score"] == sum(explained["terms"].values())
    assert [(s["skill"], s["level"], s["confidence"], s["holders_at_home"]) for s in explained["skills"]] == \
        [(PYTHON, 4, 100, 2), (SQL, 3, 80, 2)]


def test_a_skill_no_one_holds_gives_no_candidates():
    assert len(pool(PEOPLE).score([request(Requirement(99, 1, 1))])) == 0


def test_lending_cap_rounds_down():
    assert [rules.cap(rules.DEFAULT, size, 20) for size in (4, 5, 9, 10)] == [0, 1, 1, 2]


@st.composite
def random_pools(draw):
    n = draw(st.integers(1, 25))
    people = {}
    for c in range(n):
        skills = draw(st.dictionaries(st.sampled_from([PYTHON, SQL, 12]),
                                      st.tuples(st.integers(1, 5), st.sampled_from(["certified", "assessed",
                                                                                     "self_declared"])),
                                      max_size=3))
        people[1000 + c] = (draw(st.sampled_from([IT, FINANCE, OFFICE, IT_OPS])), skills)
    requirements = draw(st.lists(st.builds(Requirement, st.sampled_from([PYTHON, SQL, 12]), st.integers(1, 5),
                                           st.integers(1, 5), st.booleans()),
                                 min_size=1, max_size=3, unique_by=lambda r: r.skill))
    recent = draw(st.dictionaries(st.sampled_from(list(people)), st.integers(0, 4)))
    lent = draw(st.dictionaries(st.sampled_from([FINANCE, OFFICE]), st.integers(0, 6)))
    return people, requirements, recent, lent


@settings(max_examples=200, deadline=None)
@given(random_pools())
def test_every_candidate_meets_every_minimum_and_scores_within_bounds(case):
    people, requirements, recent, lent = case
    the_pool = pool(people, recent=recent, lent=lent, ties=[(IT, FINANCE, 2)])
    scored = the_pool.score([request(*requirements)])
    chosen = candidates(scored, the_pool)
    for cadre in chosen:
        department, skills = people[cadre]
        assert department not in (IT, IT_OPS)
        assert all(skills.get(r.skill, (0, ""))[0] >= r.min_level for r in requirements)
    assert not set(chosen) & {e.cadre for e in scored.exclusions(0)}
    maxima = np.array([POINTS[t] * 100 for t in TERMS])
    assert ((scored.terms >= 0) & (scored.terms <= maxima)).all()
    assert (scored.totals >= 2000).all()
    assert list(scored.totals) == sorted(scored.totals, reverse=True)


@settings(max_examples=100, deadline=None)
@given(random_pools(), st.lists(st.tuples(st.sampled_from([IT, FINANCE, OFFICE]),
                                          st.lists(st.builds(Requirement, st.sampled_from([PYTHON, SQL, 12]),
                                                             st.integers(1, 5), st.integers(1, 5), st.booleans()),
                                                   max_size=3, unique_by=lambda r: r.skill)),
                                max_size=4))
def test_scoring_requests_together_gives_each_what_it_gets_alone(case, others):
    people, requirements, recent, lent = case
    the_pool = pool(people, recent=recent, lent=lent, ties=[(IT, FINANCE, 2), (FINANCE, OFFICE, 1)])
    requests = [request(*requirements)] + [
        Request(id=2 + i, department=department, start=MAY[0], end=MAY[1], places=1,
                requirements=tuple(wanted), excluded_departments=frozenset({department}))
        for i, (department, wanted) in enumerate(others)]
    together = the_pool.score(requests)
    for index, one in enumerate(requests):
        alone = the_pool.score([one])
        mine = together.request == index
        assert together.cadres[mine].tolist() == alone.cadres.tolist()
        assert together.terms[mine].tolist() == alone.terms.tolist()
        assert together.exclusions(index) == alone.exclusions(0)


@settings(max_examples=150, deadline=None)
@given(random_pools(), st.lists(st.tuples(st.sampled_from([IT, FINANCE, OFFICE]),
                                          st.lists(st.builds(Requirement, st.sampled_from([PYTHON, SQL, 12]),
                                                             st.integers(1, 3), st.integers(1, 2), st.booleans()),
                                                   max_size=2, unique_by=lambda r: r.skill)),
                                max_size=4), st.integers(0, 6))
def test_scoring_only_each_requests_best_gives_the_rows_the_full_ranking_starts_with(case, others, best):
    # Equal totals are common here (few levels, few sources): the cut must keep the lower cadre ids among them.
    people, requirements, recent, lent = case
    the_pool = pool(people, recent=recent, lent=lent, ties=[(IT, FINANCE, 2)])
    requests = [request(*requirements)] + [
        Request(id=2 + i, department=department, start=MAY[0], end=MAY[1], places=1,
                requirements=tuple(wanted), excluded_departments=frozenset({department}))
        for i, (department, wanted) in enumerate(others)]
    full = the_pool.score(requests).top(best)
    with pytest.MonkeyPatch.context() as patch:  # and in batches of two requests, as a national run is
        patch.setattr(scoring, "BATCH", 2)
        batched = the_pool.score(requests, best=best)
    for cut in (the_pool.score(requests, best=best), batched):
        for name in ("request", "cadres", "departments", "units", "counted", "terms", "totals", "affinity", "rank"):
            assert getattr(cut, name).tolist() == getattr(full, name).tolist(), name
        assert all(cut.exclusions(i) == full.exclusions(i) for i in range(len(requests)))


def reference(the_pool, people, one, busy, ties):
    """One request scored a cadre at a time, as the module's docstring says, in plain Python: the candidates'
    terms in the order they rank, and who is left out with the reason (no notice or length rule here)."""
    weights = [r.weight / sum(q.weight for q in one.requirements) for r in one.requirements]
    affinity = graph.Affinity(graph.build(ties))
    ranked, left_out = [], {}
    for cadre, (department, skills) in sorted(people.items()):
        if department in one.excluded_departments or any(
                skills.get(r.skill, (0, ""))[0] < r.min_level for r in one.requirements):
            continue
        at = the_pool._department_index[department]
        lent, cap = int(the_pool.lent[at]), int(the_pool.cap[at])
        home = [sum(1 for d, held in people.values()
                    if d == department and held.get(r.skill, (0, ""))[0] >= r.min_level) for r in one.requirements]
        critical = [r.skill for r, n in zip(one.requirements, home, strict=True) if r.critical and n == 1]
        if any(c == cadre and start <= one.end and end >= one.start for c, start, end in busy):
            left_out[cadre] = (Reason.BUSY, None)
        elif cadre in one.declined:
            left_out[cadre] = (Reason.DECLINED, None)
        elif critical:
            left_out[cadre] = (Reason.SOLE_CRITICAL_HOLDER, critical[0])
        elif lent >= cap:
            left_out[cadre] = (Reason.LENDING_CAP_REACHED, None)
        else:
            fit = surplus = scarcity = 0.0
            for weight, r, n in zip(weights, one.requirements, home, strict=True):
                level, source = skills[r.skill]
                fit += weight * (SOURCE_CONFIDENCE[source] / 100)
                surplus += weight * (min(level - r.min_level, 2) / 2)
                scarcity += weight / max(n, 1)
            recent = min(the_pool.recent[np.searchsorted(the_pool.cadre_ids, cadre)], 2)
            shares = (fit, surplus, affinity([one.department], [department])[0, 0],
                      ((1 - recent / 2) + (1 - lent / max(cap, 1))) / 2, 1 - scarcity,
                      1.0 if cadre in one.interested else 0.0)
            terms = [round(share * POINTS[term] * 100) for share, term in zip(shares, TERMS, strict=True)]
            ranked.append((-sum(terms), cadre, terms))
    return [(cadre, terms) for _total, cadre, terms in sorted(ranked)], left_out


@settings(max_examples=150, deadline=None)
@given(random_pools(), st.lists(st.tuples(st.sampled_from([IT, FINANCE, OFFICE]),
                                          st.lists(st.builds(Requirement, st.sampled_from([PYTHON, SQL, 12]),
                                                             st.integers(1, 5), st.integers(1, 5), st.booleans()),
                                                   min_size=1, max_size=3, unique_by=lambda r: r.skill),
                                          st.sets(st.integers(1000, 1025)), st.sets(st.integers(1000, 1025))),
                                min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(1000, 1025), st.sampled_from([MAY, JUNE]))))
def test_every_candidate_scores_what_working_it_out_by_hand_gives(case, wanted, busy):
    people, _requirements, recent, lent = case
    ties = [(IT, FINANCE, 2), (FINANCE, OFFICE, 1)]
    busy = [(cadre, *window) for cadre, window in busy]
    the_pool = pool(people, recent=recent, lent=lent, ties=ties, busy=busy)
    requests = [Request(id=1 + i, department=department, start=MAY[0], end=MAY[1], places=1,
                        requirements=tuple(requirements), excluded_departments=frozenset({department}),
                        declined=frozenset(declined), interested=frozenset(interested))
                for i, (department, requirements, declined, interested) in enumerate(wanted)]
    with pytest.MonkeyPatch.context() as patch:  # in batches of two requests, as a national run is
        patch.setattr(scoring, "BATCH", 2)
        scored = the_pool.score(requests)
    for index, one in enumerate(requests):
        mine = scored.request == index
        ranked, left_out = reference(the_pool, people, one, busy, ties)
        assert list(zip(scored.cadres[mine].tolist(), scored.terms[mine].tolist(), strict=True)) == ranked
        assert {e.cadre: (e.reason, e.skill) for e in scored.exclusions(index)} == left_out


def test_top_keeps_each_requests_best_candidates_in_order():
    the_pool = pool(PEOPLE)
    scored = the_pool.score([request(Requirement(PYTHON, 3, 1)), request(Requirement(SQL, 3, 1))])
    python, sql = (scored.cadres[scored.request == i].tolist() for i in (0, 1))
    assert len(python) == 3 and len(sql) == 3
    best_two = scored.top(2)
    assert best_two.request.tolist() == [0, 0, 1, 1]
    assert best_two.cadres.tolist() == python[:2] + sql[:2]


def test_the_kernel_setup_compiles_is_the_one_every_pool_is_scored_with():
    # bin/setup compiles the kernel by scoring a pool of one (scoring_kernel.warm); a pool whose arrays had other
    # types (the affinity's indices as scipy chose them, say) would wait for the compiler on its first scoring.
    scoring_kernel.warm()
    the_pool = pool(PEOPLE, ties=[(IT, OFFICE, 1)], busy=[(201, *MAY)], recent={202: 1}, today=date(2026, 4, 1),
                    department_rules={FINANCE: rules.Rule(max_months=6)})
    the_pool.score([request(*BOTH, declined=[202])])
    the_pool.score([request(*BOTH)], best=1)
    assert len(scoring_kernel.score_batch.signatures) == 1

