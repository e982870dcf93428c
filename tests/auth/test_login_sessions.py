import datetime as dt
import hashlib

import httpx

from app.settings import Settings
from tables import Session
from tests.helpers import PASSWORD, bearer, create_user, login

AUTH = "/api/v1/auth"


async def test_wrong_password_and_unknown_email_get_the_same_401(
    client: httpx.AsyncClient,
) -> None:
    await create_user("known@x.co")
    wrong = await client.post(f"{AUTH}/login", json={"email": "known@x.co", "password": "nope!!!!"})
    unknown = await client.post(f"{AUTH}/login", json={"email": "who@x.co", "password": "nope!!!!"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_unverified_login_is_403_only_with_the_right_password(
    client: httpx.AsyncClient,
) -> None:
    await create_user("unverified@x.co", verified=False)
    right = await client.post(
        f"{AUTH}/login", json={"email": "unverified@x.co", "password": PASSWORD}
    )
    assert right.status_code == 403
    wrong = await client.post(
        f"{AUTH}/login", json={"email": "unverified@x.co", "password": "x" * 9}
    )
    assert wrong.status_code == 401


async def test_session_token_is_stored_only_as_its_sha256(client: httpx.AsyncClient) -> None:
    await create_user("h@x.co")
    token = await login(client, "h@x.co")
    stored = [row["session_token"] for row in await Session.select(Session.session_token)]
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in stored


async def test_missing_malformed_unknown_and_expired_tokens_are_401(
    client: httpx.AsyncClient,
) -> None:
    await create_user("e@x.co")
    token = await login(client, "e@x.co")
    for headers in (
        {},
        {"Authorization": token},
        {"Authorization": "Basic abc"},
        bearer("not-a-real-token"),
    ):
        response = await client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["status"] == 401
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200
    await Session.raw("UPDATE session SET expires = now() - interval '1 second'")
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 401


async def test_session_is_renewed_when_used_after_half_its_life(
    client: httpx.AsyncClient,
) -> None:
    await create_user("renew@x.co")
    token = await login(client, "renew@x.co")
    await Session.raw("UPDATE session SET expires = now() + interval '2 days'")
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200
    rows = await Session.raw("SELECT expires - now() > interval '29 days' AS renewed FROM session")
    assert rows[0]["renewed"] is True


async def test_list_and_revoke_own_sessions_but_not_anothers(client: httpx.AsyncClient) -> None:
    await create_user("s@x.co")
    await create_user("t@x.co")
    first = await login(client, "s@x.co")
    second = await login(client, "s@x.co")
    theirs = await login(client, "t@x.co")

    listed = await client.get(f"{AUTH}/sessions", headers=bearer(first))
    assert listed.status_code == 200
    items = listed.json()
    assert len(items) == 2
    assert [item["current"] for item in items].count(True) == 1
    assert set(items[0]) == {"id", "createdAt", "expires", "current"}
    other_id = next(item["id"] for item in items if not item["current"])

    their_sessions = await client.get(f"{AUTH}/sessions", headers=bearer(theirs))
    their_id = their_sessions.json()[0]["id"]
    foreign = await client.delete(f"{AUTH}/sessions/{their_id}", headers=bearer(first))
    assert foreign.status_code == 404
    assert (await client.get("/api/v1/me", headers=bearer(theirs))).status_code == 200

    revoked = await client.delete(f"{AUTH}/sessions/{other_id}", headers=bearer(first))
    assert revoked.status_code == 204
    assert (await client.get("/api/v1/me", headers=bearer(second))).status_code == 401
    assert (await client.get("/api/v1/me", headers=bearer(first))).status_code == 200
    again = await client.delete(f"{AUTH}/sessions/{other_id}", headers=bearer(first))
    assert again.status_code == 404
    not_uuid = await client.delete(f"{AUTH}/sessions/nope", headers=bearer(first))
    assert not_uuid.status_code == 404


async def test_logout_needs_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.post(f"{AUTH}/logout")).status_code == 401


async def test_auth_responses_are_not_cached(client: httpx.AsyncClient) -> None:
    await create_user("c@x.co")
    response = await client.post(f"{AUTH}/login", json={"email": "c@x.co", "password": PASSWORD})
    assert "no-store" in response.headers["cache-control"]


async def test_sliding_renewal_stops_at_the_absolute_lifetime(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    user_id = await create_user("old@x.co")
    token = await login(client, "old@x.co")
    max_age = settings.session_max_age
    # Signed in almost SESSION_MAX_DAYS ago, and due for renewal.
    created = dt.datetime.now(dt.UTC) - max_age + dt.timedelta(days=2)
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    await Session.update({Session.created_at: created, Session.expires: soon}).where(
        Session.user_id == user_id
    )
    # Renewal gives the usual TTL, but never past created_at + SESSION_MAX_DAYS...
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 200
    sessions = (await client.get("/api/v1/auth/sessions", headers=bearer(token))).json()
    expires = dt.datetime.fromisoformat(sessions[0]["expires"])
    assert abs(expires - (created + max_age)) < dt.timedelta(seconds=5)
    # ...and past it, the token no longer works, whatever its expiry says.
    await Session.update(
        {
            Session.created_at: created - dt.timedelta(days=3),
            Session.expires: dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
        }
    ).where(Session.user_id == user_id)
    assert (await client.get("/api/v1/me", headers=bearer(token))).status_code == 401
