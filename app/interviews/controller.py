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
from app.core.ratelimit import generation_budget
from app.interviews import service
from app.interviews.schemas import AnswerIn, AnswerOut, InterviewIn, InterviewOut, InterviewSummary


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
