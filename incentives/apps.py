from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncentivesConfig(AppConfig):
    name = "incentives"
    verbose_name = _("Incentives")

    def ready(self):
        from auditlog.registry import auditlog

        from incentives import imports as incentive_imports
        from incentives.models import AppraisalGrade, Contribution, IncentiveCycle, IncentivePolicy
        from talent import imports

        auditlog.register(Contribution)
        auditlog.register(AppraisalGrade)
        auditlog.register(IncentivePolicy)
        # The computed figures are recorded line by line elsewhere; the trail keeps the workflow.
        auditlog.register(IncentiveCycle, exclude_fields=["summary", "changes"])
        # Lines are written in bulk; their adjustments are audited by services.line_adjust.
        imports.IMPORTERS["appraisal-grades"] = incentive_imports.import_appraisal_grades

        # Certificates: issue and revocation (with its reason) are in the trail.
        from incentives.models import Certificate

        auditlog.register(Certificate)
