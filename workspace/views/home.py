from django.shortcuts import render
from django.utils.translation import gettext as _

from talent.access import actor_of
from workspace import navigation, todo
from workspace.pages import page


@page()
def home(request):
    """待办 first, then the shortcuts for the user's roles."""
    actor = actor_of(request)
    return render(request, "workspace/home.html", {
        "title": _("Workspace"),
        "sections": todo.waiting_for(actor),
        "shortcuts": navigation.items_for(actor, request.path, top_bar=False),
        "has_role": bool(actor.roles),
    })
