"""What the incentive endpoints disclose and to whom (talent.access.Disclosure): the views scope through
these and the data-sharing list describes them, so the two cannot disagree."""

from django.utils.translation import gettext_lazy as _

from incentives.models import AppraisalGrade, Certificate, Contribution, IncentiveCycle, IncentivePolicy, Nomination
from talent import roles
from talent.access import Disclosure

CONTRIBUTIONS = Disclosure(
    data=Contribution._meta.verbose_name_plural,
    purpose=_("What each cadre delivered (projects, systems, analyses, teaching), verified by HR; it counts in "
              "the incentive and in appraisal."),
    department_lookup="cadre__department_id",
)
APPRAISAL_GRADES = Disclosure(
    data=AppraisalGrade._meta.verbose_name_plural,
    purpose=_("Each cadre's yearly appraisal grade, which weighs in the incentive."),
    department_lookup="cadre__department_id",
)
POLICIES = Disclosure(
    data=IncentivePolicy._meta.verbose_name_plural,
    purpose=_("The rules of the incentive: weights, rank coefficients, the digital-backbone tilt, cap and "
              "honours."),
)
CYCLES = Disclosure(
    data=IncentiveCycle._meta.verbose_name_plural,
    purpose=_("Each year's incentive list: HR computes and submits it, leadership adjusts and approves it."),
)
CERTIFICATES = Disclosure(
    data=Certificate._meta.verbose_name_plural,
    purpose=_("The honour certificates issued from approved lists, and their revocation."),
)
VERIFICATION = Disclosure(
    data=_("certificate verification"),
    purpose=_("Anyone holding a certificate checks that it is genuine: valid, revoked or not found."),
)
NOMINATIONS = Disclosure(
    data=Nomination._meta.verbose_name_plural,
    purpose=_("Heads and HR put cadres forward as reserve cadres, for key posts or honours, with the skills and "
              "contributions that support it; leadership decides, and auditors check how it was decided."),
    department_lookup="cadre__department_id",
    all_departments_roles=(roles.AUDITOR,),
)
