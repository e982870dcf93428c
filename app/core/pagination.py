"""`?limit=&offset=` in, `{items, total, limit, offset}` out."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from litestar.params import QueryParameter

from app.core.structs import CamelStruct

T = TypeVar("T")

Limit = Annotated[int, QueryParameter(ge=1, le=100, description="Page size (1..100)")]
Offset = Annotated[int, QueryParameter(ge=0, le=1_000_000, description="Items to skip")]


class Page(CamelStruct, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
