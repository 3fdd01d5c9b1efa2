from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncentivesConfig(AppConfig):
    name = "incentives"
    verbose_name = _("Incentives")

    def ready(self):
        from auditlog.registry import auditlog

        from incentives import imports as incentive_imports
        from incentives import jobs  # noqa: F401 (registers its job kinds)
        from incentives.models import AppraisalGrade, Contribution, IncentiveCycle, IncentivePolicy
        from talent import imports
        from talent.apps import own_fields

        for model in (Contribution, AppraisalGrade, IncentivePolicy):
            auditlog.register(model, include_fields=own_fields(model))
        # The trail keeps the workflow; the computed figures stay on the lines, which are written in bulk
        # (services.line_adjust records each adjustment in the trail itself).
        auditlog.register(IncentiveCycle, include_fields=[name for name in own_fields(IncentiveCycle)
                                                          if name not in ("summary", "changes")])
        imports.IMPORTERS["appraisal-grades"] = incentive_imports.import_appraisal_grades

        # Certificates: issue and revocation (with its reason) are in the trail.
        from incentives.models import Certificate

        auditlog.register(Certificate, include_fields=own_fields(Certificate))

        # Nominations: who put whom forward, with what, and how leadership decided.
        from incentives.models import Nomination, NominationSkill

        auditlog.register(Nomination, include_fields=own_fields(Nomination), m2m_fields={"contributions"})
        auditlog.register(NominationSkill, include_fields=own_fields(NominationSkill))
