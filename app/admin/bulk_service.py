"""Bulk uploads: every resume in a ZIP stored like a single upload; bad ones only counted."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from uuid import UUID

import msgspec
from litestar.exceptions import NotFoundException

from app.admin.bulk import display_name, open_archive, read_entry, refusal
from app.admin.schemas import BulkError, BulkUploadOut
from app.ai.analyser import Analyser
from app.core.pagination import Page, PageQuery, fetch_page
from app.resumes import service as resumes
from app.resumes.extraction import ExtractionError
from app.resumes.extraction.sandbox import Extractor
from tables import BulkUpload

_COLUMNS = "id, file_name, total_files, succeeded, failed, uploaded_at, errors"


def _out(row: dict[str, Any]) -> BulkUploadOut:
    errors = msgspec.json.decode(row["errors"], type=list[BulkError])
    return BulkUploadOut(**{**row, "errors": errors})


async def run(
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
    rows = await BulkUpload.raw(
        "INSERT INTO bulk_upload (admin_id, file_name, total_files, succeeded, failed, errors) "
        f"VALUES ({{}}, {{}}, {{}}, {{}}, {{}}, {{}}::jsonb) RETURNING {_COLUMNS}",
        admin_id,
        file_name,
        len(entries),
        len(entries) - len(errors),
        len(errors),
        json.dumps([msgspec.structs.asdict(e) for e in errors]),
    )
    return _out(rows[0])


async def list_own(admin_id: UUID, limit: int, offset: int) -> Page[BulkUploadOut]:
    query = PageQuery(
        f"SELECT {_COLUMNS} FROM bulk_upload WHERE admin_id = {{}} "
        "ORDER BY uploaded_at DESC, id DESC LIMIT {} OFFSET {}",
        [admin_id],
        "SELECT count(*) AS n FROM bulk_upload WHERE admin_id = {}",
        [admin_id],
    )
    rows, total = await fetch_page(query, limit, offset)
    items = [_out({k: r[k] for k in _COLUMNS.split(", ")}) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


async def get(admin_id: UUID, upload_id: UUID) -> BulkUploadOut:
    rows = await BulkUpload.raw(
        f"SELECT {_COLUMNS} FROM bulk_upload WHERE id = {{}} AND admin_id = {{}}",
        upload_id,
        admin_id,
    )
    if not rows:
        raise NotFoundException("No such bulk upload")
    return _out(rows[0])
