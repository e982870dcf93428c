"""The tasks workers run. Their names are stored with every queued job: keep them stable."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from uuid import UUID

from procrastinate import App, JobContext, RetryStrategy
from procrastinate.exceptions import ConnectorException
from procrastinate.types import JSONDict

from app.admin import bulk
from app.ai.analyser import Analyser
from app.auth import service as auth
from app.core.errors import AppError
from app.jobs import service as jobs
from app.reanalysis import batches

logger = logging.getLogger("talentsync.jobs")

BULK_UPLOAD_CHUNK = "bulk_upload_chunk"
REANALYSIS_BATCH = "reanalysis_batch"
CLEANUP = "cleanup"
RETRY_STALLED_JOBS = "retry_stalled_jobs"
# A chunk or batch that fails (the database or the AI provider away) runs again after 2, 4, 8,
# 16 and 32 seconds; after that its job fails with the reason.
CHUNK_RETRY = RetryStrategy(max_attempts=5, exponential_wait=2)
# Hourly, at a minute past: dead sessions and tokens are deleted. The clean-ups' own job rows
# are kept for a week.
CLEANUP_CRON = "1 * * * *"
CLEANUP_KEPT = dt.timedelta(days=7)
# Where the worker's TaskTools are in each job's context.
TOOLS = "tools"
UNEXPECTED = "an unexpected error stopped the job; the worker's log has the details"
# A job the engine never received is failed after this long (deferring takes milliseconds).
NEVER_QUEUED_GRACE = dt.timedelta(minutes=1)
NEVER_QUEUED = "the job never reached the queue (the API stopped meanwhile); start it again"


@dataclass(frozen=True)
class TaskTools:
    """What the tasks use, built once per worker process (app/jobs/worker.py)."""

    bulk: bulk.BulkTools
    # The server's analyser (never a user's own configuration).
    analyser: Analyser
    # A worker without a heartbeat for this long is taken for dead.
    stalled_seconds: float
    # Sessions older than this are dead whatever their expiry says (SESSION_MAX_DAYS).
    session_max_age: dt.timedelta


def _tools(context: JobContext) -> TaskTools:
    tools: TaskTools = context.additional_context[TOOLS]
    return tools


def _reason(exc: Exception) -> str:
    """What an Admin reads of a failure: an AppError's title, never internals (logged)."""
    return exc.title if isinstance(exc, AppError) else UNEXPECTED


def _last_attempt(context: JobContext, exc: Exception) -> bool:
    assert context.job is not None
    return context.task is not None and context.task.get_retry_exception(exc, context.job) is None


async def bulk_upload_chunk(
    context: JobContext,
    *,
    upload_id: str,
    job_id: str,
    start: int,
    stop: int,
    show_in_central: bool,
) -> None:
    """Entries [start, stop) of a bulk upload."""
    upload, job = UUID(upload_id), UUID(job_id)
    try:
        await bulk.process_chunk(upload, job, start, stop, show_in_central, _tools(context).bulk)
    except Exception as exc:
        if _last_attempt(context, exc):
            await bulk.give_up(upload, job, _reason(exc))
        raise


async def reanalysis_batch(
    context: JobContext, *, job_id: str, step: int, resume_ids: list[str], scope: str
) -> None:
    """One batch of a re-analysis job."""
    job = UUID(job_id)
    ids = [UUID(resume_id) for resume_id in resume_ids]
    try:
        await batches.process_batch(job, step, ids, scope, _tools(context).analyser)
    except Exception as exc:
        if _last_attempt(context, exc):
            await jobs.failed(job, _reason(exc))
        raise


async def cleanup(context: JobContext, timestamp: int) -> None:
    """Delete dead sessions and tokens; a `cleanup` job row records each run."""
    await jobs.forget("cleanup", CLEANUP_KEPT)
    job_id = await jobs.create("cleanup", 1, None)
    await jobs.started(job_id)
    try:
        deleted = await auth.purge_dead(_tools(context).session_max_age)
    except Exception:
        await jobs.failed(job_id, UNEXPECTED)
        raise
    logger.info("dead sessions and tokens deleted", extra={"job_id": str(job_id), **deleted})
    await jobs.progressed(job_id, 1, "done")


async def retry_stalled_jobs(context: JobContext, timestamp: int) -> None:
    """Jobs left running by a worker that stopped sending heartbeats (killed) are queued again;
    our jobs whose work never reached the engine are failed, with the reason."""
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(
        seconds_since_heartbeat=_tools(context).stalled_seconds
    )
    for job in stalled:
        try:
            await manager.retry_job(job)
        except ConnectorException:  # finished or retried meanwhile
            continue
        logger.warning(
            "job %s of a dead worker queued again", job.id, extra={"task": job.task_name}
        )
    for job_id, kind in await jobs.never_queued(NEVER_QUEUED_GRACE):
        logger.warning("job never queued: failed", extra={"job_id": str(job_id), "kind": kind})
        if kind == "bulk_upload":
            await bulk.give_up_job(job_id, NEVER_QUEUED)
        else:
            await jobs.failed(job_id, NEVER_QUEUED)


def sweep_seconds(stalled_seconds: float) -> int:
    """How often the stalled jobs are looked for: a third of the time that makes them stalled."""
    return max(1, min(30, int(stalled_seconds // 3)))


def register_tasks(engine: App, stalled_seconds: float) -> None:
    """Our tasks on a freshly built engine; the sweep is deferred by the workers themselves."""
    engine.task(name=BULK_UPLOAD_CHUNK, pass_context=True, retry=CHUNK_RETRY)(bulk_upload_chunk)
    engine.task(name=REANALYSIS_BATCH, pass_context=True, retry=CHUNK_RETRY)(reanalysis_batch)
    purge = engine.task(name=CLEANUP, pass_context=True, queueing_lock=CLEANUP)(cleanup)
    engine.periodic(cron=CLEANUP_CRON)(purge)
    sweep = engine.task(
        name=RETRY_STALLED_JOBS, pass_context=True, queueing_lock=RETRY_STALLED_JOBS
    )(retry_stalled_jobs)
    engine.periodic(cron=f"* * * * * */{sweep_seconds(stalled_seconds)}")(sweep)


async def defer_bulk_upload(
    engine: App, upload_id: UUID, job_id: UUID, total: int, show_in_central: bool
) -> None:
    """One job per chunk of entries, so that several workers share the upload."""
    chunks: list[JSONDict] = [
        {
            "upload_id": str(upload_id),
            "job_id": str(job_id),
            "start": start,
            "stop": stop,
            "show_in_central": show_in_central,
        }
        for start, stop in bulk.chunks(total)
    ]
    await engine.tasks[BULK_UPLOAD_CHUNK].batch_defer_async(*chunks)


async def defer_reanalysis(engine: App, job_id: UUID, scope: str, resume_ids: list[UUID]) -> None:
    """One job per batch of resumes, so that several workers share the re-analysis."""
    steps: list[JSONDict] = [
        {
            "job_id": str(job_id),
            "step": step,
            "resume_ids": [str(resume_id) for resume_id in batch],
            "scope": scope,
        }
        for step, batch in enumerate(batches.batches(resume_ids))
    ]
    await engine.tasks[REANALYSIS_BATCH].batch_defer_async(*steps)
