"""What the cold-mail and cover-letter writers and the interview coach are given and return.

Implementations: `builtin` (offline templates) and `openai` (any OpenAI-compatible server),
chosen by AI_PROVIDER. Controllers and services only ever see these types.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import msgspec

from app.ai.schemas import ComprehensiveAnalysis
from app.core.errors import AppError


class ResumeContext(msgspec.Struct, frozen=True):
    """The parts of the caller's resume a generator may draw on."""

    custom_name: str
    predicted_field: str | None
    analysis: ComprehensiveAnalysis | None


class ColdMailDraft(msgspec.Struct, frozen=True):
    subject: str
    body: str


class ColdMailRequest(msgspec.Struct, frozen=True):
    recipient_name: str
    recipient_role: str
    company_name: str
    sender_name: str | None = None
    key_points: str | None = None
    additional_info: str | None = None
    company_url: str | None = None
    resume: ResumeContext | None = None
    # Set when regenerating: what to change, and the draft it applies to.
    instruction: str | None = None
    previous: ColdMailDraft | None = None


class CoverLetterRequest(msgspec.Struct, frozen=True):
    company_name: str
    job_title: str
    recipient_name: str | None = None
    job_description: str | None = None
    sender_name: str | None = None
    sender_role_or_goal: str | None = None
    key_points: str | None = None
    additional_info: str | None = None
    resume: ResumeContext | None = None
    # Set when regenerating: what to change, and the letter it applies to.
    instruction: str | None = None
    previous: str | None = None


class InterviewRequest(msgspec.Struct, frozen=True):
    question: str
    word_limit: int
    role: str | None = None
    company_name: str | None = None
    resume: ResumeContext | None = None
    instruction: str | None = None
    previous_answer: str | None = None
    # What the candidate wants the answer to draw on (batches); used, never stored.
    user_knowledge: str | None = None


class GenerationFailed(AppError):
    """The AI provider failed or answered nonsense (502), or was too slow (504)."""

    status = 502


# Runtime-checkable: Litestar checks injected dependencies against their annotation.
@runtime_checkable
class ColdMailWriter(Protocol):
    async def write(self, request: ColdMailRequest) -> ColdMailDraft: ...


@runtime_checkable
class CoverLetterWriter(Protocol):
    async def write_letter(self, request: CoverLetterRequest) -> str: ...


@runtime_checkable
class InterviewCoach(Protocol):
    async def answer(self, request: InterviewRequest) -> str: ...
