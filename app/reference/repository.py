"""Where the reference lists are read: categories and roles, by name."""

from __future__ import annotations

from typing import Any

from tables import Category, Role


async def _by_name(table: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await table.select(table.id, table.name).order_by(table.name)
    return rows


async def categories() -> list[dict[str, Any]]:
    return await _by_name(Category)


async def roles() -> list[dict[str, Any]]:
    return await _by_name(Role)
