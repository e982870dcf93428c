"""Sign-in paths are rate limited per client address, shared through Redis when set."""

from __future__ import annotations

import asyncio
import time

import msgspec
import pytest
import redis.asyncio as redis

from app.auth.passwords import hash_password_sync
from app.main import create_app
from app.settings import Settings
from tests.conftest import make_client
from tests.helpers import signed_in

LOGIN = "/api/v1/auth/login"
WRONG = {"email": "nobody@x.co", "password": "whatever1"}
REDIS_URL = "redis://127.0.0.1:6379/15"


def limited(settings: Settings, **changes: object) -> Settings:
    return msgspec.structs.replace(settings, auth_rate_limit=3, **changes)


async def test_login_past_the_limit_is_429_with_retry_after(settings: Settings) -> None:
    async with make_client(create_app(limited(settings))) as client:
        codes = [(await client.post(LOGIN, json=WRONG)).status_code for _ in range(3)]
        assert codes == [401, 401, 401]
        blocked = await client.post(LOGIN, json=WRONG)
        assert blocked.status_code == 429
        assert 1 <= int(blocked.headers["retry-after"]) <= 60
        assert blocked.json()["status"] == 429
        # Other paths have their own budget; public reads are not limited.
        forgot = await client.post("/api/v1/auth/password/forgot", json={"email": "a@b.co"})
        assert forgot.status_code == 202
        assert (await client.get("/api/v1/categories")).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/v1/auth/register", "/api/v1/auth/verify-email/resend", "/api/v1/auth/password/forgot"],
)
async def test_other_sign_in_paths_are_limited(settings: Settings, path: str) -> None:
    async with make_client(create_app(limited(settings))) as client:
        for _ in range(3):
            await client.post(path, json={"email": "bad"})
        assert (await client.post(path, json={"email": "bad"})).status_code == 429


async def test_forwarded_for_is_ignored_from_untrusted_peers(settings: Settings) -> None:
    async with make_client(create_app(limited(settings))) as client:
        for i in range(4):
            response = await client.post(
                LOGIN, json=WRONG, headers={"X-Forwarded-For": f"10.0.0.{i}"}
            )
        assert response.status_code == 429


async def test_forwarded_for_counts_from_a_trusted_proxy(settings: Settings) -> None:
    app = create_app(limited(settings, trusted_proxies=("127.0.0.1",)))
    async with make_client(app) as client:
        for _ in range(3):
            await client.post(LOGIN, json=WRONG, headers={"X-Forwarded-For": "203.0.113.7"})
        one = await client.post(LOGIN, json=WRONG, headers={"X-Forwarded-For": "203.0.113.7"})
        other = await client.post(LOGIN, json=WRONG, headers={"X-Forwarded-For": "203.0.113.8"})
        spoofed = await client.post(
            LOGIN, json=WRONG, headers={"X-Forwarded-For": "203.0.113.9, 203.0.113.7"}
        )
    assert (one.status_code, other.status_code, spoofed.status_code) == (429, 401, 429)


async def test_two_replicas_share_the_limit_through_redis(settings: Settings) -> None:
    store = redis.from_url(REDIS_URL)
    await store.flushdb()
    await store.aclose()
    shared = limited(settings, redis_url=REDIS_URL)
    first, second = create_app(shared), create_app(shared)
    async with make_client(first) as a, make_client(second) as b:
        assert (await a.post(LOGIN, json=WRONG)).status_code == 401
        assert (await b.post(LOGIN, json=WRONG)).status_code == 401
        assert (await a.post(LOGIN, json=WRONG)).status_code == 401
        assert (await b.post(LOGIN, json=WRONG)).status_code == 429


async def test_password_reset_is_limited_per_address(settings: Settings) -> None:
    async with make_client(create_app(limited(settings))) as client:
        body = {"token": "made-up", "password": "new password 1"}
        codes = [
            (await client.post("/api/v1/auth/password/reset", json=body)).status_code
            for _ in range(4)
        ]
    assert codes == [400, 400, 400, 429]


async def test_a_made_up_reset_token_costs_no_bcrypt(settings: Settings) -> None:
    # At cost 14 one bcrypt hash takes about a second here; a refusal that hashed first could not
    # come back in a fraction of that. Both are measured in this run, on this machine.
    costly = msgspec.structs.replace(settings, bcrypt_rounds=14)
    started = time.perf_counter()
    await asyncio.to_thread(hash_password_sync, "new password 1", 14)
    one_hash = time.perf_counter() - started
    async with make_client(create_app(costly)) as client:
        started = time.perf_counter()
        response = await client.post(
            "/api/v1/auth/password/reset", json={"token": "made-up", "password": "new password 1"}
        )
        refusal = time.perf_counter() - started
    assert response.status_code == 400
    assert refusal < one_hash / 4, (refusal, one_hash)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        (
            "POST",
            "/api/v1/auth/password/change",
            {"currentPassword": "wrong password", "newPassword": "another one 1"},
        ),
        ("DELETE", "/api/v1/me", {"password": "wrong password"}),
    ],
)
async def test_password_checks_are_limited_per_user(
    settings: Settings, method: str, path: str, body: dict[str, str]
) -> None:
    async with make_client(create_app(limited(settings))) as client:
        _, headers = await signed_in(client, "guessed@x.co")
        codes = []
        for i in range(4):
            # Every attempt from another address: the limit follows the account.
            hop = {"X-Forwarded-For": f"198.51.100.{i}"}
            response = await client.request(method, path, json=body, headers=headers | hop)
            codes.append(response.status_code)
        assert codes == [401, 401, 401, 429]
        assert int(response.headers["retry-after"]) >= 1
        # Someone else's checks are not spent by it.
        _, other = await signed_in(client, "other@x.co")
        response = await client.request(method, path, json=body, headers=other)
        assert response.status_code == 401
