"""HTTP for ATS evaluations: /api/v1/resumes/{id}/ats-evaluations and /api/v1/ats-evaluations."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from app.ai.ats import AtsEvaluator
from app.ats import service
from app.ats.schemas import AtsEvaluationIn, AtsEvaluationOut
from app.auth.guards import AuthRequest
from app.core.openapi import GENERATION_PROBLEMS
from app.core.pagination import Limit, Offset, Page
from app.core.ratelimit import generation_budget


class AtsEvaluationController(Controller):
    path = "/api/v1"
    tags = ["ats evaluations"]

    @post(
        "/resumes/{resume_id:uuid}/ats-evaluations",
        guards=[generation_budget],
        opt={"problems": GENERATION_PROBLEMS},
    )
    async def create(
        self,
        request: AuthRequest,
        resume_id: FromPath[UUID],
        data: JSONBody[AtsEvaluationIn],
        ats: NamedDependency[AtsEvaluator],
    ) -> AtsEvaluationOut:
        """Score the resume (its text and analysis) against a job description, and store it."""
        return await service.create(request.user.id, resume_id, data, ats)

    @get("/resumes/{resume_id:uuid}/ats-evaluations")
    async def list_evaluations(
        self,
        request: AuthRequest,
        resume_id: FromPath[UUID],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Page[AtsEvaluationOut]:
        """The resume's evaluations, newest first."""
        return await service.list_for_resume(request.user.id, resume_id, limit, offset)

    @get("/ats-evaluations/{evaluation_id:uuid}")
    async def get_evaluation(
        self, request: AuthRequest, evaluation_id: FromPath[UUID]
    ) -> AtsEvaluationOut:
        return await service.get(request.user.id, evaluation_id)

    @delete("/ats-evaluations/{evaluation_id:uuid}", status_code=204)
    async def delete_evaluation(self, request: AuthRequest, evaluation_id: FromPath[UUID]) -> None:
        await service.delete(request.user.id, evaluation_id)
