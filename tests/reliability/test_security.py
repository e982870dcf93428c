"""Security properties a client or an attacker can observe."""

from __future__ import annotations

import logging
import statistics
import time

import httpx
import msgspec
import pytest

from app.main import create_app
from app.settings import Settings
from tests import logscan
from tests.conftest import make_client
from tests.helpers import PASSWORD, bearer, create_user, login, signed_in
from tests.mailbox import Mailbox, token_from
from tests.server import RunningServer


async def test_every_response_carries_the_security_headers(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "h@x.co")
    for response in (
        await client.get("/health"),
        await client.get("/nope"),
        await client.get("/api/v1/me", headers=headers),
        await client.get("/api/v1/me"),
        await client.get("/api/v1/resumes?q=%00"),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"


async def test_auth_and_account_responses_are_not_stored(client: httpx.AsyncClient) -> None:
    await create_user("ns@x.co")
    token = await login(client, "ns@x.co")
    for response in (
        await client.post("/api/v1/auth/login", json={"email": "ns@x.co", "password": PASSWORD}),
        await client.post(
            "/api/v1/auth/register", json={"email": "n2@x.co", "password": "long enough"}
        ),
        await client.get("/api/v1/auth/sessions", headers=bearer(token)),
        await client.get("/api/v1/me", headers=bearer(token)),
    ):
        assert "no-store" in response.headers["cache-control"], response.request.url


async def test_cors_allows_configured_origins_only(settings: Settings) -> None:
    app = create_app(msgspec.structs.replace(settings, cors_origins=("https://app.example",)))
    preflight = {"Access-Control-Request-Method": "POST"}
    async with make_client(app) as client:
        allowed = await client.options(
            "/api/v1/auth/login", headers={"Origin": "https://app.example", **preflight}
        )
        refused = await client.options(
            "/api/v1/auth/login", headers={"Origin": "https://evil.example", **preflight}
        )
        simple = await client.get("/health", headers={"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert "access-control-allow-origin" not in refused.headers
    assert refused.status_code >= 400
    assert "access-control-allow-origin" not in simple.headers


@pytest.mark.slow
async def test_login_takes_as_long_for_an_unknown_email_as_for_a_wrong_password(
    settings: Settings,
) -> None:
    """With a production-like bcrypt cost, timing does not tell which e-mails exist."""
    app = create_app(msgspec.structs.replace(settings, bcrypt_rounds=10))
    await create_user("timing@x.co")  # its hash has cost 4; the check below uses the app's
    from app.auth.passwords import hash_password
    from tables import User

    await User.update({User.password_hash: await hash_password(PASSWORD, 10)}).where(
        User.email == "timing@x.co"
    )

    async def timed(email: str) -> float:
        started = time.perf_counter()
        response = await client.post(
            "/api/v1/auth/login", json={"email": email, "password": "not the password"}
        )
        assert response.status_code == 401
        return time.perf_counter() - started

    async with make_client(app) as client:
        await timed("warm-up@x.co")
        known, unknown = [], []
        for _ in range(10):  # interleaved, so drifts in machine load hit both alike
            known.append(await timed("timing@x.co"))
            unknown.append(await timed("nobody-here@x.co"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.8 <= ratio <= 1.2, (statistics.median(known), statistics.median(unknown))


SECRET_PASSWORD = "Tr0ub4dor&3-never-logged"
AI_KEY = "sk-proj-NeverLogged-0123456789"


async def _journey(client: httpx.AsyncClient, mailbox: Mailbox) -> list[str]:
    """Every kind of secret the API handles: passwords, session, verification and reset tokens,
    users' AI keys."""
    await client.post(
        "/api/v1/auth/register", json={"email": "secret@x.co", "password": SECRET_PASSWORD}
    )
    verification = token_from(await mailbox.wait_for("secret@x.co"), "verify-email")
    await client.post("/api/v1/auth/verify-email", json={"token": verification})
    await client.post("/api/v1/auth/verify-email", json={"token": verification})  # used: 400
    signed = await client.post(
        "/api/v1/auth/login", json={"email": "secret@x.co", "password": SECRET_PASSWORD}
    )
    session = signed.json()["token"]
    await client.get("/api/v1/me", headers=bearer(session))
    await client.post("/api/v1/auth/password/forgot", json={"email": "secret@x.co"})
    reset = token_from(await mailbox.wait_for("secret@x.co", count=2), "reset-password")
    await client.post(
        "/api/v1/auth/password/reset", json={"token": reset, "password": SECRET_PASSWORD + "2"}
    )
    await client.get("/api/v1/me", headers=bearer(session))  # revoked: 401
    # A user's own AI key, given when saving a configuration and again when changing it.
    signed = await client.post(
        "/api/v1/auth/login", json={"email": "secret@x.co", "password": SECRET_PASSWORD + "2"}
    )
    headers = bearer(signed.json()["token"])
    config = await client.post(
        "/api/v1/llm-configs",
        json={"label": "Own", "baseUrl": "https://93.184.215.14/v1", "model": "m",
              "apiKey": AI_KEY},
        headers=headers,
    )  # fmt: skip
    assert config.status_code == 201, config.text
    await client.patch(
        f"/api/v1/llm-configs/{config.json()['id']}", json={"apiKey": AI_KEY + "2"}, headers=headers
    )
    logscan.register(SECRET_PASSWORD, SECRET_PASSWORD + "2", session, AI_KEY, AI_KEY + "2")
    return [
        SECRET_PASSWORD, SECRET_PASSWORD + "2", verification, session, reset, AI_KEY, AI_KEY + "2"
    ]  # fmt: skip


async def test_no_secret_reaches_the_log_in_process(
    client: httpx.AsyncClient, mailbox: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        secrets = await _journey(client, mailbox)
    ours = [r for r in caplog.records if r.name != "mail.log"]  # mail.log: the test's SMTP server
    assert any(r.name == "talentsync.access" for r in ours)  # there was something to search
    for record in ours:
        for secret in secrets:
            assert secret not in f"{record.getMessage()} {record.__dict__}", record.name


@pytest.mark.slow
async def test_no_secret_reaches_the_log_of_a_served_process(
    served: RunningServer, smtp_server: Mailbox
) -> None:
    smtp_server.messages.clear()
    async with httpx.AsyncClient(base_url=served.url, timeout=10) as client:
        secrets = await _journey(client, smtp_server)
    log = served.log()  # DEBUG, and everything the shared server wrote so far
    assert "GET /api/v1/me" in log  # the access log is on: there was something to search
    for secret in secrets:
        assert secret not in log


async def test_every_answer_to_a_signed_in_request_is_not_stored(
    client: httpx.AsyncClient,
) -> None:
    _, headers = await signed_in(client, "cache@x.co")
    created = await client.post(
        "/api/v1/resumes", json={"customName": "CV", "rawText": "Python"}, headers=headers
    )
    for response in (
        created,
        await client.get("/api/v1/resumes", headers=headers),
        await client.get(f"/api/v1/resumes/{created.json()['id']}", headers=headers),
        await client.get("/api/v1/cold-mails", headers=headers),
        await client.get("/api/v1/categories", headers=headers),
        await client.get("/api/v1/resumes", headers={"Authorization": "Bearer wrong"}),
    ):
        assert response.headers["cache-control"] == "no-store", response.request.url
    # Public answers to anonymous callers may be cached as the route likes.
    assert "no-store" not in (await client.get("/health")).headers.get("cache-control", "")


async def test_strict_transport_security_only_over_https(settings: Settings) -> None:
    assert "strict-transport-security" not in (await _health(settings)).headers
    https = msgspec.structs.replace(settings, public_url="https://api.example")
    hsts = (await _health(https)).headers["strict-transport-security"]
    assert hsts.startswith("max-age=31536000")


async def _health(settings: Settings) -> httpx.Response:
    async with make_client(create_app(settings)) as client:
        return await client.get("/health")
