from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Talent pool")

    def ready(self):
        from auditlog.registry import auditlog

        from core import (
            auth,  # noqa: F401 (auth connects the sign-in audit)
            table_cache,
        )
        from talent import jobs, notices, roles  # noqa: F401 (jobs registers its kinds, notices its daily check)
        from talent.access import departments_state
        from talent.models import (
            Cadre,
            CadreSkill,
            CadreSkillHistory,
            Credential,
            Department,
            InformationSystem,
            LiteracyAssessment,
            PlanLine,
            PlanLineSkill,
            PlatformStudy,
            PostRecord,
            ProgramSkill,
            Skill,
            SkillCategory,
            TierProfile,
            TrainingProgram,
            TrainingRecord,
            TrainingRequirement,
            Vendor,
            VendorStaff,
            WorkforcePlan,
        )
        from talent.selectors.pool import skills_state
        from talent.services import pool as services
        from talent.services import training as training_services

        # Without a sender: later apps add permissions that the roles need.
        post_migrate.connect(roles.ensure_roles, dispatch_uid="talent.ensure_roles")
        post_migrate.connect(services.tier_profiles_ensure, sender=self, dispatch_uid="talent.tier_profiles")
        post_migrate.connect(training_services.requirements_ensure, sender=self,
                             dispatch_uid="talent.training_requirements")
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="talent.cache_table")
        # The states of the department tree and the skill catalogue come with each request's user: most requests
        # walk the tree (talent.access), a search reads the catalogue (talent.selectors.pool).
        table_cache.read_with_user(departments_state, "updated_at")
        table_cache.read_with_user(skills_state, "updated_at")
        auditlog.register(Department, include_fields=["code", "name", "parent", "active"], m2m_fields={"heads"})
        # Own columns only: reverse relations (a cadre's skills, assessments...) are not the record's data.
        auditlog.register(
            Cadre, include_fields=own_fields(Cadre), mask_fields=["national_id", "mobile"],
            mask_callable="core.crypto.mask_for_audit",
        )
        for model in (SkillCategory, Skill, CadreSkill, CadreSkillHistory, LiteracyAssessment, TierProfile,
                      TrainingProgram, ProgramSkill, TrainingRecord,
                      WorkforcePlan, PlanLine, PlanLineSkill, InformationSystem, Vendor, PostRecord):
            auditlog.register(model, include_fields=own_fields(model))
        auditlog.register(PlatformStudy, include_fields=own_fields(PlatformStudy))
        auditlog.register(TrainingRequirement, include_fields=own_fields(TrainingRequirement),
                          m2m_fields={"compulsory_programs"})
        auditlog.register(Credential, include_fields=[f for f in own_fields(Credential) if f != "evidence"],
                          mask_fields=["number"], mask_callable="core.crypto.mask_for_audit")
        auditlog.register(VendorStaff, include_fields=own_fields(VendorStaff), m2m_fields={"systems", "skills"},
                          mask_fields=["national_id"], mask_callable="core.crypto.mask_for_audit")


def create_cache_table(using, **kwargs):
    call_command("createcachetable", database=using, verbosity=0)


def own_fields(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields]
