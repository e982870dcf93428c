"""Readiness: ready means the database answers, quickly; it also says how many workers run."""

from __future__ import annotations

import asyncio

from app.core.errors import Unavailable
from app.core.problems import DATABASE_DOWN_ERRORS
from app.health import repository
from app.health.schemas import ReadyStatus

# A load balancer's probe must not hang on a stuck database.
PING_TIMEOUT_SECONDS = 2


async def readiness(worker_stalled_seconds: float) -> ReadyStatus:
    """503 when the database cannot be reached or does not answer in time.

    Workers are counted as the queue sees them: alive when their heartbeat is more recent than
    the time after which a worker is taken for dead. None running is reported, not a failure:
    the API itself still serves, and queued jobs wait for a worker.
    """
    try:
        async with asyncio.timeout(PING_TIMEOUT_SECONDS):
            workers = await repository.recent_workers(worker_stalled_seconds)
    except DATABASE_DOWN_ERRORS as exc:
        raise Unavailable("database unavailable") from exc
    return ReadyStatus(status="ok", database="ok", workers=workers)
