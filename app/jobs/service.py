"""Our job rows: created with the work they describe, moved along by the workers that do it,
and shown to every Admin. Each job's start and finish are logged here, with its id and duration.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from uuid import UUID

from app.core.errors import NotFound
from app.core.pagination import Page
from app.jobs import repository
from app.jobs.schemas import JobKind, JobOut, JobStatus

logger = logging.getLogger("talentsync.jobs")
# When the engine cannot take a job (its database connection failed): the job fails at once.
QUEUE_DOWN = "The job queue is unavailable; try again shortly"


def _log_change(job_id: UUID, change: dict[str, Any] | None) -> None:
    """The job's start and its finish (with how long it took since it was queued)."""
    if change is None:
        return
    about: dict[str, Any] = {"job_id": str(job_id), "kind": change["kind"]}
    if change["status"] == "running" and change["done"] == 0:
        logger.info("job started", extra=about)
    elif change["status"] in ("done", "failed"):
        about |= {"status": change["status"], "done": change["done"], "total": change["total"]}
        logger.info("job finished", extra={**about, "seconds": round(float(change["took"]), 3)})


async def create(kind: JobKind, total: int, created_by: UUID | None) -> UUID:
    """A queued job; done at once when there is nothing to do."""
    job_id = await repository.insert(kind, total, created_by)
    if total == 0:
        await repository.progress(job_id, 0, "done")
    return job_id


async def queued_at(job_id: UUID) -> dt.datetime | None:
    """When a job still queued or running was queued; None once it finished."""
    row = await repository.unfinished(job_id)
    return None if row is None else row["created_at"]


async def started(job_id: UUID) -> None:
    _log_change(job_id, await repository.start(job_id))


async def progressed(job_id: UUID, done: int, status: JobStatus) -> None:
    """`done` items so far; a `done` or `failed` status also stamps the finish."""
    _log_change(job_id, await repository.progress(job_id, done, status))


async def step_done(job_id: UUID, step: int, size: int) -> bool:
    """Count a step's `size` items once; False when it was counted before or the job ended."""
    change = await repository.count_step(job_id, step, size)
    _log_change(job_id, change)
    return change is not None


async def failed(job_id: UUID, error: str) -> None:
    """The job gave up; a finished job stays as it finished."""
    _log_change(job_id, await repository.fail(job_id, error))


async def forget(kind: JobKind, finished_before: dt.timedelta) -> None:
    """Jobs of this kind finished long ago leave the list (the hourly clean-ups' own rows)."""
    await repository.forget(kind, finished_before)


async def never_queued(grace: dt.timedelta) -> list[tuple[UUID, JobKind]]:
    """Jobs whose work never reached the engine (the API stopped in between)."""
    return [(row["id"], row["kind"]) for row in await repository.never_queued(grace)]


async def list_jobs(limit: int, offset: int) -> Page[JobOut]:
    rows, total = await repository.jobs_page(limit, offset)
    return Page(items=[JobOut(**row) for row in rows], total=total, limit=limit, offset=offset)


async def get_job(job_id: UUID) -> JobOut:
    row = await repository.job(job_id)
    if row is None:
        raise NotFound("No such job")
    return JobOut(**row)
