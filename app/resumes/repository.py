"""Resumes' SQL: a resume with its analysis, the owner's list, and the analysis upsert.

RESUME_COLUMNS, ANALYSIS_COLUMNS and RESUMES_WITH_ANALYSIS (aliases `r` and `a`) are the named
pieces other statements compose, here and in central/repository.py.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from app.ai.schemas import ComprehensiveAnalysis
from app.core.pagination import PageQuery, fetch_page
from app.db import delete_owned, fetch, fetch_one, fetch_owned, owned
from tables import Category, Resume

RESUME_COLUMNS = (
    "r.id, r.custom_name, r.raw_text, r.show_in_central, r.uploaded_at, r.source, r.parent_id"
)
ANALYSIS_COLUMNS = (
    "a.id AS analysis_id, a.predicted_field, a.comprehensive_analysis, a.analyzed_at, a.origin"
)
RESUMES_WITH_ANALYSIS = "FROM resume r LEFT JOIN analysis a ON a.resume_id = r.id"

_OWN_RESUME = (
    f"SELECT {RESUME_COLUMNS}, {ANALYSIS_COLUMNS} {RESUMES_WITH_ANALYSIS} "
    "WHERE r.id = {} AND r.user_id = {}"
)

_UPSERT_ANALYSIS = """
INSERT INTO analysis (resume_id, predicted_field, comprehensive_analysis, origin, ats_profile)
VALUES ({}, {}, {}::jsonb, {}, {}::jsonb)
ON CONFLICT (resume_id) DO UPDATE SET
    predicted_field = EXCLUDED.predicted_field,
    comprehensive_analysis = EXCLUDED.comprehensive_analysis,
    origin = EXCLUDED.origin,
    ats_profile = EXCLUDED.ats_profile,
    analyzed_at = now()
RETURNING id, resume_id, predicted_field, comprehensive_analysis, analyzed_at, origin
"""

# The server's analysis of a resume that may have been deleted meanwhile (then nothing is
# stored); it never replaces one a client stored.
_SERVER_ANALYSIS = """
INSERT INTO analysis (resume_id, predicted_field, comprehensive_analysis, origin, ats_profile)
SELECT id, {}, {}::jsonb, {}, {}::jsonb FROM resume WHERE id = {}
ON CONFLICT (resume_id) DO UPDATE SET
    predicted_field = EXCLUDED.predicted_field,
    comprehensive_analysis = EXCLUDED.comprehensive_analysis,
    origin = EXCLUDED.origin,
    ats_profile = EXCLUDED.ats_profile,
    analyzed_at = now()
