"""The bureau's roles, as Django groups, and the model permissions each carries.

Groups are created after every migrate so a fresh database always has them.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

HR = "hr_staff"
HEAD = "department_head"
LEADERSHIP = "leadership"
AUDITOR = "auditor"

ROLE_LABELS = {
    HR: _("HR planning staff"),
    HEAD: _("department head"),
    LEADERSHIP: _("leadership"),
    AUDITOR: _("auditor"),
}

# Why each role sees what it sees: quoted by the data-sharing list.
ROLE_DUTIES = {
    HR: _("keeps the talent pool, workforce plans, training and the outsourcing registry up to date"),
    HEAD: _("leads a department: manages its people, asks other departments for experts and lends its own"),
    LEADERSHIP: _("decides: reads the whole picture for decision support and approves incentive lists"),
    AUDITOR: _("checks who changed what and who read personal data"),
}

# Model permissions for the admin back office, as "app_label.codename".
# Only HR edits the pool in the admin; the others read, and no one deletes a cadre.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    HR: [
        "talent.view_department", "talent.add_department", "talent.change_department",
        "talent.delete_department",
        "talent.view_cadre", "talent.add_cadre", "talent.change_cadre",
    ],
    HEAD: ["talent.view_department", "talent.view_cadre"],
    LEADERSHIP: ["talent.view_department", "talent.view_cadre"],
    AUDITOR: ["auditlog.view_logentry"],
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
