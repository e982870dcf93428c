"""Readiness: ready means the database answers, quickly."""

from __future__ import annotations

import asyncio

from app.core.errors import Unavailable
from app.core.problems import DATABASE_DOWN_ERRORS
from app.health import repository

# A load balancer's probe must not hang on a stuck database.
PING_TIMEOUT_SECONDS = 2


async def check_database() -> None:
    """503 when the database cannot be reached or does not answer in time."""
    try:
        async with asyncio.timeout(PING_TIMEOUT_SECONDS):
            await repository.ping()
    except DATABASE_DOWN_ERRORS as exc:
        raise Unavailable("database unavailable") from exc
