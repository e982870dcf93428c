"""Following a bulk upload to its end, and checking that it stored each entry exactly once."""

from __future__ import annotations

import asyncio
from typing import Any

from tables import Analysis, BulkUpload, Job, Resume

BULK = "/api/v1/admin/bulk-uploads"


async def wait_until_done(upload_id: str) -> dict[str, Any]:
    """The upload once finished (within 30 s), polled as a client would."""
    async with asyncio.timeout(30):
        while True:
            row = await BulkUpload.select().where(BulkUpload.id == upload_id).first()
            if row["status"] in ("done", "failed"):
                return dict(row)
            await asyncio.sleep(0.1)


async def assert_exactly_stored(upload: dict[str, Any], count: int) -> None:
    """Every entry once: one resume with its analysis each, and the counts to match."""
    assert upload["status"] == "done"
    assert (upload["processed"], upload["succeeded"], upload["failed"]) == (count, count, 0)
    assert upload["archive"] is None
    assert await Resume.count() == count
    assert await Analysis.count() == count
    entries = await Resume.select(Resume.bulk_entry).where(Resume.bulk_upload_id == upload["id"])
    assert sorted(r["bulk_entry"] for r in entries) == [f"cv-{i:04}.txt" for i in range(count)]
    # Only the upload's job: a worker started near the hour also queues the hourly clean-up.
    job = await Job.select(Job.status, Job.done, Job.total).where(Job.kind == "bulk_upload").first()
    assert job == {"status": "done", "done": count, "total": count}


async def resumes_stored(count: int) -> int:
    """How many resumes once at least `count` are (within 30 s): a worker is mid-upload."""
    async with asyncio.timeout(30):
        while True:
            stored: int = await Resume.count()
            if stored >= count:
                return stored
            await asyncio.sleep(0.01)
