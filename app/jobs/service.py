"""Our job rows: created with the work they describe, moved along by the workers that do it,
and shown to every Admin."""

from __future__ import annotations

from uuid import UUID

from app.core.errors import NotFound
from app.core.pagination import Page
from app.jobs import repository
from app.jobs.schemas import JobKind, JobOut, JobStatus


async def create(kind: JobKind, total: int, created_by: UUID | None) -> UUID:
    """A queued job; done at once when there is nothing to do."""
    job_id = await repository.insert(kind, total, created_by)
    if total == 0:
        await repository.progress(job_id, 0, "done")
    return job_id


async def started(job_id: UUID) -> None:
    await repository.start(job_id)


async def progressed(job_id: UUID, done: int, status: JobStatus) -> None:
    """`done` items so far; a `done` or `failed` status also stamps the finish."""
    await repository.progress(job_id, done, status)


async def failed(job_id: UUID, error: str) -> None:
    """The job gave up; a finished job stays as it finished."""
    await repository.fail(job_id, error)


async def list_jobs(limit: int, offset: int) -> Page[JobOut]:
    rows, total = await repository.jobs_page(limit, offset)
    return Page(items=[JobOut(**row) for row in rows], total=total, limit=limit, offset=offset)


async def get_job(job_id: UUID) -> JobOut:
    row = await repository.job(job_id)
    if row is None:
        raise NotFound("No such job")
    return JobOut(**row)
