"""The central repository's SQL: the ranked search over shared resumes, and one shared resume.

One statement per page: the filters, the ranking, the snippet and the total (a window count,
as the rows are ranked anyway) come together; only a page past the end needs the count.
Statements are composed from the named fragments below and resumes/repository.py's.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple
from uuid import UUID

from app.core.pagination import PageQuery, fetch_page
from app.db import fetch, fetch_one
from app.resumes.repository import ANALYSIS_COLUMNS, RESUME_COLUMNS, RESUMES_WITH_ANALYSIS

# PostgreSQL marks the matches with two private-use characters, taken out of the text first,
# so that the service can escape the excerpt and then turn only these into <mark> tags.
MATCH_START, MATCH_STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = (
    f"StartSel={MATCH_START}, StopSel={MATCH_STOP}, MaxWords=35, MinWords=15, MaxFragments=2"
)
_SNIPPET = (
    f"ts_headline('english', translate(r.raw_text, '{MATCH_START}{MATCH_STOP}', ''), "
    f"page.query, '{_HEADLINE_OPTIONS}')"
)

# The owner of a resume `r` (alias `u`), and their columns.
OWNER_COLUMNS = "u.id AS owner_id, u.name AS owner_name, u.email AS owner_email"
WITH_OWNER = 'JOIN "user" u ON u.id = r.user_id'

# Filters over `r` (and `a`, the analysis); `{}` marks where a value travels.
_SHARED = "r.show_in_central"
_MATCHES_QUERY = "r.search_vector @@ query"  # `query`: the text query, parsed once in FROM
_IN_FIELD = "a.predicted_field = {}"
_HAS_SKILLS = "a.technical_skills @> {}::jsonb"
_WRITTEN = "websearch_to_tsquery('english', {})"
_SPELLING = "phraseto_tsquery('english', {})"
_ANALYSED = "JOIN analysis a ON a.resume_id = r.id"

_SHARED_RESUME = (
    f"SELECT {RESUME_COLUMNS}, {ANALYSIS_COLUMNS}, {OWNER_COLUMNS} "
    f"{RESUMES_WITH_ANALYSIS} {WITH_OWNER} WHERE r.id = {{}} AND {_SHARED}"
)


def _analysis_filters(field: str | None, skills: list[str]) -> tuple[list[str], list[Any]]:
    """Clauses on the analysis and their values; skills match in lower case, all of them."""
    where: list[str] = []
    args: list[Any] = []
    if field:
        where.append(_IN_FIELD)
        args.append(field)
    if skills:
        wanted = sorted({s.strip().lower() for s in skills if s.strip()})
        where.append(_HAS_SKILLS)
        args.append(json.dumps(wanted))
    return where, args


class TextQuery(NamedTuple):
    """A search's words: `written` in web-search syntax (maybe empty), and groups of a skill's
    spellings, one of each group to match too."""

    written: str
    skills: list[tuple[str, ...]]


def _parsed(text: TextQuery) -> tuple[str, list[Any]]:
    """The tsquery expression and its values: the written part AND (any spelling) per group."""
    parts, args = ([_WRITTEN], [text.written]) if text.written else ([], [])
    for spellings in text.skills:
        parts.append(f"({' || '.join([_SPELLING] * len(spellings))})")
        args.extend(spellings)
    return " && ".join(parts), args


def search_query(
    q: TextQuery | None, field: str | None, skills: list[str]
) -> tuple[str, list[Any]]:
    """The page query and its arguments, before LIMIT and OFFSET (also what a test EXPLAINs).

    The `page` step filters, ranks and counts with only what it needs; skills, snippet and
    owner are then computed for the page's rows alone, not for every match.
    """
    where, args = _analysis_filters(field, skills)
    sources = f"resume r {_ANALYSED}" if field or skills else "resume r"
    parsed, parsed_args = _parsed(q) if q else ("", [])
    if q:
        sources += f", (SELECT {parsed} AS query) AS parsed"
        where.insert(0, _MATCHES_QUERY)
    sql = f"""
        WITH page AS (
            SELECT r.id, r.uploaded_at,
                   {"ts_rank(r.search_vector, query)" if q else "0::real"} AS rank,
                   {"query" if q else "NULL::tsquery"} AS query,
                   count(*) OVER () AS total
            FROM {sources}
            WHERE {" AND ".join([_SHARED, *where])}
            ORDER BY rank DESC, r.uploaded_at DESC, r.id DESC
            LIMIT {{}} OFFSET {{}}
        )
        SELECT r.id, r.custom_name, r.show_in_central, r.uploaded_at, a.predicted_field,
               a.comprehensive_analysis -> 'skills' -> 'technical' AS skills,
               {_SNIPPET if q else "NULL"} AS snippet,
               {OWNER_COLUMNS}, page.total
        FROM page
        JOIN resume r ON r.id = page.id
        {WITH_OWNER}
        LEFT JOIN analysis a ON a.resume_id = r.id
        ORDER BY page.rank DESC, page.uploaded_at DESC, page.id DESC
        """
    # Placeholders in order: the text query (in FROM), then the filters' values.
    return sql, [*parsed_args, *args]


def _count_query(
    q: TextQuery | None, field: str | None, skills: list[str]
) -> tuple[str, list[Any]]:
    where, args = _analysis_filters(field, skills)
    if q:
        parsed, parsed_args = _parsed(q)
        where.insert(0, f"r.search_vector @@ ({parsed})")
        args[:0] = parsed_args
    sql = f"SELECT count(*) AS n {RESUMES_WITH_ANALYSIS} WHERE {' AND '.join([_SHARED, *where])}"
    return sql, args


async def search(
    q: TextQuery | None, field: str | None, skills: list[str], limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Rows of one page, best match first (newest first without `q`), and the total.

    A row's `skills` is the JSON text of the technical skills (or NULL); its `snippet` has the
    matches between MATCH_START and MATCH_STOP, unescaped.
    """
    page_sql, page_args = search_query(q, field, skills)
    count_sql, count_args = _count_query(q, field, skills)
    return await fetch_page(PageQuery(page_sql, page_args, count_sql, count_args), limit, offset)


