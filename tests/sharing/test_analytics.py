"""The sharing graph's analytics on small graphs whose answers can be worked out by hand."""

import math
from datetime import date, timedelta

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sharing import analytics, graph
from sharing.graph import Tie

TODAY = date(2026, 6, 30)
RECENTLY = TODAY - timedelta(days=30)


def tie(a, b, *, end=RECENTLY, weight=1.0, kind=graph.SECONDMENT, a_people=(), b_people=(), start=None):
    return Tie(a, b, kind, start or end - timedelta(days=90), end, weight, frozenset(a_people), frozenset(b_people))


def test_a_department_that_shared_nothing_for_a_year_is_a_silo():
    ties = [tie(1, 2), tie(2, 3), tie(3, 4, end=TODAY - timedelta(days=500))]
    result = analytics.picture(nodes=[1, 2, 3, 4, 5], ties=ties, today=TODAY, silo_months=12)
    assert [d.id for d in result.silos] == [4, 5]
    assert result.departments[4].last_shared == TODAY - timedelta(days=500)
    assert result.departments[5].last_shared is None
    assert result.departments[5].isolation == result.departments[4].isolation == 1.0


def test_a_longer_window_takes_the_old_tie_into_account():
    ties = [tie(1, 2), tie(3, 4, end=TODAY - timedelta(days=500))]
    result = analytics.picture(nodes=[1, 2, 3, 4], ties=ties, today=TODAY, silo_months=24)
    assert result.silos == []


def test_the_department_between_two_clusters_is_the_top_broker():
    # Two triangles, 1-2-3 and 5-6-7, joined only through 4.
    ties = [tie(1, 2), tie(2, 3), tie(1, 3), tie(5, 6), tie(6, 7), tie(5, 7), tie(3, 4), tie(4, 5)]
    result = analytics.picture(nodes=range(1, 8), ties=ties, today=TODAY)
    assert result.brokers[0].id == 4
    # Of the 15 pairs of the other six departments, the 9 between the triangles go through 4.
    assert result.departments[4].betweenness == pytest.approx(9 / 15)
    # 3 lies between 1 or 2 and each of 4, 5, 6, 7: 8 of the 15 pairs of the others.
    assert result.departments[3].betweenness == pytest.approx(8 / 15)
    assert result.departments[1].betweenness == 0


def test_the_centre_of_a_star_lies_on_every_path():
    between = analytics.betweenness(analytics.undirected([tie(0, 1), tie(0, 2), tie(0, 3)]))
    assert between == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0}


def test_equally_short_paths_share_the_betweenness_even_when_rounding_splits_their_lengths():
    # 2-3-4 is 1/6 + 4/3 long and 2-1-4 is 1 + 1/2: both 1.5, which floating point may not see.
    between = analytics.betweenness(analytics.undirected([
        tie(2, 3, weight=6), tie(3, 4, weight=0.75), tie(2, 1, weight=1), tie(1, 4, weight=2)]))
    assert between[1] == pytest.approx(between[3])


def test_strong_ties_are_short_so_a_weak_direct_tie_is_bypassed():
    # 1-3 directly but weakly (length 4); 1-2-3 strongly (length 0.5 + 0.5): the path goes through 2.
    between = analytics.betweenness(analytics.undirected([tie(1, 3, weight=0.25), tie(1, 2, weight=2),
                                                          tie(2, 3, weight=2)]))
    assert between[2] == 1.0


# One tie per pair, of weights whose lengths (1 / weight) add up exactly in floating point: NetworkX compares
# path lengths exactly, ours up to rounding, and the two agree wherever rounding does not split equal lengths.
@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(0, 11), st.integers(0, 11)).filter(lambda pair: pair[0] < pair[1]),
                       st.sampled_from([0.25, 0.5, 1, 2, 4]), min_size=1, max_size=40))
