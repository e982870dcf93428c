"""GET /skills: the technical vocabulary, searched by name or alias in any case."""

from __future__ import annotations

import httpx

from tests.helpers import signed_in

SKILLS = "/api/v1/skills"


async def test_found_by_name_or_alias_exact_first(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "user@x.co")
    by_alias = (await client.get(SKILLS, params={"q": "K8S"}, headers=headers)).json()
    assert by_alias[0]["name"] == "Kubernetes"
    assert "k8s" in [alias.lower() for alias in by_alias[0]["aliases"]]
    postgres = (await client.get(SKILLS, params={"q": "postgres"}, headers=headers)).json()
    assert postgres[0]["name"] == "PostgreSQL"
    assert set(postgres[0]) == {"name", "aliases"}
    go = (await client.get(SKILLS, params={"q": "golang"}, headers=headers)).json()
    assert go[0]["name"] == "Go"
    # Substring matches come after, each group by name.
    partial = (await client.get(SKILLS, params={"q": "script"}, headers=headers)).json()
    names = [skill["name"] for skill in partial]
    assert {"JavaScript", "TypeScript"} <= set(names)
    nothing = await client.get(SKILLS, params={"q": "basket weaving"}, headers=headers)
    assert nothing.json() == []


async def test_technical_only_limited_and_signed_in(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "user@x.co")
    default = (await client.get(SKILLS, headers=headers)).json()
    assert len(default) == 20
    assert default == sorted(default, key=lambda skill: skill["name"].lower())
    everything = (await client.get(SKILLS, params={"limit": 50}, headers=headers)).json()
    assert len(everything) == 50
    soft = (await client.get(SKILLS, params={"q": "teamwork"}, headers=headers)).json()
    assert soft == []  # soft skills are not part of the technical vocabulary
    for bad in ({"limit": 0}, {"limit": 51}, {"limit": "x"}, {"q": "x" * 101}):
        assert (await client.get(SKILLS, params=bad, headers=headers)).status_code == 400, bad
    assert (await client.get(SKILLS)).status_code == 401
