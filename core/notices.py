"""Notices: telling a user that something waits on them (in the workspace and by a daily e-mail digest).

The domain apps decide who is told what (sharing/notices.py, talent/notices.py, incentives/notices.py) and call
`notify` from inside their workflow step's transaction; the notices are written once that transaction commits,
so a step that is refused or rolled back tells nobody. A notice is text already in words: it names people by
name (never an ID number or a phone) and links to a page its recipient may open.

Daily checks (a secondment past its end date, vendor staff due for reconfirmation) are registered here by the
apps and run by `manage.py notify_due`; `manage.py send_notice_digest` mails each user their notices not yet
mailed, in one message.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connections, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import Notice

logger = logging.getLogger(__name__)

DUE_CHECKS: dict[str, Callable[[date], int]] = {}


@dataclass(frozen=True)
class Message:
    """What one group of recipients is told."""

    title: str
    text: str = ""
    link: str = ""


def in_bureau_language():
    """Notices are stored as text, written in the bureau's language whatever the actor's page showed."""
    return translation.override(settings.LANGUAGE_CODE)


def notify(users: Iterable, *, kind: str, title: str, text: str = "", link: str = "", subject: str = "",
           skip: set[int] | None = None) -> set[int]:
    """One notice for each active user among `users` (duplicates and users in `skip` left out), written when
    the current transaction commits (at once outside one). Returns the ids told, so a step telling several
    groups different things can skip those already told: one notice per person per step."""
    skip = skip or set()
    told = {}
    for user in users:
        if user is None or not user.is_active or user.pk in skip or user.pk in told:
            continue
        told[user.pk] = Notice(recipient_id=user.pk, kind=kind, subject=subject, title=title[:200], text=text,
                               link=link)
    if told:
        # robust: a notice that cannot be written is logged and never undoes the step that committed.
        transaction.on_commit(lambda: Notice.objects.bulk_create(told.values()), robust=True)
    return set(told)


def notify_groups(groups: Iterable[tuple[Iterable, Message]], *, kind: str, subject: str = "") -> set[int]:
    """Several groups told different things in one step (the home head and the cadre); someone in two groups
    is told once, by the first."""
    told: set[int] = set()
    for users, message in groups:
        told |= notify(users, kind=kind, title=message.title, text=message.text, link=message.link,
                       subject=subject, skip=told)
    return told


def already_told(kind: str, subject: str) -> bool:
    """Whether anyone was told `kind` about `subject`: the daily checks tell each thing once."""
    return Notice.objects.filter(kind=kind, subject=subject).exists()


def register_due(name: str, check: Callable[[date], int]) -> None:
    """A daily check: called with today's date, it tells whoever something has become due for and returns how
    many things it told about."""
    DUE_CHECKS[name] = check


def run_due(today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {name: check(today) for name, check in DUE_CHECKS.items()}


# --- reading and marking: always one user's own ---------------------------------------------------------------

def notices_of(user) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user)


def unread_count(user) -> int:
    """The top bar's count, on every page. Written out: building the ORM's COUNT cost 0.4 ms of CPU, five times
    the statement itself. On the database the router gives notices (a replica on a page that reads from one)."""
    if not user or not user.is_authenticated:
        return 0
    alias = Notice.objects.db
    quote = connections[alias].ops.quote_name
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(Notice._meta.db_table)} WHERE {quote(_column('recipient'))} = %s"
            f" AND {quote(_column('read_at'))} IS NULL", [user.pk])
        return cursor.fetchone()[0]


def _column(field: str) -> str:
    return Notice._meta.get_field(field).column


def mark_read(user, notice_ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notices read (those named, or all); returns how many changed."""
    found = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        found = found.filter(pk__in=list(notice_ids))
    return found.update(read_at=timezone.now())


# --- the daily e-mail digest ------------------------------------------------------------------------------

def send_digest(*, now=None) -> tuple[int, int]:
    """Mail every active user with an e-mail address their notices not yet mailed, in one message in the
    bureau's language (zh-hans), and mark them mailed; returns (messages sent, notices in them). A message the
    mail server refuses leaves its notices for the next run."""
    now = now or timezone.now()
    pending = (Notice.objects.filter(emailed_at__isnull=True, recipient__is_active=True)
               .exclude(recipient__email="").select_related("recipient").order_by("recipient_id", "created_at", "id"))
    by_user: dict[int, list[Notice]] = {}
    for notice in pending:
        by_user.setdefault(notice.recipient_id, []).append(notice)
    sent = notices = 0
    base = settings.WORKSPACE_BASE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE), get_connection() as connection:
        for found in by_user.values():
            user = found[0].recipient
            name = f"{user.last_name}{user.first_name}".strip() or user.get_username()
            context = {"name": name, "notices": found, "base": base, "bureau": settings.BUREAU_NAME,
                       "notices_url": f"{base}/notices/"}
            message = EmailMessage(
                subject=_("%(bureau)s: %(count)s new notices") % {"bureau": settings.BUREAU_NAME,
                                                                  "count": len(found)},
                body=render_to_string("core/notice_digest.txt", context), to=[user.email], connection=connection)
            try:
                message.send()
            except Exception:  # noqa: BLE001 (one address refused must not stop the others' digests)
                logger.exception("notice digest to user %s not sent", user.pk)
                continue
            Notice.objects.filter(pk__in=[n.pk for n in found]).update(emailed_at=now)
            sent, notices = sent + 1, notices + len(found)
    return sent, notices
