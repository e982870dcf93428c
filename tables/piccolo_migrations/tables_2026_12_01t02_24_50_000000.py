"""At most one active AI configuration per user: a partial unique index (Piccolo has none).

It is also the index of the per-request lookup (`WHERE user_id = $1 AND active`).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T02:24:50:000000"
VERSION = "1.38.0"
DESCRIPTION = "one active llm config per user"

FORWARDS = "CREATE UNIQUE INDEX llm_config_one_active_per_user ON llm_config (user_id) WHERE active"
BACKWARDS = "DROP INDEX IF EXISTS llm_config_one_active_per_user"


# Piccolo's pattern for raw SQL in a migration: a table of its own, never the live tables.
class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tables", description=DESCRIPTION)

    async def run():
        await RawTable.raw(FORWARDS)

    async def run_backwards():
        await RawTable.raw(BACKWARDS)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
