"""Reads for opt-in mobility: a cadre's preference, the open requests that match them (by the scoring in
sharing.scoring: they hold every required skill, or the request asks for a skill they want to use or grow),
and their interests. A cadre sees of a request only its title, skills, dates and host department."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from sharing.models import MobilityPreference, RequestStatus, SecondmentInterest, ShareRequest
from sharing.selectors import secondments as secondment_selectors
from talent.models import Cadre


def preference_of(cadre: Cadre) -> MobilityPreference:
    """The cadre's preference; an unsaved, closed one if they never said."""
    found = MobilityPreference.objects.filter(cadre=cadre).prefetch_related("skills").first()
    return found if found is not None else MobilityPreference(cadre=cadre)


def interests_of(cadre: Cadre) -> QuerySet[SecondmentInterest]:
    """The requests the cadre said they are interested in, newest first."""
    return SecondmentInterest.objects.filter(cadre=cadre).select_related(
        "request__department").prefetch_related("request__required_skills__skill")


@dataclass(frozen=True)
class Opportunity:
    """An open request as a cadre may see it, and why it matches them."""

    request: ShareRequest
    qualified: bool  # they hold every required skill at its level
    wished: tuple[str, ...]  # names of the request's skills they want to use or grow
    interested: bool
    skills: list = field(default_factory=list)  # the request's RequiredSkill rows


def opportunities_for(*, cadre: Cadre, today: date | None = None) -> list[Opportunity]:
    """Open requests of other departments that match the cadre, soonest first: those they qualify for as the
    scoring sees them (a candidate, or left out only for now: busy, a department at its cap) and those asking
    for a skill they want to use or grow. Requests they (or their department) declined, and those ending before
    they said they are available, are left out."""
    today = today or timezone.localdate()
    requests = list(ShareRequest.objects.filter(status=RequestStatus.OPEN).select_related("department")
                    .prefetch_related("required_skills__skill").order_by("start_date", "id"))
    if not requests:
        return []
    preference = preference_of(cadre)
    wished = {s.pk: s.name for s in preference.skills.all()} if preference.pk else {}
    specs = secondment_selectors.scoring_requests(requests)
    scored = secondment_selectors.scoring_pool(requests=specs, today=today).score(specs)
    qualified = {int(specs[i].id) for i, found in zip(scored.request.tolist(), scored.cadres.tolist(), strict=True)
                 if found == cadre.pk}
    qualified |= {spec.id for i, spec in enumerate(specs) for x in scored.exclusions(i)
                  if x.cadre == cadre.pk and x.reason.value not in ("declined", "refused")}
    interested = set(SecondmentInterest.objects.filter(cadre=cadre).values_list("request_id", flat=True))
    found = []
    for share_request, spec in zip(requests, specs, strict=True):
        if cadre.department_id in spec.excluded_departments or cadre.pk in spec.declined | spec.refused:
            continue
        if preference.available_from and share_request.end_date < preference.available_from:
            continue
        skills = list(share_request.required_skills.all())
        wanted = tuple(wished[r.skill_id] for r in skills if r.skill_id in wished)
        if share_request.pk in qualified or wanted or share_request.pk in interested:
            found.append(Opportunity(share_request, share_request.pk in qualified, wanted,
                                     share_request.pk in interested, skills))
    return found


def opportunity(*, cadre: Cadre, request_id: int) -> ShareRequest | None:
    """One open request among those that match the cadre, or None (the view answers 404, as for any request
    they do not see)."""
    return next((o.request for o in opportunities_for(cadre=cadre) if o.request.pk == request_id), None)
