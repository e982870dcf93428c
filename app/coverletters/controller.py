"""HTTP for /api/v1/cover-letters."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from app.ai.generation import CoverLetterWriter
from app.auth.guards import AuthRequest
from app.core.openapi import GENERATION_PROBLEMS
from app.core.pagination import Limit, Offset, Page
from app.core.ratelimit import generation_budget
from app.coverletters import service
from app.coverletters.schemas import (
    CoverLetterIn,
    CoverLetterOut,
    CoverLetterResponseIn,
    CoverLetterResponseOut,
    CoverLetterSummary,
)


class CoverLetterController(Controller):
    path = "/api/v1/cover-letters"
    tags = ["cover letters"]

    @post("/", guards=[generation_budget], opt={"problems": (404, *GENERATION_PROBLEMS)})
    async def create(
        self,
        request: AuthRequest,
        data: JSONBody[CoverLetterIn],
        letter_writer: NamedDependency[CoverLetterWriter],
    ) -> CoverLetterOut:
        """Write a cover letter naming the company and the job title (drawing on the resume's
        analysis when `resumeId` is given)."""
        return await service.create(request.user.id, data, letter_writer)

    @get("/")
    async def list_letters(
        self, request: AuthRequest, limit: Limit = 20, offset: Offset = 0
    ) -> Page[CoverLetterSummary]:
        """The caller's cover letters, newest first, without their responses."""
        return await service.list_own(request.user.id, limit, offset)

    @get("/{letter_id:uuid}")
    async def get_letter(self, request: AuthRequest, letter_id: FromPath[UUID]) -> CoverLetterOut:
        return await service.get(request.user.id, letter_id)

    @delete("/{letter_id:uuid}", status_code=204)
    async def delete_letter(self, request: AuthRequest, letter_id: FromPath[UUID]) -> None:
        await service.delete(request.user.id, letter_id)

    @post(
        "/{letter_id:uuid}/responses",
        guards=[generation_budget],
        opt={"problems": GENERATION_PROBLEMS},
    )
    async def add_response(
        self,
        request: AuthRequest,
        letter_id: FromPath[UUID],
        data: JSONBody[CoverLetterResponseIn],
        letter_writer: NamedDependency[CoverLetterWriter],
    ) -> CoverLetterResponseOut:
        """Regenerate with an `instruction`, or store the client's edited `content`."""
        return await service.add_response(request.user.id, letter_id, data, letter_writer)
