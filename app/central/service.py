"""The recruiters' search over resumes their owners chose to share.

One query per page: the filters, the ranking, the snippet and the total (a window count) come
together; only a page past the end needs a second query for the total.
"""

from __future__ import annotations

import html
import json
from typing import Any
from uuid import UUID

import msgspec
from litestar.exceptions import NotFoundException

from app.core.pagination import Page, PageQuery, fetch_page
from app.resumes.schemas import CentralResumeOut, CentralResumeSummary, Owner
from app.resumes.service import RESUME_WITH_ANALYSIS, resume_from_row
from tables import Resume

_decode_skills = msgspec.json.Decoder(list[str] | None).decode

# PostgreSQL marks the matches with two private-use characters, taken out of the text first;
# Python then escapes the excerpt and turns only those marks into <mark> tags (HTML-safe).
_START, _STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = f"StartSel={_START}, StopSel={_STOP}, MaxWords=35, MinWords=15, MaxFragments=2"


class _Filters(msgspec.Struct):
    where: list[str]
    args: list[Any]

    def add(self, clause: str, *values: Any) -> None:
        self.where.append(clause)
        self.args.extend(values)


def _filters(
    q: str | None, field: str | None, skills: list[str], *, parsed_query: bool
) -> _Filters:
    """WHERE clauses; with `parsed_query`, the text query is a `query` relation already."""
    filters = _Filters(where=["r.show_in_central"], args=[])
    if q and parsed_query:
        filters.add("r.search_vector @@ query")
    elif q:
        filters.add("r.search_vector @@ websearch_to_tsquery('english', {})", q)
    if field:
        filters.add("a.predicted_field = {}", field)
    if skills:
        wanted = sorted({s.strip().lower() for s in skills if s.strip()})
        filters.add("a.technical_skills @> {}::jsonb", json.dumps(wanted))
    return filters


def search_query(q: str | None, field: str | None, skills: list[str]) -> tuple[str, list[Any]]:
    """The page query and its arguments, before LIMIT and OFFSET (also what a test EXPLAINs).

    The `page` step filters, ranks and counts with only what it needs; skills, snippet and
    owner are then computed for the page's rows alone, not for every match.
    """
    filters = _filters(q, field, skills, parsed_query=True)
    sources = "resume r"
    if field or skills:
        sources += " JOIN analysis a ON a.resume_id = r.id"
    if q:
        sources += ", websearch_to_tsquery('english', {}) AS query"
    rank = "ts_rank(r.search_vector, query)" if q else "0::real"
    text = f"translate(r.raw_text, '{_START}{_STOP}', '')"
    snippet = f"ts_headline('english', {text}, page.query, '{_HEADLINE_OPTIONS}')"
    sql = f"""
        WITH page AS (
            SELECT r.id, r.uploaded_at, {rank} AS rank,
                   {"query" if q else "NULL::tsquery"} AS query,
                   count(*) OVER () AS total
            FROM {sources}
            WHERE {" AND ".join(filters.where)}
            ORDER BY rank DESC, r.uploaded_at DESC, r.id DESC
            LIMIT {{}} OFFSET {{}}
        )
        SELECT r.id, r.custom_name, r.show_in_central, r.uploaded_at, a.predicted_field,
               a.comprehensive_analysis -> 'skills' -> 'technical' AS skills,
               {snippet if q else "NULL"} AS snippet,
               u.id AS owner_id, u.name AS owner_name, u.email AS owner_email, page.total
        FROM page
        JOIN resume r ON r.id = page.id
        JOIN "user" u ON u.id = r.user_id
        LEFT JOIN analysis a ON a.resume_id = r.id
        ORDER BY page.rank DESC, page.uploaded_at DESC, page.id DESC
        """
    # Placeholders in order: the text query (in FROM), then the filters' values.
    return sql, [*([q] if q else []), *filters.args]


async def search(
    q: str | None, field: str | None, skills: list[str], limit: int, offset: int
) -> Page[CentralResumeSummary]:
    page_sql, args = search_query(q, field, skills)
    filters = _filters(q, field, skills, parsed_query=False)
    count_sql = (
        "SELECT count(*) AS n FROM resume r LEFT JOIN analysis a ON a.resume_id = r.id "
        f"WHERE {' AND '.join(filters.where)}"
    )
    query = PageQuery(page_sql, args, count_sql, filters.args)
    rows, total = await fetch_page(query, limit, offset)
    return Page(items=[_summary(row) for row in rows], total=total, limit=limit, offset=offset)


def _summary(row: dict[str, Any]) -> CentralResumeSummary:
    return CentralResumeSummary(
        id=row["id"],
        custom_name=row["custom_name"],
        show_in_central=row["show_in_central"],
        uploaded_at=row["uploaded_at"],
        predicted_field=row["predicted_field"],
        skills=_decode_skills(row["skills"]) or [] if row["skills"] else [],
        snippet=_safe_snippet(row["snippet"]),
        owner=Owner(id=row["owner_id"], name=row["owner_name"], email=row["owner_email"]),
    )


def _safe_snippet(headline: str | None) -> str | None:
    if headline is None:
        return None
    escaped = html.escape(headline, quote=True)
    return escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")


async def get_shared(resume_id: UUID) -> CentralResumeOut:
    rows = await Resume.raw(
        RESUME_WITH_ANALYSIS.replace(
            "FROM resume r",
            ", u.id AS owner_id, u.name AS owner_name, u.email AS owner_email FROM resume r "
            'JOIN "user" u ON u.id = r.user_id',
        )
        + " WHERE r.id = {} AND r.show_in_central",
        resume_id,
    )
    if not rows:
        raise NotFoundException("No such resume in the central repository")
    row = rows[0]
    resume = resume_from_row(row)
    owner = Owner(id=row["owner_id"], name=row["owner_name"], email=row["owner_email"])
    return CentralResumeOut(**msgspec.structs.asdict(resume), owner=owner)
