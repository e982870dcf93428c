"""Where ATS evaluations are stored, scoped to their owner."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from app.core.errors import NotFound
from app.core.pagination import fetch_built_page
from app.db import delete_owned, owned
from tables import AtsEvaluation

Row = dict[str, Any]

NOT_FOUND = "No such ATS evaluation"

COLUMNS = [
    AtsEvaluation.id,
    AtsEvaluation.resume_id,
    AtsEvaluation.job_title,
    AtsEvaluation.company_name,
    AtsEvaluation.job_description,
    AtsEvaluation.score,
    AtsEvaluation.result,
    AtsEvaluation.provider,
    AtsEvaluation.created_at,
]


async def insert(user_id: UUID, resume_id: UUID, fields: dict[str, Any]) -> Row:
    """Store one evaluation (`result` as a JSON string); the stored row (`result` may come
    back as that string)."""
    rows = await AtsEvaluation.insert(
        AtsEvaluation(user_id=user_id, resume_id=resume_id, **fields)
    ).returning(*COLUMNS)
    stored: Row = rows[0]
    return stored


async def get_owned(user_id: UUID, evaluation_id: UUID) -> Row:
    """The user's evaluation; 404 when it is not theirs."""
    row: Row | None = await (
        AtsEvaluation.select(*COLUMNS)
        .where(owned(AtsEvaluation, evaluation_id, user_id))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return row


async def page_for_resume(
    user_id: UUID, resume_id: UUID, limit: int, offset: int
) -> tuple[list[Row], int]:
    """One page of a resume's evaluations, newest first, and the total."""
    mine = (AtsEvaluation.user_id == user_id) & (AtsEvaluation.resume_id == resume_id)
    newest_first = (
        AtsEvaluation.select(*COLUMNS)
        .where(mine)
        .order_by(AtsEvaluation.created_at, AtsEvaluation.id, ascending=False)
        .output(load_json=True)
    )
    return await fetch_built_page(newest_first, AtsEvaluation.count().where(mine), limit, offset)


async def delete(user_id: UUID, evaluation_id: UUID) -> None:
    await delete_owned(AtsEvaluation, evaluation_id, user_id, NOT_FOUND)
