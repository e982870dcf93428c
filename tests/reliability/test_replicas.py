"""Two API processes behind one PostgreSQL and one Redis behave as one service."""

from __future__ import annotations

import httpx
import pytest
import redis

from tests.helpers import create_user, login_headers
from tests.server import running_servers

pytestmark = pytest.mark.slow
REDIS_URL = "redis://127.0.0.1:6379/14"


async def test_sessions_logout_and_rate_limits_are_shared(database: str) -> None:
    await create_user("replica@x.co")
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {"REDIS_URL": REDIS_URL, "AUTH_RATE_LIMIT": "4"}
    with running_servers(2, database, **env) as (first, second):
        async with httpx.AsyncClient(timeout=10) as client:
            headers = login_headers(first.url, "replica@x.co")
            assert (await client.get(f"{second.url}/api/v1/me", headers=headers)).status_code == 200

            assert (
                await client.post(f"{first.url}/api/v1/auth/logout", headers=headers)
            ).status_code == 204
            assert (await client.get(f"{second.url}/api/v1/me", headers=headers)).status_code == 401

            wrong = {"email": "replica@x.co", "password": "not the one"}
            # One attempt above, two more on the first, one on the second: the limit of 4.
            codes = [
                (await client.post(f"{url}/api/v1/auth/login", json=wrong)).status_code
                for url in (first.url, first.url, second.url)
            ]
            assert codes == [401, 401, 401]
            blocked = await client.post(f"{second.url}/api/v1/auth/login", json=wrong)
            assert blocked.status_code == 429
            assert int(blocked.headers["retry-after"]) >= 1
            assert (
                await client.post(f"{first.url}/api/v1/auth/login", json=wrong)
            ).status_code == 429
