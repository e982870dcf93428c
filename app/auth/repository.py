"""Auth's SQL: users as signing in sees them, their sessions and their mailed single-use tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from app.db import fetch, fetch_one, owned
from tables import EmailVerificationToken, PasswordResetToken, Session, User

# The user's role name (alias `r` joined as in USERS_WITH_ROLE): without a role, a User.
USER_ROLE = "COALESCE(r.name, 'User')"
# A user as every domain returns it (alias `u`, role `r`): compose with USERS_WITH_ROLE.
USER_COLUMNS = (
    f"u.id, u.email, u.name, u.image, u.email_verified, u.created_at, {USER_ROLE} AS role"
)
USERS_WITH_ROLE = 'FROM "user" u LEFT JOIN role r ON r.id = u.role_id'

_USER_BY_ID = f"SELECT {USER_COLUMNS} {USERS_WITH_ROLE} WHERE u.id = {{}}"

_INSERT_USER = """
INSERT INTO "user" (email, password_hash, name, image, email_verified, role_id)
VALUES ({}, {}, {}, {}, {}, (SELECT id FROM role WHERE name = {}))
ON CONFLICT (email) DO NOTHING
RETURNING id
"""

# Following a mailed link (or a provider vouching for the address) proves the e-mail.
_PROVE_EMAIL = "email_verified = COALESCE(email_verified, now())"
_MARK_VERIFIED = f'UPDATE "user" SET {_PROVE_EMAIL} WHERE id = {{}}'
_STORE_HASH = 'UPDATE "user" SET password_hash = {} WHERE id = {}'
_STORE_HASH_PROVING_EMAIL = (
    f'UPDATE "user" SET password_hash = {{}}, {_PROVE_EMAIL} WHERE id = {{}}'
)

_LOCK_USER_BY_EMAIL = 'SELECT id, email_verified FROM "user" WHERE email = {} FOR UPDATE'

# One round trip: the session, its user and the user's role together.
AUTHENTICATE_SQL = f"""
SELECT s.id AS session_id, s.expires, s.created_at, u.id, u.email, {USER_ROLE} AS role
FROM session s
JOIN "user" u ON u.id = s.user_id
LEFT JOIN role r ON r.id = u.role_id
WHERE s.session_token = {{}} AND s.expires > now() AND s.created_at > now() - {{}}::interval
"""

TokenTable = type[EmailVerificationToken] | type[PasswordResetToken]


async def user_by_id(user_id: UUID) -> dict[str, Any] | None:
    return await fetch_one(_USER_BY_ID, user_id)


async def credentials_by_email(email: str) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await User.select(User.id, User.email, User.password_hash, User.email_verified)
        .where(User.email == email)
        .first()
    )
    return row


async def lock_user_by_email(email: str) -> dict[str, Any] | None:
    """The user with this address, locked until the transaction ends."""
    return await fetch_one(_LOCK_USER_BY_EMAIL, email)


async def password_hash_of(user_id: UUID) -> str | None:
    row = await User.select(User.password_hash).where(User.id == user_id).first()
    return row["password_hash"] if row else None


async def insert_user(
    *,
    email: str | None,
    password_hash: str | None,
    name: str | None,
    image: str | None = None,
    role: str,
    email_verified: dt.datetime | None,
) -> UUID | None:
    """The new user's id; None when the e-mail already exists."""
    row = await fetch_one(_INSERT_USER, email, password_hash, name, image, email_verified, role)
    return row["id"] if row else None


async def mark_verified(user_id: UUID) -> None:
    await fetch(_MARK_VERIFIED, user_id)


async def set_password(user_id: UUID, password_hash: str | None, *, proves_email: bool) -> None:
    await fetch(_STORE_HASH_PROVING_EMAIL if proves_email else _STORE_HASH, password_hash, user_id)


async def expire_tokens(table: TokenTable, user_id: UUID, at: dt.datetime) -> None:
    """Every unused token of the user stops working."""
    await table.update({table.used_at: at}).where(
        (table.user_id == user_id) & table.used_at.is_null()
    )


async def insert_token(
    table: TokenTable, user_id: UUID, token_hash: str, expires_at: dt.datetime
) -> None:
    await table.objects().create(user_id=user_id, token=token_hash, expires_at=expires_at)


async def claim_token(table: TokenTable, token_hash: str) -> UUID | None:
    """Mark the token used and return its user, atomically: of concurrent claims one wins."""
    row = await fetch_one(
        f"UPDATE {table._meta.tablename} SET used_at = now() "
        "WHERE token = {} AND used_at IS NULL AND expires_at > now() RETURNING user_id",
        token_hash,
    )
    return row["user_id"] if row else None


async def token_is_live(table: TokenTable, token_hash: str) -> bool:
    row = await fetch_one(
        f"SELECT 1 AS live FROM {table._meta.tablename} "
        "WHERE token = {} AND used_at IS NULL AND expires_at > now()",
        token_hash,
    )
    return row is not None


async def insert_session(user_id: UUID, token_hash: str, expires: dt.datetime) -> None:
    await Session.insert(Session(user_id=user_id, session_token=token_hash, expires=expires))


async def session_by_token(token_hash: str, max_age: dt.timedelta) -> dict[str, Any] | None:
    """The live session of this token with its user and role (see AUTHENTICATE_SQL)."""
    return await fetch_one(AUTHENTICATE_SQL, token_hash, max_age)


async def extend_session(session_id: UUID, expires: dt.datetime) -> None:
    await Session.update({Session.expires: expires}).where(Session.id == session_id)


async def live_sessions(user_id: UUID, now: dt.datetime) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await (
        Session.select(Session.id, Session.created_at, Session.expires)
        .where((Session.user_id == user_id) & (Session.expires > now))
        .order_by(Session.created_at, ascending=False)
    )
    return rows


async def delete_session(user_id: UUID, session_id: UUID) -> bool:
    """False when the user has no such session."""
    deleted = (
        await Session.delete().where(owned(Session, session_id, user_id)).returning(Session.id)
    )
    return bool(deleted)


async def delete_sessions(user_id: UUID, *, keep: UUID | None = None) -> None:
    query = Session.delete().where(Session.user_id == user_id)
    if keep is not None:
        query = query.where(Session.id != keep)
    await query


# Rows that can never be used again: sessions past their expiry or their maximum age, and
# tokens used or expired. One statement, so the counts come back together.
_PURGE = """
WITH sessions AS (
    DELETE FROM session WHERE expires <= now() OR created_at <= now() - {}::interval
    RETURNING 1
), verifications AS (
    DELETE FROM email_verification_token WHERE used_at IS NOT NULL OR expires_at <= now()
    RETURNING 1
), resets AS (
    DELETE FROM password_reset_token WHERE used_at IS NOT NULL OR expires_at <= now()
    RETURNING 1
)
SELECT (SELECT count(*) FROM sessions) AS sessions,
       (SELECT count(*) FROM verifications) AS verification_tokens,
       (SELECT count(*) FROM resets) AS reset_tokens
"""


async def purge_dead(session_max_age: dt.timedelta) -> dict[str, int]:
    """Delete the rows no one can use any more; how many of each kind."""
    row = await fetch_one(_PURGE, session_max_age)
    assert row is not None
    return row
