"""Cold mails: a request and its generated (or client-edited) responses, owner only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from app.ai.generation import ColdMailDraft, ColdMailRequest, ColdMailWriter
from app.coldmails.repository import MAILS
from app.coldmails.schemas import (
    ColdMailIn,
    ColdMailOut,
    ColdMailResponseIn,
    ColdMailResponseOut,
    ColdMailSummary,
)
from app.core.pagination import Page
from app.resumes.service import resume_context

# What the writer is told of a request, whether new or stored.
_PROMPT_FIELDS = (
    "recipient_name",
    "recipient_role",
    "company_name",
    "sender_name",
    "key_points",
    "additional_info",
    "company_url",
)


def _generation_request(fields: Mapping[str, Any], **extra: Any) -> ColdMailRequest:
    return ColdMailRequest(**{name: fields[name] for name in _PROMPT_FIELDS}, **extra)


def _draft(draft: ColdMailDraft) -> dict[str, Any]:
    return {"subject": draft.subject, "email_content": draft.body}


async def create(user_id: UUID, data: ColdMailIn, writer: ColdMailWriter) -> ColdMailOut:
    """Generate first, then store request and response together: all or nothing."""
    resume = await resume_context(user_id, data.resume_id) if data.resume_id else None
    fields = {name: getattr(data, name) for name in _PROMPT_FIELDS}
    draft = await writer.write(_generation_request(fields, resume=resume))
    row, response = await MAILS.create(
        user_id, {**fields, "resume_id": data.resume_id}, _draft(draft)
    )
    return ColdMailOut(**row, responses=[ColdMailResponseOut(**response)])


async def get(user_id: UUID, mail_id: UUID) -> ColdMailOut:
    row = await MAILS.owned(user_id, mail_id)
    responses = [ColdMailResponseOut(**r) for r in await MAILS.replies(mail_id)]
    return ColdMailOut(**row, responses=responses)


async def list_own(user_id: UUID, limit: int, offset: int) -> Page[ColdMailSummary]:
    return await MAILS.page(user_id, limit, offset, ColdMailSummary)


async def delete(user_id: UUID, mail_id: UUID) -> None:
    await MAILS.delete(user_id, mail_id)


async def add_response(
    user_id: UUID, mail_id: UUID, data: ColdMailResponseIn, writer: ColdMailWriter
) -> ColdMailResponseOut:
    """Regenerate with an instruction, or keep the client's own edit."""
    row = await MAILS.owned(user_id, mail_id)
    if data.email_content is not None:
        edit = {"subject": data.subject, "email_content": data.email_content}
        return ColdMailResponseOut(**await MAILS.add_reply(mail_id, edit))
    latest = await MAILS.latest_reply(mail_id)
    previous = (
        ColdMailDraft(subject=latest["subject"] or "", body=latest["email_content"])
        if latest
        else None
    )
    resume = await resume_context(user_id, row["resume_id"]) if row["resume_id"] else None
    draft = await writer.write(
        _generation_request(row, resume=resume, instruction=data.instruction, previous=previous)
    )
    return ColdMailResponseOut(**await MAILS.add_reply(mail_id, _draft(draft)))
