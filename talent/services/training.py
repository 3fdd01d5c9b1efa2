"""The training ledger's requirements: each tier's yearly hours and compulsory programs, edited by HR."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from talent.models import DEFAULT_YEARLY_HOURS, Tier, TrainingRequirement


def requirements_ensure(**kwargs) -> None:
    """post_migrate receiver: every tier has a requirement, 50 hours a year (the national cadre-training plan's
    minimum of online study) and no compulsory program until HR names them."""
    for tier in Tier.values:
        TrainingRequirement.objects.get_or_create(tier=tier, defaults={"yearly_hours": DEFAULT_YEARLY_HOURS})


@transaction.atomic
def requirement_update(*, requirement: TrainingRequirement, **data) -> TrainingRequirement:
    """Change a tier's yearly hours and/or its compulsory programs (each must be open to the tier)."""
    requirement = TrainingRequirement.objects.select_for_update().get(pk=requirement.pk)
    programs = data.pop("compulsory_programs", None)
    if programs is not None:
        closed = [p.name for p in programs if p.tiers and requirement.tier not in p.tiers]
        if closed:
            message = _("Not meant for this tier: %(programs)s.") % {"programs": "、".join(closed)}
            raise DomainError(message, fields={"compulsory_programs": [message]})
    for name, value in data.items():
        setattr(requirement, name, value)
    requirement.full_clean()
    requirement.save()
    if programs is not None:
        requirement.compulsory_programs.set(programs)
    return requirement
