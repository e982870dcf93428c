"""The operators' Admin lists users' AI configurations, never their sealed keys."""

from __future__ import annotations

import httpx
import pytest
from piccolo.apps.user.tables import BaseUser

from app.admin.ui import HIDDEN_COLUMNS
from tables import LlmConfig
from tests import logscan
from tests.helpers import signed_in

KEY = "sk-admin-view-KEY-99999999ZZZZ"


# Piccolo's session login warns outside production mode, which this in-process app is in.
@pytest.mark.filterwarnings("ignore:If running sessions in production")
async def test_the_admin_shows_configs_without_their_keys(client: httpx.AsyncClient) -> None:
    logscan.register(KEY)
    _, headers = await signed_in(client, "admin-view@x.co")
    created = await client.post(
        "/api/v1/llm-configs",
        json={"label": "Seen", "baseUrl": "https://93.184.215.14/v1", "model": "m", "apiKey": KEY},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    sealed = (await LlmConfig.select(LlmConfig.api_key_encrypted).first())["api_key_encrypted"]
    assert LlmConfig.api_key_encrypted in HIDDEN_COLUMNS[LlmConfig]
    assert LlmConfig.api_key_encrypted._meta.secret

    await BaseUser.create_user(
        username="operator", password="operator-pass-123", email="op@x.co", active=True,
        admin=True, superuser=True,
    )  # fmt: skip
    token = (await client.get("/admin/")).cookies["csrftoken"]
    client.headers.update({"X-CSRFToken": token, "Cookie": f"csrftoken={token}"})
    signed = await client.post(
        "/admin/public/login/", json={"username": "operator", "password": "operator-pass-123"}
    )
    assert signed.status_code in (200, 303), signed.text
    session = signed.cookies["id"]
    client.headers["Cookie"] = f"csrftoken={token}; id={session}"

    rows = await client.get("/admin/api/tables/llm_config/")
    assert rows.status_code == 200, rows.text
    [row] = rows.json()["rows"]
    assert row["label"] == "Seen"
    assert row["api_key_hint"] == "…ZZZZ"
    assert row.get("api_key_encrypted") is None  # a secret column: nulled by the Admin's API
    one = await client.get(f"/admin/api/tables/llm_config/{row['id']}/")
    assert one.json().get("api_key_encrypted") is None
    for answer in (rows, one):
        assert KEY not in answer.text
        assert sealed not in answer.text
