"""The bureau's roles, as Django groups, and the model permissions each carries.

Groups are created after every migrate so a fresh database always has them.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

HR = "hr_staff"
HEAD = "department_head"
LEADERSHIP = "leadership"
AUDITOR = "auditor"
CADRE = "cadre"

ROLE_LABELS = {
    HR: _("HR planning staff"),
    HEAD: _("department head"),
    LEADERSHIP: _("leadership"),
    AUDITOR: _("auditor"),
    CADRE: _("cadre"),
}

# Why each role sees what it sees: quoted by the data-sharing list.
ROLE_DUTIES = {
    HR: _("keeps the talent pool, workforce plans, training and the outsourcing registry up to date"),
    HEAD: _("leads a department: manages its people, asks other departments for experts and lends its own"),
    LEADERSHIP: _("decides: reads the whole picture for decision support and approves incentive lists"),
    AUDITOR: _("checks who changed what and who read personal data"),
    CADRE: _("reads their own record, logs their study and says whether they are open to a secondment"),
}

POOL_READ = [f"talent.view_{model}" for model in (
    "skillcategory", "skill", "cadreskill", "cadreskillhistory", "literacyassessment", "tierprofile",
    "trainingprogram", "programskill", "trainingrecord")]
# Requests and secondments are read in the admin and moved only by its workflow actions, which check the role;
# learning groups likewise (their one action closes a group).
SHARING_VIEW = ["sharing.view_sharerequest", "sharing.view_requiredskill", "sharing.view_secondment",
                *[f"sharing.view_{model}" for model in ("learninggroup", "learninggroupmember", "learningactivity",
                                                        "attendance")]]

PLANNING_READ = [f"talent.view_{model}" for model in (
    "workforceplan", "planline", "planlineskill", "informationsystem", "vendor")]

INCENTIVES_READ = [f"incentives.view_{model}" for model in (
    "contribution", "appraisalgrade", "incentivepolicy", "incentivecycle", "incentiveline", "certificate")]

# Model permissions for the admin back office, as "app_label.codename".
# Only HR edits the pool in the admin; the others read, and no one deletes a cadre.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    HR: [
        "talent.view_department", "talent.add_department", "talent.change_department",
        "talent.delete_department",
        "talent.view_cadre", "talent.add_cadre", "talent.change_cadre",
        *[f"talent.{verb}_{model}" for model in ("skillcategory", "skill", "cadreskill", "literacyassessment",
                                                 "trainingprogram", "programskill", "trainingrecord")
          for verb in ("view", "add", "change")],
        "talent.delete_cadreskill", "talent.delete_literacyassessment", "talent.delete_programskill",
        "talent.view_cadreskillhistory", "talent.view_tierprofile", "talent.change_tierprofile",
        "talent.view_trainingrequirement", "talent.change_trainingrequirement",
        *INCENTIVES_READ,
        *[f"incentives.{verb}_{model}" for model in ("contribution", "appraisalgrade", "incentivepolicy",
                                                     "incentivecycle") for verb in ("add", "change")],
        "incentives.delete_appraisalgrade", "incentives.delete_incentivecycle",
        # Certificates: issue (add), revoke (change) and print; never edited or deleted.
        "incentives.add_certificate", "incentives.change_certificate", "incentives.print_certificate",
        *[f"talent.{verb}_{model}" for model in ("workforceplan", "planline", "planlineskill", "informationsystem",
                                                 "vendor", "vendorstaff") for verb in ("view", "add", "change")],
        "talent.delete_workforceplan", "talent.delete_planline", "talent.delete_planlineskill", "talent.delete_vendor",
        *SHARING_VIEW, "sharing.view_allocationrun",
        *[f"sharing.{verb}_sharingrule" for verb in ("view", "add", "change", "delete")],
    ],
    # Heads read vendor staff through the API, scoped to their departments; the back office is not scoped.
    HEAD: ["talent.view_department", "talent.view_cadre", *POOL_READ, *PLANNING_READ, *SHARING_VIEW],
    # Leadership approves and adjusts lists in the admin through its own review page, not the edit form.
    LEADERSHIP: ["talent.view_department", "talent.view_cadre", *POOL_READ, *PLANNING_READ, "talent.view_vendorstaff",
                 *SHARING_VIEW, "sharing.view_allocationrun", "sharing.view_sharingrule", *INCENTIVES_READ],
    AUDITOR: ["auditlog.view_logentry"],
    # A cadre works through their own pages (/me/), never the back office.
    CADRE: [],
}


def ensure_roles(**kwargs) -> None:
    """post_migrate receiver: create each role's group and give it exactly its permissions."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)
