"""Bulk uploads in the workers: the entries of an upload, a chunk at a time, each recorded once.

An entry is recorded in one transaction with the upload's counts: as a resume (unique per upload
and entry name) or as an error (added only when its entry has none). A chunk skips the entries
already recorded, so a worker killed midway, and whichever worker takes its chunk over, end
with exact counts and no resume twice; several workers share an upload's chunks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zipfile
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from app.admin import repository
from app.admin.archive import display_name, entry_key, open_archive, read_entry, refusal
from app.ai.analyser import Analyser
from app.db import transaction
from app.jobs import service as jobs
from app.resumes import service as resumes
from app.resumes.extraction import ExtractionError
from app.resumes.extraction.sandbox import Extractor

logger = logging.getLogger("talentsync.jobs")
# Entries per chunk job: a stopping worker finishes its chunk in seconds.
CHUNK_ENTRIES = 10


def chunks(total: int) -> list[tuple[int, int]]:
    """The [start, stop) ranges of the upload's entries, one chunk job each."""
    return [(start, min(start + CHUNK_ENTRIES, total)) for start in range(0, total, CHUNK_ENTRIES)]


class ArchiveCache:
    """The archive this worker read last: the next chunk of the same upload needs no fetch."""

    def __init__(self) -> None:
        self._upload_id: UUID | None = None
        self._data: bytes | None = None
        self._lock = asyncio.Lock()

    async def get(self, upload_id: UUID) -> bytes | None:
        async with self._lock:
            if upload_id != self._upload_id:
                self._upload_id, self._data = None, None  # never two archives held at once
                self._data = await repository.archive(upload_id)
                self._upload_id = upload_id
            return self._data


@dataclass(frozen=True)
class BulkTools:
    """What processing entries takes; one per worker process, built from the settings."""

    analyser: Analyser
    extractor: Extractor
    archives: ArchiveCache = field(default_factory=ArchiveCache)


class _Recorded(Exception):
    """Rolls an entry back: another worker recorded it, or the upload stopped meanwhile."""


async def process_chunk(
    upload_id: UUID, job_id: UUID, start: int, stop: int, show_in_central: bool, tools: BulkTools
) -> None:
    upload = await repository.upload_in_progress(upload_id)
    if upload is None:
        # Finished, given up, or deleted with its admin: in the last case its job says so.
        await jobs.failed(job_id, "the bulk upload was deleted")
        return
    data = await tools.archives.get(upload_id)
    if data is None:  # finished by other workers meanwhile
        return
    async with transaction():
        if await repository.start(upload_id):
            await jobs.started(job_id)
    recorded = await repository.recorded_entries(upload_id)
    archive, entries = await asyncio.to_thread(open_archive, data)
    with archive:
        for info in entries[start:stop]:
            if entry_key(info) not in recorded:
                await _process_entry(upload, archive, info, show_in_central, tools)
    logger.debug("bulk upload chunk done", extra={"upload_id": str(upload_id), "start": start})


async def give_up(upload_id: UUID, job_id: UUID, reason: str) -> None:
    """The chunk failed for good: so do the upload (its archive dropped) and its job."""
    async with transaction():
        await repository.fail(upload_id)
        await jobs.failed(job_id, reason)


async def give_up_job(job_id: UUID, reason: str) -> None:
    """The upload of this job fails, and so does the job."""
    async with transaction():
        await repository.fail_of_job(job_id)
        await jobs.failed(job_id, reason)


async def _process_entry(
    upload: dict[str, Any],
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    show_in_central: bool,
    tools: BulkTools,
) -> None:
    """Read, analyse and store one entry, or list it with the reason it cannot be used."""
    name = display_name(info.filename)
    reason = refusal(info)
    if reason is None:
        try:
            raw = await asyncio.to_thread(read_entry, archive, info)
            text = await tools.extractor.extract(raw, name, patient=True)
        except ExtractionError as exc:
            reason = exc.reason
        else:
            result = await tools.analyser.analyse(text)
            with contextlib.suppress(_Recorded):
                async with transaction():
                    stored = await resumes.store_bulk_entry(
                        upload["admin_id"],
                        (upload["id"], entry_key(info)),
                        name,
                        text,
                        show_in_central,
                        result,
                    )
                    # The upload's row is locked last: workers sharing it wait on each other
                    # only for this update and the commit, not for the inserts too.
                    row = await repository.count_success(upload["id"]) if stored else None
                    if row is None:
                        raise _Recorded
                    await _progressed(row)
            return
    async with transaction():
        row = await repository.count_failure(upload["id"], entry_key(info), reason)
        if row:
            await _progressed(row)


async def _progressed(row: dict[str, Any]) -> None:
    """The upload's job follows it; its last entry finishes both."""
    await jobs.progressed(row["job_id"], row["processed"], row["status"])
    if row["status"] == "done":
        logger.info(
            "bulk upload done", extra={"job_id": str(row["job_id"]), "files": row["processed"]}
        )
