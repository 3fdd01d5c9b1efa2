"""One cadre's page: what the API's cadre, skill, literacy, training, secondment and incentive endpoints show the
caller about them, on one page, scoped and masked as those endpoints are."""

from auditlog.signals import accessed
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import DomainError, Forbidden
from incentives.selectors import certificates as certificate_selectors
from incentives.selectors import cycles as incentive_selectors
from incentives.selectors import nominations as nomination_selectors
from sharing.models import RequestStatus
from sharing.selectors import mobility as mobility_selectors
from sharing.selectors import secondments as sharing_selectors
from talent import literacy, roles
from talent.access import CADRES, CREDENTIALS, actor_of
from talent.models import Capacity, TrainingResult
from talent.selectors import credentials as credential_selectors
from talent.selectors import pool as selectors
from talent.selectors import posts as post_selectors
from talent.selectors import study as study_selectors
from talent.selectors import training as training_selectors
from talent.serializers.people import CadreSerializer
from talent.services import study as study_services
from workspace import radar
from workspace.pages import Cell, Column, page, sorted_table

VALIDITY_LABELS = {
    "pending": gettext_lazy("to be verified"), "rejected": gettext_lazy("not verified"),
    "not_yet": gettext_lazy("not yet valid"), "valid": gettext_lazy("valid"),
    "expiring": gettext_lazy("expires within 90 days"), "expired": gettext_lazy("expired"),
}

# Who reads certificates in the API (incentives.views.certificates.FOLLOWERS).
CERTIFICATE_READERS = (roles.HR, roles.LEADERSHIP)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _day(day) -> str:
    return day.strftime("%Y-%m-%d") if day else ""


def _verified(held, stale: set[int]) -> str:
    when = _when(held.verified_at)
    return _("%(when)s · due for re-verification") % {"when": when} if held.pk in stale else when


