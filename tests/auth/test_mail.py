"""Mail delivery problems never cost the user their data."""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import Any

import asyncpg
import msgspec
import pytest
from litestar import Litestar

from app.main import create_app
from app.settings import Settings
from tables import User
from tests.asgi import post_scope
from tests.conftest import database_url, make_client
from tests.helpers import create_user
from tests.mailbox import Mailbox


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_unreachable_smtp_still_registers_and_logs_the_failure(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(msgspec.structs.replace(settings, smtp_port=_closed_port()))
    with caplog.at_level(logging.ERROR, logger="talentsync.mail"):
        async with make_client(app) as client:
            response = await client.post(
                "/api/v1/auth/register", json={"email": "kept@x.co", "password": "long enough"}
            )
    assert response.status_code == 201
    assert await User.exists().where(User.email == "kept@x.co")
    assert any(r.message == "mail delivery failed" for r in caplog.records)


async def test_without_smtp_host_the_mail_goes_to_the_log(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(msgspec.structs.replace(settings, smtp_host=None))
    with caplog.at_level(logging.INFO, logger="talentsync.mail"):
        async with make_client(app) as client:
            response = await client.post(
                "/api/v1/auth/register", json={"email": "log@x.co", "password": "long enough"}
            )
    assert response.status_code == 201
    logged = [r for r in caplog.records if r.name == "talentsync.mail"]
    assert len(logged) == 1
    assert logged[0].to == "log@x.co"  # type: ignore[attr-defined]
    assert "http://frontend.test/verify-email?token=" in logged[0].body  # type: ignore[attr-defined]


async def _answer_while_locked(app: Litestar, path: str, email: str, table: str) -> int:
    """The status a mail route answers while `table` is locked, before any of its writes can
    run; then the lock is released so the work after the answer can finish."""
    body = msgspec.json.encode({"email": email})
    started: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start" and not started.done():
            started.set_result(message["status"])

    scope = post_scope(path, [(b"content-type", b"application/json"), (b"host", b"testserver")])
    lock = await asyncpg.connect(database_url())
    try:
        transaction = lock.transaction()
        await transaction.start()
        await lock.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        call = asyncio.create_task(app(scope, receive, send))  # type: ignore[arg-type]
        try:
            status = await asyncio.wait_for(asyncio.shield(started), timeout=5)
        finally:
            await transaction.rollback()
            await call
    finally:
        await lock.close()
    return status


@pytest.mark.parametrize(
    ("path", "table", "verified"),
    [
        ("/api/v1/auth/password/forgot", "password_reset_token", True),
        ("/api/v1/auth/verify-email/resend", "email_verification_token", False),
    ],
)
async def test_mail_routes_answer_before_touching_the_account(
    app: Litestar, mailbox: Mailbox, path: str, table: str, verified: bool
) -> None:
    # Known and unknown addresses must cost the same before the 202: no token is written first.
    await create_user("known-mail@x.co", verified=verified)
    assert await _answer_while_locked(app, path, "known-mail@x.co", table) == 202
    assert await _answer_while_locked(app, path, "unknown-mail@x.co", table) == 202
    # The work happened after the answer: the known address got its mail.
    assert await mailbox.wait_for("known-mail@x.co")
    assert not mailbox.to("unknown-mail@x.co")
