"""An index for the audit trail filtered by record type (talent.filters.LogEntryFilter, /api/v1/audit/ and
/audit/): a page of one type's entries, newest first, is read from the end of this index instead of sorting all
of them, and they are counted, also for one action, from the index alone. The table is django-auditlog's, so the
index is made here, by SQL both databases take."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("talent", "0013_table_cache_last_change_indexes"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX audit_trail_type_time ON auditlog_logentry (content_type_id, "timestamp", id, action)',
            reverse_sql="DROP INDEX audit_trail_type_time",
        ),
    ]
