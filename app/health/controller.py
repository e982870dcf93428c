"""Liveness and readiness probes."""

from __future__ import annotations

import asyncio

from litestar import Controller, get
from litestar.exceptions import ServiceUnavailableException
from piccolo.engine import engine_finder

from app.core.errors import DATABASE_DOWN_ERRORS
from app.core.structs import CamelStruct


class HealthStatus(CamelStruct):
    status: str


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
        return HealthStatus(status="ok")

    @get(
        "/ready",
        exclude_from_auth=True,
        summary="Readiness: the database answers",
        raises=[ServiceUnavailableException],
    )
    async def ready(self) -> HealthStatus:
        engine = engine_finder()
        assert engine is not None
        try:
            async with asyncio.timeout(2):
                await engine.run_ddl("SELECT 1")
        except DATABASE_DOWN_ERRORS as exc:
            raise ServiceUnavailableException("database unavailable") from exc
        return HealthStatus(status="ok")
