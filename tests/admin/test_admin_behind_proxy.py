"""Piccolo Admin behind a TLS-terminating proxy: X-Forwarded-* believed from TRUSTED_PROXIES only.

One served process trusts 127.0.0.2; the tests reach it from 127.0.0.2 (the proxy) and from
127.0.0.1 (a client talking to the server directly, whose forwarded headers are lies).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from tests.server import RunningServer, running_server

PROXY, DIRECT = "127.0.0.2", "127.0.0.1"
LOGIN = "/admin/public/login/"
# Piccolo Admin's own login limit: 20 attempts per 5 minutes per client address.
ADMIN_LOGIN_LIMIT = 20


@pytest.fixture(scope="module")
def server(database: str) -> Iterator[RunningServer]:
    env = {
        "TRUSTED_PROXIES": PROXY,
        "PUBLIC_URL": "https://admin.example:8443",
        "SMTP_HOST": "127.0.0.1",  # required with an https PUBLIC_URL; no mail is sent here
    }
    with running_server(database, **env) as served:
        yield served


async def _client(server: RunningServer, source: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.AsyncHTTPTransport(local_address=source)
    async with httpx.AsyncClient(base_url=server.url, transport=transport, timeout=10) as client:
        token = (await client.get("/admin/")).cookies["csrftoken"]
        client.headers.update({"X-CSRFToken": token, "Cookie": f"csrftoken={token}"})
        yield client


@pytest.fixture
async def via_proxy(server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client(server, PROXY):
        yield client


@pytest.fixture
async def direct(server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client(server, DIRECT):
        yield client


async def _attempt(client: httpx.AsyncClient, forwarded_for: str) -> int:
    # An empty sign-in: refused at once, but counted by the login limit all the same.
    response = await client.post(LOGIN, json={}, headers={"X-Forwarded-For": forwarded_for})
    return response.status_code


async def test_login_limit_follows_the_real_client_behind_the_proxy(
    via_proxy: httpx.AsyncClient, direct: httpx.AsyncClient
) -> None:
    codes = [await _attempt(via_proxy, "203.0.113.1") for _ in range(ADMIN_LOGIN_LIMIT + 1)]
    assert 429 not in codes[:-1]
    assert codes[-1] == 429
    # Another client behind the same proxy has a budget of its own.
    assert await _attempt(via_proxy, "203.0.113.2") != 429

    # A direct client cannot pick a fresh address by sending X-Forwarded-For.
    codes = [await _attempt(direct, f"198.51.100.{i}") for i in range(ADMIN_LOGIN_LIMIT + 1)]
    assert 429 not in codes[:-1]
    assert codes[-1] == 429


async def test_origin_checked_over_https_against_the_host_name_without_port(
    via_proxy: httpx.AsyncClient, direct: httpx.AsyncClient
) -> None:
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.50"}
    forged = await via_proxy.post(
        LOGIN, json={}, headers={**https, "Origin": "https://evil.example"}
    )
    assert forged.status_code == 403
    assert "origin" in forged.text.lower()
    ours = await via_proxy.post(
        LOGIN, json={}, headers={**https, "Origin": "https://admin.example:8443"}
    )
    assert ours.status_code not in (403, 429), ours.text
    # From anyone else, X-Forwarded-Proto is not believed: the request is plain http.
    spoofed = await direct.post(
        LOGIN,
        json={},
        headers={"X-Forwarded-Proto": "https", "Origin": "https://evil.example"},
    )
    assert spoofed.status_code != 403 or "origin" not in spoofed.text.lower()
