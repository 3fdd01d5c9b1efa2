"""My record (/me/): the signed-in cadre's own record, as the /api/v1/me/ endpoints give it."""

from auditlog.signals import accessed
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from incentives.selectors.certificates import certificate_list
from incentives.selectors.nominations import own_decided_nominations
from sharing.models import Secondment
from talent.models import CAPACITIES, Capacity
from talent.selectors import credentials as credential_selectors
from talent.selectors import pool as selectors
from talent.selectors import posts as post_selectors
from talent.selectors import training as training_selectors
from workspace.pages import Column, fixed_table, page
from workspace.views.cadres import VALIDITY_LABELS


def _literacy_table(cadre):
    picture = selectors.literacy_of(cadre_ids=[cadre.pk]).get(cadre.pk)
    if picture is None:
        return None, None
    labels = dict(Capacity.choices)
    columns = [Column(_("capacity")), Column(_("score"), numeric=True), Column(_("target"), numeric=True),
               Column(_("gap"), numeric=True)]
    rows = [(labels[c], picture.scores[c], picture.targets[c], picture.gaps[c]) for c in CAPACITIES]
    return picture, fixed_table(columns, rows)


@page()
def own_record(request):
    """Everything the pool holds about me, and nothing about anyone else: the record is the one my login is
    linked to, never one named in the request. A login with no cadre record has no such page (404)."""
    cadre = getattr(request.user, "cadre", None)
    if cadre is None:
        raise Http404
    accessed.send(sender=type(cadre), instance=cadre)  # my own ID and phone, in full: audited like any such read
    year = timezone.localdate().year
    picture, literacy = _literacy_table(cadre)
    skills = cadre.skills.select_related("skill").order_by("skill__code")
    history = selectors.cadre_skill_history(cadre=cadre)[:20]
    records = cadre.training_records.select_related("program").order_by("-completed_on", "-id")
    secondments = Secondment.objects.filter(cadre=cadre).select_related(
        "request", "host_department").order_by("-start_date", "-id")
    contributions = cadre.contributions.order_by("-year", "-created_at")
    certificates = certificate_list().filter(cadre=cadre).order_by("-issued_on", "-id")
    standing = training_selectors.standings(cadres=[cadre], year=year)[cadre.pk]
    names = training_selectors.program_names(standing.missing)
    credentials = cadre.credentials.select_related("skill").defer("evidence").order_by("expires_on", "id")
    return render(request, "workspace/own_record.html", {
        "title": _("My record"),
        "cadre": cadre,
        "literacy": picture,
        "gaps": literacy,
        "recommendations": selectors.cadre_recommendations(cadre=cadre),
        "year": year,
        "hours_this_year": standing.total,
        "ledger": {"year": year, "standing": standing, "missing": [names[p].name for p in standing.missing]},
        # My own numbers in full: this page is mine alone.
        "credentials": fixed_table(
            [Column(_("certificate or licence")), Column(_("issuer")), Column(_("certificate number")),
             Column(_("expires on")), Column(_("certifies skill")), Column(_("status"))],
            [(c.name, c.issuer, c.number, c.expires_on.isoformat() if c.expires_on else _("does not expire"),
              f"{c.skill.name} · {c.get_level_display()}" if c.skill_id else "—",
              VALIDITY_LABELS[credential_selectors.validity(c)]) for c in credentials]),
        "skills": fixed_table(
            [Column(_("skill")), Column(_("level")), Column(_("source")), Column(_("verified"))],
            [(s.skill.name, s.get_level_display(), s.get_source_display(),
              _("yes") if s.verified_at else _("awaiting verification")) for s in skills]),
        "history": fixed_table(
            [Column(_("skill")), Column(_("level")), Column(_("source")), Column(_("until"))],
            [(h.skill.name, h.get_level_display(), h.get_source_display(),
              timezone.localtime(h.archived_at).strftime("%Y-%m-%d")) for h in history]),
        "training": fixed_table(
            [Column(_("training program")), Column(_("hours"), numeric=True), Column(_("result")),
             Column(_("completed on"))],
            [(r.program.name, r.hours, r.get_result_display(),
              r.completed_on.isoformat() if r.completed_on else "") for r in records]),
        "secondments": fixed_table(
            [Column(_("expert request")), Column(_("host department")), Column(_("dates")), Column(_("status"))],
            [(s.request.title, s.host_department.name, f"{s.start_date:%Y-%m-%d} – {s.end_date:%Y-%m-%d}",
              s.get_status_display()) for s in secondments]),
        "contributions": fixed_table(
            [Column(_("year")), Column(_("title")), Column(_("kind")), Column(_("status"))],
            [(c.year, c.title, c.get_kind_display(), c.get_status_display()) for c in contributions]),
        "posts": post_selectors.post_history(cadre_ids=[cadre.pk])[cadre.pk],
        "nominations": fixed_table(
            [Column(_("nominated as")), Column(_("post or honour")), Column(_("status")), Column(_("decided at")),
             Column(_("decision note"))],
            [(n.get_kind_display(), n.target or "—", n.get_status_display(),
              timezone.localtime(n.decided_at).strftime("%Y-%m-%d"), n.decision_note or "—")
             for n in own_decided_nominations(cadre=cadre)]),
        "certificates": fixed_table(
            [Column(_("honour")), Column(_("date of issue")), Column(_("status"))],
            [(c.honour, c.issued_on.isoformat(), _("revoked") if c.revoked else _("valid")) for c in certificates]),
    })
