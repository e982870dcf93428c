"""Database round trips per request: authentication is one, a list page one more."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import pytest

from app.db import database_engine, open_pool
from app.settings import get_settings
from tests.helpers import signed_in

QUERIES: list[str] = []


def _record(query: Any) -> None:
    QUERIES.append(query.query)


@pytest.fixture
async def counted() -> AsyncIterator[list[str]]:
    """Reopen Piccolo's pool so that every connection reports each statement it runs."""
    engine = database_engine()
    await engine.close_connection_pool()
    settings = msgspec.structs.replace(get_settings(), db_pool_max=20)
    engine.config = {**engine.config, "init": _add_logger}
    try:
        await open_pool(engine, settings)
        QUERIES.clear()
        yield QUERIES
    finally:
        await engine.close_connection_pool()
        engine.config = {k: v for k, v in engine.config.items() if k != "init"}
        await open_pool(engine, settings)


async def _add_logger(connection: Any) -> None:
    connection.add_query_logger(_record)


async def _count(client: httpx.AsyncClient, queries: list[str], url: str, headers: dict) -> int:
    queries.clear()
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return len(queries)


async def test_authentication_and_lists_cost_one_query_each(
    client: httpx.AsyncClient, counted: list[str]
) -> None:
    _, headers = await signed_in(client, "count@x.co", role="Admin")
    for i in range(3):
        await client.post(
            "/api/v1/resumes",
            json={"customName": f"cv {i}", "rawText": "Python developer", "showInCentral": True},
            headers=headers,
        )
    # One query authenticates (session, user and role together), one answers.
    assert await _count(client, counted, "/api/v1/me", headers) == 2
    assert await _count(client, counted, "/api/v1/resumes?limit=20", headers) == 2
    assert await _count(client, counted, "/api/v1/central/resumes?q=python", headers) == 2
    assert await _count(client, counted, "/api/v1/central/resumes?skill=python", headers) == 2
    # Only a page past the end needs a separate count.
    assert await _count(client, counted, "/api/v1/resumes?offset=50", headers) == 3
