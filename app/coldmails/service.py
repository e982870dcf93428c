"""Cold mails: a request and its generated (or client-edited) responses, owner only."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from app.ai.generation import ColdMailDraft, ColdMailRequest, ColdMailWriter
from app.auth.service import transaction
from app.coldmails.schemas import (
    ColdMailIn,
    ColdMailOut,
    ColdMailResponseIn,
    ColdMailResponseOut,
    ColdMailSummary,
)
from app.core.ownership import delete_owned, fetch_owned
from app.core.pagination import Page, PageQuery, fetch_page
from app.resumes.service import resume_context
from tables import ColdMailRequest as ColdMailRow

NOT_FOUND = "No such cold mail"
REQUEST_COLUMNS = (
    "id, recipient_name, recipient_role, company_name, sender_name, key_points, "
    "additional_info, company_url, resume_id, created_at"
)
RESPONSE_COLUMNS = "id, subject, email_content, created_at"


def _summary(row: dict[str, Any]) -> ColdMailSummary:
    return ColdMailSummary(**{k: row[k] for k in REQUEST_COLUMNS.split(", ")})


async def _owned(user_id: UUID, mail_id: UUID) -> dict[str, Any]:
    return await fetch_owned(ColdMailRow, REQUEST_COLUMNS, mail_id, user_id, NOT_FOUND)


async def _responses(mail_id: UUID) -> list[dict[str, Any]]:
    return await ColdMailRow.raw(
        f"SELECT {RESPONSE_COLUMNS} FROM cold_mail_response WHERE request_id = {{}} "
        "ORDER BY created_at, id",
        mail_id,
    )


async def _insert_response(mail_id: UUID, subject: str | None, content: str) -> dict[str, Any]:
    rows = await ColdMailRow.raw(
        "INSERT INTO cold_mail_response (request_id, subject, email_content) "
        f"VALUES ({{}}, {{}}, {{}}) RETURNING {RESPONSE_COLUMNS}",
        mail_id,
        subject,
        content,
    )
    return rows[0]


_PROMPT_FIELDS = (
    "recipient_name",
    "recipient_role",
    "company_name",
    "sender_name",
    "key_points",
    "additional_info",
    "company_url",
)


def _generation_request(row: dict[str, Any], **extra: Any) -> ColdMailRequest:
    return ColdMailRequest(**{name: row[name] for name in _PROMPT_FIELDS}, **extra)


async def create(user_id: UUID, data: ColdMailIn, writer: ColdMailWriter) -> ColdMailOut:
    """Generate first, then store request and response together: all or nothing."""
    resume = await resume_context(user_id, data.resume_id) if data.resume_id else None
    fields = {
        "recipient_name": data.recipient_name,
        "recipient_role": data.recipient_role,
        "company_name": data.company_name,
        "sender_name": data.sender_name,
        "key_points": data.key_points,
        "additional_info": data.additional_info,
        "company_url": data.company_url,
    }
    draft = await writer.write(_generation_request(fields, resume=resume))
    async with transaction():
        rows = await ColdMailRow.raw(
            "INSERT INTO cold_mail_request (user_id, recipient_name, recipient_role, "
            "company_name, sender_name, key_points, additional_info, company_url, resume_id) "
            f"VALUES ({{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}, {{}}) "
            f"RETURNING {REQUEST_COLUMNS}",
            user_id,
            *fields.values(),
            data.resume_id,
        )
        response = await _insert_response(rows[0]["id"], draft.subject, draft.body)
    return ColdMailOut(
        **{k: rows[0][k] for k in REQUEST_COLUMNS.split(", ")},
        responses=[ColdMailResponseOut(**response)],
    )


async def get(user_id: UUID, mail_id: UUID) -> ColdMailOut:
    row = await _owned(user_id, mail_id)
    responses = [ColdMailResponseOut(**r) for r in await _responses(mail_id)]
    return ColdMailOut(**{k: row[k] for k in REQUEST_COLUMNS.split(", ")}, responses=responses)


async def list_own(user_id: UUID, limit: int, offset: int) -> Page[ColdMailSummary]:
    query = PageQuery(
        f"SELECT {REQUEST_COLUMNS} FROM cold_mail_request "
        "WHERE user_id = {} ORDER BY created_at DESC, id DESC LIMIT {} OFFSET {}",
        [user_id],
        "SELECT count(*) AS n FROM cold_mail_request WHERE user_id = {}",
        [user_id],
    )
    rows, total = await fetch_page(query, limit, offset)
    return Page(items=[_summary(r) for r in rows], total=total, limit=limit, offset=offset)


async def delete(user_id: UUID, mail_id: UUID) -> None:
    await delete_owned(ColdMailRow, mail_id, user_id, NOT_FOUND)


async def add_response(
    user_id: UUID, mail_id: UUID, data: ColdMailResponseIn, writer: ColdMailWriter
) -> ColdMailResponseOut:
    """Regenerate with an instruction, or keep the client's own edit."""
    row = await _owned(user_id, mail_id)
    if data.email_content is not None:
        return ColdMailResponseOut(
            **await _insert_response(mail_id, data.subject, data.email_content)
        )
    latest = (await _responses(mail_id))[-1:]
    previous = (
        ColdMailDraft(subject=latest[0]["subject"] or "", body=latest[0]["email_content"])
        if latest
        else None
    )
    resume = await resume_context(user_id, row["resume_id"]) if row["resume_id"] else None
    draft = await writer.write(
        _generation_request(row, resume=resume, instruction=data.instruction, previous=previous)
    )
    return ColdMailResponseOut(**await _insert_response(mail_id, draft.subject, draft.body))
