"""Request and response bodies of /me: the account with its counts, and changes to it."""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec

from app.auth.schemas import UserOut
from app.core.structs import CamelStruct, Name, PasswordAttempt, RequestStruct, Url


class Counts(CamelStruct):
    resumes: int
    cold_mail_requests: int
    interview_requests: int


class MeOut(UserOut):
    counts: Counts


def me_from_row(row: dict[str, Any]) -> MeOut:
    """A row of `users_with_counts` (users/repository.py) as the struct."""
    user = UserOut.from_row(row)
    counts = Counts(
        resumes=row["resumes"],
        cold_mail_requests=row["cold_mail_requests"],
        interview_requests=row["interview_requests"],
    )
    return MeOut(**msgspec.structs.asdict(user), counts=counts)


class UpdateMeIn(RequestStruct):
    name: Name | msgspec.UnsetType | None = msgspec.UNSET
    image: Url | msgspec.UnsetType | None = msgspec.UNSET


class DeleteMeIn(RequestStruct):
    untrimmed: ClassVar[frozenset[str]] = frozenset({"password"})
    password: PasswordAttempt | None = None
