"""The rules of signing up, in and out, and of changing or recovering a password."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from litestar.exceptions import (
    ClientException,
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
)

from app.auth import sessions
from app.auth.mail import OutgoingMail, reset_mail, verification_mail
from app.auth.passwords import hash_password, verify_password
from app.auth.schemas import LoginOut, UserOut
from app.auth.tokens import hash_token, new_token
from app.auth.users import EmailTaken, insert_user, normalise_email
from app.settings import Settings
from tables import EmailVerificationToken, PasswordResetToken, User

VERIFICATION_TTL = dt.timedelta(hours=24)
RESET_TTL = dt.timedelta(hours=1)
_UNUSABLE_LINK = "Unknown, expired or already used token"

USER_QUERY = """
SELECT u.id, u.email, u.name, u.image, u.email_verified, u.created_at,
       COALESCE(r.name, 'User') AS role
FROM "user" u LEFT JOIN role r ON r.id = u.role_id
"""


def transaction() -> Any:
    return User._meta.db.transaction()


async def fetch_user(user_id: Any) -> UserOut | None:
    rows = await User.raw(USER_QUERY + " WHERE u.id = {}", user_id)
    return UserOut.from_row(rows[0]) if rows else None


async def _user_by_email(email: str) -> dict[str, Any] | None:
    return (
        await User.select(User.id, User.email, User.password_hash, User.email_verified)
        .where(User.email == normalise_email(email))
        .first()
    )


async def _issue_token(table: Any, user_id: Any, ttl: dt.timedelta) -> str:
    """A fresh single-use token for the user; older unused ones stop working."""
    token, token_hash = new_token()
    now = dt.datetime.now(dt.UTC)
    async with transaction():
        await table.update({table.used_at: now}).where(
            (table.user_id == user_id) & table.used_at.is_null()
        )
        await table.insert(table(user_id=user_id, token=token_hash, expires_at=now + ttl))
    return token


async def _claim_token(table: Any, token: str) -> Any | None:
    """Mark the token used and return its user, atomically: of concurrent claims one wins."""
    rows = await table.raw(
        f"UPDATE {table._meta.tablename} SET used_at = now() "
        "WHERE token = {} AND used_at IS NULL AND expires_at > now() RETURNING user_id",
        hash_token(token),
    )
    return rows[0]["user_id"] if rows else None


async def register(
    email: str, password: str, name: str | None, settings: Settings
) -> tuple[UserOut, OutgoingMail]:
    password_hash = await hash_password(password, settings.bcrypt_rounds)
    try:
        row = await insert_user(
            email=email, password_hash=password_hash, name=name, role="User", verified=False
        )
    except EmailTaken:
        raise HTTPException(status_code=409, detail="This e-mail is already registered") from None
    token = await _issue_token(EmailVerificationToken, row["id"], VERIFICATION_TTL)
    user = await fetch_user(row["id"])
    assert user is not None
    assert user.email is not None
    return user, verification_mail(user.email, settings.frontend_url, token)


async def verify_email(token: str) -> UserOut:
    async with transaction():
        user_id = await _claim_token(EmailVerificationToken, token)
        if user_id is None:
            raise ClientException(_UNUSABLE_LINK)
        await User.raw(
            'UPDATE "user" SET email_verified = COALESCE(email_verified, now()) WHERE id = {}',
            user_id,
        )
    user = await fetch_user(user_id)
    assert user is not None
    return user


async def resend_verification(email: str, settings: Settings) -> OutgoingMail | None:
    """A new verification mail for an unverified account; nothing (silently) otherwise."""
    row = await _user_by_email(email)
    if row is None or row["email_verified"] is not None:
        return None
    token = await _issue_token(EmailVerificationToken, row["id"], VERIFICATION_TTL)
    return verification_mail(row["email"], settings.frontend_url, token)


async def login(email: str, password: str, settings: Settings) -> LoginOut:
    row = await _user_by_email(email)
    # An unknown e-mail still costs one bcrypt check, so timing does not tell it apart.
    stored_hash = row["password_hash"] if row else None
    if not await verify_password(password, stored_hash, settings.bcrypt_rounds) or row is None:
        raise NotAuthorizedException("Wrong e-mail or password")
    if settings.require_email_verification and row["email_verified"] is None:
        raise PermissionDeniedException("Confirm your e-mail address before signing in")
    return await start_session(row["id"], settings)


async def start_session(user_id: Any, settings: Settings) -> LoginOut:
    token, expires = await sessions.create_session(user_id, settings.session_ttl)
    user = await fetch_user(user_id)
    assert user is not None
    return LoginOut(token=token, expires_at=expires, user=user)


async def forgot_password(email: str, settings: Settings) -> OutgoingMail | None:
    row = await _user_by_email(email)
    if row is None:
        return None
    token = await _issue_token(PasswordResetToken, row["id"], RESET_TTL)
    return reset_mail(row["email"], settings.frontend_url, token)


async def _token_is_live(table: Any, token: str) -> bool:
    rows = await table.raw(
        f"SELECT 1 FROM {table._meta.tablename} "
        "WHERE token = {} AND used_at IS NULL AND expires_at > now()",
        hash_token(token),
    )
    return bool(rows)


async def reset_password(token: str, password: str, settings: Settings) -> None:
    # The token is checked before bcrypt runs: made-up tokens must cost no hashing.
    if not await _token_is_live(PasswordResetToken, token):
        raise ClientException(_UNUSABLE_LINK)
    password_hash = await hash_password(password, settings.bcrypt_rounds)
    async with transaction():
        user_id = await _claim_token(PasswordResetToken, token)
        if user_id is None:  # claimed by a concurrent reset meanwhile
            raise ClientException(_UNUSABLE_LINK)
        # Following the mailed link proves the address, so it counts as verified.
        await User.raw(
            'UPDATE "user" SET password_hash = {}, '
            "email_verified = COALESCE(email_verified, now()) WHERE id = {}",
            password_hash,
            user_id,
        )
        await sessions.revoke_all(user_id)


async def change_password(
    user_id: UUID, session_id: UUID, current: str, new: str, settings: Settings
) -> None:
    row = await User.select(User.password_hash).where(User.id == user_id).first()
    stored_hash = row["password_hash"] if row else None
    if not await verify_password(current, stored_hash, settings.bcrypt_rounds):
        raise NotAuthorizedException("The current password is wrong")
    password_hash = await hash_password(new, settings.bcrypt_rounds)
    async with transaction():
        await User.update({User.password_hash: password_hash}).where(User.id == user_id)
        await sessions.revoke_all(user_id, keep=session_id)
