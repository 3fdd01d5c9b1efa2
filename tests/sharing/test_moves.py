"""The buttons the pages show (sharing.selectors.secondment_moves / request_moves) are exactly the moves the
services allow: for every status, persona and move, the predicate says yes iff the service goes through."""

import pytest
from django.db import transaction

from core.errors import Conflict, Forbidden
from sharing.models import RequestStatus, SecondmentStatus
from sharing.selectors import secondments as selectors
from sharing.services import secondments as services
from talent.access import Actor
from tests.factories import SecondmentFactory

PERSONAS = ["hr_officer", "leader", "finance_head", "it_head"]
SECONDMENT_SERVICES = {
    "accept": lambda actor, s: services.secondment_accept(actor=actor, secondment=s),
    "decline": lambda actor, s: services.secondment_decline(actor=actor, secondment=s, reason="人手紧"),
    "approve": lambda actor, s: services.secondment_approve(actor=actor, secondment=s),
    "cancel": lambda actor, s: services.secondment_cancel(actor=actor, secondment=s, reason="需求变化"),
    "complete": lambda actor, s: services.secondment_complete(actor=actor, secondment=s, rating=4),
}
REQUEST_SERVICES = {
    "open": lambda actor, r: services.share_request_open(actor=actor, share_request=r),
    "close": lambda actor, r: services.share_request_close(actor=actor, share_request=r),
    "cancel": lambda actor, r: services.share_request_cancel(actor=actor, share_request=r, reason="不再需要"),
}


def _goes_through(call, actor, record) -> bool:
    """Whether the service goes through; its effects are rolled back either way."""
    with transaction.atomic():
        try:
            call(actor, record)
        except (Forbidden, Conflict):
            return False
        finally:
            transaction.set_rollback(True)
    return True


@pytest.mark.parametrize("status", SecondmentStatus.values)
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_secondment_offers_exactly_the_moves_its_services_allow(bureau, python_request, status, persona):
    # 钱进 (finance) for the IT head's request: the finance head is the home head, the IT head the host.
    secondment = SecondmentFactory(request=python_request, cadre=bureau.finance_officer, status=status)
    actor = Actor(bureau.users[persona])

    offered = selectors.secondment_moves(actor=actor, secondment=secondment)

    allowed = {move for move, call in SECONDMENT_SERVICES.items() if _goes_through(call, actor, secondment)}
    assert offered == allowed


@pytest.mark.parametrize("status", RequestStatus.values)
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_request_offers_exactly_the_moves_its_services_allow(bureau, python_request, status, persona):
    python_request.status = status
    python_request.save()
    actor = Actor(bureau.users[persona])

    offered = selectors.request_moves(actor=actor, share_request=python_request)

    allowed = {move for move, call in REQUEST_SERVICES.items() if _goes_through(call, actor, python_request)}
    assert offered == allowed