WHERE analysis.origin <> 'client'
"""

NEWEST_FIRST = "ORDER BY r.uploaded_at DESC, r.id DESC"
_SUMMARY_COLUMNS = "r.id, r.custom_name, r.show_in_central, r.uploaded_at, r.source"


def _list_statements(where: str) -> tuple[str, str]:
    """The page's ids first, from the owner's newest-first index alone, then their rows and
    analyses; and the count with the same filter. A deep page (a large `offset`) skips index
    entries, not rows: at 12,000 resumes the last page took 66 ms reading every skipped row,
    2 ms this way (issue 18's growth curves)."""
    page = (
        f"SELECT {_SUMMARY_COLUMNS}, a.predicted_field "
        f"FROM (SELECT r.id FROM resume r WHERE {where} {NEWEST_FIRST} "
        "LIMIT {} OFFSET {}) page JOIN resume r ON r.id = page.id "
        f"LEFT JOIN analysis a ON a.resume_id = r.id {NEWEST_FIRST}"
    )
    return page, f"SELECT count(*) AS n FROM resume r WHERE {where}"


# The owner's list (also bench/raw_app.py's baseline), and the same matching a text query.
# The owner's count is kept in `resume_count` by triggers (migration of 2026-12-01T04:00):
# counting 10,000 index entries cost more than the page itself (issue 18).
LIST_PAGE, _ = _list_statements("r.user_id = {}")
LIST_COUNT = "SELECT coalesce((SELECT n FROM resume_count WHERE user_id = {}), 0) AS n"
_MATCHING_PAGE, _MATCHING_COUNT = _list_statements(
    "r.user_id = {} AND r.search_vector @@ websearch_to_tsquery('english', {})"
)


def _new(
    user_id: UUID,
    custom_name: str,
    raw_text: str,
    show_in_central: bool,
    source: str,
    *,
    entry: tuple[UUID, str] | tuple[None, None] = (None, None),
    parent_id: UUID | None = None,
) -> Resume:
    upload_id, entry_name = entry
    return Resume(
        user_id=user_id,
        custom_name=custom_name,
        raw_text=raw_text,
        show_in_central=show_in_central,
        source=source,
        parent_id=parent_id,
        bulk_upload_id=upload_id,
        bulk_entry=entry_name,
    )


async def insert(
    user_id: UUID,
    custom_name: str,
    raw_text: str,
    show_in_central: bool,
    source: str,
    parent_id: UUID | None = None,
) -> UUID:
    new = _new(user_id, custom_name, raw_text, show_in_central, source, parent_id=parent_id)
    rows = await Resume.insert(new).returning(Resume.id)
    resume_id: UUID = rows[0]["id"]
    return resume_id


async def insert_bulk_entry(
    user_id: UUID, entry: tuple[UUID, str], custom_name: str, raw_text: str, show_in_central: bool
) -> UUID | None:
    """The resume of a bulk upload's entry (upload id, entry name); None when it has one."""
    rows = (
        await Resume.insert(
            _new(user_id, custom_name, raw_text, show_in_central, "bulk", entry=entry)
        )
        .on_conflict(target=(Resume.bulk_upload_id, Resume.bulk_entry), action="DO NOTHING")
        .returning(Resume.id)
    )
    return rows[0]["id"] if rows else None


async def upsert_analysis(
    resume_id: UUID,
    predicted_field: str,
    analysis: ComprehensiveAnalysis,
    origin: str,
    ats_profile: str,
) -> dict[str, Any]:
    """The resume's one analysis, created or replaced, with its ATS profile (JSON); its JSONB
    comes back as text."""
    row = await fetch_one(
        _UPSERT_ANALYSIS,
        resume_id,
        predicted_field,
        msgspec.json.encode(analysis).decode(),
        origin,
        ats_profile,
    )
    assert row is not None
    return row


async def store_server_analysis(
    resume_id: UUID,
    predicted_field: str,
    analysis: ComprehensiveAnalysis,
    origin: str,
    ats_profile: str,
) -> None:
    await fetch(
        _SERVER_ANALYSIS,
        predicted_field,
        msgspec.json.encode(analysis).decode(),
        origin,
        ats_profile,
        resume_id,
    )


async def with_analysis(user_id: UUID, resume_id: UUID) -> dict[str, Any] | None:
    """The user's resume with its analysis columns (NULL without one)."""
    return await fetch_one(_OWN_RESUME, resume_id, user_id)


async def name_and_text(user_id: UUID, resume_id: UUID, not_found: str) -> dict[str, Any]:
    return await fetch_owned(
        Resume, [Resume.custom_name, Resume.raw_text], resume_id, user_id, not_found
    )


async def exists(user_id: UUID, resume_id: UUID) -> bool:
    found: bool = await Resume.exists().where(owned(Resume, resume_id, user_id))
    return found


async def list_own(
    user_id: UUID, q: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Summary rows of one page, newest first, and the total."""
    if q:
        query = PageQuery(_MATCHING_PAGE, [user_id, q], _MATCHING_COUNT, [user_id, q])
    else:
        query = PageQuery(LIST_PAGE, [user_id], LIST_COUNT, [user_id])
    return await fetch_page(query, limit, offset)


async def update(user_id: UUID, resume_id: UUID, changes: dict[str, Any]) -> bool:
    """Set the given columns (by field name); False when the resume is not the user's."""
    columns = {getattr(Resume, name): value for name, value in changes.items()}
    updated = await (
        Resume.update(columns).where(owned(Resume, resume_id, user_id)).returning(Resume.id)
    )
    return bool(updated)


async def delete(user_id: UUID, resume_id: UUID, not_found: str) -> None:
    """The analysis goes with it (ON DELETE CASCADE)."""
    await delete_owned(Resume, resume_id, user_id, not_found)


async def is_category(name: str) -> bool:
    found: bool = await Category.exists().where(Category.name == name)
    return found
