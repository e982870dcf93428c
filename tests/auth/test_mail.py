"""Mail delivery problems never cost the user their data."""

from __future__ import annotations

import logging
import socket

import msgspec
import pytest

from app.main import create_app
from app.settings import Settings
from tables import User
from tests.conftest import make_client


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
