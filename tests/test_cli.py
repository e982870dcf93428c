"""The `talentsync` command, run as a user would run it."""

from __future__ import annotations

import os
import subprocess
import time

import httpx
import pytest

from tables import User
from tests.server import TALENTSYNC, running_server

pytestmark = pytest.mark.embedded_smoke


def _env(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(overrides)
    return env


def _run(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [TALENTSYNC, *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_closed_database_port_fails_fast_with_a_clear_message() -> None:
    started = time.monotonic()
    result = _run("serve", env=_env(DATABASE_URL="postgresql://postgres:pw@127.0.0.1:1/x"))
    assert result.returncode == 1
    assert "cannot connect to postgresql://postgres:***@127.0.0.1:1/x" in result.stderr
    assert "Traceback" not in result.stderr
    assert "pw@" not in result.stderr
    assert time.monotonic() - started < 15


def test_bad_setting_stops_start_up_naming_it(database: str) -> None:
    result = _run("serve", env=_env(DATABASE_URL=database, PORT="eighty"))
    assert result.returncode == 1
    assert "PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_url_prints_the_resolved_url(database: str) -> None:
    result = _run("db-url", env=_env(DATABASE_URL=database))
    assert result.returncode == 0
    assert result.stdout.strip() == database


@pytest.mark.slow
def test_serve_migrates_seeds_and_answers(database: str) -> None:
    with running_server(database) as server:
        base = server.url
        categories = httpx.get(f"{base}/api/v1/categories", timeout=5)
        assert categories.status_code == 200
        assert len(categories.json()) == 25
        assert httpx.get(f"{base}/health/ready", timeout=5).status_code == 200


async def test_create_user_makes_a_verified_admin_once(database: str) -> None:
    env = _env(DATABASE_URL=database)
    args = ["create-user", "--email", " Boss@Example.com ", "--password", "correct horse 1"]
    created = _run(*args, "--role", "Admin", env=env)
    assert created.returncode == 0, created.stderr
    row = await User.select(
        User.email, User.password_hash, User.email_verified, User.role_id.name.as_alias("role")
    )
    assert len(row) == 1
    assert row[0]["email"] == "boss@example.com"
    assert row[0]["role"] == "Admin"
    assert row[0]["email_verified"] is not None
    assert row[0]["password_hash"].startswith("$2b$")

    again = _run(*args, env=env)
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_create_user_refuses_a_short_password(database: str) -> None:
    result = _run(
        "create-user", "--email", "a@b.co", "--password", "short", env=_env(DATABASE_URL=database)
    )
    assert result.returncode == 1
    assert "8 to 128" in result.stderr
