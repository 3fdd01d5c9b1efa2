from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Talent sharing")

    def ready(self):
        from auditlog.registry import auditlog

        from sharing.models import AllocationRun, RequiredSkill, Secondment, ShareRequest

        for model in (ShareRequest, RequiredSkill, Secondment, AllocationRun):
            auditlog.register(model)
