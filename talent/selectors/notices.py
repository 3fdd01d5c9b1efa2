from django.db.models import QuerySet

from core.models import Notice
from talent.access import NOTICES, Actor


def notice_list(*, actor: Actor) -> QuerySet[Notice]:
    """My notices, newest first; nobody reads anyone else's (talent.access.NOTICES)."""
    return NOTICES.scope(Notice.objects.all(), actor).order_by("-created_at", "-id")
