"""Fifty requests at once: the database, not luck, decides who wins."""

from __future__ import annotations

import asyncio

import httpx

from tables import Analysis, Resume, User
from tests.helpers import create_user, signed_in
from tests.mailbox import Mailbox, token_from

AUTH = "/api/v1/auth"
N = 50


async def test_one_reset_token_fifty_times_exactly_one_succeeds(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    await create_user("reset@x.co")
    await client.post(f"{AUTH}/password/forgot", json={"email": "reset@x.co"})
    token = token_from(await mailbox.wait_for("reset@x.co"), "reset-password")
    responses = await asyncio.gather(
        *(
            client.post(f"{AUTH}/password/reset", json={"token": token, "password": f"pass {i:04}"})
            for i in range(N)
        )
    )
    codes = [r.status_code for r in responses]
    assert codes.count(204) == 1
    assert codes.count(400) == N - 1


async def test_one_email_registered_fifty_times_gives_one_account(
    client: httpx.AsyncClient,
) -> None:
    body = {"email": "crowd@x.co", "password": "long enough"}
    responses = await asyncio.gather(
        *(client.post(f"{AUTH}/register", json=body) for _ in range(N))
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * (N - 1)
    assert await User.count() == 1


async def test_admins_demoting_each_other_all_at_once_leave_an_admin(
    client: httpx.AsyncClient,
) -> None:
    admins = [await signed_in(client, f"admin{i}@x.co", role="Admin") for i in range(5)]
    attempts = [
        client.patch(f"/api/v1/admin/users/{target}", json={"role": "User"}, headers=headers)
        for _, headers in admins
        for target, _ in admins
    ]
    responses = await asyncio.gather(*attempts)
    assert all(r.status_code in (200, 403, 409) for r in responses)
    rows = await User.raw(
        'SELECT count(*) AS n FROM "user" u JOIN role r ON r.id = u.role_id '
        "WHERE r.name = 'Admin'"
    )
    assert rows[0]["n"] >= 1


async def test_deleting_an_account_while_it_uploads_leaves_no_orphans(
    client: httpx.AsyncClient,
) -> None:
    user_id, headers = await signed_in(client, "leaving@x.co")
    uploads = [
        client.post(
            "/api/v1/resumes",
            json={"customName": f"cv {i}", "rawText": f"Python developer {i}"},
            headers=headers,
        )
        for i in range(N)
    ]
    deletion = client.request(
        "DELETE", "/api/v1/me", json={"password": "correct horse battery"}, headers=headers
    )
    *upload_responses, deleted = await asyncio.gather(*uploads, deletion)
    assert deleted.status_code == 204
    # 401: the session was gone; 409: the account vanished mid-insert; 404: stored, then
    # removed by the account's deletion before it could be read back. Never a 500.
    assert {r.status_code for r in upload_responses} <= {201, 401, 404, 409}
    assert not await User.exists().where(User.id == user_id)
    assert await Resume.count() == 0
    assert await Analysis.count() == 0


async def test_a_revoked_session_stops_working_at_once(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "busy@x.co")
    in_use = [client.get("/api/v1/me", headers=headers) for _ in range(N)]
    logout = client.post(f"{AUTH}/logout", headers=headers)
    *responses, logged_out = await asyncio.gather(*in_use, logout)
    assert logged_out.status_code == 204
    assert {r.status_code for r in responses} <= {200, 401}
    later = await asyncio.gather(*(client.get("/api/v1/me", headers=headers) for _ in range(10)))
    assert {r.status_code for r in later} == {401}
