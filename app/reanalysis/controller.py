"""HTTP for POST /api/v1/admin/reanalysis: re-run the server's analyser over many resumes."""

from __future__ import annotations

from litestar import Controller, post
from litestar.params import JSONBody

from app.auth.guards import AuthRequest, requires_admin
from app.core.ratelimit import generation_budget
from app.jobs.schemas import JobOut
from app.reanalysis import service
from app.reanalysis.schemas import ReanalysisIn


class ReanalysisController(Controller):
    path = "/api/v1/admin/reanalysis"
    tags = ["admin"]
    guards = [requires_admin]

    @post(
        "/",
        status_code=202,
        guards=[generation_budget],
        opt={"problems": (429, 503)},
        description=(
            "Queue a job that re-runs the server's analyser over every resume (`scope: all`) or "
            "the central repository's (`central`), in batches; analyses stored by clients with "
            "PUT are left alone. Follow it at GET /api/v1/admin/jobs/{id} (`done` of `total`)."
        ),
    )
    async def start(self, request: AuthRequest, data: JSONBody[ReanalysisIn]) -> JobOut:
        return await service.start(request.user.id, data.scope, request.app.state.job_engine)
