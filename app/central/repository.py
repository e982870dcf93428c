"""The central repository's SQL: the ranked search over shared resumes, and one shared resume.

A search costs what its first COUNT_CAP matches cost, never what all of them do: matches are
found on the GIN indexes, ranked with the small inline `rank_vector` (the resume's name and
the top of its text), and counted only up to COUNT_CAP + 1; filters without text read the
facets' newest-first lists, which stop at the page or the cap. The text query is parsed once per
statement (a MATERIALIZED CTE read through sub-selects), never once per row, in custom and
generic plans alike. Statements are composed from the named fragments below and
resumes/repository.py's.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple
from uuid import UUID

from app.core.pagination import PageQuery, fetch_page
from app.db import fetch, fetch_one
from app.resumes.repository import (
    ANALYSIS_COLUMNS,
    NEWEST_FIRST,
    RESUME_COLUMNS,
    RESUMES_WITH_ANALYSIS,
)

# Matches counted at most (one more tells that there are more), and taken from each of the
# two ways a ranked search finds them.
COUNT_CAP = 1000
# Recruiter matching: resumes taken from each way of finding candidates (the job's field, its
# skills, its terms) before the best MATCH_CANDIDATES of them are picked.
MATCH_POOL = 300

# PostgreSQL marks the matches with two private-use characters, taken out of the text first,
# so that the service can escape the excerpt and then turn only these into <mark> tags.
MATCH_START, MATCH_STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = (
    f"StartSel={MATCH_START}, StopSel={MATCH_STOP}, MaxWords=35, MinWords=15, MaxFragments=2"
)
# The excerpt comes from a window of the text around the first place where one of the query's
# words appears (`snip.start`, moved past the partial word there), not from the whole text: a
# headline parses and stems all it is given (about 1 ms for a 3 KB resume, 0.1 ms for 400
# characters).
_WINDOW_BEFORE, _WINDOW_LENGTH = 80, 400
# `rank_vector` holds the first 1,000 characters (cut where a word ends); a little more.
_TOP_CHARACTERS = 1100
_SNIPPET = (
    "ts_headline('english', translate(substr(r.raw_text, snip.start, "
    f"{_WINDOW_LENGTH}), '{MATCH_START}{MATCH_STOP}', ''), page.query, '{_HEADLINE_OPTIONS}')"
)
# Where the window starts: a little before the first of the query's lexemes in the text
# (stems are found inside words: `develop` in "Developer"), else at the start.
_SNIPPET_START = (
    # The text in lower case, once a row (OFFSET 0: not once a word); only its top when that
    # matched (a ranked match: `rank_vector` reads the first 1,000 characters), as lowering
    # the whole text cost more than finding the words in it.
    "LEFT JOIN LATERAL (SELECT lower(CASE WHEN page.rank > 0 THEN left(r.raw_text, "
    f"{_TOP_CHARACTERS}) ELSE r.raw_text END) AS lower OFFSET 0) AS text ON true "
    "LEFT JOIN LATERAL (SELECT greatest(1, coalesce(min(nullif(strpos(text.lower, w), 0)), 1)"
    f" - {_WINDOW_BEFORE}) AS at FROM unnest(page.words) AS w) AS hit ON true "
    "LEFT JOIN LATERAL (SELECT CASE WHEN hit.at <= 1 THEN 1 "
    "ELSE hit.at + strpos(substr(r.raw_text, hit.at, 30), ' ') END AS start) AS snip ON true"
)
# The query's lexemes, out of its text form ('develop' & 'python').
_LEXEMES = "ARRAY(SELECT m[1] FROM regexp_matches(query::text, '''([^'']+)''', 'g') AS m)"

# The owner of a resume `r` (alias `u`), and their columns.
OWNER_COLUMNS = "u.id AS owner_id, u.name AS owner_name, u.email AS owner_email"
WITH_OWNER = 'JOIN "user" u ON u.id = r.user_id'

# Filters over `r`; `{}` marks where a value travels.
_SHARED = "r.show_in_central"
# `parsed` is a MATERIALIZED CTE of one row: the text query, parsed once. Read through a
# sub-select, it is one value for the whole statement, which a GIN index scan takes.
_QUERY = "(SELECT query FROM parsed)"
_MATCHES_QUERY = f"r.search_vector @@ {_QUERY}"
_TOP_MATCHES_QUERY = f"r.rank_vector @@ {_QUERY}"
# A web-search query that negates a word (`-java`, `-"word"`).
_NEGATED = re.compile(r"(?:^|\s)-\S")
# The analysis's field and skills, copied onto the resume (`field:…`, `skill:…`, migration of
# 2026-12-01T05:30) and indexed with each text vector: one GIN scan meets text and filters.
_HAS_FACETS = "r.central_facets @> {}::text[]"
_WRITTEN = "websearch_to_tsquery('english', {})"
_SPELLING = "phraseto_tsquery('english', {})"
_ANALYSED = "JOIN analysis a ON a.resume_id = r.id"

_SHARED_RESUME = (
    f"SELECT {RESUME_COLUMNS}, {ANALYSIS_COLUMNS}, {OWNER_COLUMNS} "
    f"{RESUMES_WITH_ANALYSIS} {WITH_OWNER} WHERE r.id = {{}} AND {_SHARED}"
)


def field_facet(field: str) -> str:
    return f"field:{field}"


def skill_facet(skill: str) -> str:
    """Skills match in lower case, as the facets hold them."""
    return f"skill:{skill.strip().lower()}"


def _facets(field: str | None, skills: list[str]) -> list[str]:
    """The facets a field and skills ask for, all of them."""
    facets = [field_facet(field)] if field else []
    return facets + sorted({skill_facet(s) for s in skills if s.strip()})


def _filters(field: str | None, skills: list[str]) -> tuple[list[str], list[Any]]:
    """The clause and its value for a field and skills, all of them; none without either."""
    facets = _facets(field, skills)
    return ([_HAS_FACETS], [facets]) if facets else ([], [])


def _with_facets(facets: list[str]) -> tuple[str, list[str]]:
    """The ids of shared resumes with every facet, newest first, and the statement's values: a
    merge of the facets' lists in `central_facet` (migration of 2026-12-01T11:00), which the
    page's LIMIT or the count's cap stops, where the GIN index would intersect every entry of
    each list first."""
    first, *others = facets
    joins = "".join(
        f" JOIN central_facet f{n} ON f{n}.facet = {{}} AND f{n}.at = f0.at"
        for n in range(1, len(facets))
    )
    # `at` ends with the resume's id (16 bytes after the upload time's 8).
    sql = (
        "SELECT encode(substr(f0.at, 9), 'hex')::uuid AS id "
        f"FROM central_facet f0{joins} WHERE f0.facet = {{}} ORDER BY f0.at DESC"
    )
    return sql, [*others, first]


class TextQuery(NamedTuple):
    """A search's words: `written` in web-search syntax (maybe empty), and groups of a skill's
    spellings, one of each group to match too."""

    written: str
    skills: list[tuple[str, ...]]


def _needed(spellings: tuple[str, ...]) -> tuple[str, ...]:
    """A group's spellings without the phrases that contain another spelling of one word
    ("python 3", "core python" beside "python"): whatever they match, that word matches, and a
    GIN index scan of a phrase reads every word's entries ('3' and 'core' are in most resumes).
    """
    words = {s.casefold() for s in spellings if re.fullmatch(r"\w+", s)}
    return tuple(
        s
        for s in spellings
        if s.casefold() in words or not words & {w.casefold() for w in re.findall(r"\w+", s)}
    )


def _parsed(text: TextQuery) -> tuple[str, list[Any]]:
    """The tsquery expression and its values: the written part AND (any spelling) per group."""
    parts, args = ([_WRITTEN], [text.written]) if text.written else ([], [])
    for spellings in map(_needed, text.skills):
        parts.append(f"({' || '.join([_SPELLING] * len(spellings))})")
        args.extend(spellings)
    return " && ".join(parts), args


_PAGE_COLUMNS = (
    "r.id, r.custom_name, r.show_in_central, r.uploaded_at, r.source, a.predicted_field, "
    f"a.comprehensive_analysis -> 'skills' -> 'technical' AS skills, {OWNER_COLUMNS}"
)


def search_query(
    q: TextQuery | None, field: str | None, skills: list[str]
) -> tuple[str, list[Any]]:
    """The page query and its arguments, before LIMIT and OFFSET (also what a test EXPLAINs).

    With `q`: the matches are at most COUNT_CAP + 1 whose top (`rank_vector`) matches, the
    likeliest best, ranked on that small vector, then, unless these were more than COUNT_CAP
    already, at most COUNT_CAP + 1 of any others, newest first; `total` counts them (up to
    2 (COUNT_CAP + 1)). Each way is one scan of a GIN index that holds the facets beside the
    vector, so a field or skills narrow the scan itself. Skills, snippet and owner are computed
    for the page's rows alone. Without `q`: newest first, on the newest-first index, or with a
    field or skills, on their lists (`_with_facets`).
    """
    if not q:
        # The page's rows first, their analyses and owners only then.
        facets = _facets(field, skills)
        picked, args = (
            _with_facets(facets)
            if facets
            else (f"SELECT r.id FROM resume r WHERE {_SHARED} {NEWEST_FIRST}", [])
        )
        sql = f"""
            SELECT {_PAGE_COLUMNS}, NULL AS snippet
            FROM ({picked} LIMIT {{}} OFFSET {{}}) AS page
            JOIN resume r ON r.id = page.id
            LEFT {_ANALYSED}
            {WITH_OWNER}
            {NEWEST_FIRST}
            """
        return sql, args
    where, args = _filters(field, skills)
    matching = " AND ".join([_SHARED, *where])
    parsed, parsed_args = _parsed(q)
    # What `rank_vector` matches the whole text matches too, unless a word is negated.
    top = _TOP_MATCHES_QUERY
    if _NEGATED.search(q.written):
        top += f" AND {_MATCHES_QUERY}"
    sql = f"""
        WITH parsed AS MATERIALIZED (
            SELECT query, {_LEXEMES} AS words FROM (SELECT {parsed} AS query) AS written
        ),
        top AS (
            SELECT r.id, r.uploaded_at, ts_rank(r.rank_vector, {_QUERY}) AS rank
            FROM resume r WHERE {matching} AND {top} LIMIT {COUNT_CAP + 1}
        ),
        found AS (
            SELECT id, max(uploaded_at) AS uploaded_at, max(rank) AS rank
            FROM (SELECT * FROM top
                  UNION ALL
                  (SELECT r.id, r.uploaded_at, 0::real FROM resume r
                   WHERE (SELECT count(*) FROM top) <= {COUNT_CAP}
                   AND {matching} AND {_MATCHES_QUERY} LIMIT {COUNT_CAP + 1})) AS ways
            GROUP BY id
        ),
        page AS (
            SELECT found.*, parsed.query, parsed.words, count(*) OVER () AS total
            FROM found, parsed
            ORDER BY rank DESC, uploaded_at DESC, id DESC
            LIMIT {{}} OFFSET {{}}
        )
        SELECT {_PAGE_COLUMNS}, {_SNIPPET} AS snippet, page.total
        FROM page
        JOIN resume r ON r.id = page.id
        {WITH_OWNER}
        LEFT JOIN analysis a ON a.resume_id = r.id
        {_SNIPPET_START}
        ORDER BY page.rank DESC, page.uploaded_at DESC, page.id DESC
        """
    # Placeholders in order: the text query (in `parsed`), then the filters' values, once for
    # each way of finding matches.
    return sql, [*parsed_args, *args, *args]


def count_query(q: TextQuery | None, field: str | None, skills: list[str]) -> tuple[str, list[Any]]:
    """The matches, counted up to COUNT_CAP + 1 (also what a test EXPLAINs)."""
    facets = _facets(field, skills)
    if facets and not q:
        picked, args = _with_facets(facets)
        return f"SELECT count(*) AS n FROM ({picked} LIMIT {COUNT_CAP + 1}) AS m", args
    where, args = _filters(field, skills)
    parsed_cte = ""
    if q:
        parsed, parsed_args = _parsed(q)
        parsed_cte = f"WITH parsed AS MATERIALIZED (SELECT {parsed} AS query) "
        where.append(_MATCHES_QUERY)
        args[:0] = parsed_args
    sql = (
        f"{parsed_cte}SELECT count(*) AS n FROM (SELECT 1 FROM resume r "
        f"WHERE {' AND '.join([_SHARED, *where])} LIMIT {COUNT_CAP + 1}) AS matches"
    )
    return sql, args


async def search(
    q: TextQuery | None, field: str | None, skills: list[str], limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Rows of one page, best match first (newest first without `q`), and how many matches
    were counted: past COUNT_CAP, more than COUNT_CAP.

    A row's `skills` is the JSON text of the technical skills (or NULL); its `snippet` has the
    matches between MATCH_START and MATCH_STOP, unescaped.
    """
    page_sql, page_args = search_query(q, field, skills)
    count_sql, count_args = count_query(q, field, skills)
    return await fetch_page(PageQuery(page_sql, page_args, count_sql, count_args), limit, offset)


