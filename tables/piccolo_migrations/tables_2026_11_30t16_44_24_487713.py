"""Forget the OAuth provider tokens stored so far: nothing uses them, and they grant access.

Data only, no schema change: the columns stay (NULL). There is nothing to restore backwards.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T16:44:24:487713"
VERSION = "1.38.0"
DESCRIPTION = "clear_oauth_tokens"


# A dummy table to run raw SQL with, as Piccolo's docs advise: never the live tables.
class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tables", description=DESCRIPTION)

    async def run():
        await RawTable.raw(
            "UPDATE account SET access_token = NULL, refresh_token = NULL, id_token = NULL "
            "WHERE access_token IS NOT NULL OR refresh_token IS NOT NULL OR id_token IS NOT NULL"
        )

    manager.add_raw(run)
    return manager
