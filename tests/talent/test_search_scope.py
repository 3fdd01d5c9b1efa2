"""A head searching the bureau cannot learn, through filters or ordering, what an outside cadre's summary hides.

The finance head (芳) sees finance and accounting in full; 李码 (IT) and 赵文 (office) reach her as summaries:
name, department, tier and matching skills. Each attack asks the same question twice, once with the right
guess and once with a wrong one, and the two answers must be the same.
"""

from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.settings import api_settings

from talent import access
from talent.models import LiteracyAssessment
from tests.factories import AssessmentFactory, CadreSkillFactory, SkillFactory, TrainingRecordFactory, scores

SEARCH = "/api/v1/talent-search/"


@pytest.fixture
def pool(bureau):
    """Everyone holds SQL at 3; 李码 (outside, a seconded fourth-level principal staff member) scores 73 on
    execution, 孙会 (her own) 60."""
    sql = SkillFactory(code="SQL")
    for cadre in (bureau.it_engineer, bureau.office_clerk, bureau.accountant, bureau.finance_officer):
        CadreSkillFactory(cadre=cadre, skill=sql, level=3)
    AssessmentFactory(cadre=bureau.it_engineer, **scores(execution=73))
    AssessmentFactory(cadre=bureau.accountant, **scores(execution=60))
    bureau.it_engineer.post_title, bureau.it_engineer.rank, bureau.it_engineer.status = (
        "网络安全工程师", "principal_4", "seconded")
    bureau.it_engineer.save()
    return bureau


def ask(client, **params):
    response = client.get(SEARCH, {"skill": "SQL:1", **params})
    assert response.status_code == 200, response.content
    return response.json()


def names(body):
    return [hit["name"] for hit in body["results"]]


@pytest.mark.parametrize(("right", "wrong"), [
    ({"min_execution": 73}, {"min_execution": 74}),
    ({"rank": "principal_4"}, {"rank": "researcher_4"}),
    ({"status": "seconded"}, {"status": "left"}),
    ({"q": "IT001"}, {"q": "IT002"}),
    ({"q": "网络安全"}, {"q": "网络运维"}),
])
def test_a_filter_on_a_hidden_field_answers_a_right_and_a_wrong_guess_alike(pool, right, wrong):
    head = pool.client("finance_head")

    assert ask(head, **right) == ask(head, **wrong)
    assert "李码" not in names(ask(head, **right))


def test_the_composite_minimum_answers_a_right_and_a_wrong_guess_alike(pool):
    head = pool.client("finance_head")
    [outsider] = [hit for hit in ask(pool.client("hr_officer"))["results"] if hit["name"] == "李码"]
    right = Decimal(outsider["composite"]).quantize(Decimal("0.01"))

    assert ask(head, min_composite=right) == ask(head, min_composite=right + Decimal("0.01"))
    assert "李码" not in names(ask(head, min_composite=right))


def test_the_filters_still_apply_to_her_own_people_and_to_what_a_summary_shows(pool):
    head = pool.client("finance_head")

    assert names(ask(head, min_execution=60)) == ["孙会"]
    assert names(ask(head, q="AC001")) == ["孙会"]
    assert names(ask(head, q="李码")) == ["李码"]  # the name is in the summary
    assert sorted(names(ask(head, tier="specialist"))) == ["李码"]
    assert sorted(names(ask(head, department=pool.it.pk))) == ["李码"]


def test_hr_filters_everyone_on_every_field(pool):
    hr = pool.client("hr_officer")

    assert names(ask(hr, min_execution=73)) == ["李码"]
    assert names(ask(hr, q="IT001")) == ["李码"]
    assert names(ask(hr, rank="principal_4", status="seconded")) == ["李码"]


def test_sorting_by_composite_does_not_order_outside_cadres_by_their_hidden_scores(pool):
    head = pool.client("finance_head")
    AssessmentFactory(cadre=pool.office_clerk, **scores(execution=40))
    before = ask(head, sort="composite")

    # Swap the two outside cadres' scores: a head must not be able to tell.
    LiteracyAssessment.objects.filter(cadre=pool.it_engineer).update(execution=40)
    LiteracyAssessment.objects.filter(cadre=pool.office_clerk).update(execution=99)

    assert ask(head, sort="composite") == before
    assert names(before)[0] == "孙会"  # her own assessed cadre still leads


def test_the_export_applies_the_same_rule(pool):
    head = pool.client("finance_head")

    def export(**params):
        response = head.get(f"{SEARCH}export/", {"skill": "SQL:1", "as": "csv", **params})
        assert response.status_code == 200
        return response.content

    assert export(min_execution=73) == export(min_execution=74)


def _api_views(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "cls"):
            yield pattern.callback.cls


def test_no_api_filters_searches_or_orders_by_personal_data():
    personal = {field.name for disclosure in vars(access).values() if isinstance(disclosure, access.Disclosure)
                for field in disclosure.personal_fields}
    offending = []
    for view_class in set(_api_views()):
        backends = getattr(view_class, "filter_backends", api_settings.DEFAULT_FILTER_BACKENDS)
        fields = []
        if any(issubclass(b, SearchFilter) for b in backends):
            fields += [f.lstrip("^=@$") for f in getattr(view_class, "search_fields", None) or ()]
        if any(issubclass(b, OrderingFilter) for b in backends):
            fields += list(getattr(view_class, "ordering_fields", None) or ())
        if any(issubclass(b, DjangoFilterBackend) for b in backends):
            filterset = getattr(view_class, "filterset_class", None)
            fields += [f.field_name for f in filterset.base_filters.values()] if filterset else []
            fields += list(getattr(view_class, "filterset_fields", None) or ())
        offending += [f"{view_class.__name__}: {f}" for f in fields if f.split("__")[-1] in personal]
    assert offending == []


def test_a_view_orders_only_by_the_fields_it_declares(bureau, hr):
    """DRF's OrderingFilter would otherwise sort by any field of the serializer, hidden or not."""
    for hours in (8, 40, 16):
        TrainingRecordFactory(cadre=bureau.it_engineer, hours=hours)
    url = "/api/v1/training/records/"

    default = [record["id"] for record in hr.get(url).json()["results"]]

    assert [record["id"] for record in hr.get(url, {"ordering": "-hours"}).json()["results"]] == default


def test_an_outside_cadres_skill_history_answers_alike_whatever_skill_is_asked_for(pool):
    head = pool.client("finance_head")
    url = f"/api/v1/cadres/{pool.it_engineer.pk}/skill-history/"

    held, not_held = head.get(url, {"skill": "SQL"}), head.get(url, {"skill": "GIS"})

    assert held.status_code == not_held.status_code == 404
    assert held.content == not_held.content
