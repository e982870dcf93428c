"""HTTP for /api/v1/cold-mails."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from app.ai.generation import ColdMailWriter
from app.auth.guards import AuthRequest
from app.coldmails import service
from app.coldmails.schemas import (
    ColdMailIn,
    ColdMailOut,
    ColdMailResponseIn,
    ColdMailResponseOut,
    ColdMailSummary,
)
from app.core.openapi import GENERATION_PROBLEMS
from app.core.pagination import Limit, Offset, Page
from app.core.ratelimit import generation_budget


class ColdMailController(Controller):
    path = "/api/v1/cold-mails"
    tags = ["cold mails"]

    @post("/", guards=[generation_budget], opt={"problems": (404, 409, *GENERATION_PROBLEMS)})
    async def create(
        self,
        request: AuthRequest,
        data: JSONBody[ColdMailIn],
        writer: NamedDependency[ColdMailWriter],
    ) -> ColdMailOut:
        """Write a cold mail (using the resume's analysis when `resumeId` is given)."""
        return await service.create(request.user.id, data, writer)

    @get("/")
    async def list_mails(
        self, request: AuthRequest, limit: Limit = 20, offset: Offset = 0
    ) -> Page[ColdMailSummary]:
        return await service.list_own(request.user.id, limit, offset)

    @get("/{mail_id:uuid}")
    async def get_mail(self, request: AuthRequest, mail_id: FromPath[UUID]) -> ColdMailOut:
        return await service.get(request.user.id, mail_id)

    @delete("/{mail_id:uuid}", status_code=204)
    async def delete_mail(self, request: AuthRequest, mail_id: FromPath[UUID]) -> None:
        await service.delete(request.user.id, mail_id)

    @post(
        "/{mail_id:uuid}/responses",
        guards=[generation_budget],
        opt={"problems": GENERATION_PROBLEMS},
    )
    async def add_response(
        self,
        request: AuthRequest,
        mail_id: FromPath[UUID],
        data: JSONBody[ColdMailResponseIn],
        writer: NamedDependency[ColdMailWriter],
    ) -> ColdMailResponseOut:
        """Regenerate with an `instruction`, or store an edited `subject`/`emailContent`."""
        return await service.add_response(request.user.id, mail_id, data, writer)
