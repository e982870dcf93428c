"""The rules of accounts and sessions: signing up, in and out, verifying, recovering a password."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from app.auth import repository
from app.auth.mail import OutgoingMail, reset_mail, verification_mail
from app.auth.passwords import hash_password, verify_password
from app.auth.repository import TokenTable
from app.auth.schemas import CurrentUser, LoginOut, SessionOut, UserOut
from app.auth.tokens import hash_token, new_token
from app.core.errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized
from app.db import transaction
from app.settings import Settings
from tables import EmailVerificationToken, PasswordResetToken

VERIFICATION_TTL = dt.timedelta(hours=24)
RESET_TTL = dt.timedelta(hours=1)
_UNUSABLE_LINK = "Unknown, expired or already used token"


def normalise_email(email: str) -> str:
    """Addresses are stored and compared lower-cased."""
    return email.strip().lower()


async def add_user(
    *,
    email: str | None,
    password_hash: str | None,
    name: str | None,
    role: str,
    verified: bool,
    image: str | None = None,
) -> UUID:
    """Shared by registration, OAuth and the `create-user` command; Conflict for a taken e-mail."""
    user_id = await repository.insert_user(
        email=normalise_email(email) if email else None,
        password_hash=password_hash,
        name=name,
        image=image,
        role=role,
        email_verified=dt.datetime.now(dt.UTC) if verified else None,
    )
    if user_id is None:
        raise Conflict("This e-mail is already registered")
    return user_id


async def fetch_user(user_id: UUID) -> UserOut | None:
    row = await repository.user_by_id(user_id)
    return UserOut.from_row(row) if row else None


async def _existing_user(user_id: UUID) -> UserOut:
    """A user this request has just created or changed, so it exists."""
    user = await fetch_user(user_id)
    assert user is not None
    return user


async def _issue_token(table: TokenTable, user_id: UUID, ttl: dt.timedelta) -> str:
    """A fresh single-use token for the user; older unused ones stop working."""
    token, token_hash = new_token()
    now = dt.datetime.now(dt.UTC)
    async with transaction():
        await repository.expire_tokens(table, user_id, now)
        await repository.insert_token(table, user_id, token_hash, now + ttl)
    return token


async def register(
    email: str, password: str, name: str | None, settings: Settings
) -> tuple[UserOut, OutgoingMail]:
    password_hash = await hash_password(password, settings.bcrypt_rounds)
    user_id = await add_user(
        email=email, password_hash=password_hash, name=name, role="User", verified=False
    )
    token = await _issue_token(EmailVerificationToken, user_id, VERIFICATION_TTL)
    user = await _existing_user(user_id)
    assert user.email is not None
    return user, verification_mail(user.email, settings.frontend_url, token)


async def verify_email(token: str) -> UserOut:
    async with transaction():
        user_id = await repository.claim_token(EmailVerificationToken, hash_token(token))
        if user_id is None:
            raise BadRequest(_UNUSABLE_LINK)
        await repository.mark_verified(user_id)
    return await _existing_user(user_id)


async def resend_verification(email: str, settings: Settings) -> OutgoingMail | None:
    """A new verification mail for an unverified account; nothing (silently) otherwise."""
    row = await repository.credentials_by_email(normalise_email(email))
    if row is None or row["email_verified"] is not None:
        return None
    token = await _issue_token(EmailVerificationToken, row["id"], VERIFICATION_TTL)
    return verification_mail(row["email"], settings.frontend_url, token)


async def login(email: str, password: str, settings: Settings) -> LoginOut:
    row = await repository.credentials_by_email(normalise_email(email))
    # An unknown e-mail still costs one bcrypt check, so timing does not tell it apart.
    stored_hash = row["password_hash"] if row else None
    if not await verify_password(password, stored_hash, settings.bcrypt_rounds) or row is None:
        raise Unauthorized("Wrong e-mail or password")
    if settings.require_email_verification and row["email_verified"] is None:
        raise Forbidden("Confirm your e-mail address before signing in")
    return await start_session(row["id"], settings)


async def forgot_password(email: str, settings: Settings) -> OutgoingMail | None:
    row = await repository.credentials_by_email(normalise_email(email))
    if row is None:
        return None
    token = await _issue_token(PasswordResetToken, row["id"], RESET_TTL)
    return reset_mail(row["email"], settings.frontend_url, token)


async def reset_password(token: str, password: str, settings: Settings) -> None:
    # The token is checked before bcrypt runs: made-up tokens must cost no hashing.
    if not await repository.token_is_live(PasswordResetToken, hash_token(token)):
        raise BadRequest(_UNUSABLE_LINK)
    password_hash = await hash_password(password, settings.bcrypt_rounds)
    async with transaction():
        user_id = await repository.claim_token(PasswordResetToken, hash_token(token))
        if user_id is None:  # claimed by a concurrent reset meanwhile
            raise BadRequest(_UNUSABLE_LINK)
        # Following the mailed link proves the address, so it counts as verified.
        await repository.set_password(user_id, password_hash, proves_email=True)
        await repository.delete_sessions(user_id)


async def change_password(
    user_id: UUID, session_id: UUID, current: str, new: str, settings: Settings
) -> None:
    stored_hash = await repository.password_hash_of(user_id)
    if not await verify_password(current, stored_hash, settings.bcrypt_rounds):
        raise Unauthorized("The current password is wrong")
    password_hash = await hash_password(new, settings.bcrypt_rounds)
    async with transaction():
        await repository.set_password(user_id, password_hash, proves_email=False)
        await repository.delete_sessions(user_id, keep=session_id)


async def start_session(user_id: UUID, settings: Settings) -> LoginOut:
    token, token_hash = new_token()
    expires = dt.datetime.now(dt.UTC) + settings.session_ttl
    await repository.insert_session(user_id, token_hash, expires)
    return LoginOut(token=token, expires_at=expires, user=await _existing_user(user_id))


async def authenticate(token: str, ttl: dt.timedelta, max_age: dt.timedelta) -> CurrentUser | None:
    """The caller of a live session; its expiry slides, but never past `max_age` in all."""
    row = await repository.session_by_token(hash_token(token), max_age)
    if row is None:
        return None
    # Sliding expiry, written at most about once per half-life rather than on every request.
    now = dt.datetime.now(dt.UTC)
    renewed = min(now + ttl, row["created_at"] + max_age)
    if row["expires"] - now < ttl / 2 and renewed > row["expires"]:
        await repository.extend_session(row["session_id"], renewed)
    return CurrentUser(
        id=row["id"], email=row["email"], role=row["role"], session_id=row["session_id"]
    )


async def list_sessions(user: CurrentUser) -> list[SessionOut]:
    rows = await repository.live_sessions(user.id, dt.datetime.now(dt.UTC))
    return [SessionOut(**row, current=row["id"] == user.session_id) for row in rows]


async def end_session(user: CurrentUser) -> None:
    await repository.delete_session(user.id, user.session_id)


async def revoke_session(user_id: UUID, session_id: UUID) -> None:
    if not await repository.delete_session(user_id, session_id):
        raise NotFound("No such session")


async def purge_dead(session_max_age: dt.timedelta) -> dict[str, int]:
    """Expired sessions and used or expired tokens, deleted (the clean-up job, hourly)."""
    return await repository.purge_dead(session_max_age)
