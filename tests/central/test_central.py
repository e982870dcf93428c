"""The recruiters' central repository: Admin only, shared resumes only, ranked search."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from tables import Resume
from tests.helpers import signed_in

pytestmark = pytest.mark.embedded_smoke

CENTRAL = "/api/v1/central/resumes"


async def _share(
    client: httpx.AsyncClient, headers: dict, name: str, text: str, shared: bool = True
) -> str:
    response = await client.post(
        "/api/v1/resumes",
        json={"customName": name, "rawText": text, "showInCentral": shared},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_only_admins_search(client: httpx.AsyncClient) -> None:
    _, user = await signed_in(client, "user@x.co")
    assert (await client.get(CENTRAL)).status_code == 401
    assert (await client.get(CENTRAL, headers=user)).status_code == 403
    assert (
        await client.get(f"{CENTRAL}/00000000-0000-0000-0000-000000000000", headers=user)
    ).status_code == 403


async def test_search_ranks_filters_and_hides_private_resumes(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    owner_id, owner = await signed_in(client, "owner@x.co")
    strong = await _share(
        client,
        owner,
        "Kubernetes engineer",
        "Kubernetes operator. Kubernetes clusters, Kubernetes upgrades, Docker and Go.",
    )
    weak = await _share(client, owner, "Generalist", "Java developer who once tried Kubernetes.")
    await _share(client, owner, "Hidden", "Kubernetes Kubernetes Kubernetes", shared=False)
    await _share(client, owner, "Python person", "Python developer building Django APIs")

    found = await client.get(CENTRAL, params={"q": "kubernetes"}, headers=admin)
    assert found.status_code == 200
    body = found.json()
    assert [item["id"] for item in body["items"]] == [strong, weak]
    assert body["total"] == 2
    first = body["items"][0]
    assert "<mark>" in first["snippet"]
    assert first["source"] == "text"
    assert first["owner"] == {"id": str(owner_id), "name": "Test", "email": "owner@x.co"}
    assert first["showInCentral"] is True
    assert isinstance(first["skills"], list)

    everything = (await client.get(CENTRAL, headers=admin)).json()
    assert everything["total"] == 3
    assert all(item["snippet"] is None for item in everything["items"])
    assert "Hidden" not in {item["customName"] for item in everything["items"]}


async def test_skill_filter_is_case_insensitive_and_every_skill_must_match(
    client: httpx.AsyncClient,
) -> None:
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    _, owner = await signed_in(client, "owner@x.co")
    python_only = await _share(client, owner, "Py", "Python developer")
    both = await _share(client, owner, "Py+Docker", "Python developer using Docker daily")
    await _share(client, owner, "Java", "Java developer")

    one = (await client.get(CENTRAL, params={"skill": "python"}, headers=admin)).json()
    assert {item["id"] for item in one["items"]} == {python_only, both}
    assert "Python" in one["items"][0]["skills"]
    two = await client.get(
        CENTRAL, params=[("skill", "PYTHON"), ("skill", "docker")], headers=admin
    )
    assert [item["id"] for item in two.json()["items"]] == [both]
    none = (await client.get(CENTRAL, params={"skill": "cobol"}, headers=admin)).json()
    assert (none["items"], none["total"]) == ([], 0)


async def test_filtered_pages_are_newest_first_and_follow_sharing(
    client: httpx.AsyncClient,
) -> None:
    """A filter without text pages through the resumes with every facet, newest first, with a
    total counted past the page; unsharing or deleting a resume takes it out at once."""
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    _, owner = await signed_in(client, "owner@x.co")
    both = [
        await _share(client, owner, f"Both {n}", "Python developer using Docker") for n in range(5)
    ]
    await _share(client, owner, "Python only", "Python developer")
    await _share(client, owner, "Private", "Python developer using Docker", shared=False)

    async def pages(**params: str) -> tuple[list[str], set[int]]:
        ids: list[str] = []
        totals = set()
        for offset in range(0, 8, 2):
            query = [
                ("skill", "python"),
                ("skill", "Docker"),
                ("limit", "2"),
                ("offset", str(offset)),
            ]
            body = (
                await client.get(CENTRAL, params=[*query, *params.items()], headers=admin)
            ).json()
            ids += [item["id"] for item in body["items"]]
            totals.add(body["total"])
        return ids, totals

    assert await pages() == (both[::-1], {5})
    assert await pages(field="Sales") == ([], {0})
    unshared = await client.patch(
        f"/api/v1/resumes/{both[1]}", json={"showInCentral": False}, headers=owner
    )
    assert unshared.status_code == 200
    assert (await client.delete(f"/api/v1/resumes/{both[3]}", headers=owner)).status_code == 204
    assert await pages() == ([both[4], both[2], both[0]], {3})
    shared_again = await client.patch(
        f"/api/v1/resumes/{both[1]}", json={"showInCentral": True}, headers=owner
    )
    assert shared_again.status_code == 200
    assert await pages() == ([both[4], both[2], both[1], both[0]], {4})


async def test_field_filter_uses_the_predicted_field(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    _, owner = await signed_in(client, "owner@x.co")
    resume_id = await _share(client, owner, "Anything", "Some text")
    await client.put(
        f"/api/v1/resumes/{resume_id}/analysis",
        json={"predictedField": "Blockchain", "comprehensiveAnalysis": {}},
        headers=owner,
    )
    hits = (await client.get(CENTRAL, params={"field": "Blockchain"}, headers=admin)).json()
    assert [item["id"] for item in hits["items"]] == [resume_id]
    misses = (await client.get(CENTRAL, params={"field": "HR"}, headers=admin)).json()
    assert misses["total"] == 0


async def test_filters_follow_the_analysis_as_it_is_replaced(client: httpx.AsyncClient) -> None:
    """The search reads field and skills from a copy kept beside the text (for its indexes):
    a replaced analysis moves the resume from the old filters to the new ones at once, with
    and without a text query, and a private resume stays out whatever its analysis says."""
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    _, owner = await signed_in(client, "owner@x.co")
    resume_id = await _share(client, owner, "Engineer", "Engineer building compilers in Rust")
    hidden = await _share(client, owner, "Quiet", "Engineer building compilers", shared=False)

    async def found(**params: str) -> list[str]:
        page = (await client.get(CENTRAL, params=params, headers=admin)).json()
        return [item["id"] for item in page["items"]]

    assert await found(skill="rust") == [resume_id]
    for target, skills, field in ((resume_id, ["Haskell"], "Blockchain"), (hidden, ["Go"], "HR")):
        replaced = await client.put(
            f"/api/v1/resumes/{target}/analysis",
            json={
                "predictedField": field,
                "comprehensiveAnalysis": {"skills": {"technical": skills, "soft": []}},
            },
            headers=owner,
        )
        assert replaced.status_code == 200, replaced.text
    assert await found(skill="rust") == []
    assert await found(q="engineer", skill="rust") == []
    assert await found(skill="HASKELL") == [resume_id]
    assert await found(q="compilers", skill="haskell", field="Blockchain") == [resume_id]
    assert await found(q="compilers", field="Sales") == []
    assert await found(skill="go") == []
    assert await found(q="compilers") == [resume_id]


async def test_hostile_query_values_are_harmless(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    _, owner = await signed_in(client, "owner@x.co")
    await _share(client, owner, "CV", "Python developer")
    for params in (
        {"q": "' OR 1=1 --"},
        {"q": "!!! & | <-> :* ("},
        {"field": "x' OR 'a'='a"},
        {"skill": "\"]}'); DROP TABLE resume; --"},
        {"skill": json.dumps(["python"])},
    ):
        response = await client.get(CENTRAL, params=params, headers=admin)
        assert response.status_code == 200, params
        assert response.json()["total"] == 0, params
    assert await Resume.count() == 1


async def test_get_one_shared_resume_with_owner_else_404(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    _, owner = await signed_in(client, "owner@x.co")
    shared = await _share(client, owner, "Shared", "Visible text")
    private = await _share(client, owner, "Private", "Hidden text", shared=False)
    found = await client.get(f"{CENTRAL}/{shared}", headers=admin)
    assert found.status_code == 200
    assert found.json()["rawText"] == "Visible text"
    assert found.json()["owner"]["email"] == "owner@x.co"
    assert found.json()["analysis"] is not None
    assert (await client.get(f"{CENTRAL}/{private}", headers=admin)).status_code == 404


async def test_snippets_are_html_safe_with_only_mark_as_markup(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    _, owner = await signed_in(client, "owner@x.co")
    hostile = (
        'Kubernetes engineer <img src=x onerror=alert(1)> & "quotes" '
        "<mark>fake</mark> <script>steal()</script> more Kubernetes work"
    )
    await _share(client, owner, "Hostile", hostile)
    found = await client.get(CENTRAL, params={"q": "kubernetes"}, headers=admin)
    snippet = found.json()["items"][0]["snippet"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet
    assert "&amp; &quot;quotes&quot;" in snippet
    # The only tags are the server's own marks around the matches (PostgreSQL's headline drops
    # the well-formed tags it recognises; whatever it keeps arrives escaped).
    assert "<script" not in snippet
    assert "<mark>fake" not in snippet
    tags = re.findall(r"<[^>]*>", snippet)
    assert tags
    assert set(tags) == {"<mark>", "</mark>"}
    assert "<mark>Kubernetes</mark>" in snippet
