"""Shortcuts for tests: users made through the real code, signed in through the API."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx

from app.auth.passwords import hash_password
from app.auth.users import insert_user
from tests import logscan

PASSWORD = "correct horse battery"


async def create_user(
    email: str, password: str | None = PASSWORD, role: str = "User", verified: bool = True
) -> UUID:
    password_hash = await hash_password(password, 4) if password else None
    row = await insert_user(
        email=email, password_hash=password_hash, name="Test", role=role, verified=verified
    )
    return row["id"]


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> str:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    logscan.register(token, password)
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def signed_in(
    client: httpx.AsyncClient, email: str, role: str = "User"
) -> tuple[UUID, dict[str, Any]]:
    user_id = await create_user(email, role=role)
    return user_id, bearer(await login(client, email))
