"""Bodies of /interviews."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec

from app.core.structs import CamelStruct, LongText, RequestStruct, ShortText

Question = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
WordLimit = Annotated[int, msgspec.Meta(ge=50, le=500)]
Instruction = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
MAX_BATCH = 10
Questions = Annotated[list[Question], msgspec.Meta(min_length=1, max_length=MAX_BATCH)]


class InterviewIn(RequestStruct):
    question: Question
    role: ShortText | None = None
    company_name: ShortText | None = None
    word_limit: WordLimit = 150
    resume_id: UUID | None = None


class BatchIn(RequestStruct):
    """Up to 10 questions answered at once, sharing the other fields.

    `userKnowledge` (what the candidate wants the answers to draw on) is used for these
    answers only: it is not stored, so a later regeneration does not see it.
    """

    questions: Questions
    role: ShortText | None = None
    company_name: ShortText | None = None
    word_limit: WordLimit = 150
    resume_id: UUID | None = None
    user_knowledge: LongText | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self.questions = [question.strip() for question in self.questions]
        if not all(self.questions):
            raise ValueError("`questions` must not hold an empty question")
        if "\x00" in "".join(self.questions):
            raise ValueError("`questions` must not contain NUL characters")


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


class BatchOut(CamelStruct):
    items: list[InterviewOut]
