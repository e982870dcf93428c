"""Cover letters: a request and its generated (or client-edited) letters, owner only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from app.ai.generation import CoverLetterRequest, CoverLetterWriter
from app.core.pagination import Page
from app.coverletters.repository import LETTERS
from app.coverletters.schemas import (
    CoverLetterIn,
    CoverLetterOut,
    CoverLetterResponseIn,
    CoverLetterResponseOut,
    CoverLetterSummary,
)
from app.resumes.service import resume_context

# What the writer is told of a request, whether new or stored.
_PROMPT_FIELDS = (
    "company_name",
    "job_title",
    "recipient_name",
    "job_description",
    "sender_name",
    "sender_role_or_goal",
    "key_points",
    "additional_info",
)


def _writing_request(fields: Mapping[str, Any], **extra: Any) -> CoverLetterRequest:
    return CoverLetterRequest(**{name: fields[name] for name in _PROMPT_FIELDS}, **extra)


async def create(user_id: UUID, data: CoverLetterIn, writer: CoverLetterWriter) -> CoverLetterOut:
    """Generate first, then store request and letter together: all or nothing."""
    resume = await resume_context(user_id, data.resume_id) if data.resume_id else None
    fields = {name: getattr(data, name) for name in _PROMPT_FIELDS}
    letter = await writer.write_letter(_writing_request(fields, resume=resume))
    row, response = await LETTERS.create(
        user_id, {**fields, "resume_id": data.resume_id}, {"content": letter}
    )
    return CoverLetterOut(**row, responses=[CoverLetterResponseOut(**response)])


async def get(user_id: UUID, letter_id: UUID) -> CoverLetterOut:
    row = await LETTERS.owned(user_id, letter_id)
    responses = [CoverLetterResponseOut(**r) for r in await LETTERS.replies(letter_id)]
    return CoverLetterOut(**row, responses=responses)


async def list_own(user_id: UUID, limit: int, offset: int) -> Page[CoverLetterSummary]:
    return await LETTERS.page(user_id, limit, offset, CoverLetterSummary)


async def delete(user_id: UUID, letter_id: UUID) -> None:
    await LETTERS.delete(user_id, letter_id)


async def add_response(
    user_id: UUID, letter_id: UUID, data: CoverLetterResponseIn, writer: CoverLetterWriter
) -> CoverLetterResponseOut:
    """Regenerate from the latest letter with an instruction, or keep the client's own edit."""
    row = await LETTERS.owned(user_id, letter_id)
    if data.content is not None:
        return CoverLetterResponseOut(
            **await LETTERS.add_reply(letter_id, {"content": data.content})
        )
    latest = await LETTERS.latest_reply(letter_id)
    resume = await resume_context(user_id, row["resume_id"]) if row["resume_id"] else None
    letter = await writer.write_letter(
        _writing_request(
            row,
            resume=resume,
            instruction=data.instruction,
            previous=latest["content"] if latest else None,
        )
    )
    return CoverLetterResponseOut(**await LETTERS.add_reply(letter_id, {"content": letter}))
