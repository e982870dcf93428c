"""Bodies of /central/resumes: shared resumes with their owner."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec

from app.core.structs import CamelStruct, RequestStruct
from app.resumes.schemas import ResumeOut, ResumeSource


class Owner(CamelStruct):
    id: UUID
    name: str | None
    email: str | None


class CentralResumeSummary(CamelStruct):
    id: UUID
    custom_name: str
    show_in_central: bool
    uploaded_at: dt.datetime
    source: ResumeSource
    predicted_field: str | None
    skills: list[str]
    snippet: str | None
    owner: Owner


class CentralPage(CamelStruct, omit_defaults=True):
    """A page of the search; `totalCapped` (only when true): `total` stopped counting there."""

    items: list[CentralResumeSummary]
    total: int
    limit: int
    offset: int
    total_capped: bool = False


class CentralResumeOut(ResumeOut):
    owner: Owner


class MatchIn(RequestStruct):
    job_description: Annotated[str, msgspec.Meta(min_length=50, max_length=20_000)]
    field: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=50)] = 20


class Match(CamelStruct):
    """A shared resume (as in the search's list) scored against a job description."""

    id: UUID
    custom_name: str
    show_in_central: bool
    uploaded_at: dt.datetime
    source: ResumeSource
    predicted_field: str | None
    owner: Owner
    score: int
    matched_skills: list[str]
    missing_skills: list[str]


class MatchList(CamelStruct):
    items: list[Match]
    # How many shared resumes were scored (at most MATCH_CANDIDATES).
    total: int
