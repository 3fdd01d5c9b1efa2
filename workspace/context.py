from django.conf import settings

from core.notices import unread_count
from talent.access import actor_of
from talent.services.logins import password_change_due
from workspace import navigation
from workspace.templatetags.people import person


def workspace(request):
    """The top bar's data on every page. Callables, so a template that never shows them costs no query."""
    user = getattr(request, "user", None)
    return {
        "bureau": settings.BUREAU_NAME,
        "display_name": lambda: person(user),
        # One COUNT on the (recipient, read_at) index, and only on a page that shows the top bar.
        "unread_notices": lambda: unread_count(user),
        # Nothing to go to while a first password waits to be changed: every page would send them back.
        "workspace_nav": lambda: ([] if password_change_due(user)
                                  else navigation.items_for(actor_of(request), request.path, top_bar=True)),
    }
