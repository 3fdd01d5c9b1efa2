"""Reads of the post history (任职经历): each cadre's timeline of departments and posts, newest first.

The stored lines are talent's (PostRecord). Secondments belong to the sharing app, which talent does not import: an
app above talent registers a source of further lines at start-up (`SOURCES`, as incentives registers its import kind),
and sharing registers its approved, active and completed secondments (sharing.selectors.posts). They are read, not
copied, so a secondment cut short, extended or cancelled shows as it now stands."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from talent.access import POST_HISTORY, Actor
from talent.models import PostKind, PostRecord


@dataclass(frozen=True)
class PostLine:
    department_name: str
    post_title: str
    started_on: date
    ended_on: date | None  # None: held now
    kind: str  # PostKind

    @property
    def kind_label(self) -> str:
        return str(PostKind(self.kind).label)

    @property
    def current(self) -> bool:
        return self.ended_on is None


# Each source takes cadre ids and returns {cadre id: [PostLine, ...]}.
SOURCES: list[Callable[[list[int]], dict[int, list[PostLine]]]] = []


def post_record_list(*, actor: Actor) -> QuerySet[PostRecord]:
    return POST_HISTORY.scope(PostRecord.objects.select_related("cadre"), actor)


def _newest_first(line: PostLine) -> tuple:
    return (line.ended_on is None, line.started_on, line.ended_on or date.max)


def post_history(*, cadre_ids: Iterable[int]) -> dict[int, list[PostLine]]:
    """Each cadre's lines, the current and latest first. The caller has scoped the cadres (a cadre page, /me/)."""
    cadre_ids = list(cadre_ids)
    found: dict[int, list[PostLine]] = {pk: [] for pk in cadre_ids}
    for record in PostRecord.objects.filter(cadre_id__in=cadre_ids):
        found[record.cadre_id].append(PostLine(record.department_name, record.post_title, record.started_on,
                                               record.ended_on, PostKind.POST))
    for source in SOURCES:
        for cadre_id, lines in source(cadre_ids).items():
            found.setdefault(cadre_id, []).extend(lines)
    return {pk: sorted(lines, key=_newest_first, reverse=True) for pk, lines in found.items()}