def test_betweenness_agrees_with_networkx(edges):
    network = analytics.undirected([tie(a, b, weight=w) for (a, b), w in edges.items()], nodes=range(12))
    ours = analytics.betweenness(network)
    theirs = nx.betweenness_centrality(network, weight="distance")
    assert ours == pytest.approx(theirs, abs=1e-12)


def test_two_cliques_joined_by_one_weak_tie_split_into_two_communities():
    left, right = [1, 2, 3, 4], [5, 6, 7, 8]
    ties = [tie(a, b) for group in (left, right) for i, a in enumerate(group) for b in group[i + 1:]]
    ties.append(tie(4, 5, weight=0.1))
    result = analytics.picture(nodes=[*left, *right, 9], ties=ties, today=TODAY)
    assert result.communities == [(1, 2, 3, 4), (5, 6, 7, 8)]
    assert result.departments[2].community == 0
    assert result.departments[7].community == 1
    assert result.departments[9].community is None


def test_density_counts_the_pairs_tied_in_the_window_up_to_each_date():
    ties = [tie(1, 2, start=date(2025, 1, 1), end=date(2025, 3, 1)),
            tie(2, 3, start=date(2026, 1, 1), end=date(2026, 6, 1)),
            tie(2, 3, start=date(2026, 2, 1), end=date(2026, 6, 1))]  # the same pair twice counts once
    result = analytics.picture(nodes=[1, 2, 3, 4], ties=ties, today=TODAY, silo_months=12, density_points=3)
    # Six possible pairs. In the year up to 2025-12-30 only 1-2 ran; in the years up to 2026-03-30 and
    # 2026-06-30 only 2-3 (1-2 ended 2025-03-01).
    assert result.density == [(date(2025, 12, 30), 1 / 6, 1), (date(2026, 3, 30), 1 / 6, 1),
                              (date(2026, 6, 30), 1 / 6, 1)]


def test_density_rises_as_more_pairs_share():
    ties = [tie(1, 2, start=date(2025, 1, 1), end=date(2025, 2, 1)),
            tie(3, 4, start=date(2026, 5, 1), end=date(2026, 6, 1)),
            tie(1, 3, start=date(2026, 5, 1), end=date(2026, 6, 1))]
    result = analytics.picture(nodes=[1, 2, 3, 4], ties=ties, today=TODAY, silo_months=6, density_points=2)
    assert [(when, pairs) for when, _density, pairs in result.density] == [
        (date(2026, 3, 30), 0), (date(2026, 6, 30), 2)]
    assert result.density[1][1] == pytest.approx(2 / 6)


def test_a_cadre_alone_in_carrying_a_pair_is_its_sole_link():
    ties = [
        # 李 went from 1 to 2 twice: the pair 1-2 rests on her alone.
        tie(1, 2, a_people=[101]), tie(1, 2, a_people=[101]),
        # 1-3 rests on 王's secondment, but also on a group where 1 has two members: not on 王 alone.
        tie(1, 3, a_people=[102]),
        tie(1, 3, kind=graph.GROUP, weight=0.5, a_people=[103, 104], b_people=[301]),
    ]
    found = {b.cadre: b for b in analytics.bridges(ties)}
    assert found[101].sole_links == (2,) and found[101].reaches == (2,)
    assert found[102].sole_links == () and found[102].reaches == (3,)
    # 301 is department 3's only member of the group, but 1-3 also rests on 王's secondment.
    assert found[301].department == 3 and found[301].reaches == (1,) and found[301].sole_links == ()
    assert [b.cadre for b in analytics.bridges(ties, limit=1)] == [101]


def test_the_sole_member_on_one_side_of_a_group_carries_the_pair():
    ties = [tie(1, 2, kind=graph.GROUP, weight=0.5, a_people=[11, 12], b_people=[21])]
    found = {b.cadre: b for b in analytics.bridges(ties)}
    assert found[21].sole_links == (1,)
    assert found[11].sole_links == found[12].sole_links == ()