# The job's skills as facets, read from `parsed` like its query: a sub-select is one value
# for the statement, which the planner cannot guess; so it takes the GIN index rather than
# reading the table in order until it has found a pool (a job names twenty common skills).
_WANTED = "(SELECT wanted FROM parsed)"
# Skills in common: each facet looked up in a hash of the job's, built once a statement
# (`= ANY(array)` compares every pair when the array is a parameter: twice as slow).
_OVERLAP = (
    "(SELECT count(*) FROM unnest(r.central_facets) AS f "
    "WHERE f IN (SELECT unnest(wanted) FROM parsed))"
)


def _candidates_sql(ways: list[tuple[int, str]], in_field: str) -> str:
    """Recruiter matching: shared resumes of the job's field (tier 2), naming one of its
    skills (tier 1) or one of its terms (tier 0, the full-text index), at most MATCH_POOL found
    each way, each way taken only when the ones before found fewer than the cap (a job's skills
    and terms are common words, found in most resumes: reading them costs more than all else).
    Every way is one scan of a GIN index over the facets, which also counts the skills in
    common. Of them the highest tier first, then most skills in common, then the best-ranked
    top of the text (ranked only where tier and skills tie with the last one kept); at most
    the cap: only these are scored in Python, so a request's cost does not grow with the
    repository. Placeholders: the terms as a web-search OR query, the job's skill facets, each
    way's values (then the field's facet, when given) and, after the first, the cap; then the
    cap twice."""
    parts = []
    for n, (tier, where) in enumerate(ways):
        taken = " + ".join(f"(SELECT count(*) FROM way{k})" for k in range(n))
        wanted = f"{taken} < {{}} AND " if taken else ""
        parts.append(
            f"way{n} AS (SELECT r.id, {tier} AS tier, {_OVERLAP} AS overlap FROM resume r "
            f"WHERE {wanted}{_SHARED} AND {where}{in_field} LIMIT {MATCH_POOL})"
        )
    found = " UNION ALL ".join(f"SELECT * FROM way{n}" for n in range(len(ways)))
    return f"""
    WITH parsed AS MATERIALIZED (SELECT {_WRITTEN} AS query, {{}}::text[] AS wanted),
    {", ".join(parts)},
    pool AS (
        SELECT id, max(tier) AS tier, max(overlap) AS overlap
        FROM ({found}) AS ways GROUP BY id
    ),
    last_kept AS (
        SELECT tier, overlap FROM pool ORDER BY tier DESC, overlap DESC
        OFFSET {{}} - 1 LIMIT 1
    ),
    candidates AS (
        SELECT p.id, p.tier, p.overlap, ts_rank(r.rank_vector, parsed.query) AS rank
        FROM pool p JOIN resume r ON r.id = p.id, parsed
        WHERE NOT EXISTS (SELECT FROM last_kept)
           OR (p.tier, p.overlap) >= (SELECT tier, overlap FROM last_kept)
        ORDER BY p.tier DESC, p.overlap DESC, rank DESC, p.id
        LIMIT {{}}
    )
    SELECT r.id, r.custom_name, r.show_in_central, r.uploaded_at, r.source, a.ats_profile,
           CASE WHEN a.ats_profile IS NULL THEN r.raw_text END AS raw_text,
           CASE WHEN a.ats_profile IS NULL THEN a.comprehensive_analysis END
               AS comprehensive_analysis,
           a.predicted_field, {OWNER_COLUMNS}
    FROM candidates c
    JOIN resume r ON r.id = c.id
    {_ANALYSED}
    {WITH_OWNER}
    ORDER BY c.tier DESC, c.overlap DESC, c.rank DESC, r.id
    """


