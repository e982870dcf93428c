"""Schema and reference data: run the migrations (ours, then the job engine's), then seed
(all safe to repeat)."""

from __future__ import annotations

import contextlib
import io

import asyncpg
from piccolo.apps.migrations.commands.forwards import run_forwards

from app.db import database_engine
from app.jobs.engine import apply_engine_schema
from tables import Category, Role
from tables.reference import CATEGORIES

__all__ = ["ROLES", "MigrationFailed", "migrate", "seed"]

ROLES = ("User", "Admin")


class MigrationFailed(RuntimeError):
    pass


async def migrate(*, quiet: bool = True) -> None:
    """Apply every pending migration of every app (ours and Piccolo Admin's), and create the job
    engine's tables when they are absent."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output) if quiet else contextlib.nullcontext():
        result = await run_forwards(app_name="all")
    if not result.success:
        raise MigrationFailed(f"{result.message}\n{output.getvalue()}")
    connection = await asyncpg.connect(**database_engine().config)
    try:
        await apply_engine_schema(connection)
    finally:
        await connection.close()


async def seed() -> None:
    """Insert the roles and categories that are missing; existing rows are left as they are."""
    await Role.insert(*(Role(name=name) for name in ROLES)).on_conflict(
        target=Role.name, action="DO NOTHING"
    )
    await Category.insert(*(Category(name=name) for name in CATEGORIES)).on_conflict(
        target=Category.name, action="DO NOTHING"
    )
