"""Interview questions and their generated answers, owner only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from app.ai.batch import all_within
from app.ai.generation import InterviewCoach, InterviewRequest
from app.core.pagination import Page
from app.interviews.repository import INTERVIEWS
from app.interviews.schemas import (
    AnswerOut,
    BatchIn,
    BatchOut,
    InterviewIn,
    InterviewOut,
    InterviewSummary,
)
from app.resumes.service import resume_context

# What the coach is told of a question, whether new or stored.
_PROMPT_FIELDS = ("question", "word_limit", "role", "company_name")


def _coaching_request(fields: Mapping[str, Any], **extra: Any) -> InterviewRequest:
    return InterviewRequest(**{name: fields[name] for name in _PROMPT_FIELDS}, **extra)


async def create(user_id: UUID, data: InterviewIn, coach: InterviewCoach) -> InterviewOut:
    """Generate first, then store question and answer together: all or nothing."""
    resume = await resume_context(user_id, data.resume_id) if data.resume_id else None
    fields = {name: getattr(data, name) for name in _PROMPT_FIELDS}
    answer = await coach.answer(_coaching_request(fields, resume=resume))
    row, stored = await INTERVIEWS.create(
        user_id, {**fields, "resume_id": data.resume_id}, {"answer": answer}
    )
    return InterviewOut(**row, answers=[AnswerOut(**stored)])


async def create_batch(
    user_id: UUID, data: BatchIn, coach: InterviewCoach, deadline: float
) -> BatchOut:
    """Answer every question concurrently within one deadline, then store them all together;
    any failure (or the deadline) stores nothing."""
    resume = await resume_context(user_id, data.resume_id) if data.resume_id else None
    shared = {"word_limit": data.word_limit, "role": data.role, "company_name": data.company_name}
    asks = [{"question": question, **shared} for question in data.questions]
    answers = await all_within(
        [
            coach.answer(
                _coaching_request(fields, resume=resume, user_knowledge=data.user_knowledge)
            )
            for fields in asks
        ],
        deadline,
    )
    stored = await INTERVIEWS.create_many(
        user_id,
        [
            ({**fields, "resume_id": data.resume_id}, {"answer": answer})
            for fields, answer in zip(asks, answers, strict=True)
        ],
    )
    return BatchOut(items=[InterviewOut(**row, answers=[AnswerOut(**a)]) for row, a in stored])


async def get(user_id: UUID, interview_id: UUID) -> InterviewOut:
    row = await INTERVIEWS.owned(user_id, interview_id)
    answers = [AnswerOut(**a) for a in await INTERVIEWS.replies(interview_id)]
    return InterviewOut(**row, answers=answers)


async def list_own(user_id: UUID, limit: int, offset: int) -> Page[InterviewSummary]:
    return await INTERVIEWS.page(user_id, limit, offset, InterviewSummary)


async def delete(user_id: UUID, interview_id: UUID) -> None:
    await INTERVIEWS.delete(user_id, interview_id)


async def add_answer(
    user_id: UUID, interview_id: UUID, instruction: str | None, coach: InterviewCoach
) -> AnswerOut:
    """Another answer to a stored question, starting from the latest one."""
    row = await INTERVIEWS.owned(user_id, interview_id)
    latest = await INTERVIEWS.latest_reply(interview_id)
    resume = await resume_context(user_id, row["resume_id"]) if row["resume_id"] else None
    answer = await coach.answer(
        _coaching_request(
            row,
            resume=resume,
            instruction=instruction,
            previous_answer=latest["answer"] if latest else None,
        )
    )
    return AnswerOut(**await INTERVIEWS.add_reply(interview_id, {"answer": answer}))