def _candidates_sql(matches: str, in_field: str) -> str:
    """Recruiter matching: the shared resumes that name one of the job's skills (each on the GIN
    index) or one of its terms (the full-text index), most skills in common first, at most a
    bounded number: only these are then scored in Python, so a request's cost does not grow
    with the repository. Placeholders: the job's skills (lower case), its terms as a web-search
    OR query, then the skill filters' values, the field (when given) and the cap."""
    return f"""
    WITH candidates AS (
        SELECT r.id,
               (SELECT count(*) FROM jsonb_array_elements_text(a.technical_skills) AS s(name)
                WHERE s.name = ANY({{}}::text[])) AS overlap,
               ts_rank(r.search_vector, parsed.query) AS rank
        FROM resume r {_ANALYSED}, (SELECT {_WRITTEN} AS query) AS parsed
        WHERE {_SHARED} AND ({matches}){in_field}
        ORDER BY overlap DESC, rank DESC, r.id
        LIMIT {{}}
    )
    SELECT r.id, r.custom_name, r.show_in_central, r.uploaded_at, r.raw_text,
           a.predicted_field, a.comprehensive_analysis, {OWNER_COLUMNS}
    FROM candidates c
    JOIN resume r ON r.id = c.id
    {_ANALYSED}
    {WITH_OWNER}
    ORDER BY c.overlap DESC, c.rank DESC, r.id
    """


async def match_candidates(
    skills: list[str], terms: list[str], field: str | None, cap: int
) -> list[dict[str, Any]]:
    """Shared resumes worth scoring against a job: text, analysis (JSON text) and owner."""
    wanted = sorted({skill.lower() for skill in skills})
    matches = [_HAS_SKILLS] * len(wanted)
    if terms:
        matches.append(_MATCHES_QUERY)
    if not matches:
        return []
    # Each term a quoted phrase of words only: the caller's text never adds syntax.
    words = (" ".join(re.findall(r"\w+", term)) for term in terms)
    query = " OR ".join(f'"{phrase}"' for phrase in words if phrase)
    sql = _candidates_sql(" OR ".join(matches), f" AND {_IN_FIELD}" if field else "")
    args: list[Any] = [wanted, query, *(json.dumps([skill]) for skill in wanted)]
    return await fetch(sql, *args, *([field] if field else []), cap)


async def shared(resume_id: UUID) -> dict[str, Any] | None:
    """A shared resume with its analysis (resumes' columns) and OWNER_COLUMNS."""
    return await fetch_one(_SHARED_RESUME, resume_id)
