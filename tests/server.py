"""`talentsync serve` and `talentsync worker` in child processes, as production runs them."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from tests import logscan

TALENTSYNC = str(Path(sys.executable).parent / "talentsync")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class RunningServer:
    url: str
    process: subprocess.Popen[str]
    log_path: Path

    def log(self) -> str:
        """Everything the server wrote to stderr so far (its JSON log lines)."""
        return self.log_path.read_text(errors="replace")


def _start(args: list[str], database_url: str, env: dict[str, str]) -> RunningServer:
    # A file, not a pipe: a pipe nobody reads fills up and stalls a chatty server.
    log_path = Path(tempfile.mkstemp(prefix=f"talentsync-{args[0]}-", suffix=".log")[1])
    logscan.SERVER_LOGS.append(log_path)
    with log_path.open("w") as log_file:
        process = subprocess.Popen(
            [TALENTSYNC, *args],
            # Jobs deferred by in-process tests are theirs to run: serve starts no worker here
            # unless a test asks for one (WORKER_IN_SERVE=true).
            env={**os.environ, "DATABASE_URL": database_url, "WORKER_IN_SERVE": "false", **env},
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            text=True,
        )
    return RunningServer("", process, log_path)


def _stop(process: subprocess.Popen[str], log_path: Path) -> None:
    """SIGTERM, and a clean exit within 40 s (unless the test killed it already)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=40)
        assert code == 0, f"exited with {code}: {log_path.read_text()[-3000:]}"


@contextmanager
def running_server(database_url: str, *args: str, **env: str) -> Iterator[RunningServer]:
    """Serve (`args`: more options of `serve`) until the block ends, then stop with SIGTERM
    (unless the test killed it)."""
    with running_servers(1, database_url, *args, **env) as (server,):
        yield server


@contextmanager
def running_servers(
    count: int, database_url: str, *args: str, **env: str
) -> Iterator[list[RunningServer]]:
    """`count` servers of the same settings (`args`: more options of `serve`), started at once
    (start-up costs seconds each)."""
    with ExitStack() as stack:  # each one stopped, even when stopping another fails
        started: list[RunningServer] = []
        for _ in range(count):
            port = free_port()
            server = _start(["serve", "--port", str(port), *args], database_url, env)
            stack.callback(_stop, server.process, server.log_path)
            started.append(dataclasses.replace(server, url=f"http://127.0.0.1:{port}"))
        for server in started:
            _until_healthy(server)
        yield started


def _until_healthy(server: RunningServer) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert server.process.poll() is None, server.log()
        assert time.monotonic() < deadline, "the server did not come up"
        time.sleep(0.05)


@contextmanager
def running_worker(database_url: str, **env: str) -> Iterator[RunningServer]:
    """`talentsync worker` until the block ends (then SIGTERM), once it is taking jobs."""
    worker = _start(["worker"], database_url, env)
    try:
        deadline = time.monotonic() + 30
        while '"message": "worker started"' not in worker.log():
            assert worker.process.poll() is None, worker.log()
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.05)
        yield worker
    finally:
        _stop(worker.process, worker.log_path)


@contextmanager
def serving_in_thread(app: Any) -> Iterator[str]:
    """An ASGI app of the tests' own (a fake provider) on a free port; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
