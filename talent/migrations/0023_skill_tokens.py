"""PostgreSQL only: each cadre's skills as an array of tokens with a GIN index, so the talent search finds who
holds every required skill at its level in one index scan instead of intersecting one index range per skill
(three ordinary skills at a million cadres: 46-58 ms of SQL; the ranges hold 42,000-55,000 entries each).

A cadre holding skill S at level L has the tokens S*8+1 ... S*8+L ("holds S at level >= 1 ... >= L"), so "every
required skill at its level" is `tokens @> ARRAY[...]` and "any of them" is `tokens && ARRAY[...]`
(talent.selectors.pool._holders). Statement triggers on the cadre-skill table keep the array exact through every
write path (services, admin, imports, COPY, raw deletes, TRUNCATE). A cadre whose skills are all removed, or who is
deleted, keeps an empty array, which no search matches. SQLite gets nothing; its search intersects the skills as
before."""

from django.db import migrations

# A cadre's tokens as their skills are in the snapshot of the statement that calls it.
TOKENS_OF = """
CREATE FUNCTION talent_skill_tokens_of(cadre bigint) RETURNS integer[] LANGUAGE sql STABLE AS $$
    SELECT COALESCE(array_agg((s.skill_id * 8 + l)::integer ORDER BY s.skill_id, l), '{}')
    FROM talent_cadreskill s CROSS JOIN generate_series(1, s.level) l WHERE s.cadre_id = cadre $$"""

KEEP = """
CREATE FUNCTION talent_skill_tokens_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched bigint[];
    added bigint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE talent_skill_tokens;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT cadre_id) INTO touched FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT cadre_id) INTO touched FROM old_rows;
    ELSE
        SELECT array_agg(cadre_id) INTO touched FROM (SELECT cadre_id FROM old_rows UNION SELECT cadre_id FROM new_rows) c;
    END IF;
    -- A cadre without a row gets one, counted at once: another writer of their skills waits for this row to commit
    -- (the unique key), then recounts below.
    WITH inserted AS (
        INSERT INTO talent_skill_tokens (cadre_id, tokens) SELECT c, talent_skill_tokens_of(c) FROM unnest(touched) c
        ON CONFLICT DO NOTHING RETURNING cadre_id)
    SELECT array_agg(cadre_id) INTO added FROM inserted;
    touched := ARRAY(SELECT unnest(touched) EXCEPT SELECT unnest(added));
    -- The others: each statement below reads a new snapshot, so once their rows are locked (waiting for another
    -- writer of the same cadres to commit) the recount sees that writer's skills too.
    PERFORM 1 FROM talent_skill_tokens WHERE cadre_id = ANY(touched) ORDER BY cadre_id FOR UPDATE;
    UPDATE talent_skill_tokens SET tokens = talent_skill_tokens_of(cadre_id) WHERE cadre_id = ANY(touched);
    RETURN NULL;
END $$"""

# Transition tables allow one event per trigger.
TRIGGERS = {
    "talent_skill_tokens_insert": "AFTER INSERT ON talent_cadreskill REFERENCING NEW TABLE AS new_rows",
    "talent_skill_tokens_update": "AFTER UPDATE ON talent_cadreskill REFERENCING OLD TABLE AS old_rows "
                                  "NEW TABLE AS new_rows",
    "talent_skill_tokens_delete": "AFTER DELETE ON talent_cadreskill REFERENCING OLD TABLE AS old_rows",
    "talent_skill_tokens_truncate": "AFTER TRUNCATE ON talent_cadreskill",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("LOCK TABLE talent_cadreskill IN SHARE MODE")  # no write between the fill and the triggers
    execute("CREATE TABLE talent_skill_tokens (cadre_id bigint PRIMARY KEY, tokens integer[] NOT NULL)")
    execute(TOKENS_OF)
    execute(KEEP)
    for name, event in TRIGGERS.items():
        execute(f"CREATE TRIGGER {name} {event} FOR EACH STATEMENT EXECUTE FUNCTION talent_skill_tokens_keep()")
    # One statement for every cadre (talent_skill_tokens_of's tokens, grouped: faster than a call per cadre), then
    # the index (built once, faster than kept row by row).
    execute("""
        INSERT INTO talent_skill_tokens (cadre_id, tokens)
        SELECT s.cadre_id, array_agg((s.skill_id * 8 + l)::integer ORDER BY s.skill_id, l)
        FROM talent_cadreskill s CROSS JOIN generate_series(1, s.level) l GROUP BY s.cadre_id""")
    # New entries wait in a pending list that every search reads through until it is merged: at the default 4 MB
    # (about 12,000 skill writes) a search took 20 ms more; at 256 kB it is merged every few hundred writes.
    execute("CREATE INDEX talent_skill_tokens_gin ON talent_skill_tokens USING gin (tokens) "
            "WITH (gin_pending_list_limit = 256)")
    execute("ANALYZE talent_skill_tokens")  # the planner's estimate of how many hold a set of tokens


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TABLE IF EXISTS talent_skill_tokens")
    schema_editor.execute("DROP FUNCTION IF EXISTS talent_skill_tokens_keep() CASCADE")  # and its triggers
    schema_editor.execute("DROP FUNCTION IF EXISTS talent_skill_tokens_of(bigint)")


class Migration(migrations.Migration):
    dependencies = [("talent", "0022_cadre_skill_verified_index")]

    operations = [migrations.RunPython(create, drop)]
