"""Bodies of /central/resumes: shared resumes with their owner."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from app.core.structs import CamelStruct
from app.resumes.schemas import ResumeOut


class Owner(CamelStruct):
    id: UUID
    name: str | None
    email: str | None


class CentralResumeSummary(CamelStruct):
    id: UUID
    custom_name: str
    show_in_central: bool
    uploaded_at: dt.datetime
    predicted_field: str | None
    skills: list[str]
    snippet: str | None
    owner: Owner


class CentralResumeOut(ResumeOut):
    owner: Owner
