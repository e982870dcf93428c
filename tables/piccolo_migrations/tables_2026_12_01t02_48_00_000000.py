"""A small full-text vector for ranking the central search, kept inline.

`search_vector` (the whole text) is stored out of line (TOAST): ranking every match with it
read and decompressed each one. `rank_vector` weighs what a recruiter looks at first, the
resume's name (A) and the top of its text (B, the first 1,000 characters, cut where a word
ends: headline, summary, skills), so that whatever it matches the whole text matches too, unless
the query negates a word; it stays small enough (about 1 KB, 1.6 KB at most) to live in the row itself
(STORAGE MAIN: compressed in place before it would go out of line). Its GIN index finds the
resumes whose top matches a query, the best candidates of a ranked search.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T02:48:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "inline rank vector for the central search"

FORWARDS = [
    """
    ALTER TABLE resume ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', custom_name), 'A')
        || setweight(to_tsvector('english', CASE WHEN length(raw_text) <= 1000 THEN raw_text
            ELSE regexp_replace(left(raw_text, 1001), '\\S*$', '') END), 'B')
    ) STORED
    """,
    "ALTER TABLE resume ALTER COLUMN rank_vector SET STORAGE MAIN",
    "CREATE INDEX resume_rank_vector_gin ON resume USING gin (rank_vector)",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS resume_rank_vector_gin",
    "ALTER TABLE resume DROP COLUMN IF EXISTS rank_vector",
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
