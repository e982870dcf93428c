"""The `talentsync` command: serve, worker, migrate, seed, create-user, db-url."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import click

from app.auth.passwords import MAX_LENGTH, MIN_LENGTH, hash_password
from app.bootstrap import MigrationFailed, migrate, seed
from app.core.errors import Conflict
from app.core.secrets import stored_secret_key
from app.db import DatabaseUnavailable, check_connection, resolve_database_url
from app.settings import Settings, SettingsError, get_settings


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _settings() -> Settings:
    try:
        return get_settings()
    except SettingsError as exc:
        _fail(str(exc))
        raise  # unreachable; keeps type checkers content


def _database_ready(settings: Settings) -> str:
    """Resolve the URL, export it for worker processes and Piccolo, and check it answers."""
    try:
        url = resolve_database_url(settings)
    except DatabaseUnavailable as exc:
        _fail(str(exc))
        raise
    except Exception as exc:  # the embedded server could not start
        _fail(f"could not start the embedded PostgreSQL: {exc}")
        raise
    os.environ["DATABASE_URL"] = url
    try:
        asyncio.run(check_connection(url, settings.db_connect_timeout))
    except DatabaseUnavailable as exc:
        _fail(str(exc))
    return url


def _keep_secret_key(settings: Settings) -> None:
    """Without SECRET_KEY (`make run`), one is made once and kept in the data folder (mode
    0600), where every process of this server finds it (app.main reads it back)."""
    if settings.secret_key:
        return
    try:
        stored_secret_key(settings.data_dir)
    except (OSError, ValueError) as exc:
        _fail(f"SECRET_KEY is not set and none can be kept in {settings.data_dir}: {exc}")


def _run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    try:
        return asyncio.run(coroutine)
    except MigrationFailed as exc:
        _fail(f"migrations failed: {exc}")


# `serve --http`: uvicorn's (loop, http) per name. uvloop and httptools are dependencies: on
# 2 cores they serve /health at about 2.4x asyncio + h11 (README: Performance).
HTTP_STACKS = {"uvloop": ("uvloop", "httptools"), "asyncio": ("asyncio", "h11")}
DEFAULT_HTTP_STACK = "uvloop"
MAX_WORKERS = 64


CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


def usable_cpus(cpu_max: Path = CGROUP_CPU_MAX) -> int:
    """The cores this process may run on: its CPU affinity, capped by a cgroup v2 CPU quota
    (`docker run --cpus 2` on a 16-core host gives 2)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpus = cpus or 1
    try:
        quota, period = cpu_max.read_text().split()[:2]
    except (OSError, ValueError):
        return cpus
    if quota != "max" and int(period) > 0:
        cpus = min(cpus, max(1, -(-int(quota) // int(period))))  # rounded up
    return cpus


def worker_count(requested: str | None, redis_url: str | None) -> int:
    """`--workers` (or WEB_CONCURRENCY): a number, or `auto` for one per usable core. More than
    one process needs Redis: rate limits and OAuth sign-in state kept in each process's memory
    would let a client spread its attempts over the processes, and a sign-in that began in one
    process could not finish in another. `auto` without REDIS_URL means 1."""
    if requested is None or requested.strip() == "":
        return 1
    if requested.strip().lower() == "auto":
        if not redis_url:
            click.echo("WEB_CONCURRENCY=auto: 1 worker, as REDIS_URL is not set", err=True)
            return 1
        return min(usable_cpus(), MAX_WORKERS)
    try:
        workers = int(requested)
    except ValueError:
        _fail(
            f"--workers (WEB_CONCURRENCY) must be a number from 1 to {MAX_WORKERS} or `auto`, "
            f"not {requested!r}"
        )
        raise
    if not 1 <= workers <= MAX_WORKERS:
        _fail(f"--workers (WEB_CONCURRENCY) must be from 1 to {MAX_WORKERS}, not {workers}")
    if workers > 1 and not redis_url:
        _fail(
            f"--workers {workers} needs REDIS_URL: without Redis each process keeps its own rate "
            "limits and OAuth sign-in state. Set REDIS_URL, or serve with --workers 1."
        )
    return workers


@click.group()
def main() -> None:
    """TalentSync API: serve it and manage its database."""


@main.command()
@click.option("--host", default=None, help="Interface to bind (env HOST, default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (env PORT, default 8000).")
@click.option(
    "--workers",
    envvar="WEB_CONCURRENCY",
    default=None,
    metavar="N|auto",
    help="API processes (env WEB_CONCURRENCY, default 1; `auto`: one per usable core, 1 "
    "without REDIS_URL). More than one needs REDIS_URL.",
)
@click.option(
    "--http",
    "stack",
    type=click.Choice(sorted(HTTP_STACKS)),
    default=DEFAULT_HTTP_STACK,
    show_default=True,
    help="uvicorn's event loop and HTTP parser: uvloop + httptools, or asyncio + the "
    "pure-Python h11 (slower; kept to compare, see README: Performance).",
)
def serve(host: str | None, port: int | None, workers: str | None, stack: str) -> None:
    """Migrate, seed, then serve with uvicorn, and run a job worker beside it (WORKER_IN_SERVE)."""
    import uvicorn

    from app.jobs.worker import ServedWorker

    settings = _settings()
    processes = worker_count(workers, settings.redis_url)
    # Each process reads it back (app.auth.passwords sizes its bcrypt threads by it).
    os.environ["WEB_CONCURRENCY"] = str(processes)
    _keep_secret_key(settings)
    _database_ready(settings)
    _run(_migrate_and_seed())
    # uvicorn re-raises SIGTERM after a graceful shutdown; exiting normally instead lets the
    # atexit hooks run, which stop an embedded PostgreSQL this process started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # A process of its own: jobs never run on the API's event loop.
    worker = ServedWorker() if settings.worker_in_serve else None
    try:
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=host or settings.host,
            port=port or settings.port,
            workers=processes,
            loop=HTTP_STACKS[stack][0],
            http=HTTP_STACKS[stack][1],
            access_log=False,  # our middleware logs each request with its id
            log_config=None,  # the app configures logging (JSON lines)
            # Client address and scheme from X-Forwarded-For/-Proto, believed only from our
            # proxies (the Admin UI keys its login limit on the address and checks origins over
            # https).
            proxy_headers=bool(settings.trusted_networks),
            forwarded_allow_ips=[str(network) for network in settings.trusted_networks],
            # On SIGTERM, in-flight requests finish; after this long they are cut off.
            timeout_graceful_shutdown=30,
        )
    finally:
        if worker is not None:
            worker.stop()  # its running jobs finish first


async def _migrate_and_seed() -> None:
    await migrate()
    await seed()


@main.command()
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Jobs this worker runs at once.",
)
def worker(concurrency: int) -> None:
    """Run queued jobs until stopped; on SIGTERM the running jobs finish first."""
    from app.jobs.engine import engine_schema_ready
    from app.jobs.worker import exit_with_parent, run_worker

    exit_with_parent()
    settings = _settings()
    url = _database_ready(settings)
    if not _run(engine_schema_ready(url)):
        _fail("the job queue's tables are missing: run `talentsync migrate` first")
    asyncio.run(run_worker(settings, concurrency=concurrency))


@main.command("migrate")
def migrate_command() -> None:
    """Apply pending migrations."""
    _database_ready(_settings())
    _run(migrate(quiet=False))


@main.command("seed")
def seed_command() -> None:
    """Insert the roles and job categories (idempotent)."""
    _database_ready(_settings())
    _run(seed())
    click.echo("seeded")


@main.command("create-user")
@click.option("--email", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default=None)
@click.option("--role", type=click.Choice(["User", "Admin"]), default="User", show_default=True)
def create_user(email: str, password: str, name: str | None, role: str) -> None:
    """Create a verified user (use --role Admin for the first administrator)."""
    from app.auth.service import add_user, normalise_email

    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        _fail(f"the password must have {MIN_LENGTH} to {MAX_LENGTH} characters")
    if "@" not in email:
        _fail("that is not an e-mail address")
    settings = _settings()
    _database_ready(settings)

    async def create() -> Any:
        await migrate()
        await seed()
        password_hash = await hash_password(password, settings.bcrypt_rounds)
        return await add_user(
            email=email, password_hash=password_hash, name=name, role=role, verified=True
        )

    try:
        user_id = _run(create())
    except Conflict:  # the API's 409 for a taken e-mail
        _fail(f"a user with e-mail {normalise_email(email)} already exists")
    click.echo(f"created {role} {normalise_email(email)} ({user_id})")


@main.command("create-admin-ui-user")
@click.option("--username", required=True)
@click.option("--email", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin_ui_user(username: str, email: str, password: str) -> None:
    """Create an operator who can sign in to the Piccolo Admin at /admin/."""
    from piccolo.apps.user.tables import BaseUser

    _database_ready(_settings())

    async def create() -> None:
        await migrate()
        if await BaseUser.exists().where(BaseUser.username == username):
            _fail(f"an Admin UI user named {username!r} already exists")
        await BaseUser.create_user(
            username=username,
            password=password,
            email=email,
            active=True,
            admin=True,
            superuser=True,
        )

    try:
        _run(create())
    except ValueError as exc:  # Piccolo's own checks (password length, ...)
        _fail(str(exc))
    click.echo(f"created Admin UI user {username}")


@main.command("db-url")
def db_url() -> None:
    """Print the database URL in use (an embedded server stops when this command exits)."""
    click.echo(_database_ready(_settings()))


if __name__ == "__main__":  # `serve` starts its worker as `python -m app.cli worker`
    main()