def candidates_query(
    skills: list[str], terms: list[str], field: str | None, cap: int, role_field: str | None
) -> tuple[str, list[Any]] | None:
    """match_candidates' statement and its arguments (also what a test EXPLAINs); None when
    the job names nothing to look for."""
    wanted = sorted({skill_facet(skill) for skill in skills if skill.strip()})
    # Each term a quoted phrase of words only: the caller's text never adds syntax.
    words = (" ".join(re.findall(r"\w+", term)) for term in terms)
    query = " OR ".join(f'"{phrase}"' for phrase in words if phrase)
    ways: list[tuple[int, str]] = []
    values: list[Any] = []
    in_field, field_args = (f" AND {_HAS_FACETS}", [[field_facet(field)]]) if field else ("", [])

    def add(tier: int, where: str, *args: Any) -> None:
        values.extend([cap] if ways else [])
        ways.append((tier, where))
        values.extend([*args, *field_args])

    if role_field:
        add(2, _HAS_FACETS, [field_facet(role_field)])
    if wanted:
        add(1, f"r.central_facets && {_WANTED}")
    if query:
        add(0, _MATCHES_QUERY)
    if not ways:
        return None
    return _candidates_sql(ways, in_field), [query, wanted, *values, cap, cap]


async def match_candidates(
    skills: list[str],
    terms: list[str],
    field: str | None,
    cap: int,
    role_field: str | None = None,
) -> list[dict[str, Any]]:
    """Shared resumes worth scoring against a job: text, analysis (JSON text) and owner.

    `role_field`, the job's own field: its resumes are candidates too, and come first.
    """
    statement = candidates_query(skills, terms, field, cap, role_field)
    if statement is None:
        return []
    sql, args = statement
    return await fetch(sql, *args)


async def shared(resume_id: UUID) -> dict[str, Any] | None:
    """A shared resume with its analysis (resumes' columns) and OWNER_COLUMNS."""
    return await fetch_one(_SHARED_RESUME, resume_id)
