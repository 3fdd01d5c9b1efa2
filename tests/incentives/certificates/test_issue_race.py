"""Two HR officers pressing "issue certificates" for one list at the same moment, on PostgreSQL with two real
connections (tests.helpers.race): the issue locks the cycle first, so the second waits, then finds every honour
certified and issues nothing."""

from incentives.models import Certificate
from incentives.services import certificates as certificate_services
from talent import roles
from talent.access import Actor
from tests.factories import UserFactory
from tests.helpers import ON_TWO_CONNECTIONS, race

pytestmark = ON_TWO_CONNECTIONS


def test_issuing_twice_at_once_issues_each_certificate_once(bureau, cycle):
    hr, colleague = Actor(bureau.users["hr_officer"]), Actor(UserFactory(username="hr_colleague", groups=[roles.HR]))

    first, second = race(lambda: certificate_services.certificates_issue(cycle=cycle, actor=hr),
                         lambda: certificate_services.certificates_issue(cycle=cycle, actor=colleague))

    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assert (len(first), second) == (3, [])
    certificates = Certificate.objects.filter(cycle=cycle)
    assert certificates.count() == certificates.values("line").distinct().count() == 3
    assert set(certificates.values_list("issued_by", flat=True)) == {hr.user.pk}
