"""The raw baseline: GET /api/v1/resumes with the same auth lookup and the same list query as
the API, on a plain asyncpg pool (no Piccolo, no middleware stack, no DI).

Serve: DATABASE_URL=... uvicorn bench.raw_app:create_app --factory --workers 1 --no-access-log
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

import asyncpg
import msgspec
from litestar import Litestar, Request, get
from litestar.exceptions import NotAuthorizedException

from app.auth.repository import AUTHENTICATE_SQL
from app.auth.tokens import hash_token
from app.resumes.repository import LIST_COUNT, LIST_PAGE

SESSION_MAX_AGE = dt.timedelta(days=90)


def _numbered(sql: str) -> str:
    """`{}` placeholders as asyncpg's $1, $2, ..."""
    pieces = sql.split("{}")
    return "".join(f"{piece}${n}" for n, piece in enumerate(pieces[:-1], 1)) + pieces[-1]


AUTH_SQL = _numbered(AUTHENTICATE_SQL)
# The API's own list statements (resumes/repository.py): the page first, counted when needed.
LIST_SQL = _numbered(LIST_PAGE)
COUNT_SQL = _numbered(LIST_COUNT)


class ResumeSummary(msgspec.Struct, rename="camel"):
    id: UUID
    custom_name: str
    show_in_central: bool
    uploaded_at: dt.datetime
    predicted_field: str | None


class Page(msgspec.Struct, rename="camel"):
    items: list[ResumeSummary]
    total: int
    limit: int
    offset: int


def create_app() -> Litestar:
    dsn = os.environ["DATABASE_URL"]
    pools: list[asyncpg.Pool] = []

    @asynccontextmanager
    async def database_pool(_: Litestar) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(
            dsn=dsn,
            min_size=int(os.environ.get("DB_POOL_MIN", "1")),
            max_size=int(os.environ.get("DB_POOL_MAX", "10")),
        )
        pools.append(pool)
        try:
            yield
        finally:
            await pool.close()

    @get("/api/v1/resumes")
    async def list_resumes(request: Request, limit: int = 20, offset: int = 0) -> Page:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or len(token) > 200:
            raise NotAuthorizedException("Missing or malformed bearer token")
        pool = pools[0]
        user = await pool.fetchrow(AUTH_SQL, hash_token(token), SESSION_MAX_AGE)
        if user is None:
            raise NotAuthorizedException("Invalid or expired token")
        rows = await pool.fetch(LIST_SQL, user["id"], limit + 1, offset)  # one more: a next page?
        if len(rows) <= limit and (rows or offset == 0):  # the last page
            total = offset + len(rows)
        else:
            total = await pool.fetchval(COUNT_SQL, user["id"])
        rows = rows[:limit]
        items = [
            ResumeSummary(
                id=r["id"],
                custom_name=r["custom_name"],
                show_in_central=r["show_in_central"],
                uploaded_at=r["uploaded_at"],
                predicted_field=r["predicted_field"],
            )
            for r in rows
        ]
        return Page(items=items, total=total, limit=limit, offset=offset)

    @get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar(route_handlers=[list_resumes, health], lifespan=[database_pool])
