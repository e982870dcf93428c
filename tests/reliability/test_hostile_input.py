"""Hostile input: every case gets a 4xx problem and changes nothing in the database."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tables import ALL_TABLES
from tests.helpers import signed_in

INJECTION = "' OR '1'='1'; DROP TABLE resume; --"
JSON = {"content-type": "application/json"}
DEEP = b'{"email": ' + b"[" * 50_000 + b"]" * 50_000 + b', "password": "x"}'

CASES: list[tuple[str, str, dict[str, Any]]] = [
    # SQL-injection-shaped values where they meet SQL.
    ("POST", "/api/v1/auth/login", {"json": {"email": INJECTION, "password": INJECTION}}),
    ("PATCH", "/api/v1/me", {"json": {"name": "x" * 201}}),
    # NUL characters, which PostgreSQL cannot store.
    ("PATCH", "/api/v1/me", {"json": {"name": "a\x00b"}}),
    ("GET", "/api/v1/central/resumes?skill=py%00thon", {}),
    ("GET", "/api/v1/admin/users?q=%00", {}),
    (
        "POST",
        "/api/v1/cold-mails",
        {"json": {"recipientName": "\x00", "recipientRole": "r", "companyName": "c"}},
    ),
    (
        "POST",
        "/api/v1/resumes",
        {"files": {"file": ("a.txt", b"text")}, "data": {"customName": "a\x00"}},
    ),
    ("PUT", "/api/v1/admin/recruiter", {"json": {"email": "a@b.co", "companyName": "\x00"}}),
    # Malformed bodies.
    (
        "POST",
        "/api/v1/auth/login",
        {"content": b'{"email": "\xff\xfe@x.co", "password": "x"}', "headers": JSON},
    ),
    ("POST", "/api/v1/auth/login", {"content": DEEP, "headers": JSON}),
    ("POST", "/api/v1/auth/login", {"content": b"[" * 100_000, "headers": JSON}),
    ("POST", "/api/v1/auth/register", {"content": b'{"email": ', "headers": JSON}),
    ("POST", "/api/v1/auth/login", {"content": b"x" * (2 * 1024 * 1024), "headers": JSON}),
    # Huge numbers and wrong types.
    ("POST", "/api/v1/interviews", {"json": {"question": "q", "wordLimit": 10**100}}),
    (
        "POST",
        "/api/v1/interviews",
        {"content": b'{"question": "q", "wordLimit": 1e400}', "headers": JSON},
    ),
    ("GET", "/api/v1/resumes?limit=99999999999999999999999&offset=-5", {}),
    ("POST", "/api/v1/interviews", {"json": {"question": ["a", "list"]}}),
    # Wrong content types.
    (
        "POST",
        "/api/v1/auth/login",
        {"content": b"email=a", "headers": {"content-type": "application/x-www-form-urlencoded"}},
    ),
    (
        "POST",
        "/api/v1/resumes",
        {"content": b"<resume/>", "headers": {"content-type": "application/xml"}},
    ),
    ("POST", "/api/v1/admin/bulk-uploads", {"json": {"file": "zip"}}),
    # Ids that are not UUIDs.
    ("GET", "/api/v1/resumes/1%20OR%201=1", {}),
    ("DELETE", "/api/v1/cold-mails/..%2F..%2Fetc", {}),
    ("PATCH", "/api/v1/admin/users/not-a-uuid", {"json": {"role": "Admin"}}),
    ("GET", "/api/v1/central/resumes/%00", {}),
]


async def _snapshot() -> dict[str, int]:
    return {table._meta.tablename: await table.count() for table in ALL_TABLES}


@pytest.mark.parametrize(("method", "url", "request_kwargs"), CASES)
async def test_hostile_request_is_4xx_and_changes_nothing(
    client: httpx.AsyncClient, method: str, url: str, request_kwargs: dict[str, Any]
) -> None:
    _, headers = await signed_in(client, "admin@x.co", role="Admin")
    await client.post(
        "/api/v1/resumes", json={"customName": "cv", "rawText": "Python"}, headers=headers
    )
    before = await _snapshot()
    kwargs = dict(request_kwargs)
    extra_headers = kwargs.pop("headers", {})
    response = await client.request(method, url, headers={**headers, **extra_headers}, **kwargs)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == response.status_code
    assert await _snapshot() == before


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/central/resumes?field={INJECTION}&q={INJECTION}",
        f"/api/v1/central/resumes?skill={INJECTION}&skill=python",
        f"/api/v1/resumes?q={INJECTION}",
        f"/api/v1/admin/users?q={INJECTION}",
    ],
)
async def test_injection_in_search_terms_is_only_text(client: httpx.AsyncClient, url: str) -> None:
    _, headers = await signed_in(client, "admin@x.co", role="Admin")
    await client.post(
        "/api/v1/resumes",
        json={"customName": "cv", "rawText": "Python", "showInCentral": True},
        headers=headers,
    )
    before = await _snapshot()
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["total"] == 0  # searched for, literally, and not found
    assert await _snapshot() == before
