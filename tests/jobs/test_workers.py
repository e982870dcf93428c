"""Real `talentsync worker` processes: two share one bulk upload with exact counts; one stops
gracefully on SIGTERM; the one `serve` started is started again when it dies, and stops when
`serve` is killed.

Starting a worker costs about a second, so the module's tests share two of them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import procrastinate
import pytest
from procrastinate.worker import Worker

from app.admin.bulk import CHUNK_ENTRIES
from app.jobs.worker import task_tools, until_stopped, worker_options
from app.settings import Settings
from tables import BulkUpload, Resume
from tests import logscan
from tests.helpers import signed_in
from tests.jobs.uploads import BULK, assert_exactly_stored, resumes_stored, wait_until_done
from tests.resumes import files
from tests.server import RunningServer, running_worker

# Also on the embedded PostgreSQL in CI: the engine must work on both.
pytestmark = [pytest.mark.slow, pytest.mark.embedded_smoke]

CHUNK_DONE = '"message": "bulk upload chunk done"'
STARTED = '"message": "worker started"'
# A stand-in for `serve` (which costs seconds more to start): it starts its worker the same way,
# then waits to be killed.
SERVE_STAND_IN = (
    "import time\nfrom app.jobs.worker import ServedWorker\nServedWorker()\ntime.sleep(120)\n"
)


@dataclass
class ServedWorker:
    """A worker started by a stand-in for `serve`, logging to the same file."""

    parent: subprocess.Popen[bytes]
    pid: int
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop_by_killing_its_parent(self) -> None:
        """SIGKILL the parent, then wait until the worker is gone (or a zombie, where nobody
        adopts orphans)."""
        self.parent.kill()
        self.parent.wait()
        status = Path(f"/proc/{self.pid}/stat")
        deadline = time.monotonic() + 15
        while status.exists() and status.read_text().split()[2] != "Z":
            assert time.monotonic() < deadline, "the worker outlived its parent"
            time.sleep(0.05)


def _start_served_worker(database: str, log_path: Path) -> subprocess.Popen[bytes]:
    logscan.SERVER_LOGS.append(log_path)
    with log_path.open("w") as log:
        return subprocess.Popen(
            [sys.executable, "-c", SERVE_STAND_IN],
            env={**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "DEBUG"},
            stderr=log,
        )


def _served_worker(parent: subprocess.Popen[bytes], log_path: Path) -> ServedWorker:
    """The stand-in's worker, once it is taking jobs."""
    deadline = time.monotonic() + 30
    while STARTED not in log_path.read_text():
        assert parent.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, "the worker did not start"
        time.sleep(0.05)
    return ServedWorker(parent, _child_of(parent), log_path)


def _child_of(parent: subprocess.Popen[bytes]) -> int:
    """The worker process of the stand-in (its one child, whichever thread started it)."""
    children = [
        int(pid)
        for task in Path(f"/proc/{parent.pid}/task").iterdir()
        for pid in (task / "children").read_text().split()
    ]
    assert len(children) == 1, children
    return children[0]


@dataclass
class Workers:
    direct: RunningServer
    served: ServedWorker


@pytest.fixture(scope="module")
def workers(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workers]:
    log_path = tmp_path_factory.mktemp("served") / "worker.log"
    parent = _start_served_worker(database, log_path)  # both start at once
    with ExitStack() as stack:
        stack.callback(parent.kill)  # should the rest not start
        direct = stack.enter_context(running_worker(database, LOG_LEVEL="DEBUG"))
        served = _served_worker(parent, log_path)
        stack.callback(served.stop_by_killing_its_parent)
        yield Workers(direct, served)


async def test_two_workers_share_one_upload(
    workers: Workers, client: httpx.AsyncClient, database: str
) -> None:
    _, admin = await signed_in(client, "bulk@x.co", role="Admin")
    # Until each worker holds a chunk, no entry can be stored (the resume table is locked
    # against writes), so no worker finishes a chunk and takes the next: a fast one cannot
    # take all six before the other starts. Past that point, they share the rest freely.
    hold = await asyncpg.connect(database)
    try:
        async with hold.transaction():
            await hold.execute("LOCK TABLE resume IN SHARE MODE")
            response = await client.post(
                BULK, files={"file": ("many.zip", files.resume_archive(60))}, headers=admin
            )
            assert response.status_code == 202, response.text
            await _until_both_workers_hold_a_chunk(hold)
    finally:
        await hold.close()
    upload = await wait_until_done(response.json()["id"])
    await assert_exactly_stored(upload, 60)
    chunks = [worker.log().count(CHUNK_DONE) for worker in (workers.direct, workers.served)]
    assert sum(chunks) == 6
    assert min(chunks) >= 1, chunks  # both took part


async def _until_both_workers_hold_a_chunk(connection: asyncpg.Connection) -> None:
    async with asyncio.timeout(10):  # well inside the workers' statement timeout
        while True:
            workers = await connection.fetchval(
                "SELECT count(DISTINCT worker_id) FROM procrastinate_jobs"
                " WHERE status = 'doing' AND task_name = 'bulk_upload_chunk'"
            )
            if workers == 2:
                return
            await asyncio.sleep(0.02)


def test_serve_starts_its_worker_again_when_it_dies(workers: Workers) -> None:
    served = workers.served
    os.kill(served.pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while served.log().count(STARTED) < 2:
        assert time.monotonic() < deadline, "the worker was not started again"
        time.sleep(0.05)
    assert served.parent.poll() is None
    served.pid = _child_of(served.parent)


def test_the_worker_of_a_killed_serve_stops_too(workers: Workers) -> None:
    """Linux's parent-death signal: a SIGKILLed `serve` leaves no worker running."""
    workers.served.stop_by_killing_its_parent()
    assert '"message": "worker stopped"' in workers.served.log()  # as on SIGTERM


async def test_sigterm_lets_the_running_chunk_finish(
    workers: Workers, client: httpx.AsyncClient
) -> None:
    workers.served.stop_by_killing_its_parent()  # the other worker must not help
    _, admin = await signed_in(client, "bulk@x.co", role="Admin")
    created = await client.post(
        BULK, files={"file": ("many.zip", files.resume_archive(40))}, headers=admin
    )
    worker = workers.direct.process
    await resumes_stored(1)
    worker.send_signal(signal.SIGTERM)  # in the middle of a chunk
    assert worker.wait(timeout=30) == 0
    upload = await BulkUpload.select().where(BulkUpload.id == created.json()["id"]).first()
    # Whole chunks only: the one it was running when told to stop, and no other after it.
    assert upload["processed"] in (CHUNK_ENTRIES, 2 * CHUNK_ENTRIES)
    assert await Resume.count() == upload["processed"]


async def test_a_stop_asked_for_while_the_worker_starts_is_not_lost(
    job_engine: procrastinate.App, settings: Settings
) -> None:
    """`serve` killed just after starting its worker: the stop arrives while the worker registers
    itself, where a cancellation could be swallowed and a stop request is reset."""
    async with task_tools(settings) as tools:
        worker = Worker(app=job_engine, **worker_options(settings, tools))
        stopping = asyncio.Event()
        stopping.set()  # before the worker has even begun
        running = asyncio.create_task(worker.run())
        await asyncio.wait_for(until_stopped(worker, running, stopping), timeout=15)
    assert running.done()
    assert running.exception() is None
