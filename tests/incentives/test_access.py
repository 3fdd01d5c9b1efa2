"""Who may call which incentive endpoint: every persona, and anonymous, against each of them."""

from typing import NamedTuple

import pytest

from tests.factories import ContributionFactory
from tests.helpers import PERSONAS, assert_error

HR = {"hr_officer", "hr_clerk"}
HEADS = {"finance_head", "it_head"}


class Call(NamedTuple):
    method: str
    path: object  # round -> path
    body: object  # (bureau, round) -> body, or None
    allowed: set
    ok: int
    exceptions: dict = {}


def cycle_path(suffix=""):
    return lambda r: f"/api/v1/incentive-cycles/{r.cycle.pk}/{suffix}"


CALLS = {
    "contribution list": Call("get", lambda r: "/api/v1/contributions/", None, HR | HEADS | {"leader"}, 200),
    # The accountant works in finance's sub-unit: the finance head may record for them, the IT head may not.
    "contribution create": Call("post", lambda r: "/api/v1/contributions/",
                                lambda b, r: {"cadre": b.accountant.pk, "year": 2025, "kind": "award",
                                              "title": "获奖", "impact": 2}, HR | HEADS, 201, {"it_head": 403}),
    "contribution verify": Call("post", lambda r: f"/api/v1/contributions/{r.pending.pk}/verify/", None, HR, 200),
    "grade list": Call("get", lambda r: "/api/v1/appraisal-grades/", None, HR | HEADS | {"leader"}, 200),
    "grade create": Call("post", lambda r: "/api/v1/appraisal-grades/",
                         lambda b, r: {"cadre": b.accountant.pk, "year": 2024, "grade": "competent"}, HR, 201),
    "policy list": Call("get", lambda r: "/api/v1/incentive-policies/", None, HR | {"leader"}, 200),
    "cycle list": Call("get", lambda r: "/api/v1/incentive-cycles/", None, HR | {"leader"}, 200),
    "cycle detail": Call("get", cycle_path(), None, HR | {"leader"}, 200),
    "cycle create": Call("post", lambda r: "/api/v1/incentive-cycles/",
                         lambda b, r: {"name": "补充", "year": 2025, "budget": "10.00", "policy": r.policy.pk},
                         HR, 201),
    "cycle compute": Call("post", cycle_path("compute/"), None, HR, 202),  # a background job
    "cycle approve": Call("post", cycle_path("approve/"), None, {"leader"}, 409),  # allowed, but not submitted
    "lines": Call("get", cycle_path("lines/"), None, HR | {"leader"}, 200),
}


@pytest.fixture
def round_with_pending(bureau, incentive_round):
    incentive_round.pending = ContributionFactory(cadre=bureau.accountant, status="submitted")
    return incentive_round


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", CALLS)
def test_each_persona_gets_exactly_what_their_role_allows(bureau, round_with_pending, name, persona):
    call = CALLS[name]
    body = call.body(bureau, round_with_pending) if call.body else None

    response = getattr(bureau.client(persona), call.method)(call.path(round_with_pending), body, format="json")

    if persona == "anonymous":
        assert_error(response, 401)
    elif persona in call.exceptions:
        assert_error(response, call.exceptions[persona])
    elif persona in call.allowed:
        assert response.status_code == call.ok, response.content
    else:
        assert_error(response, 403)
