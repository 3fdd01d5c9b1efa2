"""The sharing graph through the API: the bureau's brokers, silos, bridging cadres, exports and its cache.

The story: 数据分析学习小组 ties IT, finance and the office; 孙会 was seconded from accounting (under finance) to
IT; 公务用车管理处 has shared with nobody. The archive has no one and is no part of the graph.
"""

import math
from datetime import date

import networkx as nx
import pytest

from sharing import analytics, graph
from talent.models import Cadre
from tests.helpers import assert_error

URL = "/api/v1/sharing-graph/"


@pytest.fixture
def story(bureau, data_group, accountant_seconded_to_it, cars):
    return bureau


def by_name(rows):
    return {row["name"]: row for row in rows}


def test_leadership_sees_each_departments_ties_brokers_and_silos(story, cars):
    picture = story.client("leader").get(URL).json()

    departments = by_name(picture["departments"])
    assert set(departments) == {"信息中心", "财务处", "会计科", "办公室", "公务用车管理处"}
    # IT: the group's ties to finance and the office (0.5 each) and 孙会's fresh secondment rated 5 (5/3, barely faded).
    assert departments["信息中心"]["degree"] == 3
    faded = graph.recency(story.accountant.secondments.get().completed_on, date.fromisoformat(picture["today"]))
    assert departments["信息中心"]["weighted_degree"] == pytest.approx(1 + 5 / 3 * faded)
    # Accounting reaches the others only through IT: IT is the broker.
    assert picture["brokers"][0]["name"] == "信息中心"
    assert [d["name"] for d in picture["silos"]] == ["公务用车管理处"]
    assert departments["公务用车管理处"]["isolation"] == 1
    assert departments["办公室"]["isolation"] == pytest.approx(math.exp(-1))
    assert picture["edges"] == 4


def test_the_people_each_tie_rests_on_are_named(story):
    bridges = by_name(story.client("leader").get(URL).json()["bridging_cadres"])

    # 李码 is the group's only member from IT: without him IT loses its ties to finance and the office.
    assert [d["name"] for d in bridges["李码"]["sole_links"]] == ["办公室", "财务处"]
    assert [d["name"] for d in bridges["孙会"]["reaches"]] == ["信息中心"]
    assert bridges["孙会"]["department_name"] == "会计科"
    assert "车明" not in bridges


def test_density_over_time_counts_the_pairs_tied_in_the_window(story):
    density = story.client("leader").get(URL, {"density_points": 2}).json()["density"]
    # Five departments, ten pairs. Three months ago only 孙会's secondment was running (the group started a
    # month ago); today the group's three pairs count too.
    assert [(point["pairs"], point["density"]) for point in density] == [(1, 0.1), (4, 0.4)]


def test_communities_split_the_bureau_where_it_is_tied_together(story):
    communities = story.client("leader").get(URL).json()["communities"]
    members = [{d["name"] for d in c["departments"]} for c in communities]
    assert all("公务用车管理处" not in m for m in members)
    assert set().union(*members) == {"信息中心", "财务处", "会计科", "办公室"}


def test_a_new_member_changes_the_picture_at_once(story, data_group):
    leader = story.client("leader")
    assert [d["name"] for d in leader.get(URL).json()["silos"]] == ["公务用车管理处"]
    response = story.client("hr_officer").post(f"/api/v1/learning-groups/{data_group.pk}/add-member/",
                           {"cadre": Cadre.objects.get(staff_number="CA001").pk}, format="json")
    assert response.status_code == 200

    assert leader.get(URL).json()["silos"] == []


def test_a_repeated_request_is_answered_from_the_cache(story, monkeypatch):
    computed = []
    original = analytics.picture
    monkeypatch.setattr(analytics, "picture", lambda **kwargs: computed.append(1) or original(**kwargs))
    client = story.client("leader")

    first, second = client.get(URL).json(), client.get(URL).json()

    assert first == second
    assert len(computed) == 1
    client.get(URL, {"silo_months": 6})
    assert len(computed) == 2


def test_graphml_opens_with_the_figures_and_chinese_names(story):
    response = story.client("hr_officer").get(URL + "graphml/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/graphml+xml"
    assert response["Content-Disposition"].startswith("attachment;")
    read_back = nx.parse_graphml(response.content.decode())
    labels = {data["label"]: data for data in read_back.nodes.values()}
    assert labels["公务用车管理处"]["silo"] is True
    assert read_back.number_of_edges() == 4


def test_node_link_json_serves_a_web_chart(story):
    data = story.client("it_head").get(URL + "node-link/").json()

    assert {n["label"] for n in data["nodes"]} == {"信息中心", "财务处", "会计科", "办公室", "公务用车管理处"}
    assert {(link["secondments"], link["groups"]) for link in data["links"]} == {(1, 0), (0, 1)}


@pytest.mark.parametrize("query", [{"silo_months": 0}, {"silo_months": "ever"}, {"density_points": 10**9},
                                   {"limit": -1}])
def test_bad_options_are_refused_naming_the_field(story, query):
    assert_error(story.client("leader").get(URL, query), 400, field=next(iter(query)))


@pytest.mark.parametrize(("persona", "status"), [("hr_clerk", 200), ("finance_head", 200), ("leader", 200),
                                                 ("auditor", 403), ("outsider", 403), ("anonymous", 401)])
@pytest.mark.parametrize("path", ["", "graphml/", "node-link/"])
def test_who_sees_the_graph(story, persona, status, path):
    response = story.client(persona).get(URL + path)
    if status == 200:
        assert response.status_code == 200
    else:
        assert_error(response, status)


def test_an_empty_bureau_has_an_empty_graph(bureau):
    picture = bureau.client("leader").get(URL).json()
    assert picture["edges"] == 0 and picture["brokers"] == [] and picture["communities"] == []
    assert len(picture["silos"]) == 4  # everyone with staff; the archive has none
