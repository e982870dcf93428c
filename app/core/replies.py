"""A request a user made and the replies generated for it: what cold mails and interviews share."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from uuid import UUID

from app.core.pagination import Page, fetch_built_page
from app.db import delete_owned, fetch_owned, transaction

T = TypeVar("T")
Row = dict[str, Any]


class RequestWithReplies:
    """A request owned by a user (`user_id`) and its replies (`request_id`, deleted with it).

    Requests list newest first, replies oldest first; anyone else's request is 404.
    """

    def __init__(
        self,
        request: Any,
        request_columns: Sequence[Any],
        reply: Any,
        reply_columns: Sequence[Any],
        not_found: str,
    ) -> None:
        self.request = request
        self.request_columns = list(request_columns)
        self.reply = reply
        self.reply_columns = list(reply_columns)
        self.not_found = not_found

    async def create(
        self, user_id: UUID, request: Mapping[str, Any], reply: Mapping[str, Any]
    ) -> tuple[Row, Row]:
        """Store the request and its first reply together: both or neither."""
        async with transaction():
            rows = await self.request.insert(self.request(user_id=user_id, **request)).returning(
                *self.request_columns
            )
            first = await self.add_reply(rows[0]["id"], reply)
        stored: Row = rows[0]
        return stored, first

    async def create_many(
        self, user_id: UUID, pairs: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]]
    ) -> list[tuple[Row, Row]]:
        """Store several requests, each with its first reply, in one transaction: all or none."""
        async with transaction():
            # Inside this transaction, each create's own is part of it.
            return [await self.create(user_id, request, reply) for request, reply in pairs]

    async def owned(self, user_id: UUID, request_id: UUID) -> Row:
        return await fetch_owned(
            self.request, self.request_columns, request_id, user_id, self.not_found
        )

    async def replies(self, request_id: UUID) -> list[Row]:
        rows: list[Row] = await (
            self.reply.select(*self.reply_columns)
            .where(self.reply.request_id == request_id)
            .order_by(self.reply.created_at, self.reply.id)
        )
        return rows

    async def latest_reply(self, request_id: UUID) -> Row | None:
        """The reply a regeneration starts from."""
        row: Row | None = await (
            self.reply.select(*self.reply_columns)
            .where(self.reply.request_id == request_id)
            .order_by(self.reply.created_at, self.reply.id, ascending=False)
            .first()
        )
        return row

    async def add_reply(self, request_id: UUID, reply: Mapping[str, Any]) -> Row:
        rows = await self.reply.insert(self.reply(request_id=request_id, **reply)).returning(
            *self.reply_columns
        )
        stored: Row = rows[0]
        return stored

    async def page(self, user_id: UUID, limit: int, offset: int, item: Callable[..., T]) -> Page[T]:
        """One page of the user's requests, each made into `item(**row)`."""
        # The page is picked on the owner index; the count runs only when the page can't tell.
        mine = self.request.user_id == user_id
        newest_first = self.request.select(*self.request_columns).where(mine)
        newest_first = newest_first.order_by(
            self.request.created_at, self.request.id, ascending=False
        )
        rows, total = await fetch_built_page(
            newest_first, self.request.count().where(mine), limit, offset
        )
        return Page(items=[item(**row) for row in rows], total=total, limit=limit, offset=offset)

    async def delete(self, user_id: UUID, request_id: UUID) -> None:
        await delete_owned(self.request, request_id, user_id, self.not_found)
