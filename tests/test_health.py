from collections.abc import Iterator

import httpx
import pytest

from app.db import database_engine, open_pool
from app.settings import get_settings

pytestmark = pytest.mark.embedded_smoke


async def test_health_answers_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_when_database_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


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
