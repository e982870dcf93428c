"""The central search's filters on the resume row itself, in the same indexes as its text.

A recruiter's search that combines text with a field or skills (`q=developer&skill=python`)
had to walk every resume the text matched and look up each one's analysis, as no index spans
two tables: 20-50 ms for a common word. `central_facets` copies what those filters read from
the resume's analysis, as `field:<predicted field>` and `skill:<technical skill, lower case>`,
kept by statement triggers on `analysis` (a bulk insert or upsert costs one UPDATE; only the
facets change, so PostgreSQL does not recompute the text vectors). Two GIN indexes over
shared resumes only pair each vector with the facets, so that one index scan finds the
resumes that match both, exactly: a text array's containment and overlap, like a plain
tsquery, need no recheck of the row. `resume_rank_vector_gin` (every resume) served only the
central search and goes; `resume_search_vector_gin` stays for an owner's own text filter.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T05:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "central facets beside the text vectors"

FORWARDS = [
    "ALTER TABLE resume ADD COLUMN central_facets text[]",
    # A client's analysis is validated, but a trigger must never fail an insert: anything
    # but an array of skills counts as none.
    """
    CREATE FUNCTION resume_facets_of(field text, skills jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $$
        SELECT ARRAY['field:' || field] || ARRAY(
            SELECT DISTINCT 'skill:' || lower(skill)
            FROM jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(skills) = 'array' THEN skills ELSE '[]' END
            ) AS skill
            ORDER BY 1
        )
    $$
    """,
    """
    CREATE FUNCTION resume_facets_written() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE resume AS r SET central_facets = f.facets
        FROM (SELECT resume_id, resume_facets_of(predicted_field, technical_skills) AS facets
              FROM written) AS f
        WHERE r.id = f.resume_id AND r.central_facets IS DISTINCT FROM f.facets;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION resume_facets_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE resume AS r SET central_facets = NULL
        FROM removed WHERE r.id = removed.resume_id AND r.central_facets IS NOT NULL;
        RETURN NULL;
    END
    $$
    """,
    # Transition tables allow one event per trigger: an upsert fires the first two.
    """
    CREATE TRIGGER analysis_facets_insert AFTER INSERT ON analysis
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION resume_facets_written()
    """,
    """
    CREATE TRIGGER analysis_facets_update AFTER UPDATE ON analysis
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION resume_facets_written()
    """,
    # An analysis deleted on its own (an operator's doing): its resume is no longer filtered by
    # it. Not when its resume's deletion cascades (a trigger's statement, depth 1): the resume
    # is gone, and looking for it once a resume made deleting an account of 10,000 resumes
    # 40% slower.
    """
    CREATE TRIGGER analysis_facets_delete AFTER DELETE ON analysis
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT WHEN (pg_trigger_depth() = 0)
    EXECUTE FUNCTION resume_facets_removed()
    """,
    """
    UPDATE resume AS r SET central_facets = resume_facets_of(a.predicted_field, a.technical_skills)
    FROM analysis AS a WHERE a.resume_id = r.id
    """,
    """
    CREATE INDEX resume_central_rank ON resume USING gin (rank_vector, central_facets)
    WHERE show_in_central
    """,
    """
    CREATE INDEX resume_central_search ON resume USING gin (search_vector, central_facets)
    WHERE show_in_central
    """,
    "DROP INDEX IF EXISTS resume_rank_vector_gin",
]

BACKWARDS = [
    "CREATE INDEX IF NOT EXISTS resume_rank_vector_gin ON resume USING gin (rank_vector)",
    "DROP INDEX IF EXISTS resume_central_search",
    "DROP INDEX IF EXISTS resume_central_rank",
    "DROP TRIGGER IF EXISTS analysis_facets_delete ON analysis",
    "DROP TRIGGER IF EXISTS analysis_facets_update ON analysis",
    "DROP TRIGGER IF EXISTS analysis_facets_insert ON analysis",
    "DROP FUNCTION IF EXISTS resume_facets_removed()",
    "DROP FUNCTION IF EXISTS resume_facets_written()",
    "DROP FUNCTION IF EXISTS resume_facets_of(text, jsonb)",
    "ALTER TABLE resume DROP COLUMN IF EXISTS central_facets",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tables", description=DESCRIPTION)
    for statement in FORWARDS:
        manager.add_raw(_raw(statement))
    for statement in BACKWARDS:
        manager.add_raw_backwards(_raw(statement))
    return manager


# Piccolo's pattern for raw SQL in a migration: a table of its own, never the live tables,
# so that renaming or removing one later cannot break this step of history.
class RawTable(Table):
    pass


def _raw(statement: str):
    async def run():
        await RawTable.raw(statement)

    return run
