"""Worker processes: `talentsync worker`, and the one `talentsync serve` runs beside the API.

A worker runs queued jobs until SIGTERM or SIGINT, then lets its running jobs finish
(procrastinate's graceful shutdown) before it exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator

from procrastinate import App
from procrastinate.app import WorkerOptions
from procrastinate.worker import Worker

from app.admin.bulk import BulkTools
from app.ai.providers import server_ai_services
from app.core.logging import configure_logging
from app.db import database_engine, open_pool
from app.jobs.engine import build_engine
from app.jobs.tasks import TOOLS, TaskTools
from app.resumes.extraction.sandbox import Extractor
from app.settings import Settings

# Set by `talentsync serve` on its worker: the pid that worker must not outlive.
PARENT_PID = "TALENTSYNC_WORKER_PARENT"
# How long `serve` waits for its worker's running jobs when stopping, before killing it
# (its jobs then count as stalled and are retried elsewhere).
STOP_SECONDS = 60
# A worker that dies is started again after 1 s, then 2, 4... up to this; one that ran for a
# while before dying starts the count again.
RESTART_PAUSE_MAX = 30.0
RAN_A_WHILE = 60.0
_PR_SET_PDEATHSIG = 1
logger = logging.getLogger("talentsync.jobs")


@contextlib.asynccontextmanager
async def task_tools(settings: Settings) -> AsyncIterator[TaskTools]:
    """The server's AI provider (never a user's own) and a sandboxed extractor, for one worker."""
    ai = server_ai_services(settings, background=True)  # patient retries: nobody is waiting
    extractor = Extractor.from_settings(settings)
    extractor.start()
    try:
        yield TaskTools(
            bulk=BulkTools(analyser=ai.analyser, extractor=extractor),
            analyser=ai.analyser,
            stalled_seconds=settings.worker_stalled_seconds,
            session_max_age=settings.session_max_age,
        )
    finally:
        await ai.close()


def worker_options(settings: Settings, tools: TaskTools, concurrency: int = 1) -> WorkerOptions:
    """How every worker runs, the tests' in-process one included."""
    return {
        "concurrency": concurrency,
        "additional_context": {TOOLS: tools},
        # A worker process handles its signals itself (run_worker); a test's runs in its loop.
        "install_signal_handlers": False,
        "update_heartbeat_interval": settings.worker_stalled_seconds / 3,
        "stalled_worker_timeout": settings.worker_stalled_seconds,
        # Our job rows keep the history; the engine's queue keeps only the jobs that failed.
        "delete_jobs": "successful",
    }


async def run_worker(settings: Settings, *, concurrency: int) -> None:
    configure_logging(settings.log_level)
    engine: App = build_engine(settings, pool_size=concurrency + 2)  # + its LISTEN, the sweep
    piccolo = database_engine()
    await open_pool(piccolo, settings)
    try:
        async with task_tools(settings) as tools, engine.open_async():
            worker = Worker(app=engine, **worker_options(settings, tools, concurrency))
            # Ours from the start (procrastinate's come only once it runs).
            stopping = asyncio.Event()
            loop = asyncio.get_running_loop()
            for stop in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(stop, stopping.set)
            running = asyncio.create_task(worker.run())
            logger.info("worker started", extra={"concurrency": concurrency})
            await until_stopped(worker, running, stopping)
    finally:
        await piccolo.close_connection_pool()
    logger.info("worker stopped")


async def until_stopped(
    worker: Worker, running: asyncio.Task[None], stopping: asyncio.Event
) -> None:
    """Run until the worker ends, or until asked to stop: then its graceful stop, which lets
    the running jobs finish.

    Not a cancellation: one that lands while the worker registers itself can be swallowed by
    its database driver, leaving it running. The worker task has begun by the time `asked`
    completes (tasks start in order), so the stop is not reset by its start.
    """
    asked = asyncio.create_task(stopping.wait())
    await asyncio.wait({running, asked}, return_when=asyncio.FIRST_COMPLETED)
    asked.cancel()
    worker.stop()
    await running


def exit_with_parent() -> None:
    """In a worker started by `serve`: be stopped like it, even when it is killed (Linux)."""
    parent = os.environ.pop(PARENT_PID, None)
    if parent is None or not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != int(parent):  # it died before the line above
        sys.exit(0)


def start_worker_process() -> subprocess.Popen[bytes]:
    """`talentsync worker` as a child of `serve`, sharing its environment and its stderr.

    In a session of its own, so that a terminal's Ctrl-C reaches `serve` alone, which then stops
    its worker with one SIGTERM (a second signal would cut the worker's running jobs short).
    """
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker"],
        env={**os.environ, PARENT_PID: str(os.getpid())},
        start_new_session=True,
    )


def stop_worker_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then wait for its running jobs to finish (killed past STOP_SECONDS)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class ServedWorker:
    """The worker `serve` runs beside the API: started again whenever it dies (a crash, the
    OOM killer), stopped with `serve`, its running jobs finishing first."""

    def __init__(self) -> None:
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._process = start_worker_process()
        threading.Thread(target=self._watch, name="worker-watch", daemon=True).start()

    def _watch(self) -> None:
        pause = 1.0
        while True:
            started = time.monotonic()
            code = self._process.wait()
            if time.monotonic() - started > RAN_A_WHILE:
                pause = 1.0
            if self._stopping.is_set():
                return
            logger.error(
                "the job worker stopped unexpectedly; starting it again",
                extra={"exit_code": code, "pause_seconds": pause},
            )
            if self._stopping.wait(pause):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                self._process = start_worker_process()
            pause = min(pause * 2, RESTART_PAUSE_MAX)

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            stop_worker_process(self._process)
