"""Interview questions and their generated answers, owner only."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from app.ai.generation import InterviewCoach, InterviewRequest
from app.auth.service import transaction
from app.core.ownership import delete_owned, fetch_owned
from app.core.pagination import Page, PageQuery, fetch_page
from app.interviews.schemas import AnswerOut, InterviewIn, InterviewOut, InterviewSummary
from app.resumes.service import resume_context
from tables import InterviewRequest as InterviewRow

NOT_FOUND = "No such interview question"
REQUEST_COLUMNS = "id, question, role, company_name, word_limit, resume_id, created_at"
ANSWER_COLUMNS = "id, answer, created_at"
_FIELDS = REQUEST_COLUMNS.split(", ")


async def _owned(user_id: UUID, interview_id: UUID) -> dict[str, Any]:
    return await fetch_owned(InterviewRow, REQUEST_COLUMNS, interview_id, user_id, NOT_FOUND)


async def _answers(interview_id: UUID) -> list[dict[str, Any]]:
    return await InterviewRow.raw(
        f"SELECT {ANSWER_COLUMNS} FROM interview_answer WHERE request_id = {{}} "
        "ORDER BY created_at, id",
        interview_id,
    )


async def _insert_answer(interview_id: UUID, answer: str) -> AnswerOut:
    rows = await InterviewRow.raw(
        f"INSERT INTO interview_answer (request_id, answer) VALUES ({{}}, {{}}) "
        f"RETURNING {ANSWER_COLUMNS}",
        interview_id,
        answer,
    )
    return AnswerOut(**rows[0])


async def create(user_id: UUID, data: InterviewIn, coach: InterviewCoach) -> InterviewOut:
    """Generate first, then store question and answer together: all or nothing."""
    resume = await resume_context(user_id, data.resume_id) if data.resume_id else None
    answer = await coach.answer(
        InterviewRequest(
            question=data.question,
            word_limit=data.word_limit,
            role=data.role,
            company_name=data.company_name,
            resume=resume,
        )
    )
    async with transaction():
        rows = await InterviewRow.raw(
            "INSERT INTO interview_request "
            "(user_id, question, role, company_name, word_limit, resume_id) "
            f"VALUES ({{}}, {{}}, {{}}, {{}}, {{}}, {{}}) RETURNING {REQUEST_COLUMNS}",
            user_id,
            data.question,
            data.role,
            data.company_name,
            data.word_limit,
            data.resume_id,
        )
        stored = await _insert_answer(rows[0]["id"], answer)
    return InterviewOut(**{k: rows[0][k] for k in _FIELDS}, answers=[stored])


async def get(user_id: UUID, interview_id: UUID) -> InterviewOut:
    row = await _owned(user_id, interview_id)
    answers = [AnswerOut(**a) for a in await _answers(interview_id)]
    return InterviewOut(**{k: row[k] for k in _FIELDS}, answers=answers)


async def list_own(user_id: UUID, limit: int, offset: int) -> Page[InterviewSummary]:
    query = PageQuery(
        f"SELECT {REQUEST_COLUMNS} FROM interview_request "
        "WHERE user_id = {} ORDER BY created_at DESC, id DESC LIMIT {} OFFSET {}",
        [user_id],
        "SELECT count(*) AS n FROM interview_request WHERE user_id = {}",
        [user_id],
    )
    rows, total = await fetch_page(query, limit, offset)
    items = [InterviewSummary(**{k: r[k] for k in _FIELDS}) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


async def delete(user_id: UUID, interview_id: UUID) -> None:
    await delete_owned(InterviewRow, interview_id, user_id, NOT_FOUND)


async def add_answer(
    user_id: UUID, interview_id: UUID, instruction: str | None, coach: InterviewCoach
) -> AnswerOut:
    row = await _owned(user_id, interview_id)
    latest = (await _answers(interview_id))[-1:]
    resume = await resume_context(user_id, row["resume_id"]) if row["resume_id"] else None
    answer = await coach.answer(
        InterviewRequest(
            question=row["question"],
            word_limit=row["word_limit"],
            role=row["role"],
            company_name=row["company_name"],
            resume=resume,
            instruction=instruction,
            previous_answer=latest[0]["answer"] if latest else None,
        )
    )
    return await _insert_answer(interview_id, answer)
