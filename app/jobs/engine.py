"""The job engine: procrastinate, its queue in the app's own PostgreSQL (procrastinate_* tables)."""

from __future__ import annotations

import math

import asyncpg
from procrastinate import App, PsycopgConnector
from procrastinate.schema import SchemaManager

from app.db import resolve_database_url
from app.jobs.tasks import register_tasks
from app.settings import Settings

ENGINE_TABLE = "procrastinate_jobs"
# An advisory lock key: two processes migrating at once create the schema once.
_SCHEMA_LOCK = 0x7A1E_0001


def build_engine(settings: Settings, *, pool_size: int) -> App:
    """An engine with our tasks; its connections open when it is opened (to defer or to work)."""
    connector = PsycopgConnector(
        conninfo=resolve_database_url(settings),
        min_size=0,
        max_size=pool_size,
        timeout=settings.db_pool_timeout,
        kwargs={
            "connect_timeout": math.ceil(settings.db_connect_timeout),
            "application_name": "talentsync-jobs",
        },
    )
    engine = App(connector=connector)
    register_tasks(engine, settings.worker_stalled_seconds)
    return engine


async def engine_schema_present(connection: asyncpg.Connection) -> bool:
    present: bool = await connection.fetchval("SELECT to_regclass($1) IS NOT NULL", ENGINE_TABLE)
    return present


async def apply_engine_schema(connection: asyncpg.Connection) -> bool:
    """Create procrastinate's schema unless it is there; True when created.

    Its version is pinned (constraints.txt): upgrading procrastinate means applying the SQL
    migrations it ships (procrastinate/sql/migrations) in a raw Piccolo migration.
    """
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _SCHEMA_LOCK)
        if await engine_schema_present(connection):
            return False
        await connection.execute(SchemaManager.get_schema())
    return True


async def engine_schema_ready(url: str) -> bool:
    """Whether `talentsync migrate` has created the queue in this database."""
    connection = await asyncpg.connect(url)
    try:
        return await engine_schema_present(connection)
    finally:
        await connection.close()
