"""Shortcuts for tests: users made through the real code, signed in through the API."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import httpx

from app.auth.passwords import hash_password
from app.auth.service import add_user
from tests import logscan

PASSWORD = "correct horse battery"


async def create_user(
    email: str | None = None,
    password: str | None = PASSWORD,
    role: str = "User",
    verified: bool = True,
) -> UUID:
    """The one user factory: through the real insert, any role, with or without a password."""
    password_hash = await hash_password(password, 4) if password else None
    return await add_user(
        email=email or f"{uuid4().hex[:12]}@example.com",
        password_hash=password_hash,
        name="Test",
        role=role,
        verified=verified,
    )


LOGIN = "/api/v1/auth/login"


def _token(response: httpx.Response, password: str) -> str:
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    logscan.register(token, password)
    return token


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> str:
    """Sign in through the API (an ASGI app, or a served process as the client's base URL)."""
    response = await client.post(LOGIN, json={"email": email, "password": password})
    return _token(response, password)


def login_headers(base_url: str, email: str, password: str = PASSWORD) -> dict[str, str]:
    """The same, blocking, for tests that drive a served process from threads."""
    response = httpx.post(base_url + LOGIN, json={"email": email, "password": password}, timeout=10)
    return bearer(_token(response, password))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def signed_in(
    client: httpx.AsyncClient, email: str, role: str = "User"
) -> tuple[UUID, dict[str, Any]]:
    user_id = await create_user(email, role=role)
    return user_id, bearer(await login(client, email))
