"""Resumes stored before `source` existed get it from what is known of them: "bulk" when a bulk
upload made them, else the column's default, "upload" (whether a file or JSON text was sent was
not recorded). Data only, in a migration of its own: Piccolo runs a migration's raw steps before
its column changes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T02:29:40:000000"
VERSION = "1.38.0"
DESCRIPTION = "resume source of bulk rows"


# A dummy table to run raw SQL with, as Piccolo's docs advise: never the live tables.
class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tables", description=DESCRIPTION)

    async def mark_bulk_rows():
        await RawTable.raw("UPDATE resume SET source = 'bulk' WHERE bulk_upload_id IS NOT NULL")

    manager.add_raw(mark_bulk_rows)
    return manager
