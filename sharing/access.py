"""What the sharing endpoints disclose and to whom (talent.access.Disclosure): the views scope through
these and the data-sharing list describes them, so the two cannot disagree."""

from django.utils.translation import gettext_lazy as _

from sharing.models import AllocationRun, Secondment, ShareRequest
from talent.access import Disclosure

SHARE_REQUESTS = Disclosure(
    data=ShareRequest._meta.verbose_name_plural,
    purpose=_("Departments ask for experts from other departments; heads see what is asked of the bureau so "
              "they can lend, and HR and leadership see every request to plan secondments."),
    department_lookup="department_id",
    beyond_scope=_("open and later requests (never another department's drafts)"),
)
SECONDMENTS = Disclosure(
    data=Secondment._meta.verbose_name_plural,
    purpose=_("Who is proposed, agreed, approved and rated for a secondment: the home head consents, the host "
              "head rates, HR and leadership approve."),
    department_lookup=("home_department_id", "host_department_id"),
)
ALLOCATION = Disclosure(
    data=AllocationRun._meta.verbose_name_plural,
    purpose=_("HR proposes people for every open request at once; each run is kept so the proposals can be "
              "traced to it."),
)
LEARNING_GROUPS = Disclosure(
    data=_("learning groups"),
    purpose=_("Cross-department learning groups, their members, activities and attendance, open to every "
              "sharing role so that departments learn from each other; names and departments only."),
)
MOBILITY = Disclosure(
    data=_("mobility preferences and interests"),
    purpose=_("Whether a cadre is open to secondment, for how long and from when, the skills they want to use or "
              "grow, and the open requests they are interested in: written only by the cadre, read by HR and the "
              "heads of their department, and shown as a mark on the candidate lists."),
    department_lookup="department_id",
)
SHARING_RULES = Disclosure(
    data=_("sharing rules"),
    purpose=_("How many people each department may lend at once, for how long and with how much notice: HR sets "
              "them; heads read their own departments' rules."),
    department_lookup="pk",
)
SHARING_RECORDS = Disclosure(
    data=_("departments' sharing records"),
    purpose=_("How a department answers when asked to lend (received, accepted, declined with the reasons, days "
              "to answer) and how many people it lends and hosts; counts and reasons, no personal data."),
    department_lookup="pk",
)
