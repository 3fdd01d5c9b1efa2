"""My notices (core.notices): newest first, a page at a time; open one (marks it read), mark one or all read.
Scoped like the API: my own only; another user's notice is a 404."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import notices
from talent.access import actor_of
from talent.selectors.notices import notice_list
from workspace.pages import PER_PAGE, page


@page()
def notice_index(request):
    current = Paginator(notice_list(actor=actor_of(request)), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "workspace/notices.html", {
        "title": _("Notices"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (_("Notices"), "")],
        "page": current, "unread": notices.unread_count(request.user),
    })


def _back(request):
    """Back to the page of the list the form was on."""
    number = request.POST.get("page", "")
    return redirect(f"{reverse('workspace:notices')}?page={number}" if number.isdigit() else
                    reverse("workspace:notices"))


@require_POST
@page()
def notice_open(request, pk: int):
    """Mark the notice read and go where it points (a path inside the workspace)."""
    notice = get_object_or_404(notice_list(actor=actor_of(request)), pk=pk)
    notices.mark_read(request.user, [notice.pk])
    if notice.link and notice.link.startswith("/") and url_has_allowed_host_and_scheme(
            notice.link, allowed_hosts={request.get_host()}):
        return redirect(notice.link)
    return _back(request)


@require_POST
@page()
def notice_read(request, pk: int):
    notice = get_object_or_404(notice_list(actor=actor_of(request)), pk=pk)
    notices.mark_read(request.user, [notice.pk])
    return _back(request)


@require_POST
@page()
def notice_read_all(request):
    notices.mark_read(request.user)
    return _back(request)


