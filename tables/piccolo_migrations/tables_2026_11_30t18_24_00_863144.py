"""Bulk uploads made before the workers were processed on the spot: mark them done.

Data only: the columns come from the migration before. Nothing to restore backwards.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T18:24:00:863144"
VERSION = "1.38.0"
DESCRIPTION = "finished_bulk_uploads"


# A dummy table to run raw SQL with, as Piccolo's docs advise: never the live tables.
class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tables", description=DESCRIPTION)

    async def run():
        await RawTable.raw(
            "UPDATE bulk_upload SET status = 'done', processed = total_files, "
            "finished_at = uploaded_at WHERE job_id IS NULL AND status = 'queued'"
        )

    manager.add_raw(run)
    return manager
