"""ATS evaluations: a resume of the caller's scored against a job description, stored."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import msgspec

from app.ai.ats import AtsEvaluator, AtsRequest
from app.ats import repository
from app.ats.schemas import AtsEvaluationIn, AtsEvaluationOut
from app.ats.scoring import AtsResult
from app.core.pagination import Page
from app.resumes import service as resumes
from app.resumes.schemas import ResumeOut

# What `result` (JSONB) holds: everything of AtsResult but the score and the provider, which
# have their own columns.
_RESULT_FIELDS = ("components", "skills", "keywords", "sections", "experience", "suggestions")


def _result_json(result: AtsResult) -> str:
    encoded = msgspec.to_builtins(result)
    return json.dumps({key: encoded[key] for key in _RESULT_FIELDS})


def _out(row: dict[str, Any]) -> AtsEvaluationOut:
    result = row["result"]
    if isinstance(result, str):
        result = json.loads(result)
    stored = msgspec.convert(
        {**result, "score": row["score"], "provider": row["provider"]}, AtsResult
    )
    return AtsEvaluationOut(
        **msgspec.structs.asdict(stored),
        id=row["id"],
        resume_id=row["resume_id"],
        job_title=row["job_title"],
        company_name=row["company_name"],
        job_description=row["job_description"],
        created_at=row["created_at"],
    )


def request_for(resume: ResumeOut, data: AtsEvaluationIn, text: str | None = None) -> AtsRequest:
    """What the evaluator is given for one of the caller's resumes (or `text` in its place)."""
    return AtsRequest(
        job_description=data.job_description,
        resume_text=resume.raw_text if text is None else text,
        analysis=resume.analysis.comprehensive_analysis if resume.analysis else None,
        field=resume.analysis.predicted_field if resume.analysis else None,
        job_title=data.job_title,
        company_name=data.company_name,
    )


async def store(
    user_id: UUID, resume_id: UUID, data: AtsEvaluationIn, result: AtsResult
) -> AtsEvaluationOut:
    """Store a result made for the resume (the caller's: checked before evaluating)."""
    row = await repository.insert(
        user_id,
        resume_id,
        {
            "job_title": data.job_title,
            "company_name": data.company_name,
            "job_description": data.job_description,
            "score": result.score,
            "result": _result_json(result),
            "provider": result.provider,
        },
    )
    return _out(row)


async def create(
    user_id: UUID, resume_id: UUID, data: AtsEvaluationIn, ats: AtsEvaluator
) -> AtsEvaluationOut:
    """Evaluate first, store after: a failed evaluation stores nothing."""
    resume = await resumes.get(user_id, resume_id)
    result = await ats.evaluate(request_for(resume, data))
    return await store(user_id, resume_id, data, result)


async def list_for_resume(
    user_id: UUID, resume_id: UUID, limit: int, offset: int
) -> Page[AtsEvaluationOut]:
    """The resume's evaluations, newest first; 404 when the resume is not the caller's."""
    await resumes.ensure_owned(user_id, resume_id)
    rows, total = await repository.page_for_resume(user_id, resume_id, limit, offset)
    return Page(items=[_out(row) for row in rows], total=total, limit=limit, offset=offset)


async def get(user_id: UUID, evaluation_id: UUID) -> AtsEvaluationOut:
    return _out(await repository.get_owned(user_id, evaluation_id))


async def delete(user_id: UUID, evaluation_id: UUID) -> None:
    await repository.delete(user_id, evaluation_id)
