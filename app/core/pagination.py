"""`?limit=&offset=` in, `{items, total, limit, offset}` out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

import msgspec
from litestar.params import QueryParameter
from piccolo.query import Count, Select

from app.core.structs import CamelStruct
from app.db import fetch

T = TypeVar("T")

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1..100)")]
Offset = Annotated[int, QueryParameter(ge=0, le=1_000_000, description="Items to skip")]


class Page(CamelStruct, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class PageQuery(msgspec.Struct, frozen=True):
    """A page's SQL, ending in `LIMIT {} OFFSET {}`, and a count with the same filters (`AS n`).

    The page's rows are picked first (on the list's index, so a page costs the same at any
    size), one more than asked: the count runs only when that one exists (a later page) or the
    page is empty past the start. A page query may also select `count(*) OVER () AS total`
    where its rows are ranked anyway (search).
    """

    page_sql: str
    page_args: Sequence[Any]
    count_sql: str
    count_args: Sequence[Any]


async def fetch_page(query: PageQuery, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Rows of one page and the total."""
    rows = await fetch(query.page_sql, *query.page_args, limit + 1, offset)
    if rows and "total" in rows[0]:
        return rows[:limit], rows[0]["total"]
    total = _known_total(rows, limit, offset)
    if total is None:
        total = (await fetch(query.count_sql, *query.count_args))[0]["n"]
    return rows[:limit], total


async def fetch_built_page(
    select: Select, count: Count, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """The same for a page built with Piccolo's query builder: `select` ordered, `count`
    with the same filters."""
    rows: list[dict[str, Any]] = await select.limit(limit + 1).offset(offset)
    total = _known_total(rows, limit, offset)
    return rows[:limit], total if total is not None else await count


def _known_total(rows: list[dict[str, Any]], limit: int, offset: int) -> int | None:
    """The total when the page (fetched with one row more) tells it, else None (count)."""
    if len(rows) > limit:  # more after this page
        return None
    if rows or offset == 0:  # the last page: everything before it was full
        return offset + len(rows)
    return None  # past the end: how far?