def _tables(request, cadre, actor) -> dict:
    """The cadre's lists, each sortable and paginated on its own parameters."""
    stale = set(credential_selectors.stale_skills(actor=actor, cadre_ids=[cadre.pk]).values_list("pk", flat=True))
    tables = {
        "skills": sorted_table(
            request, selectors.cadre_skill_list(actor=actor).filter(cadre=cadre), prefix="skills-",
            columns={"skill": Column(_("skill"), "skill__name"), "level": Column(_("level"), "level", numeric=True),
                     "source": Column(_("source"), "source"), "since": Column(_("since"), "since"),
                     "verified": Column(_("verified at"), "verified_at")},
            default="-level",
            row=lambda held: [held.skill.name, f"{held.level} {held.get_level_display()}", held.get_source_display(),
                              _when(held.since), _verified(held, stale)]),
        # Numbers masked: in full only on one credential's API detail, for HR staff who may see personal data.
        "credentials": sorted_table(
            request, credential_selectors.credential_list(actor=actor).filter(cadre=cadre), prefix="credentials-",
            columns={"name": Column(_("certificate or licence"), "name"), "issuer": Column(_("issuer"), "issuer"),
                     "number": Column(_("certificate number")), "expires": Column(_("expires on"), "expires_on"),
                     "skill": Column(_("certifies skill"), "skill__name"), "status": Column(_("status"), "status")},
            default="expires",
            row=lambda c: [c.name, c.issuer, CREDENTIALS.mask({"number": c.number})["number"],
                           _day(c.expires_on) or _("does not expire"),
                           f"{c.skill.name} · {c.get_level_display()}" if c.skill_id else "—",
                           VALIDITY_LABELS[credential_selectors.validity(c)]]),
        "history": sorted_table(
            request, selectors.cadre_skill_history(cadre=cadre), prefix="history-",
            columns={"skill": Column(_("skill"), "skill__name"), "level": Column(_("level"), "level", numeric=True),
                     "source": Column(_("source"), "source"), "archived": Column(_("replaced at"), "archived_at"),
                     "reason": Column(_("reason"))},
            default="-archived",
            row=lambda old: [old.skill.name, f"{old.level} {old.get_level_display()}", old.get_source_display(),
                             _when(old.archived_at), old.reason]),
        "training": sorted_table(
            request, selectors.training_record_list(actor=actor).filter(cadre=cadre), prefix="training-",
            columns={"program": Column(_("training program"), "program__name"),
                     "hours": Column(_("hours"), "hours", numeric=True), "result": Column(_("result"), "result"),
                     "score": Column(_("score"), "score", numeric=True),
                     "completed": Column(_("completed on"), "completed_on"),
                     "credential": Column(_("signed credential"))},
            default="-completed",
            row=lambda record: [record.program.name, record.hours, record.get_result_display(),
                                "" if record.score is None else record.score, _day(record.completed_on),
                                training_credential_link(record, "training-credential")]),
        "secondments": sorted_table(
            request, sharing_selectors.secondment_list(actor=actor).filter(cadre=cadre), prefix="secondments-",
            columns={"request": Column(_("expert request"), "request__title"),
                     "host": Column(_("host department"), "host_department__name"),
                     "start": Column(_("start date"), "start_date"), "end": Column(_("end date"), "end_date"),
                     "status": Column(_("status"), "status"), "rating": Column(_("rating"), "rating", numeric=True)},
            default="-start",
            row=lambda secondment: [
                Cell(secondment.request.title, url=reverse("workspace:secondment", args=[secondment.pk])),
                secondment.host_department.name, _day(secondment.start_date), _day(secondment.end_date),
                secondment.get_status_display(), secondment.rating or ""]),
        "contributions": sorted_table(
            request, incentive_selectors.contribution_list(actor=actor).filter(cadre=cadre), prefix="contributions-",
            columns={"year": Column(_("year"), "year", numeric=True), "title": Column(_("title"), "title"),
                     "kind": Column(_("kind"), "kind"), "impact": Column(_("impact"), "impact", numeric=True),
                     "status": Column(_("status"), "status")},
            default="-year",
            row=lambda contribution: [contribution.year, contribution.title, contribution.get_kind_display(),
                                      contribution.impact, contribution.get_status_display()]),
    }
    tables["nominations"] = sorted_table(
        request, nomination_selectors.nomination_list(actor=actor).filter(cadre=cadre), prefix="nominations-",
        columns={"kind": Column(_("nominated as"), "kind"), "target": Column(_("post or honour"), "target"),
                 "status": Column(_("status"), "status"), "nominated": Column(_("nominated at"), "created_at"),
                 "decided": Column(_("decided at"), "decided_at")},
        default="-nominated",
        row=lambda nomination: [
            Cell(nomination.get_kind_display(), url=reverse("workspace:nomination", args=[nomination.pk])),
            nomination.target or "—", nomination.get_status_display(), _when(nomination.created_at),
            _when(nomination.decided_at)])
    if actor.has(*CERTIFICATE_READERS):
        tables["certificates"] = sorted_table(
            request, certificate_selectors.certificate_list().filter(cadre=cadre), prefix="certificates-",
            columns={"honour": Column(_("honour"), "honour"), "cycle": Column(_("incentive cycle"), "cycle_title"),
                     "issued": Column(_("date of issue"), "issued_on"), "serial": Column(_("serial number"), "serial"),
                     "revoked": Column(_("revoked at"), "revoked_at"), "credential": Column(_("signed credential"))},
            default="-issued",
            row=lambda certificate: [certificate.honour, certificate.cycle_title, _day(certificate.issued_on),
                                     certificate.serial, _when(certificate.revoked_at),
                                     Cell(_("Download (JSON)"),
                                          url=reverse("certificate-credential", args=[certificate.pk]))])
    return tables


def training_credential_link(record, url_name: str) -> Cell | str:
    """The download of a passed training's Open Badges credential (incentives), nothing for the others."""
    if record.result != TrainingResult.PASSED or record.completed_on is None:
        return ""
    return Cell(_("Download (JSON)"), url=reverse(url_name, args=[record.pk]))


def _ledger(cadre) -> dict:
    """This year's standing in the training ledger, as /api/v1/training/compliance/ gives it."""
    year = timezone.localdate().year
    standing = training_selectors.standings(cadres=[cadre], year=year)[cadre.pk]
    names = training_selectors.program_names(standing.missing)
    return {"year": year, "standing": standing, "missing": [names[p].name for p in standing.missing]}


