"""Admin views over everyone's data (users with counts, totals), recruiter profiles, and bulk
uploads: a ZIP checked here and handed to the workers (app/admin/bulk.py)."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import msgspec
from procrastinate import App
from procrastinate.exceptions import ConnectorException

from app.admin import bulk, repository
from app.admin.archive import open_archive
from app.admin.schemas import BulkError, BulkUploadOut, RecruiterOut, Stats
from app.core.errors import NotFound, Unavailable
from app.core.pagination import Page
from app.db import transaction
from app.jobs import service as jobs
from app.jobs import tasks
from app.users.schemas import MeOut, me_from_row


async def list_users(q: str | None, role: str | None, limit: int, offset: int) -> Page[MeOut]:
    """Users with their counts, newest first."""
    rows, total = await repository.users_page(q, role, limit, offset)
    return Page(items=[me_from_row(r) for r in rows], total=total, limit=limit, offset=offset)


async def stats() -> Stats:
    """Totals and resumes per predicted field, counted by PostgreSQL."""
    return Stats(**await repository.totals())


async def get_recruiter(admin_id: UUID) -> RecruiterOut:
    row = await repository.recruiter(admin_id)
    if row is None:
        raise NotFound("No recruiter profile yet")
    return RecruiterOut(**row)


async def put_recruiter(admin_id: UUID, email: str, company_name: str) -> RecruiterOut:
    return RecruiterOut(**await repository.put_recruiter(admin_id, email.lower(), company_name))


async def delete_recruiter(admin_id: UUID) -> None:
    if not await repository.delete_recruiter(admin_id):
        raise NotFound("No recruiter profile")


def _bulk_out(row: dict[str, Any]) -> BulkUploadOut:
    errors = msgspec.json.decode(row["errors"], type=list[BulkError])
    return BulkUploadOut(**{**row, "errors": errors})


async def bulk_upload(
    admin_id: UUID, file_name: str, data: bytes, show_in_central: bool, engine: App
) -> BulkUploadOut:
    """Check the archive now (a refusal is the caller's 4xx), then queue its entries.

    The archive is stored with its queued upload and job in one transaction; the engine's jobs,
    one per chunk of entries, are deferred once those are committed.
    """
    archive, entries = await asyncio.to_thread(open_archive, data)
    archive.close()
    total = len(entries)
    async with transaction():
        job_id = await jobs.create("bulk_upload", total, admin_id)
        row = await repository.insert_bulk_upload(
            admin_id, file_name, total, data if total else None, job_id
        )
    if total:
        try:
            await tasks.defer_bulk_upload(engine, row["id"], job_id, total, show_in_central)
        except ConnectorException as exc:
            await bulk.give_up(row["id"], job_id, jobs.QUEUE_DOWN)
            raise Unavailable(jobs.QUEUE_DOWN, headers={"Retry-After": "5"}) from exc
    return _bulk_out(row)


async def list_bulk_uploads(admin_id: UUID, limit: int, offset: int) -> Page[BulkUploadOut]:
    rows, total = await repository.bulk_uploads_page(admin_id, limit, offset)
    return Page(items=[_bulk_out(r) for r in rows], total=total, limit=limit, offset=offset)


async def get_bulk_upload(admin_id: UUID, upload_id: UUID) -> BulkUploadOut:
    row = await repository.bulk_upload(admin_id, upload_id)
    if row is None:
        raise NotFound("No such bulk upload")
    return _bulk_out(row)
