"""Indexes for the resume lists and the recruiters' search.

A lower-cased copy of each analysis's technical skills, kept by PostgreSQL itself, lets
`skill=python` match "Python" through JSONB containment on a GIN index; the two list indexes
serve "newest first" for one owner and for the central repository.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-27T09:28:00:893900"
VERSION = "1.38.0"
DESCRIPTION = "resume list and skill search indexes"

FORWARDS = [
    """
    ALTER TABLE analysis ADD COLUMN technical_skills jsonb GENERATED ALWAYS AS (
        COALESCE(lower((comprehensive_analysis -> 'skills' -> 'technical')::text)::jsonb, '[]')
    ) STORED
    """,
    """
    CREATE INDEX analysis_technical_skills_gin
    ON analysis USING gin (technical_skills jsonb_path_ops)
    """,
    "CREATE INDEX resume_user_newest ON resume (user_id, uploaded_at DESC, id DESC)",
    """
    CREATE INDEX resume_central_newest ON resume (uploaded_at DESC, id DESC)
    WHERE show_in_central
    """,
]

BACKWARDS = [
    "DROP INDEX IF EXISTS resume_central_newest",
    "DROP INDEX IF EXISTS resume_user_newest",
    "DROP INDEX IF EXISTS analysis_technical_skills_gin",
    "ALTER TABLE analysis DROP COLUMN IF EXISTS technical_skills",
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
