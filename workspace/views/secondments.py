from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sharing.selectors import secondments as sharing_selectors
from talent import roles
from talent.access import actor_of
from workspace.pages import page


@page(roles.HR, roles.LEADERSHIP, roles.HEAD)
def secondment_detail(request, pk: int):
    """One secondment as the API shows it to the actor; one outside their scope is a 404, as in the API."""
    secondment = get_object_or_404(sharing_selectors.secondment_list(actor=actor_of(request)), pk=pk)
    return render(request, "workspace/secondment.html", {
        "title": _("Secondment"),
        "breadcrumbs": [(_("Workspace"), reverse("workspace:home")), (str(secondment.cadre.name), "")],
        "secondment": secondment,
    })
