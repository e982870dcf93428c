"""Bodies of /auth, the caller's identity, and the user struct other domains return too."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal
from uuid import UUID

import msgspec

from app.core.structs import (
    CamelStruct,
    Email,
    Name,
    Password,
    PasswordAttempt,
    RequestStruct,
    Token,
)

RoleName = Literal["User", "Admin"]


class CurrentUser(msgspec.Struct, frozen=True):
    """Who is calling: what handlers and guards need, and never the password hash."""

    id: UUID
    email: str | None
    role: str
    session_id: UUID


class UserOut(CamelStruct):
    id: UUID
    email: str | None
    name: str | None
    image: str | None
    email_verified: dt.datetime | None
    role: RoleName
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> UserOut:
        return cls(
            id=row["id"],
            email=row["email"],
            name=row["name"],
            image=row["image"],
            email_verified=row["email_verified"],
            role="Admin" if row["role"] == "Admin" else "User",
            created_at=row["created_at"],
        )


class UserEnvelope(CamelStruct):
    user: UserOut


class LoginOut(CamelStruct):
    token: str
    expires_at: dt.datetime
    user: UserOut


class Accepted(CamelStruct):
    status: str = "accepted"


class SessionOut(CamelStruct):
    id: UUID
    created_at: dt.datetime
    expires: dt.datetime
    current: bool


class RegisterIn(RequestStruct):
    untrimmed: ClassVar[frozenset[str]] = frozenset({"password"})
    email: Email
    password: Password
    name: Name | None = None


class LoginIn(RequestStruct):
    untrimmed: ClassVar[frozenset[str]] = frozenset({"password"})
    email: Email
    password: PasswordAttempt


class EmailIn(RequestStruct):
    email: Email


class TokenIn(RequestStruct):
    token: Token


class ResetPasswordIn(RequestStruct):
    untrimmed: ClassVar[frozenset[str]] = frozenset({"password"})
    token: Token
    password: Password


class ChangePasswordIn(RequestStruct):
    untrimmed: ClassVar[frozenset[str]] = frozenset({"current_password", "new_password"})
    current_password: PasswordAttempt
    new_password: Password
