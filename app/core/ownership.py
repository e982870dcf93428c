"""The one place that scopes a user-owned row to its owner: anyone else's row is 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar.exceptions import NotFoundException
from piccolo.table import Table


async def fetch_owned(
    table: type[Table], columns: str, row_id: UUID, user_id: UUID, not_found: str
) -> dict[str, Any]:
    """The row's `columns` when it is the user's; 404 otherwise (never 403)."""
    rows = await table.raw(
        f"SELECT {columns} FROM {table._meta.get_formatted_tablename()} "  # noqa: S608
        "WHERE id = {} AND user_id = {}",
        row_id,
        user_id,
    )
    if not rows:
        raise NotFoundException(not_found)
    row: dict[str, Any] = rows[0]
    return row


async def delete_owned(table: Any, row_id: UUID, user_id: UUID, not_found: str) -> None:
    """Delete the row when it is the user's (its children go by cascade); 404 otherwise."""
    deleted = await (
        table.delete().where((table.id == row_id) & (table.user_id == user_id)).returning(table.id)
    )
    if not deleted:
        raise NotFoundException(not_found)
