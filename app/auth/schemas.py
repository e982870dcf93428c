"""Request and response bodies of /auth, /me and the user resources."""

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
    Url,
)

RoleName = Literal["User", "Admin"]


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


class Counts(CamelStruct):
    resumes: int
    cold_mail_requests: int
    interview_requests: int


class MeOut(UserOut):
    counts: Counts


class UserEnvelope(CamelStruct):
    user: UserOut


class LoginOut(CamelStruct):
    token: str
    expires_at: dt.datetime
    user: UserOut


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


class UpdateMeIn(RequestStruct):
    name: Name | msgspec.UnsetType | None = msgspec.UNSET
    image: Url | msgspec.UnsetType | None = msgspec.UNSET


class DeleteMeIn(RequestStruct):
    untrimmed: ClassVar[frozenset[str]] = frozenset({"password"})
    password: PasswordAttempt | None = None
