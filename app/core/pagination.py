"""`?limit=&offset=` in, `{items, total, limit, offset}` out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

import msgspec
from litestar.params import QueryParameter

from app.core.structs import CamelStruct
from tables import Category  # any table: raw queries only need the engine

T = TypeVar("T")

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1..100)")]
Offset = Annotated[int, QueryParameter(ge=0, le=1_000_000, description="Items to skip")]


class Page(CamelStruct, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class PageQuery(msgspec.Struct, frozen=True):
    """A page's SQL, which selects `count(*) OVER () AS total` and ends in
    `LIMIT {} OFFSET {}`, and a count with the same filters (`AS n`) for a page past the end."""

    page_sql: str
    page_args: Sequence[Any]
    count_sql: str
    count_args: Sequence[Any]


async def fetch_page(query: PageQuery, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Rows of one page and the total: one query, or two when the page is past the end."""
    rows = await Category.raw(query.page_sql, *query.page_args, limit, offset)
    if rows:
        return rows, rows[0]["total"]
    counted = await Category.raw(query.count_sql, *query.count_args)
    return [], counted[0]["n"]
