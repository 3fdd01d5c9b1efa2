"""PostgreSQL only: trigram indexes, so that finding cadres by part of a name or a staff number (?search=) reads
an index instead of every row (about 80 ms a search at 50,000 cadres, 1-2 ms with them; the load test's
slowest request). pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
SQLite gets nothing; its search scans the table."""

from django.db import migrations

INDEXES = {"talent_cadre_name_trgm": "name", "talent_cadre_staff_number_trgm": "staff_number"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, column in INDEXES.items():
        # On the expression the search's icontains compares: UPPER(column) LIKE UPPER('%words%').
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {index} ON talent_cadre USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("talent", "0004_workforce_plans_registry")]

    operations = [migrations.RunPython(create, drop)]
