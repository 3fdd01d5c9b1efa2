"""A department's record of sharing (pure): what counts as a request received, the median days to answer, and
people counted once."""

from datetime import date

from sharing.record import Proposal, record_of

FINANCE, IT = 1, 2
D = date(2026, 3, 1)


def proposal(cadre, status, answered_after=None, *, home=FINANCE, host=IT, reason=""):
    answered = None if answered_after is None else date.fromordinal(D.toordinal() + answered_after)
    return Proposal(cadre, home, host, status, D, answered, reason, "信息中心", "需求")


def test_only_proposals_the_head_answered_or_still_has_to_answer_are_received():
    found = record_of([
        proposal(1, "declined", 10, reason="人手不足"), proposal(2, "approved", 2), proposal(3, "proposed"),
        proposal(4, "cancelled"),  # withdrawn before the head answered
        proposal(5, "refused"),  # the cadre said no before the head answered
        proposal(6, "completed"),  # a past secondment HR recorded: nobody asked the head
        proposal(2, "completed", 4),  # the same person lent again
    ], {FINANCE})
    assert (found.received, found.accepted, found.declined, found.waiting) == (4, 2, 1, 1)
    assert found.median_days_to_answer == 4.0  # 2, 4, 10
    assert found.people_lent == 2  # 2 (twice) and 6
    assert found.decline_percent == 33
    assert [d.reason for d in found.declines] == ["人手不足"]


def test_a_department_never_asked_has_no_median_and_no_decline_percent():
    found = record_of([proposal(7, "active", 1, home=IT, host=FINANCE)], {FINANCE})
    assert (found.received, found.median_days_to_answer, found.decline_percent, found.people_hosted) == (
        0, None, None, 1)
