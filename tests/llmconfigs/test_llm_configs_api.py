"""/api/v1/llm-configs: owner-only CRUD, one active at most, keys sealed and never returned."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.core.secrets import SecretBox, SecretUnreadable
from app.llmconfigs.resolution import key_owner
from app.settings import Settings
from tables import LlmConfig
from tests import logscan
from tests.helpers import PASSWORD, signed_in
from tests.llmconfigs.conftest import FakeDns

CONFIGS = "/api/v1/llm-configs"
KEY = "sk-live-TESTKEY-0123456789abcdWXYZ"
BODY = {"label": "OpenAI", "baseUrl": "https://api.example.com/v1", "model": "gpt-4o-mini"}

pytestmark = pytest.mark.usefixtures("dns")


async def _create(client: httpx.AsyncClient, headers: dict, **fields: Any) -> dict:
    response = await client.post(CONFIGS, json={**BODY, **fields}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_create_list_get_update_delete(client: httpx.AsyncClient) -> None:
    logscan.register(KEY)
    _, headers = await signed_in(client, "llm@x.co")
    first = await _create(client, headers, apiKey=KEY)
    assert first["label"] == "OpenAI"
    assert first["baseUrl"] == "https://api.example.com/v1"
    assert first["apiKeyHint"] == "…WXYZ"
    assert first["active"] is True  # the first one is active
    assert set(first) == {
        "id", "label", "baseUrl", "model", "apiKeyHint", "active", "createdAt", "updatedAt"
    }  # fmt: skip
    second = await _create(client, headers, label="Local")
    assert second["active"] is False
    assert second["apiKeyHint"] is None

    listed = await client.get(CONFIGS, headers=headers)
    assert listed.status_code == 200
    assert [c["label"] for c in listed.json()] == ["Local", "OpenAI"]  # newest first
    assert KEY not in listed.text

    one = await client.get(f"{CONFIGS}/{first['id']}", headers=headers)
    assert one.json() == first

    patched = await client.patch(
        f"{CONFIGS}/{second['id']}",
        json={"model": "llama3", "apiKey": "ollama-key-1234"},
        headers=headers,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["model"] == "llama3"
    assert patched.json()["apiKeyHint"] == "…1234"
    assert patched.json()["updatedAt"] > second["updatedAt"]
    removed = await client.patch(
        f"{CONFIGS}/{second['id']}", json={"apiKey": None}, headers=headers
    )
    assert removed.json()["apiKeyHint"] is None

    assert (await client.delete(f"{CONFIGS}/{second['id']}", headers=headers)).status_code == 204
    assert (await client.get(f"{CONFIGS}/{second['id']}", headers=headers)).status_code == 404


async def test_activating_one_deactivates_the_others(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "switch@x.co")
    a = await _create(client, headers, label="A")
    b = await _create(client, headers, label="B")
    c = await _create(client, headers, label="C")

    activated = await client.post(f"{CONFIGS}/{b['id']}/activate", headers=headers)
    assert activated.status_code == 200
    assert activated.json()["active"] is True
    states = {x["label"]: x["active"] for x in (await client.get(CONFIGS, headers=headers)).json()}
    assert states == {"A": False, "B": True, "C": False}

    via_patch = await client.patch(f"{CONFIGS}/{c['id']}", json={"active": True}, headers=headers)
    assert via_patch.json()["active"] is True
    states = {x["label"]: x["active"] for x in (await client.get(CONFIGS, headers=headers)).json()}
    assert states == {"A": False, "B": False, "C": True}

    off = await client.patch(f"{CONFIGS}/{c['id']}", json={"active": False}, headers=headers)
    assert off.json()["active"] is False
    assert await LlmConfig.count().where(LlmConfig.active.eq(True)) == 0

    # Deleting the active one leaves none active.
    await client.post(f"{CONFIGS}/{a['id']}/activate", headers=headers)
    assert (await client.delete(f"{CONFIGS}/{a['id']}", headers=headers)).status_code == 204
    remaining = (await client.get(CONFIGS, headers=headers)).json()
    assert [x["active"] for x in remaining] == [False, False]


async def test_concurrent_activations_leave_exactly_one_active(
    client: httpx.AsyncClient,
) -> None:
    import asyncio

    _, headers = await signed_in(client, "race@x.co")
    ids = [(await _create(client, headers, label=f"L{i}"))["id"] for i in range(5)]
    answers = await asyncio.gather(
        *(client.post(f"{CONFIGS}/{i}/activate", headers=headers) for i in ids * 2)
    )
    assert {a.status_code for a in answers} == {200}
    assert await LlmConfig.count().where(LlmConfig.active.eq(True)) == 1


async def test_a_duplicate_label_is_409(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "dup@x.co")
    await _create(client, headers)
    again = await client.post(CONFIGS, json=BODY, headers=headers)
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    other = await _create(client, headers, label="Other")
    renamed = await client.patch(
        f"{CONFIGS}/{other['id']}", json={"label": "OpenAI"}, headers=headers
    )
    assert renamed.status_code == 409
    # Another user may use the same label.
    _, stranger = await signed_in(client, "dup2@x.co")
    await _create(client, stranger)


async def test_another_users_config_is_404(client: httpx.AsyncClient) -> None:
    _, owner = await signed_in(client, "owner@x.co")
    config = await _create(client, owner, apiKey=KEY)
    _, stranger = await signed_in(client, "stranger@x.co")
    url = f"{CONFIGS}/{config['id']}"
    for attempt in (
        client.get(url, headers=stranger),
        client.patch(url, json={"label": "Mine"}, headers=stranger),
        client.delete(url, headers=stranger),
        client.post(f"{url}/activate", headers=stranger),
        client.post(f"{url}/test", headers=stranger),
    ):
        assert (await attempt).status_code == 404
    assert (await client.get(CONFIGS, headers=stranger)).json() == []
    assert (await client.get(url, headers=owner)).json() == config


async def test_without_a_token_401(client: httpx.AsyncClient) -> None:
    assert (await client.get(CONFIGS)).status_code == 401
    assert (await client.post(CONFIGS, json=BODY)).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {**BODY, "label": "   "},
        {**BODY, "extra": 1},
        {"label": "x", "model": "m"},
        {**BODY, "baseUrl": "ftp://files.example.com"},
        {**BODY, "apiKey": ""},
        {**BODY, "apiKey": "has space"},
        {**BODY, "model": ""},
    ],
)
async def test_bad_bodies_are_400(client: httpx.AsyncClient, body: dict) -> None:
    _, headers = await signed_in(client, "bad@x.co")
    response = await client.post(CONFIGS, json=body, headers=headers)
    assert response.status_code == 400, response.text


async def test_bad_patches_are_400(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "badpatch@x.co")
    config = await _create(client, headers)
    for body in ({"label": None}, {"label": " "}, {"active": "yes"}, {"baseUrl": None}):
        response = await client.patch(f"{CONFIGS}/{config['id']}", json=body, headers=headers)
        assert response.status_code == 400, (body, response.text)


@pytest.mark.parametrize(
    ("base_url", "why"),
    [
        ("http://api.example.com/v1", "https"),  # http without the operator's setting
        ("https://127.0.0.1/v1", "public"),
        ("https://localhost:11434/v1", "public"),  # a name that resolves to 127.0.0.1
        ("https://10.0.0.7/v1", "public"),
        ("https://169.254.169.254/latest", "public"),  # cloud metadata
        ("https://[::1]/v1", "public"),
        ("https://[::ffff:127.0.0.1]/v1", "public"),
        ("https://224.0.0.1/v1", "public"),
        ("https://internal.example.com/v1", "public"),  # resolves to a private address
        ("https://mixed.example.com/v1", "public"),  # one public, one private address
        ("https://nowhere.invalid/v1", "resolve"),
        ("https://user:pw@api.example.com/v1", "credentials"),
    ],
)
async def test_unsafe_base_urls_are_422(
    client: httpx.AsyncClient, dns: FakeDns, base_url: str, why: str
) -> None:
    dns.records["internal.example.com"] = ["10.1.2.3"]
    dns.records["mixed.example.com"] = ["93.184.215.14", "192.168.1.1"]
    dns.records["nowhere.invalid"] = []
    _, headers = await signed_in(client, "ssrf@x.co")
    response = await client.post(CONFIGS, json={**BODY, "baseUrl": base_url}, headers=headers)
    assert response.status_code == 422, response.text
    assert why in response.json()["title"]
    config = await _create(client, headers)
    patched = await client.patch(
        f"{CONFIGS}/{config['id']}", json={"baseUrl": base_url}, headers=headers
    )
    assert patched.status_code == 422
    assert await LlmConfig.count() == 1


async def test_the_key_is_sealed_at_rest(client: httpx.AsyncClient, settings: Settings) -> None:
    logscan.register(KEY)
    user_id, headers = await signed_in(client, "sealed@x.co")
    config = await _create(client, headers, apiKey=KEY)
    row = await LlmConfig.select().where(LlmConfig.id == config["id"]).first()
    stored = row["api_key_encrypted"]
    assert KEY not in stored
    assert KEY.encode().hex() not in stored
    assert settings.secret_key is not None
    assert SecretBox(settings.secret_key).open(stored, key_owner(user_id)) == KEY
    with pytest.raises(SecretUnreadable):
        SecretBox("another-secret-key-" + "y" * 32).open(stored, key_owner(user_id))
    # Bound to its owner: copied onto someone else's row it does not open.
    stranger_id, _ = await signed_in(client, "copier@x.co")
    with pytest.raises(SecretUnreadable):
        SecretBox(settings.secret_key).open(stored, key_owner(stranger_id))
    # Nothing in any row holds the key in clear.
    assert KEY not in str(await LlmConfig.select())


async def test_deleting_the_account_deletes_its_configs(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "gone@x.co")
    await _create(client, headers, apiKey=KEY)
    await _create(client, headers, label="Second")
    _, kept = await signed_in(client, "kept@x.co")
    await _create(client, kept)
    deleted = await client.request(
        "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=headers
    )
    assert deleted.status_code == 204, deleted.text
    assert await LlmConfig.count() == 1


async def test_the_test_route_spends_the_generation_budget(settings: Settings) -> None:
    import msgspec

    from app.main import create_app
    from tests.conftest import make_client

    budget_of_one = msgspec.structs.replace(settings, generation_rate_limit=1)
    async with make_client(create_app(budget_of_one)) as client:
        _, headers = await signed_in(client, "budget@x.co")
        mail = {"recipientName": "Ann", "recipientRole": "CTO", "companyName": "Initech"}
        assert (await client.post("/api/v1/cold-mails", json=mail, headers=headers)).is_success
        config = await _create(client, headers)  # saving is not generating: free
        refused = await client.post(f"{CONFIGS}/{config['id']}/test", headers=headers)
        assert refused.status_code == 429
        assert "retry-after" in refused.headers
