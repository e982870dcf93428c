"""Bodies of /resumes, and the rows of resumes/repository.py made into them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec

from app.ai.schemas import ComprehensiveAnalysis
from app.core.structs import CamelStruct, RequestStruct

CustomName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
# Generous for a resume (hundreds of pages of text), bounded for the database and the analyser.
RawText = Annotated[str, msgspec.Meta(min_length=1, max_length=500_000)]
# tables/resumes.py's ANALYSIS_ORIGINS.
AnalysisOrigin = Literal["builtin", "openai", "client"]
# tables/resumes.py's RESUME_SOURCES.
ResumeSource = Literal["upload", "text", "bulk", "tailored"]
FieldName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class AnalysisOut(CamelStruct):
    id: UUID
    resume_id: UUID
    predicted_field: str
    comprehensive_analysis: ComprehensiveAnalysis
    analyzed_at: dt.datetime
    origin: AnalysisOrigin


class ResumeOut(CamelStruct):
    id: UUID
    custom_name: str
    raw_text: str
    show_in_central: bool
    uploaded_at: dt.datetime
    source: ResumeSource
    # The resume this one was tailored from (null once that one is deleted).
    parent_id: UUID | None
    analysis: AnalysisOut | None


class ResumeSummary(CamelStruct):
    id: UUID
    custom_name: str
    show_in_central: bool
    uploaded_at: dt.datetime
    source: ResumeSource
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


_decode_analysis = msgspec.json.Decoder(ComprehensiveAnalysis).decode


def analysis_from_row(row: dict[str, Any], id_key: str = "id") -> AnalysisOut:
    """An analysis row (its JSONB as text, as asyncpg hands it over) as the struct."""
    return AnalysisOut(
        id=row[id_key],
        resume_id=row["resume_id"],
        predicted_field=row["predicted_field"],
        comprehensive_analysis=_decode_analysis(row["comprehensive_analysis"]),
        analyzed_at=row["analyzed_at"],
        origin=row["origin"],
    )


def resume_from_row(row: dict[str, Any]) -> ResumeOut:
    """A row of RESUME_COLUMNS and ANALYSIS_COLUMNS (resumes/repository.py) as the struct."""
    analysis = None
    if row["analysis_id"] is not None:
        analysis = analysis_from_row({**row, "resume_id": row["id"]}, id_key="analysis_id")
    return ResumeOut(
        id=row["id"],
        custom_name=row["custom_name"],
        raw_text=row["raw_text"],
        show_in_central=row["show_in_central"],
        uploaded_at=row["uploaded_at"],
        source=row["source"],
        parent_id=row["parent_id"],
        analysis=analysis,
    )
