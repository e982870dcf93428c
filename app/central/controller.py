"""HTTP for /api/v1/central/resumes: recruiters (Admins) search shared resumes."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from app.auth.guards import requires_admin
from app.central import service
from app.central.schemas import CentralPage, CentralResumeOut, MatchIn, MatchList
from app.core.pagination import Limit, Offset

Query = Annotated[
    str | None,
    QueryParameter(max_length=500, description="Web-search syntax over name and text, ranked"),
]
Field = Annotated[str | None, QueryParameter(max_length=100, description="Predicted job field")]
Skills = Annotated[
    list[str] | None,
    QueryParameter(
        max_items=20, description="Repeatable; every one must be a technical skill (any case)"
    ),
]


class CentralController(Controller):
    path = "/api/v1/central/resumes"
    tags = ["central"]
    guards = [requires_admin]

    @get(
        "/",
        description=(
            "Resumes shared with `showInCentral`. With `q`, ranked by relevance and with a "
            "`snippet` that is HTML-safe: the resume's text, escaped, with the matches wrapped "
            "in `<mark>` (the only markup). Matches are counted up to 1,000: past that, `total` is "
            "1000 and `totalCapped` is true."
        ),
    )
    async def search(
        self,
        q: Query = None,
        field: Field = None,
        skill: Skills = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> CentralPage:
        return await service.search(q or None, field or None, skill or [], limit, offset)

    @get("/{resume_id:uuid}")
    async def get_shared(self, resume_id: FromPath[UUID]) -> CentralResumeOut:
        return await service.get_shared(resume_id)


class MatchController(Controller):
    path = "/api/v1/central/matches"
    tags = ["central"]
    guards = [requires_admin]

    @post(
        "/",
        status_code=200,
        description=(
            "Paste a job description: the shared resumes that best meet it, best `score` first "
            "(the ATS scorer's, 0..100), with the job's skills each has and lacks. Only resumes "
            "sharing a skill or a term with the description are scored (at most 20); `total` "
            "says how many were."
        ),
    )
    async def match(self, data: JSONBody[MatchIn]) -> MatchList:
        return await service.match(data.job_description, data.field, data.limit)
