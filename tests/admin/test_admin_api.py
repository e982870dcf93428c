"""Admin routes: guarded, and doing what API.md says."""

from __future__ import annotations

import httpx
import pytest

from tables import ALL_TABLES, Category, Role, User
from tests.factories import populate_user
from tests.helpers import create_user, signed_in

ADMIN = "/api/v1/admin"
ZERO = "00000000-0000-0000-0000-000000000000"
ROUTES = [
    ("GET", "/users", None),
    ("PATCH", f"/users/{ZERO}", {"role": "User"}),
    ("DELETE", f"/users/{ZERO}", None),
    ("GET", "/stats", None),
    ("GET", "/recruiter", None),
    ("PUT", "/recruiter", {"email": "r@x.co", "companyName": "Acme"}),
    ("DELETE", "/recruiter", None),
    ("POST", "/bulk-uploads", None),
    ("GET", "/bulk-uploads", None),
    ("GET", f"/bulk-uploads/{ZERO}", None),
    ("GET", "/jobs", None),
    ("GET", f"/jobs/{ZERO}", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
async def test_every_admin_route_is_401_then_403_then_allowed(
    client: httpx.AsyncClient, method: str, path: str, body: dict | None
) -> None:
    _, user = await signed_in(client, "user@x.co")
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    anonymous = await client.request(method, ADMIN + path, json=body)
    assert anonymous.status_code == 401
    forbidden = await client.request(method, ADMIN + path, json=body, headers=user)
    assert forbidden.status_code == 403
    allowed = await client.request(method, ADMIN + path, json=body, headers=admin)
    assert allowed.status_code not in (401, 403), allowed.text
    assert allowed.status_code < 500


async def test_list_users_filters_and_counts(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    grace, _ = await signed_in(client, "grace@navy.example")
    await signed_in(client, "ada@engines.example")
    await populate_user(grace)

    everyone = (await client.get(f"{ADMIN}/users", headers=admin)).json()
    assert everyone["total"] == 3
    assert everyone["items"][0]["email"] == "ada@engines.example"  # newest first
    found = (await client.get(f"{ADMIN}/users", params={"q": "NAVY"}, headers=admin)).json()
    assert [u["email"] for u in found["items"]] == ["grace@navy.example"]
    assert found["items"][0]["counts"] == {
        "resumes": 1,
        "coldMailRequests": 1,
        "interviewRequests": 1,
    }
    admins = (await client.get(f"{ADMIN}/users", params={"role": "Admin"}, headers=admin)).json()
    assert [u["email"] for u in admins["items"]] == ["root@x.co"]
    literal = (await client.get(f"{ADMIN}/users", params={"q": "%"}, headers=admin)).json()
    assert literal["total"] == 0
    assert (
        await client.get(f"{ADMIN}/users", params={"role": "God"}, headers=admin)
    ).status_code == 400


async def test_list_users_pages_newest_first_with_the_total(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    for n in range(4):
        await create_user(f"u{n}@x.co")
    newest_first = ["u3@x.co", "u2@x.co", "u1@x.co", "u0@x.co", "root@x.co"]

    async def page(**params: int) -> dict:
        response = await client.get(f"{ADMIN}/users", params=params, headers=admin)
        assert response.status_code == 200, response.text
        return response.json()

    first, last = await page(limit=2), await page(limit=2, offset=4)
    assert [u["email"] for u in first["items"]] == newest_first[:2]
    assert [u["email"] for u in last["items"]] == newest_first[4:]
    assert (await page(limit=2, offset=2))["total"] == 5  # a full page: counted
    assert first["total"] == last["total"] == 5
    assert (await page(offset=50))["total"] == 5  # past the end: counted
    assert first["items"][0]["counts"] == {
        "resumes": 0,
        "coldMailRequests": 0,
        "interviewRequests": 0,
    }


async def test_admin_deletes_a_user_completely(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    doomed, doomed_headers = await signed_in(client, "doomed@x.co")
    await populate_user(doomed)
    assert (await client.delete(f"{ADMIN}/users/{doomed}", headers=admin)).status_code == 204
    for table in ALL_TABLES:
        if table in (Role, Category):
            continue
        rows = await table.raw(f"SELECT * FROM {table._meta.get_formatted_tablename()}")  # noqa: S608
        assert all(str(doomed) not in str(row) for row in rows), table._meta.tablename
    assert (await client.get("/api/v1/me", headers=doomed_headers)).status_code == 401
    assert (await client.delete(f"{ADMIN}/users/{doomed}", headers=admin)).status_code == 404


async def test_the_last_admin_cannot_be_deleted_by_themselves(client: httpx.AsyncClient) -> None:
    admin_id, admin = await signed_in(client, "root@x.co", role="Admin")
    assert (await client.delete(f"{ADMIN}/users/{admin_id}", headers=admin)).status_code == 409
    assert await User.exists().where(User.id == admin_id)


async def test_stats_are_counted_in_sql(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    someone, _ = await signed_in(client, "someone@x.co")
    await populate_user(someone)  # its analysis says "Python Developer"
    stats = (await client.get(f"{ADMIN}/stats", headers=admin)).json()
    assert stats == {
        "users": 2,
        "resumes": 1,
        "analyses": 1,
        "coldMailRequests": 1,
        "interviewRequests": 1,
        "resumesByField": {"Python Developer": 1},
    }


async def test_recruiter_profile_lifecycle(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    _, other = await signed_in(client, "other@x.co", role="Admin")
    url = f"{ADMIN}/recruiter"
    assert (await client.get(url, headers=admin)).status_code == 404
    created = await client.put(
        url, json={"email": "HR@Acme.example", "companyName": "Acme"}, headers=admin
    )
    assert created.status_code == 200
    assert created.json()["email"] == "hr@acme.example"
    updated = await client.put(
        url, json={"email": "hr@acme.example", "companyName": "Acme Corp"}, headers=admin
    )
    assert updated.json()["id"] == created.json()["id"]
    assert updated.json()["companyName"] == "Acme Corp"
    assert (await client.get(url, headers=other)).status_code == 404  # one profile per admin
    for bad in ({"email": "nope", "companyName": "A"}, {"email": "a@b.co"}, {"companyName": ""}):
        assert (await client.put(url, json=bad, headers=admin)).status_code == 400
    assert (await client.delete(url, headers=admin)).status_code == 204
    assert (await client.delete(url, headers=admin)).status_code == 404
