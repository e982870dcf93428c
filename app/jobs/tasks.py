"""The tasks workers run. Their names are stored with every queued job: keep them stable."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from procrastinate import App, JobContext, RetryStrategy
from procrastinate.exceptions import ConnectorException
from procrastinate.types import JSONDict

from app.admin import bulk
from app.core.errors import AppError

logger = logging.getLogger("talentsync.jobs")

BULK_UPLOAD_CHUNK = "bulk_upload_chunk"
RETRY_STALLED_JOBS = "retry_stalled_jobs"
# A chunk that fails (the database or the AI provider away) runs again after 2, 4, 8, 16 and
# 32 seconds; after that its upload fails with the reason.
CHUNK_RETRY = RetryStrategy(max_attempts=5, exponential_wait=2)
# Where the worker's TaskTools are in each job's context.
TOOLS = "tools"
UNEXPECTED = "an unexpected error stopped the upload; the worker's log has the details"


@dataclass(frozen=True)
class TaskTools:
    """What the tasks use, built once per worker process (app/jobs/worker.py)."""

    bulk: bulk.BulkTools
    # A worker without a heartbeat for this long is taken for dead.
    stalled_seconds: float


def _tools(context: JobContext) -> TaskTools:
    tools: TaskTools = context.additional_context[TOOLS]
    return tools


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
        if context.task.get_retry_exception(exc, context.job) is None:  # the last attempt
            # An Admin reads this: an AppError's title, never internals (the log has those).
            await bulk.give_up(upload, job, exc.title if isinstance(exc, AppError) else UNEXPECTED)
        raise


async def retry_stalled_jobs(context: JobContext, timestamp: int) -> None:
    """Jobs left running by a worker that stopped sending heartbeats (killed) are queued again."""
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


def sweep_seconds(stalled_seconds: float) -> int:
    """How often the stalled jobs are looked for: a third of the time that makes them stalled."""
    return max(1, min(30, int(stalled_seconds // 3)))


def register_tasks(engine: App, stalled_seconds: float) -> None:
    """Our tasks on a freshly built engine; the sweep is deferred by the workers themselves."""
    engine.task(name=BULK_UPLOAD_CHUNK, pass_context=True, retry=CHUNK_RETRY)(bulk_upload_chunk)
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