def _pending_study(actor, cadre) -> list[dict]:
    """The cadre's study waiting for HR or their head, with the answers the caller may give (none on their own)."""
    return [{"study": study, "moves": study_selectors.study_moves(actor=actor, study=study)}
            for study in study_selectors.pending_study(actor=actor).filter(cadre=cadre)]


@page(roles.HR, roles.HEAD, roles.LEADERSHIP)
def cadre_detail(request, pk: int):
    """A cadre outside the caller's scope is a 404, as in the API. Citizen ID and phone are masked; HR staff who
    may see personal data reveal them with ?show=personal, which is audited as the API's detail read is."""
    return _cadre_page(request, get_object_or_404(selectors.cadre_list(actor=actor_of(request)), pk=pk))


STUDY_DONE = {"confirm": gettext_lazy("Study confirmed: its hours count in the training ledger."),
              "reject": gettext_lazy("Study turned down.")}


@require_POST
@page(*study_selectors.ANSWERERS)
def cadre_study_answer(request, pk: int, study_pk: int, move: str):
    """Confirm or turn down one of the cadre's pending study entries through the API's service: a cadre or study
    outside the caller's scope is a 404, a refusal a 403, an entry answered already a 409 shown on the page."""
    if move not in study_selectors.MOVES:
        raise Http404
    actor = actor_of(request)
    cadre = get_object_or_404(selectors.cadre_list(actor=actor), pk=pk)
    study = get_object_or_404(selectors.self_study_list(actor=actor).filter(cadre=cadre), pk=study_pk)
    try:
        study_services.self_study_confirm(study=study, actor=actor, confirm=move == "confirm")
    except Forbidden as error:
        raise PermissionDenied from error
    except DomainError as error:
        return _cadre_page(request, cadre, study_error=str(error.message), status=error.status)
    messages.success(request, STUDY_DONE[move])
    return redirect(f"{reverse('workspace:cadre', args=[cadre.pk])}#study")


def _cadre_page(request, cadre, *, study_error: str = "", status: int = 200):
    actor = actor_of(request)
    may_reveal = CADRES.reveals(actor, detail=True)
    reveal = may_reveal and request.GET.get("show") == "personal"
    if reveal:
        accessed.send(sender=type(cadre), instance=cadre)
    basics = CadreSerializer(cadre, context={"reveal_personal_data": reveal}).data

    picture = selectors.literacy_of(cadre_ids=[cadre.pk]).get(cadre.pk)
    labels = [str(label) for label in Capacity.labels]
    capacities = [{"label": label, "score": picture.scores[c], "target": picture.targets[c], "gap": picture.gaps[c]}
                  for label, c in zip(labels, literacy.CAPACITIES, strict=True)] if picture else []
    return render(request, "workspace/cadre.html", {
        "title": cadre.name,
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Talent search"), reverse("workspace:talent")),
                        (cadre.name, "")],
        "cadre": cadre,
        "basics": basics,
        "may_reveal": may_reveal,
        "revealed": reveal,
        "picture": picture,
        "capacities": capacities,
        "radar": radar.radar(labels, [row["score"] for row in capacities], [row["target"] for row in capacities])
        if picture else None,
        "recommendations": selectors.cadre_recommendations(cadre=cadre),
        "ledger": _ledger(cadre),
        "tables": _tables(request, cadre, actor),
        "posts": post_selectors.post_history(cadre_ids=[cadre.pk])[cadre.pk],
        "may_nominate": nomination_selectors.may_nominate(actor, cadre),
        # Opt-in mobility, for HR and the cadre's heads (sharing.access.MOBILITY; the cadre is in scope here).
        "mobility": (mobility_selectors.preference_of(cadre) if actor.has(roles.HR, roles.HEAD) else None),
        "interests": (mobility_selectors.interests_of(cadre).filter(request__status=RequestStatus.OPEN)
                      if actor.has(roles.HR, roles.HEAD) else []),
        "pending_study": _pending_study(actor, cadre),
        "study_error": study_error,
    }, status=status)
