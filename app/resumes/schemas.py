"""Bodies of /resumes and /central/resumes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar
from uuid import UUID

import msgspec

from app.ai.schemas import ComprehensiveAnalysis
from app.core.structs import CamelStruct, RequestStruct

CustomName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
# Generous for a resume (hundreds of pages of text), bounded for the database and the analyser.
RawText = Annotated[str, msgspec.Meta(min_length=1, max_length=500_000)]
FieldName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class AnalysisOut(CamelStruct):
    id: UUID
    resume_id: UUID
    predicted_field: str
    comprehensive_analysis: ComprehensiveAnalysis
    analyzed_at: dt.datetime


class ResumeOut(CamelStruct):
    id: UUID
    custom_name: str
    raw_text: str
    show_in_central: bool
    uploaded_at: dt.datetime
    analysis: AnalysisOut | None


class ResumeSummary(CamelStruct):
    id: UUID
    custom_name: str
    show_in_central: bool
    uploaded_at: dt.datetime
    predicted_field: str | None


class ResumeTextIn(RequestStruct):
    """The JSON form of an upload: text the client already has."""

    cleaned_later: ClassVar[frozenset[str]] = frozenset({"raw_text"})

    custom_name: CustomName
    raw_text: RawText
    show_in_central: bool = False


class ResumePatchIn(RequestStruct):
    custom_name: CustomName | msgspec.UnsetType = msgspec.UNSET
    show_in_central: bool | msgspec.UnsetType = msgspec.UNSET


class AnalysisIn(RequestStruct):
    """A client-provided analysis; `predictedField` must name a seeded job category."""

    predicted_field: FieldName
    comprehensive_analysis: ComprehensiveAnalysis

    def __post_init__(self) -> None:
        super().__post_init__()
        # JSONB cannot hold NUL either, however deep in the structure it sits.
        if b"\\u0000" in msgspec.json.encode(self.comprehensive_analysis):
            raise ValueError("`comprehensiveAnalysis` must not contain NUL characters")


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
