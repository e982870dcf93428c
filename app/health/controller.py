"""Liveness and readiness probes."""

from __future__ import annotations

from litestar import Controller, get

from app.health import service
from app.health.schemas import HealthStatus

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
        summary="Readiness: the database answers",
        opt={"problems": (503,)},
    )
    async def ready(self) -> HealthStatus:
        await service.check_database()
        return OK
