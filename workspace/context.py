from django.conf import settings

from talent.access import actor_of
from workspace import navigation
from workspace.templatetags.people import person


def workspace(request):
    """The top bar's data on every page. Callables, so a template that never shows them costs no query."""
    user = getattr(request, "user", None)
    return {
        "bureau": settings.BUREAU_NAME,
        "display_name": lambda: person(user),
        "workspace_nav": lambda: navigation.items_for(actor_of(request), request.path, top_bar=True),
    }
