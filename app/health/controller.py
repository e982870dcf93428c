"""Liveness and readiness probes."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from app.health import service
from app.health.schemas import HealthStatus, ReadyStatus
from app.settings import Settings

OK = HealthStatus(status="ok")


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get(
        "/",
        exclude_from_auth=True,
        summary="Liveness: the process answers",
        opt={"database": False},
    )
    async def live(self) -> HealthStatus:
        return OK

    @get(
        "/ready",
        exclude_from_auth=True,
        summary="Readiness: the database answers; how many job workers run",
        description=(
            "200 while the database answers within 2 s, with the number of job workers whose "
            "heartbeat is recent (0 is no failure of the API's); 503 otherwise."
        ),
        opt={"problems": (503,)},
    )
    async def ready(self, settings: NamedDependency[Settings]) -> ReadyStatus:
        return await service.readiness(settings.worker_stalled_seconds)
