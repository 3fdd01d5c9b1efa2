"""The skill tokens' trigger runs without PostgreSQL's JIT compiler.

The trigger recounts the tokens of the cadres a statement touched, one call of talent_skill_tokens_of per cadre.
When the cadre skills' statistics predate a bulk write (a table filled in the same transaction, or before
autovacuum has come by), the planner's generic estimate for that call's query is thousands of rows, its cost
passes `jit_above_cost`, and the query was compiled by LLVM at every call: milliseconds each, so about five
minutes for the COPY of 50,000 cadres' skills into a growing pool (bench/allocation.py at a million cadres),
where the recount itself takes seconds. The query reads a handful of index entries; compiling it never pays.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER FUNCTION talent_skill_tokens_keep() SET jit = off")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER FUNCTION talent_skill_tokens_keep() RESET jit")


class Migration(migrations.Migration):
    dependencies = [("talent", "0023_skill_tokens")]

    operations = [migrations.RunPython(forwards, backwards)]
