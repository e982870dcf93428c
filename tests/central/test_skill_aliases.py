"""The central search reads skills and query words through the vocabulary: any spelling of a
skill finds the resumes that name it in another."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers import signed_in

RESUMES = "/api/v1/resumes"
CENTRAL = "/api/v1/central/resumes"
PLATFORM = "Ops Engineer\nSkills\nPostgreSQL, Kubernetes, Terraform\nExperience\nSRE at Acme\n"
WEB = "Web Developer\nSkills\nJavaScript, Go, React\nExperience\nFrontend at Initech\n"


async def _shared(client: httpx.AsyncClient, headers: dict[str, str], name: str, text: str) -> str:
    body = {"customName": name, "rawText": text, "showInCentral": True}
    response = await client.post(RESUMES, json=body, headers=headers)
    assert response.status_code == 201, response.text
    resume_id: str = response.json()["id"]
    return resume_id


async def _names(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> set[str]:
    response = await client.get(CENTRAL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return {item["customName"] for item in response.json()["items"]}


async def test_any_spelling_of_a_skill_finds_it(client: httpx.AsyncClient) -> None:
    _, owner = await signed_in(client, "owner@x.co")
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    await _shared(client, owner, "platform", PLATFORM)
    await _shared(client, owner, "web", WEB)

    for spelling in ("postgres", "Postgres", "PostgreSQL", "psql"):
        assert await _names(client, admin, skill=spelling) == {"platform"}, spelling
    assert await _names(client, admin, skill=["k8s", "postgres"]) == {"platform"}
    assert await _names(client, admin, skill=["k8s", "React"]) == set()

    assert await _names(client, admin, q="k8s") == {"platform"}
    assert await _names(client, admin, q="postgres") == {"platform"}
    assert await _names(client, admin, q="golang") == {"web"}
    assert await _names(client, admin, q="js") == {"web"}
    assert await _names(client, admin, q="k8s terraform") == {"platform"}
    assert await _names(client, admin, q="k8s react") == set()  # every word still counts
    # Quoted phrases (like negations and OR queries) are taken as written: no resume says k8s.
    assert await _names(client, admin, q='"k8s"') == set()
    assert await _names(client, admin, q="-kubernetes") == {"web"}


async def test_a_query_of_aliases_has_a_snippet_marking_the_match(
    client: httpx.AsyncClient,
) -> None:
    _, owner = await signed_in(client, "owner@x.co")
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    await _shared(client, owner, "platform", PLATFORM)
    found = (await client.get(CENTRAL, params={"q": "k8s"}, headers=admin)).json()
    assert found["total"] == 1
    assert "<mark>Kubernetes</mark>" in found["items"][0]["snippet"]
