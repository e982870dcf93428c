"""Admin views over everyone's data (users with counts, totals), recruiter profiles, and bulk
uploads: every resume in a ZIP stored like a single upload, bad ones only counted."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import msgspec

from app.admin import repository
from app.admin.archive import display_name, open_archive, read_entry, refusal
from app.admin.schemas import BulkError, BulkUploadOut, RecruiterOut, Stats
from app.ai.analyser import Analyser
from app.core.errors import NotFound
from app.core.pagination import Page
from app.resumes import service as resumes
from app.resumes.extraction import ExtractionError
from app.resumes.extraction.sandbox import Extractor
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
    admin_id: UUID,
    file_name: str,
    data: bytes,
    show_in_central: bool,
    analyser: Analyser,
    extractor: Extractor,
) -> BulkUploadOut:
    """Each entry is committed on its own, so a crash midway keeps what was stored whole.

    Entries are read one at a time in the extraction sandbox, each waiting its turn for a slot
    rather than failing: the batch holds at most one slot, and single uploads interleave.
    An archive that cannot be opened at all is refused whole (its ExtractionError).
    """
    archive, entries = await asyncio.to_thread(open_archive, data)
    errors: list[BulkError] = []
    with archive:
        for info in entries:
            name = display_name(info.filename)
            reason = refusal(info)
            if reason is None:
                try:
                    raw = await asyncio.to_thread(read_entry, archive, info)
                    text = await extractor.extract(raw, name, patient=True)
                except ExtractionError as exc:
                    reason = exc.reason
                else:
                    result = await analyser.analyse(text)
                    await resumes.store(admin_id, name, text, show_in_central, result)
            if reason is not None:
                errors.append(BulkError(file=info.filename[:300], reason=reason))
    row = await repository.insert_bulk_upload(
        admin_id, file_name, len(entries), [msgspec.structs.asdict(e) for e in errors]
    )
    return _bulk_out(row)


async def list_bulk_uploads(admin_id: UUID, limit: int, offset: int) -> Page[BulkUploadOut]:
    rows, total = await repository.bulk_uploads_page(admin_id, limit, offset)
    return Page(items=[_bulk_out(r) for r in rows], total=total, limit=limit, offset=offset)


async def get_bulk_upload(admin_id: UUID, upload_id: UUID) -> BulkUploadOut:
    row = await repository.bulk_upload(admin_id, upload_id)
    if row is None:
        raise NotFound("No such bulk upload")
    return _bulk_out(row)
