"""What a backup round trip must keep, read the same way from the original and from the restored database.

tests/test_backup.py calls describe() in the test process for the original, and through
`manage.py shell` in a separate process for the restored copy, as an operator would run the service on it.
"""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.authtoken.models import Token

from core.backup import row_counts
from talent.models import Cadre, Department


def describe() -> dict:
    """Rows in every table, and a sample of records: personal data both as stored (ciphertext) and decrypted."""
    User = get_user_model()
    with connection.cursor() as cursor:
        counts = row_counts(cursor, connection.introspection.table_names(cursor))
        cursor.execute("SELECT staff_number, national_id, mobile FROM talent_cadre ORDER BY staff_number")
        stored_personal_data = [list(row) for row in cursor.fetchall()]
    return {
        "row_counts": counts,
        "departments": [[d.code, d.name, d.parent.code if d.parent else None, sorted(u.username for u in d.heads.all())]
                        for d in Department.objects.select_related("parent").prefetch_related("heads")],
        "cadres": [[c.staff_number, c.name, c.department.code, c.national_id, c.mobile, c.user_id]
                   for c in Cadre.objects.select_related("department")],
        "stored_personal_data": stored_personal_data,
        "users": [[u.username, u.password, u.is_active, sorted(g.name for g in u.groups.all()),
                   sorted(p.codename for p in u.user_permissions.all())]
                  for u in User.objects.order_by("username").prefetch_related("groups", "user_permissions")],
        "tokens": sorted([t.user.username, t.key] for t in Token.objects.select_related("user")),
        "audit_trail": [[e.pk, e.action, e.content_type.model, e.object_pk, e.object_repr, e.changes,
                         e.actor.username if e.actor else None, e.timestamp.isoformat()]
                        for e in LogEntry.objects.select_related("content_type", "actor").order_by("pk")],
    }
