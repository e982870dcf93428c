"""HTTP for POST /api/v1/resumes/{id}/tailor."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from app.ai.analyser import Analyser
from app.ai.ats import AtsEvaluator
from app.ai.tailor import ResumeTailor
from app.auth.guards import AuthRequest
from app.core.openapi import GENERATION_PROBLEMS
from app.core.ratelimit import generation_budget
from app.tailoring import service
from app.tailoring.schemas import TailorIn, TailorOut


class TailorController(Controller):
    path = "/api/v1/resumes"
    tags = ["resumes"]

    @post(
        "/{resume_id:uuid}/tailor",
        guards=[generation_budget],
        opt={"problems": (404, *GENERATION_PROBLEMS)},
    )
    async def tailor(
        self,
        request: AuthRequest,
        resume_id: FromPath[UUID],
        data: JSONBody[TailorIn],
        tailor: NamedDependency[ResumeTailor],
        analyser: NamedDependency[Analyser],
        ats: NamedDependency[AtsEvaluator],
    ) -> TailorOut:
        """A new resume for the job from this one's own content (`source: "tailored"`), with
        the ATS evaluations of both against the job, all stored."""
        return await service.tailor(request.user.id, resume_id, data, tailor, analyser, ats)
