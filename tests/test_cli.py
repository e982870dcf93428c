"""The `talentsync` command, run as a user would run it."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from tables import User
from tests.helpers import bearer, create_user, login
from tests.jobs.uploads import wait_until_done
from tests.resumes import files
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


def test_an_https_server_needs_a_secret_key(database: str) -> None:
    env = _env(DATABASE_URL=database, PUBLIC_URL="https://api.example", SMTP_HOST="mail")
    env.pop("SECRET_KEY", None)
    result = _run("serve", env=env)
    assert result.returncode == 1
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_keeps_a_secret_key_in_the_data_folder_when_none_is_set(tmp_path: Path) -> None:
    # The database is unreachable: serve stops right after keeping the key.
    env = _env(
        DATABASE_URL="postgresql://postgres@127.0.0.1:1/x", TALENTSYNC_DATA_DIR=str(tmp_path)
    )
    env.pop("SECRET_KEY", None)
    assert _run("serve", env=env).returncode == 1
    kept = (tmp_path / "secret_key").read_text().strip()
    assert len(kept) >= 32
    assert _run("serve", env=env).returncode == 1
    assert (tmp_path / "secret_key").read_text().strip() == kept  # kept, not replaced


def test_db_url_prints_the_resolved_url(database: str) -> None:
    result = _run("db-url", env=_env(DATABASE_URL=database))
    assert result.returncode == 0
    assert result.stdout.strip() == database


def _worker_children(pid: int) -> list[int]:
    """The `talentsync worker` processes `serve` started (Linux's /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"app.cli\x00worker" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


@pytest.mark.slow
async def test_serve_migrates_seeds_answers_and_runs_a_worker(database: str) -> None:
    await create_user("ops@x.co", role="Admin")
    with running_server(database, WORKER_IN_SERVE="true") as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
            categories = await client.get("/api/v1/categories")
            assert categories.status_code == 200
            assert len(categories.json()) == 25
            assert (await client.get("/health/ready")).status_code == 200
            [worker] = _worker_children(server.process.pid)
            # `make run` does everything: its worker takes the upload the API queued.
            upload = await client.post(
                "/api/v1/admin/bulk-uploads",
                files={"file": ("a.zip", files.resume_archive(3))},
                headers=bearer(await login(client, "ops@x.co")),
            )
            assert upload.status_code == 202, upload.text
            finished = await wait_until_done(upload.json()["id"])
            assert (finished["succeeded"], finished["failed"]) == (3, 0)
    # Stopped with serve, which waited for it: gone, not even a zombie.
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)
    assert '"message": "worker stopped"' in server.log()


def test_worker_refuses_a_database_without_the_queue(database: str) -> None:
    # A search path without our schema: to this worker, the queue's tables are not there.
    url = urlunsplit(urlsplit(database)._replace(query="search_path=nothing_here"))
    result = _run("worker", env=_env(DATABASE_URL=url))
    assert result.returncode == 1
    assert "run `talentsync migrate` first" in result.stderr
    assert "Traceback" not in result.stderr


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


@pytest.mark.parametrize(
    ("args", "extra"), [(("--workers", "2"), {}), ((), {"WEB_CONCURRENCY": "3"})]
)
def test_more_than_one_worker_needs_redis(
    database: str, args: tuple[str, ...], extra: dict[str, str]
) -> None:
    env = _env(DATABASE_URL=database, **extra)
    env.pop("REDIS_URL", None)
    started = time.monotonic()
    result = _run("serve", *args, env=env)
    assert result.returncode == 1
    assert "needs REDIS_URL" in result.stderr
    assert "rate limits and OAuth sign-in state" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 15  # refused before migrating or serving


def test_a_worker_count_that_is_not_a_number_is_refused(database: str) -> None:
    result = _run("serve", "--workers", "many", env=_env(DATABASE_URL=database))
    assert result.returncode == 1
    assert "must be a number from 1 to 64 or `auto`" in result.stderr
    assert "Traceback" not in result.stderr


def test_auto_workers_without_redis_is_one_worker() -> None:
    # The database is unreachable: serve stops right after choosing the number of workers.
    env = _env(DATABASE_URL="postgresql://postgres@127.0.0.1:1/x", WEB_CONCURRENCY="auto")
    env.pop("REDIS_URL", None)
    result = _run("serve", env=env)
    assert result.returncode == 1
    assert "WEB_CONCURRENCY=auto: 1 worker, as REDIS_URL is not set" in result.stderr


def test_usable_cpus_follow_a_cgroup_quota(tmp_path: Path) -> None:
    from app import cli

    cores = len(os.sched_getaffinity(0))
    cpu_max = tmp_path / "cpu.max"
    cpu_max.write_text("max 100000\n")
    assert cli.usable_cpus(cpu_max) == cores
    cpu_max.write_text("50000 100000\n")  # half a core: one process
    assert cli.usable_cpus(cpu_max) == 1
    cpu_max.write_text(f"{150000 * cores} 100000\n")  # more than there is: the affinity
    assert cli.usable_cpus(cpu_max) == cores
    assert cli.usable_cpus(tmp_path / "missing") == cores


def test_auto_workers_with_redis_is_one_per_usable_core(monkeypatch: pytest.MonkeyPatch) -> None:
    from app import cli

    monkeypatch.setattr(cli, "usable_cpus", lambda: 3)
    assert cli.worker_count("auto", "redis://127.0.0.1:6379/0") == 3
    assert cli.worker_count(None, None) == 1
    assert cli.worker_count("2", "redis://127.0.0.1:6379/0") == 2


def _uvicorn_workers(pid: int) -> list[int]:
    """The processes uvicorn's supervisor spawned (multiprocessing's command line)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"multiprocessing" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


@pytest.mark.slow
def test_two_workers_with_redis_serve_on_one_port(database: str) -> None:
    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    with running_server(database, "--workers", "2", REDIS_URL=redis_url) as server:
        for _ in range(20):
            assert httpx.get(f"{server.url}/health", timeout=10).status_code == 200
        assert len(_uvicorn_workers(server.process.pid)) >= 2
