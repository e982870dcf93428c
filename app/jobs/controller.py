"""HTTP for /api/v1/admin/jobs: the background jobs, for every Admin."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get
from litestar.params import FromPath

from app.auth.guards import requires_admin
from app.core.pagination import Limit, Offset, Page
from app.jobs import service
from app.jobs.schemas import JobOut


class JobController(Controller):
    path = "/api/v1/admin/jobs"
    tags = ["admin"]
    guards = [requires_admin]

    @get("/")
    async def list_jobs(self, limit: Limit = 20, offset: Offset = 0) -> Page[JobOut]:
        """Every job, whoever started it, newest first."""
        return await service.list_jobs(limit, offset)

    @get("/{job_id:uuid}")
    async def get_job(self, job_id: FromPath[UUID]) -> JobOut:
        return await service.get_job(job_id)
