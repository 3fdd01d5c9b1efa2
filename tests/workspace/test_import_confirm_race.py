"""Two confirmations of one checked file at once (two tabs, a double click): one import, the other refused."""

from core.errors import Conflict
from core.models import JobRecord
from talent.jobs import check_import, confirm_import
from tests.helpers import ON_TWO_CONNECTIONS, race
from tests.test_jobs import GOOD, cadre_csv

pytestmark = ON_TWO_CONNECTIONS


def test_a_file_confirmed_twice_at_once_is_imported_once(bureau):
    user = bureau.users["hr_officer"]
    held = check_import(kind="cadres", data=cadre_csv(GOOD).read(), filename="名册.csv", user=user)

    def confirm():
        return confirm_import(held_id=held.pk, digest=held.digest, user=user)

    first, second = race(confirm, confirm)

    assert isinstance(first, JobRecord) and isinstance(second, Conflict)
    assert second.code == "upload_imported"
    assert JobRecord.objects.filter(kind="import").count() == 1
