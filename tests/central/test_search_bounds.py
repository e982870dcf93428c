"""What keeps a central search's cost bounded: `total` stops counting at 1,000 (`totalCapped`),
the top of a resume's text ranks it, snippets come from a window around the match, and
recruiter matching puts the job's own field first."""

from __future__ import annotations

import json
from uuid import UUID

import httpx
import pytest

from app.central import repository
from app.central.repository import COUNT_CAP, TextQuery, search_query
from tables import Resume
from tests.helpers import create_user, signed_in

CENTRAL = "/api/v1/central/resumes"


async def _insert_shared(owner: UUID, rows: int, text: str, field: str = "Sales") -> None:
    """`rows` shared resumes of `text` (numbered), each with an analysis in `field`."""
    await Resume.raw(
        """
        INSERT INTO resume (user_id, custom_name, raw_text, show_in_central)
        SELECT {}, 'cv ' || g, {} || ' number ' || g, true FROM generate_series(1, {}) AS g
        """,
        owner,
        text,
        rows,
    )
    await Resume.raw(
        """
        INSERT INTO analysis (resume_id, predicted_field, comprehensive_analysis)
        SELECT r.id, {}, {}::jsonb
        FROM resume r LEFT JOIN analysis a ON a.resume_id = r.id WHERE a.id IS NULL
        """,
        field,
        json.dumps({"skills": {"technical": ["Excel"], "soft": []}}),
    )


async def test_total_stops_counting_past_1000(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    owner = await create_user("bulk@x.co")
    await _insert_shared(owner, COUNT_CAP + 5, "Accountant keeping ledgers")
    await _insert_shared(owner, 3, "Kubernetes operator")

    for params in ({"q": "ledgers"}, {}, {"skill": "excel"}, {"skill": "excel", "field": "Sales"}):
        body = (await client.get(CENTRAL, params=params, headers=admin)).json()
        assert body["total"] == COUNT_CAP, params
        assert body["totalCapped"] is True, params
        assert len(body["items"]) == 20

    narrow = (await client.get(CENTRAL, params={"q": "kubernetes"}, headers=admin)).json()
    assert narrow["total"] == 3
    assert "totalCapped" not in narrow
    # With a filter too.
    everything = (
        await client.get(CENTRAL, params={"q": "number", "field": "Sales"}, headers=admin)
    ).json()
    assert (everything["total"], everything.get("totalCapped")) == (COUNT_CAP, True)
    past_the_end = (
        await client.get(CENTRAL, params={"q": "kubernetes", "offset": 10}, headers=admin)
    ).json()
    assert (past_the_end["items"], past_the_end["total"]) == ([], 3)


async def test_the_top_of_the_text_ranks_and_a_deep_match_is_still_found(
    client: httpx.AsyncClient,
) -> None:
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    _, owner = await signed_in(client, "owner@x.co")
    filler = "Managed accounts and ledgers for retail clients. " * 60  # ~3,000 characters
    deep = await _share(client, owner, "Accountant", f"{filler}Also wrote Terraform modules.")
    top = await _share(client, owner, "Cloud engineer", f"Terraform and AWS. {filler}")

    body = (await client.get(CENTRAL, params={"q": "terraform"}, headers=admin)).json()
    assert [item["id"] for item in body["items"]] == [top, deep]
    # The deep match's snippet is the window around it, with the match marked.
    assert "<mark>Terraform</mark>" in body["items"][1]["snippet"]
    assert len(body["items"][1]["snippet"]) < 600
    # A negated word is looked for in the whole text, not only in the top.
    negated = (await client.get(CENTRAL, params={"q": "ledgers -terraform"}, headers=admin)).json()
    assert negated["total"] == 0


async def _share(client: httpx.AsyncClient, headers: dict, name: str, text: str) -> str:
    response = await client.post(
        "/api/v1/resumes",
        json={"customName": name, "rawText": text, "showInCentral": True},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_the_text_query_is_parsed_once_in_generic_plans_too() -> None:
    sql, _ = search_query(TextQuery("python developer", [("Python", "python 3")]), None, [])
    assert "WITH parsed AS MATERIALIZED" in sql
    assert "@@ (SELECT query FROM parsed)" in sql
    # A phrase that contains another spelling's word adds nothing to match.
    assert repository._needed(("Python", "python3", "python 3", "core python")) == (
        "Python",
        "python3",
    )
    assert repository._needed((".NET", "dot net")) == (".NET", "dot net")


@pytest.mark.parametrize("role_field", [None, "HR"])
async def test_match_candidates_put_the_jobs_field_first(role_field: str | None) -> None:
    owner = await create_user("owner@x.co")
    await _insert_shared(owner, 3, "Recruiter running onboarding", field="HR")
    await Resume.raw(
        """
        INSERT INTO resume (user_id, custom_name, raw_text, show_in_central)
        VALUES ({}, 'java', 'Java developer, Spring Boot', true)
        """,
        owner,
    )
    await Resume.raw(
        """
        INSERT INTO analysis (resume_id, predicted_field, comprehensive_analysis)
        SELECT id, 'Java Developer', {}::jsonb FROM resume WHERE custom_name = 'java'
        """,
        json.dumps({"skills": {"technical": ["Java", "Spring Boot"], "soft": []}}),
    )
    rows = await repository.match_candidates(
        ["Java", "Spring Boot"], ["Java", "Spring Boot", "developer"], None, 2, role_field
    )
    fields = [row["predicted_field"] for row in rows]
    if role_field is None:
        assert fields == ["Java Developer"]
    else:
        assert fields == ["HR", "HR"]
    # The field filter still holds.
    kept = await repository.match_candidates(["Java"], ["Java"], "HR", 5, role_field)
    assert {row["predicted_field"] for row in kept} <= {"HR"}
    assert len(kept) == (3 if role_field else 0)
