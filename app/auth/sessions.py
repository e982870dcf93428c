"""Sessions: created at sign-in, looked up on every request, revoked on demand."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import msgspec

from app.auth.tokens import hash_token, new_token
from tables import Session


class CurrentUser(msgspec.Struct, frozen=True):
    """Who is calling: what handlers and guards need, and never the password hash."""

    id: UUID
    email: str | None
    role: str
    session_id: UUID


# One round trip: the session, its user and the user's role together.
AUTHENTICATE_SQL = """
SELECT s.id AS session_id, s.expires, s.created_at, u.id, u.email,
       COALESCE(r.name, 'User') AS role
FROM session s
JOIN "user" u ON u.id = s.user_id
LEFT JOIN role r ON r.id = u.role_id
WHERE s.session_token = {} AND s.expires > now() AND s.created_at > now() - {}::interval
"""


async def create_session(user_id: Any, ttl: dt.timedelta) -> tuple[str, dt.datetime]:
    token, token_hash = new_token()
    expires = dt.datetime.now(dt.UTC) + ttl
    await Session.insert(Session(user_id=user_id, session_token=token_hash, expires=expires))
    return token, expires


async def authenticate(token: str, ttl: dt.timedelta, max_age: dt.timedelta) -> CurrentUser | None:
    """The caller of a live session; its expiry slides, but never past `max_age` in all."""
    rows = await Session.raw(AUTHENTICATE_SQL, hash_token(token), max_age)
    if not rows:
        return None
    row = rows[0]
    # Sliding expiry, written at most about once per half-life rather than on every request.
    now = dt.datetime.now(dt.UTC)
    renewed = min(now + ttl, row["created_at"] + max_age)
    if row["expires"] - now < ttl / 2 and renewed > row["expires"]:
        await Session.update({Session.expires: renewed}).where(Session.id == row["session_id"])
    return CurrentUser(
        id=row["id"], email=row["email"], role=row["role"], session_id=row["session_id"]
    )


async def list_sessions(user_id: UUID) -> list[dict[str, Any]]:
    return await (
        Session.select(Session.id, Session.created_at, Session.expires)
        .where((Session.user_id == user_id) & (Session.expires > dt.datetime.now(dt.UTC)))
        .order_by(Session.created_at, ascending=False)
    )


async def revoke(user_id: UUID, session_id: UUID) -> bool:
    """Delete one of the user's sessions; False when there is no such session of theirs."""
    deleted = await (
        Session.delete()
        .where((Session.id == session_id) & (Session.user_id == user_id))
        .returning(Session.id)
    )
    return bool(deleted)


async def revoke_all(user_id: UUID, *, keep: UUID | None = None) -> None:
    query = Session.delete().where(Session.user_id == user_id)
    if keep is not None:
        query = query.where(Session.id != keep)
    await query
