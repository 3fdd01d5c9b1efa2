"""Who is told what at each step of the secondment workflow that waits on someone (core.notices):

    proposals (an allocation run's, or HR's by hand) -> the home department's head(s), once per run, and each
                                         cadre (asked for their agreement where the bureau needs it)
    accepted by the home head and agreed by the cadre (SECONDMENT_NEEDS_CONSENT), whichever comes last
                                         -> HR, who approve
    approved                             -> the home head(s), the host head(s) and the cadre
    past its end date and not completed  -> the host head(s), once per secondment (the daily check)

Heads read the secondment's page (their departments lend or host it); a cadre reads their own record (/me/).
Texts name people by name and departments, never an ID number or a phone.
"""

from collections import defaultdict
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from core import notices
from core.notices import Message
from sharing.models import Secondment, SecondmentStatus
from sharing.selectors.secondments import consent_needed
from talent import roles
from talent.access import department_heads, heads_of_departments, role_users

PROPOSED = "secondment_proposed"
ACCEPTED = "secondment_accepted"
APPROVED = "secondment_approved"
COMPLETION_DUE = "secondment_completion_due"


def _page(secondment: Secondment) -> str:
    return reverse("workspace:secondment", args=[secondment.pk])


def _own_record_link(user) -> str:
    """The cadre's own record, for a login in the cadre role (the page answers no one else)."""
    return reverse("workspace:me") if user is not None and user.groups.filter(name=roles.CADRE).exists() else ""


def _cadre_user(secondment: Secondment):
    return secondment.cadre.user if secondment.cadre.user_id else None


def _what(secondment: Secondment) -> dict:
    return {"cadre": secondment.cadre.name, "host": secondment.host_department.name,
            "home": secondment.home_department.name, "title": secondment.request.title,
            "start": secondment.start_date.isoformat(), "end": secondment.end_date.isoformat()}


def _loaded(pks) -> list[Secondment]:
    # Only what the notices tell (_what) and whom: not the explanation (an allocation's is kilobytes of JSON per
    # proposal) nor the cadre's personal data (each value decrypted on loading), 17,000 of each in a national run.
    return list(Secondment.objects.filter(pk__in=pks).select_related(
        "cadre__user", "home_department", "host_department", "request").only(
        "start_date", "end_date", "cadre__name", "cadre__user", "home_department__name", "host_department__name",
        "request__title").order_by("pk"))


NAMED = 10  # names listed in one notice; the rest are counted


def _names(secondments: list[Secondment]) -> str:
    names = "、".join(s.cadre.name for s in secondments[:NAMED])
    if len(secondments) > NAMED:
        names += _(" and %(count)s more") % {"count": len(secondments) - NAMED}
    return names


def proposed(secondments: list[Secondment], *, subject: str) -> None:
    """Proposals were stored (by an allocation run, subject "allocation-run:<id>", or by HR's hand): each home
    head is told once (what waits for their answer, whichever of their departments it lends from), and each cadre
    proposed is told where, and asked to agree or decline where the bureau needs their agreement."""
    if not secondments:
        return
    found = _loaded([s.pk for s in secondments])
    by_home = defaultdict(list)
    for secondment in found:
        by_home[secondment.home_department_id].append(secondment)
    by_head: dict[int, tuple] = {}
    heads = heads_of_departments(by_home)
    for department_id, waiting in by_home.items():
        for head in heads[department_id]:
            by_head.setdefault(head.pk, (head, []))[1].extend(waiting)
    with notices.in_bureau_language():
        told: set[int] = set()
        for head, waiting in by_head.values():
            if len(waiting) == 1:
                message = Message(_("A secondment proposal waits for your answer"),
                                  _("%(cadre)s (%(home)s) is proposed for %(host)s: %(title)s, %(start)s to %(end)s. "
                                    "Accept or decline.") % _what(waiting[0]), _page(waiting[0]))
            else:
                message = Message(_("%(count)s secondment proposals wait for your answer") % {"count": len(waiting)},
                                  _("The allocation proposes %(names)s from your departments. Accept or decline "
                                    "each.") % {"names": _names(waiting)}, reverse("workspace:home"))
            told |= notices.notify([head], kind=PROPOSED, title=message.title, text=message.text,
                                   link=message.link, subject=subject)
        by_cadre = defaultdict(list)
        for secondment in found:
            if secondment.cadre.user_id:
                by_cadre[secondment.cadre.user_id].append(secondment)
        for mine in by_cadre.values():
            user = mine[0].cadre.user
            places = "；".join(_("%(host)s, %(title)s, %(start)s to %(end)s") % _what(s) for s in mine)
            answer = (_("Say on your record whether you agree; your department's head answers too.")
                      if consent_needed() else _("Your department's head answers the proposal."))
            notices.notify([user], kind=PROPOSED, title=_("You are proposed for a secondment"),
                           text=_("You are proposed for a secondment: %(places)s.") % {"places": places} + " " + answer,
                           link=_own_record_link(user), subject=subject, skip=told)


def accepted(secondment: Secondment) -> None:
    """The home head agreed to lend and, where the bureau asks, the cadre agreed to go (the services call this at
    whichever came last): HR approve (leadership may too, but it is HR's desk)."""
    [secondment] = _loaded([secondment.pk])
    with notices.in_bureau_language():
        notices.notify(role_users(roles.HR), kind=ACCEPTED, subject=f"secondment:{secondment.pk}",
                       title=_("A secondment waits for approval"),
                       text=_("%(home)s agreed to lend %(cadre)s to %(host)s: %(title)s, %(start)s to %(end)s. "
                              "Approve it.") % _what(secondment), link=_page(secondment))


def approved(secondment: Secondment) -> None:
    """Approved: both departments' heads and the cadre are told."""
    [secondment] = _loaded([secondment.pk])
    with notices.in_bureau_language():
        what = _what(secondment)
        heads = Message(_("A secondment is approved"),
                        _("%(cadre)s (%(home)s) is seconded to %(host)s: %(title)s, %(start)s to %(end)s.") % what,
                        _page(secondment))
        user = _cadre_user(secondment)
        notices.notify_groups([
            (department_heads(secondment.home_department_id), heads),
            (department_heads(secondment.host_department_id), heads),
            ([user] if user else [], Message(
                _("Your secondment is approved"),
                _("You are seconded to %(host)s: %(title)s, %(start)s to %(end)s.") % what, _own_record_link(user))),
        ], kind=APPROVED, subject=f"secondment:{secondment.pk}")


def completion_due(today: date) -> int:
    """The daily check: each active secondment whose end date has passed is brought to its host head(s), who
    complete and rate it; once per secondment (told again only if nobody could be told)."""
    due = Secondment.objects.filter(status=SecondmentStatus.ACTIVE, end_date__lt=today).values_list("pk", flat=True)
    count = 0
    for secondment in _loaded(list(due)):
        subject = f"secondment:{secondment.pk}"
        if notices.already_told(COMPLETION_DUE, subject):
            continue
        with notices.in_bureau_language():
            told = notices.notify(
                department_heads(secondment.host_department_id), kind=COMPLETION_DUE, subject=subject,
                title=_("A secondment has ended: complete and rate it"),
                text=_("%(cadre)s's secondment to %(host)s (%(title)s) ended on %(end)s. Complete it and rate the "
                       "work.") % _what(secondment), link=_page(secondment))
        count += bool(told)
    return count


notices.register_due(COMPLETION_DUE, completion_due)
