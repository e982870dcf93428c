"""The recruiters' search over resumes their owners chose to share; snippets made HTML-safe."""

from __future__ import annotations

import html
from typing import Any
from uuid import UUID

import msgspec

from app.central import repository
from app.central.repository import MATCH_START, MATCH_STOP
from app.central.schemas import CentralResumeOut, CentralResumeSummary, Owner
from app.core.errors import NotFound
from app.core.pagination import Page
from app.resumes.schemas import resume_from_row
from app.skills import service as vocabulary

_decode_skills = msgspec.json.Decoder(list[str] | None).decode


async def search(
    q: str | None, field: str | None, skills: list[str], limit: int, offset: int
) -> Page[CentralResumeSummary]:
    """`skill` in any spelling the vocabulary knows; a word of `q` that is a known skill also
    finds its other spellings (`k8s`: Kubernetes)."""
    text = repository.TextQuery(*vocabulary.expand_query(q)) if q else None
    if text and not (text.written or text.skills):  # only blanks
        text = None
    canonical = [vocabulary.canonical(skill) for skill in skills]
    rows, total = await repository.search(text, field, canonical, limit, offset)
    return Page(items=[_summary(row) for row in rows], total=total, limit=limit, offset=offset)


def _owner(row: dict[str, Any]) -> Owner:
    return Owner(id=row["owner_id"], name=row["owner_name"], email=row["owner_email"])


def _summary(row: dict[str, Any]) -> CentralResumeSummary:
    return CentralResumeSummary(
        id=row["id"],
        custom_name=row["custom_name"],
        show_in_central=row["show_in_central"],
        uploaded_at=row["uploaded_at"],
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
