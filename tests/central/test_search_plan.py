"""On a few thousand shared resumes, the central search uses its GIN indexes and facet lists."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.central.repository import TextQuery, candidates_query, count_query, search_query
from tables import Resume
from tests.helpers import create_user

ROWS = 4000


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    found = [plan]
    for child in plan.get("Plans", []):
        found.extend(_nodes(child))
    return found


async def _plan(q: str | None, skills: list[str]) -> list[dict[str, Any]]:
    sql, args = search_query(TextQuery(q, []) if q else None, None, skills)
    return await _explain(sql, [*args, 20, 0])


async def _count_plan(skills: list[str]) -> list[dict[str, Any]]:
    return await _explain(*count_query(None, None, skills))


async def _explain(sql: str, args: list[Any]) -> list[dict[str, Any]]:
    rows = await Resume.raw("EXPLAIN (FORMAT JSON) " + sql, *args)
    document = rows[0]["QUERY PLAN"]
    plan = json.loads(document) if isinstance(document, str) else document
    return _nodes(plan[0]["Plan"])


@pytest.fixture
async def many_shared_resumes() -> None:
    owner = await create_user("bulk@x.co")
    # One resume in a hundred is about Kubernetes, the rest about bookkeeping; each carries
    # about 1.5 KB of distinct words, as a real resume's worth of text would.
    await Resume.raw(
        """
        INSERT INTO resume (user_id, custom_name, raw_text, show_in_central)
        SELECT {}, 'cv ' || g,
               CASE WHEN g % 100 = 0 THEN 'Kubernetes operator, Go and Helm. '
                    ELSE 'Accountant keeping ledgers and payroll. ' END
               || (SELECT string_agg(md5(g::text || '-' || i::text), ' ')
                   FROM generate_series(1, 40) AS i),
               true
        FROM generate_series(1, {}) AS g
        """,
        owner,
        ROWS,
    )
    await Resume.raw(
        """
        INSERT INTO analysis (resume_id, predicted_field, comprehensive_analysis)
        SELECT id, 'Sales', jsonb_build_object('skills', jsonb_build_object(
            'technical', CASE WHEN raw_text LIKE 'Kubernetes%' THEN '["Kubernetes", "Go"]'::jsonb
                              ELSE '["Excel", "Tally"]'::jsonb END,
            'soft', '[]'::jsonb))
        FROM resume
        """
    )
    # Steady state, as autovacuum leaves it: statistics fresh and GIN's pending list merged.
    await Resume.raw("VACUUM ANALYZE resume")
    await Resume.raw("VACUUM ANALYZE analysis")
    await Resume.raw("VACUUM ANALYZE central_facet")


CENTRAL_INDEXES = {"resume_central_rank", "resume_central_search"}


def _scans(nodes: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(node type, table, index) of each scan."""
    return [
        (n["Node Type"], n.get("Relation Name", ""), n.get("Index Name", ""))
        for n in nodes
        if "Scan" in n["Node Type"]
    ]


def _central_conditions(nodes: list[dict[str, Any]]) -> list[str]:
    return [n["Index Cond"] for n in nodes if n.get("Index Name") in CENTRAL_INDEXES]


def _reads_no_table_whole(nodes: list[dict[str, Any]]) -> None:
    scans = _scans(nodes)
    assert not [s for s in scans if s[0] == "Seq Scan" and s[1] in ("resume", "analysis")], scans


@pytest.mark.usefixtures("many_shared_resumes")
async def test_searches_use_the_central_indexes() -> None:
    """One seeding for all plans: it is most of this test's time. Text with a skill is one
    index scan meeting both (the facets sit beside each vector), never a lookup of each text
    match's analysis."""
    nodes = await _plan("kubernetes", [])
    assert {index for *_, index in _scans(nodes)} >= CENTRAL_INDEXES, _scans(nodes)
    _reads_no_table_whole(nodes)

    # Filters alone: the facets' lists, merged newest first (the page and the count stop
    # early); a rare facet is read whole, like the GIN index would.
    for skills in (["kubernetes"], ["kubernetes", "go"], ["excel", "tally"]):
        for nodes in (await _plan(None, skills), await _count_plan(skills)):
            scans = _scans(nodes)
            assert ("Index Only Scan", "central_facet", "central_facet_pkey") in scans, scans
            assert not [s for s in scans if s[1] == "central_facet" and "Index" not in s[0]]
            _reads_no_table_whole(nodes)

    nodes = await _plan("operator", ["kubernetes"])
    conditions = _central_conditions(nodes)
    assert len(conditions) == 2, _scans(nodes)
    assert all("central_facets @>" in c and "@@" in c for c in conditions), conditions
    _reads_no_table_whole(nodes)

    # Matching a job that names Kubernetes and Go, of no field: its skill pool is one scan of
    # the same indexes (any skill in common), not a walk of the table.
    statement = candidates_query(["Kubernetes", "Go"], ["Kubernetes", "operator"], None, 20, None)
    assert statement is not None
    nodes = await _explain(*statement)
    conditions = _central_conditions(nodes)
    assert any("central_facets &&" in c for c in conditions), _scans(nodes)
    _reads_no_table_whole(nodes)
