from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Talent pool")

    def ready(self):
        from auditlog.registry import auditlog

        from talent import roles, services
        from talent.models import (
            Cadre,
            CadreSkill,
            CadreSkillHistory,
            Department,
            LiteracyAssessment,
            ProgramSkill,
            Skill,
            SkillCategory,
            TierProfile,
            TrainingProgram,
            TrainingRecord,
        )

        # Without a sender: later apps add permissions that the roles need.
        post_migrate.connect(roles.ensure_roles, dispatch_uid="talent.ensure_roles")
        post_migrate.connect(services.tier_profiles_ensure, sender=self, dispatch_uid="talent.tier_profiles")
        auditlog.register(Department, include_fields=["code", "name", "parent", "active"], m2m_fields={"heads"})
        auditlog.register(
            Cadre, mask_fields=["national_id", "mobile"], mask_callable="talent.crypto.mask_for_audit"
        )
        for model in (SkillCategory, Skill, CadreSkill, CadreSkillHistory, LiteracyAssessment, TierProfile,
                      TrainingProgram, ProgramSkill, TrainingRecord):
            auditlog.register(model)
