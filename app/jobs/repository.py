"""Jobs' SQL: the rows the API reports, moved along by the work they describe."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from app.core.pagination import fetch_built_page
from app.db import fetch, fetch_one
from tables.jobs import Job

JOB_COLUMNS = [
    Job.id,
    Job.kind,
    Job.status,
    Job.done,
    Job.total,
    Job.error,
    Job.created_at,
    Job.started_at,
    Job.finished_at,
]

# A finished job stays as it finished: late or repeated work never reopens it. Each change
# returns the row only when it changed something, with what the log line of that change needs.
_UNFINISHED = "status IN ('queued', 'running')"
_CHANGED = (
    "RETURNING kind, status, done, total, extract(epoch FROM finished_at - created_at) AS took"
)
_START = f"""
UPDATE job SET status = 'running', started_at = now()
WHERE id = {{}} AND status = 'queued' {_CHANGED}
"""
_PROGRESS = f"""
UPDATE job SET done = {{}}, status = {{}},
    finished_at = CASE WHEN {{}}::text IN ('done', 'failed') THEN now() END
WHERE id = {{}} AND {_UNFINISHED} {_CHANGED}
"""
_FAIL = f"""
UPDATE job SET status = 'failed', error = {{}}, finished_at = now()
WHERE id = {{}} AND {_UNFINISHED} {_CHANGED}
"""
# A step adds its `size` items to `done` once, however often it runs; the last one finishes the
# job. Placeholders: size, step, size, size, job id, step.
_STEP = f"""
UPDATE job SET done = done + {{}}, steps_done = array_append(steps_done, {{}}),
    status = CASE WHEN done + {{}} >= total THEN 'done' ELSE 'running' END,
    started_at = COALESCE(started_at, now()),
    finished_at = CASE WHEN done + {{}} >= total THEN now() END
WHERE id = {{}} AND {_UNFINISHED} AND NOT ({{}} = ANY(steps_done)) {_CHANGED}
"""
# Queued jobs the engine has no trace of: the API stopped between committing the job and
# deferring its work (two databases' transactions cannot be one).
_NEVER_QUEUED = """
SELECT j.id, j.kind FROM job j
WHERE j.status = 'queued' AND j.created_at < now() - {}::interval
  AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs p WHERE p.args ->> 'job_id' = j.id::text)
"""
_FORGET = "DELETE FROM job WHERE kind = {} AND finished_at < now() - {}::interval"
_OPEN = f"SELECT created_at FROM job WHERE id = {{}} AND {_UNFINISHED}"


async def insert(kind: str, total: int, created_by: UUID | None) -> UUID:
    rows = await Job.insert(Job(kind=kind, total=total, created_by_id=created_by)).returning(Job.id)
    job_id: UUID = rows[0]["id"]
    return job_id


async def jobs_page(limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Everyone's jobs, newest first, and the total."""
    newest_first = Job.select(*JOB_COLUMNS).order_by(Job.created_at, Job.id, ascending=False)
    return await fetch_built_page(newest_first, Job.count(), limit, offset)


async def job(job_id: UUID) -> dict[str, Any] | None:
    row: dict[str, Any] | None = await Job.select(*JOB_COLUMNS).where(Job.id == job_id).first()
    return row


async def unfinished(job_id: UUID) -> dict[str, Any] | None:
    """The job's creation time while it is queued or running."""
    return await fetch_one(_OPEN, job_id)


async def start(job_id: UUID) -> dict[str, Any] | None:
    return await fetch_one(_START, job_id)


async def progress(job_id: UUID, done: int, status: str) -> dict[str, Any] | None:
    return await fetch_one(_PROGRESS, done, status, status, job_id)


async def fail(job_id: UUID, error: str) -> dict[str, Any] | None:
    return await fetch_one(_FAIL, error, job_id)


async def count_step(job_id: UUID, step: int, size: int) -> dict[str, Any] | None:
    """None when the step was counted before (or the job is finished)."""
    return await fetch_one(_STEP, size, step, size, size, job_id, step)


async def never_queued(grace: dt.timedelta) -> list[dict[str, Any]]:
    """Jobs queued longer than `grace` ago of which the engine has no job at all."""
    return await fetch(_NEVER_QUEUED, grace)


async def forget(kind: str, finished_before: dt.timedelta) -> None:
    """Delete the jobs of this kind that finished longer ago than `finished_before`."""
    await fetch(_FORGET, kind, finished_before)
