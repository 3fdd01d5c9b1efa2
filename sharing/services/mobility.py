"""Writes for opt-in mobility: a cadre's own preference and their interest in open expert requests. Only the
cadre writes these (the views pass `access.own_cadre(request)`, never an id from the request). Each write is its
own function, so a notice can be hooked onto it."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError
from sharing.models import MAX_MOBILITY_SKILLS, MobilityPreference, RequestStatus, SecondmentInterest, ShareRequest
from talent.models import Cadre, Skill


@transaction.atomic
def preference_set(*, cadre: Cadre, open_to_secondment: bool, months: int | None = None,
                   available_from: date | None = None, skills: list[Skill] | tuple = (), note: str = ""
                   ) -> MobilityPreference:
    """Say whether I am open to secondment, for how many months and from when, and the skills I want to use or
    grow. Open needs the months and the date; closed keeps them for next time."""
    Cadre.objects.select_for_update().filter(pk=cadre.pk).first()  # one writer of a cadre's preference at a time
    if open_to_secondment:
        missing = {name: [_("Say this when you are open to secondment.")]
                   for name, value in (("months", months), ("available_from", available_from)) if value is None}
        if missing:
            raise DomainError(_("Say for how many months and from when."), fields=missing)
    if len({s.pk for s in skills}) > MAX_MOBILITY_SKILLS:
        raise DomainError(_("Name at most %(count)s skills.") % {"count": MAX_MOBILITY_SKILLS},
                          fields={"skills": [_("Too many skills.")]})
    preference, _created = MobilityPreference.objects.get_or_create(cadre=cadre)
    preference.open_to_secondment = open_to_secondment
    preference.months, preference.available_from, preference.note = months, available_from, note
    preference.full_clean()
    preference.save()
    preference.skills.set(skills)
    return preference


@transaction.atomic
def interest_express(*, cadre: Cadre, share_request: ShareRequest) -> tuple[SecondmentInterest, bool]:
    """Say I am interested in an open request (the view offers only those that match me); saying it twice
    changes nothing. Returns the interest and whether it is new."""
    share_request = ShareRequest.objects.select_for_update().get(pk=share_request.pk)
    if share_request.status != RequestStatus.OPEN:
        raise Conflict(_("This request is no longer open."), code="request_not_open")
    preference = MobilityPreference.objects.filter(cadre=cadre).first()
    if preference is None or not preference.open_to_secondment:
        raise Conflict(_("Say first that you are open to secondment (your mobility preference)."),
                       code="not_open_to_secondment")
    return SecondmentInterest.objects.get_or_create(cadre=cadre, request=share_request)


@transaction.atomic
def interest_withdraw(*, interest: SecondmentInterest) -> None:
    """Take back my interest in a request."""
    interest.delete()
