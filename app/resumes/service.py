"""The rules for a user's own resumes; every query is filtered by the owner."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar.exceptions import HTTPException, NotFoundException

from app.ai.analyser import AnalysisResult
from app.ai.generation import ResumeContext
from app.ai.schemas import ComprehensiveAnalysis
from app.core.ownership import delete_owned
from app.core.pagination import Page, PageQuery, fetch_page
from app.db import transaction
from app.resumes.schemas import AnalysisOut, ResumeOut, ResumeSummary
from tables import Analysis, Resume

NOT_FOUND = "No such resume"

RESUME_WITH_ANALYSIS = """
SELECT r.id, r.custom_name, r.raw_text, r.show_in_central, r.uploaded_at,
       a.id AS analysis_id, a.predicted_field, a.comprehensive_analysis, a.analyzed_at
FROM resume r LEFT JOIN analysis a ON a.resume_id = r.id
"""

UPSERT_ANALYSIS = """
INSERT INTO analysis (resume_id, predicted_field, comprehensive_analysis)
VALUES ({}, {}, {}::jsonb)
ON CONFLICT (resume_id) DO UPDATE SET
    predicted_field = EXCLUDED.predicted_field,
    comprehensive_analysis = EXCLUDED.comprehensive_analysis,
    analyzed_at = now()
