"""Full-text search on resumes and containment search on analyses.

Piccolo has no tsvector type, so these live in raw SQL (one statement per call).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-27T09:10:16:810546"
VERSION = "1.38.0"
DESCRIPTION = "full-text search and JSONB indexes"

FORWARDS = [
    # The resume's name weighs more than its body when ranking.
    """
    ALTER TABLE resume ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', custom_name), 'A')
        || setweight(to_tsvector('english', raw_text), 'B')
    ) STORED
    """,
    "CREATE INDEX resume_search_vector_gin ON resume USING gin (search_vector)",
    """
    CREATE INDEX analysis_comprehensive_analysis_gin
    ON analysis USING gin (comprehensive_analysis jsonb_path_ops)
    """,
]

BACKWARDS = [
    "DROP INDEX IF EXISTS analysis_comprehensive_analysis_gin",
    "DROP INDEX IF EXISTS resume_search_vector_gin",
    "ALTER TABLE resume DROP COLUMN IF EXISTS search_vector",
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
