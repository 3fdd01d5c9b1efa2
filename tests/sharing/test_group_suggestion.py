"""Suggesting a learning group: experts and learners from several departments, isolated ones favoured."""

from hypothesis import given
from hypothesis import strategies as st

from sharing import groups
from sharing.groups import Candidate

PY, SQL = 1, 2
IT, FINANCE, ARCHIVE, CARS = 10, 20, 30, 40
CONNECTED = {IT: 0.05, FINANCE: 0.05, CARS: 0.05, ARCHIVE: 1.0}


def expert(cadre, department, **levels):
    return Candidate(cadre, department, {PY: levels.get("py", 0), SQL: levels.get("sql", 0)} if levels else {})


def learner(cadre, department, score, target=80, **levels):
    return Candidate(cadre, department, {k: v for k, v in ((PY, levels.get("py")), (SQL, levels.get("sql"))) if v},
                     capacity_score=score, capacity_target=target)


def suggest(candidates, **options):
    return groups.suggest(candidates=candidates, skills=[PY, SQL], capacity="execution",
                          isolation=options.pop("isolation", CONNECTED), silos=options.pop("silos", {ARCHIVE}),
                          **options)


def test_experts_hold_a_topic_skill_at_level_four_or_five_and_the_most_expert_leads():
    found = suggest([expert(1, IT, py=5, sql=4), expert(2, FINANCE, py=4), expert(3, CARS, py=3, sql=3),
                     learner(4, CARS, 60)])
    assert [p.cadre for p in found.experts] == [1, 2]
    assert found.leader == 1
    assert found.experts[0].reasons[0] == {"code": "leader"}
    assert found.experts[0].reasons[1] == {"code": "expert", "skills": [{"skill": PY, "level": 5},
                                                                         {"skill": SQL, "level": 4}]}
    assert found.experts[0].merit == 9 / 10


def test_learners_are_below_their_tier_target_and_the_furthest_below_come_first():
    found = suggest([expert(1, IT, py=5), learner(2, FINANCE, 70), learner(3, CARS, 40), learner(4, CARS, 85),
                     learner(5, FINANCE, None)], experts=1, learners=3)
    assert [p.cadre for p in found.learners] == [3, 2]  # 4 is above target, 5 never assessed
    assert found.learners[0].reasons[0] == {"code": "below_target", "capacity": "execution", "score": 40,
                                            "target": 80}
    assert found.shortfalls == ("learners",)


def test_an_expert_in_the_topic_is_not_suggested_as_a_learner_even_below_target():
    found = suggest([expert(1, IT, py=5), Candidate(2, FINANCE, {SQL: 4}, capacity_score=30, capacity_target=80)])
    assert [p.cadre for p in found.experts] == [1, 2]
    assert found.learners == []


def test_a_learner_from_a_silo_is_preferred_to_an_equally_needy_one_and_the_reason_says_so():
    found = suggest([expert(1, IT, py=5), learner(2, FINANCE, 60), learner(3, ARCHIVE, 60)], learners=1)
    [chosen] = found.learners
    assert chosen.cadre == 3
    assert {"code": "silo_department"} in chosen.reasons


def test_isolation_outweighs_a_small_difference_in_need_but_not_a_large_one():
    small = suggest([expert(1, IT, py=5), learner(2, FINANCE, 56), learner(3, ARCHIVE, 60)], learners=1)
    large = suggest([expert(1, IT, py=5), learner(2, FINANCE, 0), learner(3, ARCHIVE, 79)], learners=1)
    assert small.learners[0].cadre == 3
    assert large.learners[0].cadre == 2


def test_a_weakly_tied_department_is_named_with_its_isolation():
    found = suggest([expert(1, IT, py=5), learner(2, FINANCE, 60)], isolation={IT: 0.0, FINANCE: 0.4}, silos=set())
    assert {"code": "weakly_tied_department", "isolation": 0.4} in found.learners[0].reasons
    assert not any(r["code"].endswith("department") for r in found.experts[0].reasons)


def test_a_department_missing_from_the_graph_counts_as_never_having_shared():
    found = suggest([expert(1, IT, py=5), learner(2, FINANCE, 60), learner(3, 99, 60)],
                    isolation={IT: 0.0, FINANCE: 0.0}, silos=set(), learners=1)
    assert found.learners[0].cadre == 3


def test_no_department_gives_more_than_its_share():
    experts_in_it = [expert(i, IT, py=5) for i in range(1, 5)]
    found = suggest([*experts_in_it, expert(9, FINANCE, py=4), *[learner(10 + i, IT, 10) for i in range(3)],
                     learner(20, CARS, 70)], experts=3, learners=3, per_department=2)
    assert [p.cadre for p in found.experts] == [1, 2, 9]
    assert [p.cadre for p in found.learners] == [20]  # IT already gives two
    assert found.departments == [IT, FINANCE, CARS]


def test_the_last_place_goes_to_another_department_when_all_so_far_share_one():
    found = suggest([expert(1, IT, py=5), learner(2, IT, 10), learner(3, FINANCE, 70)], experts=1, learners=2,
                    per_department=5)
    assert [p.cadre for p in found.learners] == [2, 3]
    alone = suggest([expert(1, IT, py=5), learner(2, IT, 10)], experts=1, learners=1, per_department=5)
    assert alone.learners == [] and "departments" in alone.shortfalls


def test_without_any_expert_the_suggestion_says_so():
    found = suggest([learner(2, IT, 10), learner(3, FINANCE, 20)])
    assert found.leader is None
    assert found.shortfalls[0] == "experts"


people = st.builds(
    Candidate, cadre=st.integers(1, 60), department=st.sampled_from([IT, FINANCE, ARCHIVE, CARS]),
    levels=st.dictionaries(st.sampled_from([PY, SQL]), st.integers(1, 5)),
    capacity_score=st.one_of(st.none(), st.integers(0, 100)), capacity_target=st.integers(60, 90))


@given(st.lists(people, unique_by=lambda c: c.cadre, max_size=30), st.integers(1, 4), st.integers(0, 8),
       st.integers(1, 3))
def test_a_suggestion_keeps_its_limits_whatever_the_pool(pool, experts, learners, cap):
    found = suggest(pool, experts=experts, learners=learners, per_department=cap)
    chosen = [*found.experts, *found.learners]
    assert len({p.cadre for p in chosen}) == len(chosen)
    assert len(found.experts) <= experts and len(found.learners) <= learners
    assert all(sum(p.department == d for p in chosen) <= cap for d in found.departments)
    assert all(groups.expertise(c, [PY, SQL]) > 0 for c in pool if c.cadre in {p.cadre for p in found.experts})
    assert found.leader is None or found.leader in {p.cadre for p in found.experts}
    assert all(p.score == p.merit + groups.ISOLATION_WEIGHT * p.isolation for p in chosen)