def test_a_tie_that_has_not_started_counts_for_nothing():
    result = analytics.picture(nodes=[1, 2], ties=[tie(1, 2, start=TODAY + timedelta(days=10),
                                                       end=TODAY + timedelta(days=10))], today=TODAY)
    assert result.edges == []
    assert [d.id for d in result.silos] == [1, 2]


def test_degree_and_weighted_degree_add_up_the_ties():
    ties = [tie(1, 2, weight=1.5), tie(1, 2, weight=0.5, kind=graph.GROUP), tie(1, 3, weight=1)]
    result = analytics.picture(nodes=[1, 2, 3], ties=ties, today=TODAY)
    assert result.departments[1].degree == 2
    assert result.departments[1].weighted_degree == pytest.approx(3)
    assert result.departments[2].isolation == pytest.approx(math.exp(-2))
    [edge_12, _edge_13] = result.edges
    assert (edge_12.secondments, edge_12.groups, edge_12.weight) == (1, 1, 2.0)


def test_a_secondment_weighs_more_when_rated_well_and_less_as_it_ages():
    fresh = graph.secondment_tie(cadre=1, home=10, host=20, start=date(2026, 1, 1), end=TODAY, rating=None,
                                 today=TODAY)
    assert fresh.weight == 1
    assert graph.secondment_tie(cadre=1, home=10, host=20, start=date(2026, 1, 1), end=TODAY, rating=5,
                                today=TODAY).weight == pytest.approx(5 / 3)
    two_years_on = TODAY + timedelta(days=graph.HALF_LIFE_DAYS)
    assert graph.secondment_tie(cadre=1, home=10, host=20, start=date(2026, 1, 1), end=TODAY, rating=3,
                                today=two_years_on).weight == pytest.approx(0.5)


def test_a_learning_group_ties_each_pair_of_its_departments_once():
    members = [(1, 10, date(2026, 1, 1)), (2, 10, date(2026, 3, 1)), (3, 20, date(2026, 2, 1)),
               (4, 30, date(2026, 5, 1))]
    ties = graph.group_ties(members=members, ended=None, today=TODAY)
    assert [(t.a, t.b, t.start, t.end) for t in ties] == [
        (10, 20, date(2026, 2, 1), TODAY), (10, 30, date(2026, 5, 1), TODAY), (20, 30, date(2026, 5, 1), TODAY)]
    assert ties[0].a_people == {1, 2} and ties[0].b_people == {3}
    assert all(t.weight == graph.GROUP_TIE for t in ties)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 3, 31), 1, date(2026, 2, 28)), (date(2024, 3, 31), 1, date(2024, 2, 29)),
    (date(2026, 1, 15), 12, date(2025, 1, 15)), (date(2026, 1, 31), 14, date(2024, 11, 30)),
])
def test_months_before_keeps_the_day_where_the_month_has_it(day, months, expected):
    assert analytics.months_before(day, months) == expected


def test_the_export_carries_the_figures_and_labels():
    result = analytics.picture(nodes=[1, 2, 3], ties=[tie(1, 2, weight=2)], today=TODAY)
    exported = analytics.export(result, {1: ("IT", "信息中心"), 2: ("FIN", "财务处")})
    assert exported.nodes[1]["label"] == "信息中心"
    assert exported.nodes[3]["community"] == -1 and exported.nodes[3]["silo"] is True
    assert exported.edges[1, 2]["weight"] == 2 and exported.edges[1, 2]["secondments"] == 1

    document = analytics.graphml(result, {1: ("IT", "信息中心")}).decode()
    assert document.startswith("<?xml") and "信息中心" in document
    read_back = nx.parse_graphml(document)
    assert read_back.nodes["1"]["betweenness"] == 0 and read_back.edges["1", "2"]["weight"] == 2

    linked = analytics.node_link(result, {1: ("IT", "信息中心")})
    assert {n["id"] for n in linked["nodes"]} == {1, 2, 3}
    assert linked["links"] == [{"source": 1, "target": 2, "weight": 2.0, "secondments": 1, "groups": 0,
                                "last": "2026-05-31"}]
