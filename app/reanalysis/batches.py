"""Re-analysis in the workers: one batch of resumes at a time, each batch stored and counted once.

A batch's analyses and its count in the job are one transaction, so a worker killed midway
leaves nothing half-counted, and a batch run again (a retry, or a second worker after a stall)
finds its resumes already analysed since the job was queued and counts nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
from uuid import UUID

from app.ai.analyser import Analyser
from app.db import transaction
from app.jobs import service as jobs
from app.reanalysis import repository
from app.resumes import service as resumes

logger = logging.getLogger("talentsync.jobs")
# Resumes per batch job: a stopping worker finishes its batch in seconds with the built-in
# analyser; with a model, its calls run side by side (up to AI_CONCURRENCY).
BATCH_RESUMES = 20


class _Counted(Exception):
    """Rolls a batch back: it was counted already, or its job ended meanwhile."""


def batches(resume_ids: list[UUID]) -> list[list[UUID]]:
    return [resume_ids[i : i + BATCH_RESUMES] for i in range(0, len(resume_ids), BATCH_RESUMES)]


async def process_batch(
    job_id: UUID, step: int, resume_ids: list[UUID], scope: str, analyser: Analyser
) -> None:
    queued_at = await jobs.queued_at(job_id)
    if queued_at is None:  # finished, or given up
        return
    await jobs.started(job_id)
    pending = await repository.pending(resume_ids, scope, queued_at)
    results = await asyncio.gather(*(analyser.analyse(row["raw_text"]) for row in pending))
    try:
        async with transaction():
            for row, result in zip(pending, results, strict=True):
                await resumes.store_server_analysis(row["id"], row["raw_text"], result)
            # Resumes deleted, unshared or given a client's analysis meanwhile count as done.
            if not await jobs.step_done(job_id, step, len(resume_ids)):
                raise _Counted
    except _Counted:
        logger.info("re-analysis batch counted before", extra={"job_id": str(job_id), "step": step})
