"""HTTP for /api/v1/interviews."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from app.ai.generation import InterviewCoach
from app.auth.guards import AuthRequest
from app.core.openapi import GENERATION_PROBLEMS
from app.core.pagination import Limit, Offset, Page
from app.core.ratelimit import generation_budget, spend_generation
from app.interviews import service
from app.interviews.schemas import (
    AnswerIn,
    AnswerOut,
    BatchIn,
    BatchOut,
    InterviewIn,
    InterviewOut,
    InterviewSummary,
)
from app.settings import Settings


class InterviewController(Controller):
    path = "/api/v1/interviews"
    tags = ["interviews"]

    @post("/", guards=[generation_budget], opt={"problems": (404, 409, *GENERATION_PROBLEMS)})
    async def create(
        self,
        request: AuthRequest,
        data: JSONBody[InterviewIn],
        coach: NamedDependency[InterviewCoach],
    ) -> InterviewOut:
        """Answer an interview question within `wordLimit` words."""
        return await service.create(request.user.id, data, coach)

    @post(
        "/batch",
        guards=[generation_budget],
        opt={"problems": (404, *GENERATION_PROBLEMS)},
    )
    async def create_batch(
        self,
        request: AuthRequest,
        data: JSONBody[BatchIn],
        coach: NamedDependency[InterviewCoach],
        settings: NamedDependency[Settings],
    ) -> BatchOut:
        """Answer 1..10 questions at once: one Interview per question, in order.

        With a model, the answers are generated concurrently under one deadline (AI_TIMEOUT);
        if any fails or the deadline passes, nothing is stored (502 / 504). Each question
        spends one unit of the caller's generation budget. `userKnowledge` is used, not stored.
        """
        await spend_generation(request, len(data.questions) - 1)
        return await service.create_batch(request.user.id, data, coach, settings.ai_timeout)

    @get("/")
    async def list_interviews(
        self, request: AuthRequest, limit: Limit = 20, offset: Offset = 0
    ) -> Page[InterviewSummary]:
        return await service.list_own(request.user.id, limit, offset)

    @get("/{interview_id:uuid}")
    async def get_interview(
        self, request: AuthRequest, interview_id: FromPath[UUID]
    ) -> InterviewOut:
        return await service.get(request.user.id, interview_id)

    @delete("/{interview_id:uuid}", status_code=204)
    async def delete_interview(self, request: AuthRequest, interview_id: FromPath[UUID]) -> None:
        await service.delete(request.user.id, interview_id)

    @post(
        "/{interview_id:uuid}/answers",
        guards=[generation_budget],
        opt={"problems": GENERATION_PROBLEMS},
    )
    async def add_answer(
        self,
        request: AuthRequest,
        interview_id: FromPath[UUID],
        coach: NamedDependency[InterviewCoach],
        data: JSONBody[AnswerIn | None] = None,
    ) -> AnswerOut:
        """Generate another answer, optionally following an `instruction`."""
        instruction = data.instruction if data else None
        return await service.add_answer(request.user.id, interview_id, instruction, coach)
