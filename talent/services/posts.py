"""Writes to the post history (任职经历). The pool's services call `record_move` when HR changes a cadre's
department or post, inside their transaction: the open line closes the day before and a new one opens today."""

from datetime import timedelta

from django.utils import timezone

from talent.models import Cadre, Department, PostRecord, PostRecordSource


def _line_for(cadre: Cadre, department: Department | None, post_title: str, started_on) -> PostRecord:
    return PostRecord(cadre=cadre, department=department, department_name=department.name if department else "",
                      post_title=post_title, started_on=started_on, source=PostRecordSource.WORKFLOW)


def record_move(*, cadre: Cadre, old_department: Department, old_post_title: str) -> None:
    """The cadre (saved, locked by the caller) now holds `cadre.department` and `cadre.post_title`. A line that
    opened today is rewritten (two changes on one day are one move). A cadre with no history yet gets the post
    they leave too, from their hire date, so the move is not the first thing the timeline knows."""
    today = timezone.localdate()
    lines = PostRecord.objects.select_for_update().filter(cadre=cadre)
    open_lines = list(lines.filter(ended_on__isnull=True).order_by("started_on"))
    if not open_lines and not lines.exists() and cadre.hire_date < today:
        earlier = _line_for(cadre, old_department, old_post_title, cadre.hire_date)
        earlier.ended_on = today - timedelta(days=1)
        earlier.full_clean()
        earlier.save()
    for line in open_lines:
        if line.started_on < today:
            line.ended_on = today - timedelta(days=1)
            line.save(update_fields=["ended_on", "updated_at"])
    PostRecord.objects.update_or_create(
        cadre=cadre, started_on=today,
        defaults={"department": cadre.department, "department_name": cadre.department.name,
                  "post_title": cadre.post_title, "ended_on": None, "source": PostRecordSource.WORKFLOW})
