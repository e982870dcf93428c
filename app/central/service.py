"""The recruiters' search over resumes their owners chose to share; snippets made HTML-safe."""

from __future__ import annotations

import asyncio
import html
from typing import Any
from uuid import UUID

import msgspec

from app.ai.schemas import ComprehensiveAnalysis
from app.ats import scoring
from app.ats.resume_profile import ResumeProfile, profile_of, stored_profile
from app.central import repository
from app.central.repository import MATCH_START, MATCH_STOP
from app.central.schemas import (
    CentralPage,
    CentralResumeOut,
    CentralResumeSummary,
    Match,
    MatchList,
    Owner,
)
from app.core.errors import NotFound
from app.resumes.schemas import resume_from_row
from app.skills import service as vocabulary

_decode_skills = msgspec.json.Decoder(list[str] | None).decode
_decode_analysis = msgspec.json.Decoder(ComprehensiveAnalysis).decode
# Shared resumes scored per match request: the database picks them (the job's field first,
# then most skills in common), the scorer ranks them. From a stored profile a resume costs
# about 0.1 ms of Python; read from its text (an analysis older than profiles), 3 ms.
# 20, the default page, keeps a default request's page full.
MATCH_CANDIDATES = 20


async def search(
    q: str | None, field: str | None, skills: list[str], limit: int, offset: int
) -> CentralPage:
    """`skill` in any spelling the vocabulary knows; a word of `q` that is a known skill also
    finds its other spellings (`k8s`: Kubernetes). Past COUNT_CAP matches, `total` says
    COUNT_CAP and `totalCapped` that there are more."""
    text = repository.TextQuery(*vocabulary.expand_query(q)) if q else None
    if text and not (text.written or text.skills):  # only blanks
        text = None
    canonical = [vocabulary.canonical(skill) for skill in skills]
    rows, counted = await repository.search(text, field, canonical, limit, offset)
    capped = counted > repository.COUNT_CAP
    return CentralPage(
        items=[_summary(row) for row in rows],
        total=repository.COUNT_CAP if capped else counted,
        limit=limit,
        offset=offset,
        total_capped=capped,
    )


def _owner(row: dict[str, Any]) -> Owner:
    return Owner(id=row["owner_id"], name=row["owner_name"], email=row["owner_email"])


def _summary(row: dict[str, Any]) -> CentralResumeSummary:
    return CentralResumeSummary(
        id=row["id"],
        custom_name=row["custom_name"],
        show_in_central=row["show_in_central"],
        uploaded_at=row["uploaded_at"],
        source=row["source"],
        predicted_field=row["predicted_field"],
        skills=_decode_skills(row["skills"]) or [] if row["skills"] else [],
        snippet=_safe_snippet(row["snippet"]),
        owner=_owner(row),
    )


def _safe_snippet(headline: str | None) -> str | None:
    """The excerpt escaped, then only PostgreSQL's match marks turned into <mark> tags."""
    if headline is None:
        return None
    escaped = html.escape(headline, quote=True)
    return escaped.replace(MATCH_START, "<mark>").replace(MATCH_STOP, "</mark>")


async def get_shared(resume_id: UUID) -> CentralResumeOut:
    row = await repository.shared(resume_id)
    if row is None:
        raise NotFound("No such resume in the central repository")
    resume = resume_from_row(row)
    return CentralResumeOut(**msgspec.structs.asdict(resume), owner=_owner(row))


async def match(job_description: str, field: str | None, limit: int) -> MatchList:
    """The shared resumes best meeting a job description, best score first (the ATS scorer's).

    The database narrows the candidates to MATCH_CANDIDATES sharing the job's skills or terms;
    only those are scored.
    """
    job = scoring.read_job(job_description)
    skills = [*job.required, *job.preferred]
    rows = await repository.match_candidates(
        skills, [*skills, *job.keywords], field, MATCH_CANDIDATES, role_field=job.field
    )
    profiles = [stored_profile(row["ats_profile"]) for row in rows]
    if all(profile is not None for profile in profiles):
        # On the event loop: twenty stored profiles take about 2 ms. A thread would not run
        # beside it (the GIL), only hand the interpreter back and forth.
        scored = [_scored(job, row, profile) for row, profile in zip(rows, profiles, strict=True)]
    else:  # some read from their text: tens of ms, in a thread
        scored = await asyncio.to_thread(
            lambda: [_scored(job, row, p) for row, p in zip(rows, profiles, strict=True)]
        )
    scored.sort(key=lambda pair: (-pair[0].score, pair[1]["id"]))
    return MatchList(items=[_match(result, row) for result, row in scored[:limit]], total=len(rows))


def _scored(
    job: scoring.JobRequirements, row: dict[str, Any], profile: ResumeProfile | None
) -> tuple[scoring.AtsResult, dict[str, Any]]:
    """From the analysis's stored ATS profile; from the text when it has none (an analysis
    stored before profiles were, or by an older version of the scorer)."""
    if profile is None:
        analysis = _decode_analysis(row["comprehensive_analysis"])
        profile = profile_of(row["raw_text"], analysis, row["predicted_field"])
    return scoring.score_profile(job, profile), row


def _match(result: scoring.AtsResult, row: dict[str, Any]) -> Match:
    return Match(
        id=row["id"],
        custom_name=row["custom_name"],
        show_in_central=row["show_in_central"],
        uploaded_at=row["uploaded_at"],
        source=row["source"],
        predicted_field=row["predicted_field"],
        owner=_owner(row),
        score=result.score,
        matched_skills=[skill.name for skill in result.skills.matched],
        missing_skills=result.skills.missing,
    )
