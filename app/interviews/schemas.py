"""Bodies of /interviews."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec

from app.core.structs import CamelStruct, RequestStruct, ShortText

Question = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
WordLimit = Annotated[int, msgspec.Meta(ge=50, le=500)]
Instruction = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]


class InterviewIn(RequestStruct):
    question: Question
    role: ShortText | None = None
    company_name: ShortText | None = None
    word_limit: WordLimit = 150
    resume_id: UUID | None = None


class AnswerIn(RequestStruct):
    instruction: Instruction | None = None


class AnswerOut(CamelStruct):
    id: UUID
    answer: str
    created_at: dt.datetime


class InterviewSummary(CamelStruct):
    id: UUID
    question: str
    role: str | None
    company_name: str | None
    word_limit: int
    resume_id: UUID | None
    created_at: dt.datetime


class InterviewOut(InterviewSummary):
    answers: list[AnswerOut]
