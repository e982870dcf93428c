import asyncio

import httpx

from tests.helpers import signed_in

USERS = "/api/v1/admin/users"


async def test_role_change_needs_a_token_and_the_admin_role(client: httpx.AsyncClient) -> None:
    target, user_headers = await signed_in(client, "u@x.co")
    assert (await client.patch(f"{USERS}/{target}", json={"role": "Admin"})).status_code == 401
    forbidden = await client.patch(
        f"{USERS}/{target}", json={"role": "Admin"}, headers=user_headers
    )
    assert forbidden.status_code == 403
    assert forbidden.json()["status"] == 403


async def test_admin_promotes_and_demotes(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "a@x.co", role="Admin")
    target, target_headers = await signed_in(client, "t@x.co")
    promoted = await client.patch(f"{USERS}/{target}", json={"role": "Admin"}, headers=admin)
    assert promoted.status_code == 200
    assert promoted.json()["role"] == "Admin"
    # Effective at once for the promoted user's existing session.
    assert (await client.get("/api/v1/me", headers=target_headers)).json()["role"] == "Admin"
    demoted = await client.patch(f"{USERS}/{target}", json={"role": "User"}, headers=admin)
    assert demoted.json()["role"] == "User"
    bad = await client.patch(f"{USERS}/{target}", json={"role": "Root"}, headers=admin)
    assert bad.status_code == 400
    missing = await client.patch(
        f"{USERS}/00000000-0000-0000-0000-000000000000", json={"role": "User"}, headers=admin
    )
    assert missing.status_code == 404


async def test_the_last_admin_cannot_be_demoted(client: httpx.AsyncClient) -> None:
    admin_id, admin = await signed_in(client, "only@x.co", role="Admin")
    response = await client.patch(f"{USERS}/{admin_id}", json={"role": "User"}, headers=admin)
    assert response.status_code == 409
    me = await client.get("/api/v1/me", headers=admin)
    assert me.json()["role"] == "Admin"


async def test_two_admins_demoting_each_other_at_once_leave_one_admin(
    client: httpx.AsyncClient,
) -> None:
    first_id, first = await signed_in(client, "one@x.co", role="Admin")
    second_id, second = await signed_in(client, "two@x.co", role="Admin")
    responses = await asyncio.gather(
        client.patch(f"{USERS}/{second_id}", json={"role": "User"}, headers=first),
        client.patch(f"{USERS}/{first_id}", json={"role": "User"}, headers=second),
    )
    assert sorted(r.status_code for r in responses) in ([200, 403], [200, 409])
    roles = [(await client.get("/api/v1/me", headers=h)).json()["role"] for h in (first, second)]
    assert roles.count("Admin") == 1
