"""Counting unmet demand: a talent search that found nobody adds one, for the day, to each skill it asked for that
nobody in the bureau holds at the level asked (talent.search.unmet).

Whether a search counts never depends on who searched: a head who finds nobody in what they may see is not
counted unless the whole bureau lacks the skill too, so the count says only what the bureau lacks. The count
keeps the skill and the day, nothing of the search or the searcher, and the searcher's answer is unchanged."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from talent import search
from talent.models import Skill, UnmetDemand
from talent.selectors import demand as selectors
from talent.selectors.pool import TalentQuery


def _add_one(skill: Skill, day: date) -> None:
    """One more search for the skill on the day. An UPDATE with F() adds in the database, so two searches at once
    both count; the first of a day creates the row, and one that loses that race adds to the winner's row."""
    if UnmetDemand.objects.filter(skill=skill, day=day).update(searches=F("searches") + 1):
        return
    try:
        with transaction.atomic():
            UnmetDemand.objects.create(skill=skill, day=day, searches=1)
    except IntegrityError:
        UnmetDemand.objects.filter(skill=skill, day=day).update(searches=F("searches") + 1)


def count_search(*, query: TalentQuery, skills: dict[str, Skill], found_anyone: bool,
                 day: date | None = None) -> tuple[str, ...]:
    """Count a search (skills: the asked skills by code, as the search found them). Returns the codes counted."""
    if found_anyone or not query.requirements:
        return ()
    lacking = search.unmet(query.required, query.any_of, selectors.best_levels({r.code for r in query.requirements}))
    day = day or timezone.localdate()
    for code in lacking:
        _add_one(skills[code], day)
    return lacking
