"""Bodies of the ATS evaluation routes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec

from app.ats.scoring import (
    AtsComponents,
    AtsExperience,
    AtsKeywords,
    AtsSections,
    AtsSkills,
)
from app.core.structs import CamelStruct, RequestStruct, ShortText

JobDescription = Annotated[
    str,
    msgspec.Meta(
        min_length=50, max_length=20_000, description="The job description (50..20000 chars)"
    ),
]


class AtsEvaluationIn(RequestStruct):
    job_description: JobDescription
    job_title: ShortText | None = None
    company_name: ShortText | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        # Trimmed, it must still be long enough.
        if len(self.job_description) < 50:
            raise ValueError("`jobDescription` must be at least 50 characters")


class AtsEvaluationOut(CamelStruct):
    id: UUID
    resume_id: UUID
    job_title: str | None
    company_name: str | None
    job_description: str
    score: int
    components: AtsComponents
    skills: AtsSkills
    keywords: AtsKeywords
    sections: AtsSections
    experience: AtsExperience
    suggestions: list[str]
    provider: str
    created_at: dt.datetime
