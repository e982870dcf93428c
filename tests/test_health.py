import asyncio
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.db import database_engine, open_pool
from app.settings import get_settings
from tables import Role
from tests.server import running_worker

pytestmark = pytest.mark.embedded_smoke


async def test_health_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.fixture
async def no_workers() -> None:
    """Forget the rows of workers other tests killed (a killed worker's row stays)."""
    await Role.raw("DELETE FROM procrastinate_workers")


async def _ready(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/health/ready")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.usefixtures("no_workers")
async def test_ready_when_database_answers_even_without_workers(
    client: httpx.AsyncClient,
) -> None:
    assert await _ready(client) == {"status": "ok", "database": "ok", "workers": 0}


@pytest.mark.usefixtures("no_workers")
async def test_ready_counts_only_workers_with_a_recent_heartbeat(
    client: httpx.AsyncClient,
) -> None:
    # A killed worker's row stays, its heartbeat older than WORKER_STALLED_SECONDS (30 s).
    await Role.raw(
        "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '31 seconds')"
    )
    assert (await _ready(client))["workers"] == 0
    await Role.raw(
        "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '5 seconds')"
    )
    assert (await _ready(client))["workers"] == 1
    await Role.raw("DELETE FROM procrastinate_workers")


@pytest.mark.slow
@pytest.mark.usefixtures("no_workers")
async def test_ready_counts_a_running_worker(client: httpx.AsyncClient, database: str) -> None:
    with running_worker(database):
        # It says "worker started" before procrastinate registers it: give it a moment.
        deadline = time.monotonic() + 15
        while (body := await _ready(client))["workers"] < 1:
            assert time.monotonic() < deadline, body
            await asyncio.sleep(0.1)
        assert body == {"status": "ok", "database": "ok", "workers": 1}
    # Stopped gracefully, it unregistered itself.
    assert (await _ready(client))["workers"] == 0


@pytest.fixture
async def database_unreachable() -> Iterator[None]:
    """Point the engine at a closed port (no pool), then restore it."""
    engine = database_engine()
    saved = dict(engine.config)
    await engine.close_connection_pool()
    engine.config = {"dsn": "postgresql://postgres@127.0.0.1:1/closed"}
    yield
    engine.config = saved
    await open_pool(engine, get_settings())


@pytest.mark.usefixtures("database_unreachable")
async def test_ready_is_503_when_database_is_down(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 503
    # Liveness does not touch the database.
    assert (await client.get("/health")).status_code == 200


@pytest.mark.usefixtures("database_unreachable")
async def test_requests_needing_the_database_get_503_while_it_is_down(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/categories")
    assert response.status_code == 503
    assert response.json()["status"] == 503
    assert "Retry-After" in response.headers
