"""Re-analysis, as the API starts it: a job over the resumes of a scope, queued in batches."""

from __future__ import annotations

from uuid import UUID

from procrastinate import App
from procrastinate.exceptions import ConnectorException

from app.core.errors import Unavailable
from app.jobs import service as jobs
from app.jobs import tasks
from app.jobs.schemas import JobOut
from app.reanalysis import repository
from app.reanalysis.schemas import Scope


async def start(admin_id: UUID, scope: Scope, engine: App) -> JobOut:
    """The job, with one engine job per batch so that every worker can take a share."""
    resume_ids = await repository.covered(scope)
    job_id = await jobs.create("reanalysis", len(resume_ids), admin_id)
    if resume_ids:
        try:
            await tasks.defer_reanalysis(engine, job_id, scope, resume_ids)
        except ConnectorException as exc:
            await jobs.failed(job_id, jobs.QUEUE_DOWN)
            raise Unavailable(jobs.QUEUE_DOWN, headers={"Retry-After": "5"}) from exc
    return await jobs.get_job(job_id)