RETURNING id, resume_id, predicted_field, comprehensive_analysis, analyzed_at
"""

_decode_analysis = msgspec.json.Decoder(ComprehensiveAnalysis).decode


def analysis_from_row(row: dict[str, Any], id_key: str = "id") -> AnalysisOut:
    return AnalysisOut(
        id=row[id_key],
        resume_id=row["resume_id"],
        predicted_field=row["predicted_field"],
        comprehensive_analysis=_decode_analysis(row["comprehensive_analysis"]),
        analyzed_at=row["analyzed_at"],
    )


def resume_from_row(row: dict[str, Any]) -> ResumeOut:
    analysis = None
    if row["analysis_id"] is not None:
        analysis = analysis_from_row({**row, "resume_id": row["id"]}, id_key="analysis_id")
    return ResumeOut(
        id=row["id"],
        custom_name=row["custom_name"],
        raw_text=row["raw_text"],
        show_in_central=row["show_in_central"],
        uploaded_at=row["uploaded_at"],
        analysis=analysis,
    )


async def store(
    user_id: UUID, custom_name: str, raw_text: str, show_in_central: bool, result: AnalysisResult
) -> UUID:
    """Store the resume and its analysis together: both or neither."""
    async with transaction():
        rows = await Resume.raw(
            "INSERT INTO resume (user_id, custom_name, raw_text, show_in_central) "
            "VALUES ({}, {}, {}, {}) RETURNING id",
            user_id,
            custom_name,
            raw_text,
            show_in_central,
        )
        await _upsert_analysis(rows[0]["id"], result.predicted_field, result.analysis)
    resume_id: UUID = rows[0]["id"]
    return resume_id


async def create(
    user_id: UUID, custom_name: str, raw_text: str, show_in_central: bool, result: AnalysisResult
) -> ResumeOut:
    resume_id = await store(user_id, custom_name, raw_text, show_in_central, result)
    return await get(user_id, resume_id)


async def _upsert_analysis(
    resume_id: UUID, predicted_field: str, analysis: ComprehensiveAnalysis
) -> AnalysisOut:
    rows = await Analysis.raw(
        UPSERT_ANALYSIS, resume_id, predicted_field, msgspec.json.encode(analysis).decode()
    )
    return analysis_from_row(rows[0])


async def get(user_id: UUID, resume_id: UUID) -> ResumeOut:
    rows = await Resume.raw(
        RESUME_WITH_ANALYSIS + " WHERE r.id = {} AND r.user_id = {}", resume_id, user_id
    )
    if not rows:
        raise NotFoundException(NOT_FOUND)
    return resume_from_row(rows[0])


async def raw_text(user_id: UUID, resume_id: UUID) -> tuple[str, str]:
    row = await (
        Resume.select(Resume.custom_name, Resume.raw_text)
        .where((Resume.id == resume_id) & (Resume.user_id == user_id))
        .first()
    )
    if row is None:
        raise NotFoundException(NOT_FOUND)
    return row["custom_name"], row["raw_text"]


async def list_own(user_id: UUID, q: str | None, limit: int, offset: int) -> Page[ResumeSummary]:
    """Newest first; with `q`, only those matching it (web-search syntax)."""
    # Fixed clauses with placeholders; values only ever travel as arguments.
    where = "r.user_id = {}"
    args_: list[Any] = [user_id]
    if q:
        where += " AND r.search_vector @@ websearch_to_tsquery('english', {})"
        args_.append(q)
    # The page's rows first, on the owner's newest-first index; their analyses only then.
    page_sql = (
        "SELECT r.id, r.custom_name, r.show_in_central, r.uploaded_at, a.predicted_field "
        "FROM (SELECT r.id, r.custom_name, r.show_in_central, r.uploaded_at FROM resume r "
        f"WHERE {where} ORDER BY r.uploaded_at DESC, r.id DESC LIMIT {{}} OFFSET {{}}) r "
        "LEFT JOIN analysis a ON a.resume_id = r.id ORDER BY r.uploaded_at DESC, r.id DESC"
    )
    count_sql = f"SELECT count(*) AS n FROM resume r WHERE {where}"
    rows, total = await fetch_page(PageQuery(page_sql, args_, count_sql, args_), limit, offset)
    items = [
        ResumeSummary(
            id=r["id"],
            custom_name=r["custom_name"],
            show_in_central=r["show_in_central"],
            uploaded_at=r["uploaded_at"],
            predicted_field=r["predicted_field"],
        )
        for r in rows
    ]
    return Page(items=items, total=total, limit=limit, offset=offset)


async def update(user_id: UUID, resume_id: UUID, changes: dict[str, Any]) -> ResumeOut:
    if changes:
        columns = {getattr(Resume, name): value for name, value in changes.items()}
        updated = await (
            Resume.update(columns)
            .where((Resume.id == resume_id) & (Resume.user_id == user_id))
            .returning(Resume.id)
        )
        if not updated:
            raise NotFoundException(NOT_FOUND)
    return await get(user_id, resume_id)


async def delete(user_id: UUID, resume_id: UUID) -> None:
    """The analysis goes with it (ON DELETE CASCADE)."""
    await delete_owned(Resume, resume_id, user_id, NOT_FOUND)


async def get_analysis(user_id: UUID, resume_id: UUID) -> AnalysisOut:
    resume = await get(user_id, resume_id)
    if resume.analysis is None:
        raise NotFoundException("This resume has no analysis")
    return resume.analysis


async def _ensure_owned(user_id: UUID, resume_id: UUID) -> None:
    exists = await Resume.exists().where((Resume.id == resume_id) & (Resume.user_id == user_id))
    if not exists:
        raise NotFoundException(NOT_FOUND)


async def replace_analysis(
    user_id: UUID, resume_id: UUID, predicted_field: str, analysis: ComprehensiveAnalysis
) -> AnalysisOut:
    """Store a client-provided analysis; 422 when the field is not a seeded job category."""
    await _ensure_owned(user_id, resume_id)
    known = await Resume.raw("SELECT 1 FROM category WHERE name = {}", predicted_field)
    if not known:
        raise HTTPException(status_code=422, detail=f"Unknown job category {predicted_field!r}")
    return await _upsert_analysis(resume_id, predicted_field, analysis)


async def store_analysis(user_id: UUID, resume_id: UUID, result: AnalysisResult) -> AnalysisOut:
    await _ensure_owned(user_id, resume_id)
    return await _upsert_analysis(resume_id, result.predicted_field, result.analysis)


async def resume_context(user_id: UUID, resume_id: UUID) -> ResumeContext:
    """What generators may use of the caller's resume; 404 when it is not theirs."""
    resume = await get(user_id, resume_id)
    analysis = resume.analysis
    return ResumeContext(
        custom_name=resume.custom_name,
        predicted_field=analysis.predicted_field if analysis else None,
        analysis=analysis.comprehensive_analysis if analysis else None,
    )
