"""The rules for a user's own resumes; anyone else's resume is 404."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import msgspec

from app.ai.analyser import AnalysisResult
from app.ai.generation import ResumeContext
from app.ai.schemas import ComprehensiveAnalysis
from app.ats.resume_profile import profile_of
from app.core.errors import NotFound, Unprocessable
from app.core.pagination import Page
from app.db import transaction
from app.resumes import repository
from app.resumes.schemas import (
    AnalysisOut,
    ResumeOut,
    ResumeSummary,
    analysis_from_row,
    resume_from_row,
)

NOT_FOUND = "No such resume"
# The origin of an analysis a client stored with PUT: re-analysis leaves those alone.
CLIENT_ORIGIN = "client"


class NewResume(msgspec.Struct, frozen=True):
    """A resume to store: its name, text, sharing, how it came (`source`) and from what."""

    custom_name: str
    raw_text: str
    show_in_central: bool
    source: str
    parent_id: UUID | None = None


async def store(user_id: UUID, new: NewResume, result: AnalysisResult) -> UUID:
    """Store the resume and its analysis together: both or neither."""
    profile = await ats_profile(new.raw_text, result.analysis, result.predicted_field)
    async with transaction():
        resume_id = await repository.insert(
            user_id,
            new.custom_name,
            new.raw_text,
            new.show_in_central,
            new.source,
            new.parent_id,
        )
        await repository.upsert_analysis(
            resume_id, result.predicted_field, result.analysis, result.origin, profile
        )
    return resume_id


async def store_bulk_entry(
    user_id: UUID,
    entry: tuple[UUID, str],
    custom_name: str,
    raw_text: str,
    show_in_central: bool,
    result: AnalysisResult,
) -> bool:
    """Store a bulk upload's entry (upload id, entry name) with its analysis, unless that entry
    has its resume already (a retried job): True when stored."""
    profile = await ats_profile(raw_text, result.analysis, result.predicted_field)
    async with transaction():
        resume_id = await repository.insert_bulk_entry(
            user_id, entry, custom_name, raw_text, show_in_central
        )
        if resume_id is None:
            return False
        await repository.upsert_analysis(
            resume_id, result.predicted_field, result.analysis, result.origin, profile
        )
    return True


async def create(user_id: UUID, new: NewResume, result: AnalysisResult) -> ResumeOut:
    resume_id = await store(user_id, new, result)
    return await get(user_id, resume_id)


async def get(user_id: UUID, resume_id: UUID) -> ResumeOut:
    row = await repository.with_analysis(user_id, resume_id)
    if row is None:
        raise NotFound(NOT_FOUND)
    return resume_from_row(row)


async def raw_text(user_id: UUID, resume_id: UUID) -> tuple[str, str]:
    """The resume's name and text."""
    row = await repository.name_and_text(user_id, resume_id, NOT_FOUND)
    return row["custom_name"], row["raw_text"]


async def list_own(user_id: UUID, q: str | None, limit: int, offset: int) -> Page[ResumeSummary]:
    """Newest first; with `q`, only those matching it (web-search syntax)."""
    rows, total = await repository.list_own(user_id, q, limit, offset)
    return Page(items=[ResumeSummary(**r) for r in rows], total=total, limit=limit, offset=offset)


async def update(user_id: UUID, resume_id: UUID, changes: dict[str, Any]) -> ResumeOut:
    if changes and not await repository.update(user_id, resume_id, changes):
        raise NotFound(NOT_FOUND)
    return await get(user_id, resume_id)


async def delete(user_id: UUID, resume_id: UUID) -> None:
    await repository.delete(user_id, resume_id, NOT_FOUND)


async def get_analysis(user_id: UUID, resume_id: UUID) -> AnalysisOut:
    resume = await get(user_id, resume_id)
    if resume.analysis is None:
        raise NotFound("This resume has no analysis")
    return resume.analysis


async def _ensure_owned(user_id: UUID, resume_id: UUID) -> None:
    if not await repository.exists(user_id, resume_id):
        raise NotFound(NOT_FOUND)


async def ensure_owned(user_id: UUID, resume_id: UUID) -> None:
    """404 unless the resume is the caller's (for routes under /resumes/{id} of other domains)."""
    await _ensure_owned(user_id, resume_id)


async def ats_profile(text: str, analysis: ComprehensiveAnalysis, predicted_field: str) -> str:
    """The resume's half of an ATS score as JSON, stored with its analysis (in a thread: it
    reads the whole text)."""

    def made() -> str:
        return msgspec.json.encode(profile_of(text, analysis, predicted_field)).decode()

    return await asyncio.to_thread(made)


async def _store_analysis(
    resume_id: UUID, text: str, predicted_field: str, analysis: ComprehensiveAnalysis, origin: str
) -> AnalysisOut:
    profile = await ats_profile(text, analysis, predicted_field)
    row = await repository.upsert_analysis(resume_id, predicted_field, analysis, origin, profile)
    return analysis_from_row(row)


async def replace_analysis(
    user_id: UUID, resume_id: UUID, predicted_field: str, analysis: ComprehensiveAnalysis
) -> AnalysisOut:
    """Store a client-provided analysis; 422 when the field is not a seeded job category."""
    _, text = await raw_text(user_id, resume_id)
    if not await repository.is_category(predicted_field):
        raise Unprocessable(f"Unknown job category {predicted_field!r}")
    return await _store_analysis(resume_id, text, predicted_field, analysis, CLIENT_ORIGIN)


async def store_analysis(
    user_id: UUID, resume_id: UUID, text: str, result: AnalysisResult
) -> AnalysisOut:
    """The server's new analysis of the caller's resume (`text`, its stored text)."""
    await _ensure_owned(user_id, resume_id)
    return await _store_analysis(
        resume_id, text, result.predicted_field, result.analysis, result.origin
    )


async def store_server_analysis(resume_id: UUID, text: str, result: AnalysisResult) -> None:
    """A re-analysis: stored unless the resume is gone or a client stored its analysis."""
    profile = await ats_profile(text, result.analysis, result.predicted_field)
    await repository.store_server_analysis(
        resume_id, result.predicted_field, result.analysis, result.origin, profile
    )


async def resume_context(user_id: UUID, resume_id: UUID) -> ResumeContext:
    """What generators may use of the caller's resume; 404 when it is not theirs."""
    resume = await get(user_id, resume_id)
    analysis = resume.analysis
    return ResumeContext(
        custom_name=resume.custom_name,
        predicted_field=analysis.predicted_field if analysis else None,
        analysis=analysis.comprehensive_analysis if analysis else None,
    )
