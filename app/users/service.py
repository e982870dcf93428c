"""Accounts as a whole: profile, counts, role changes and complete deletion."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar.exceptions import HTTPException, NotFoundException

from app.auth.schemas import Counts, MeOut, RoleName, UserOut
from app.auth.service import USER_QUERY, fetch_user, transaction
from tables import User

# Every change that could remove the last Admin takes this lock first, so two admins
# demoting (or deleting) each other at once are checked one after the other.
_ADMIN_CHANGES_LOCK = 0x7A1E5  # an arbitrary application-wide advisory lock key

_COUNTS = """
    (SELECT count(*) FROM resume WHERE user_id = u.id) AS resumes,
    (SELECT count(*) FROM cold_mail_request WHERE user_id = u.id) AS cold_mail_requests,
    (SELECT count(*) FROM interview_request WHERE user_id = u.id) AS interview_requests
"""

ME_QUERY = USER_QUERY.replace('FROM "user" u', f', {_COUNTS} FROM "user" u')


def me_from_row(row: dict[str, Any]) -> MeOut:
    user = UserOut.from_row(row)
    counts = Counts(
        resumes=row["resumes"],
        cold_mail_requests=row["cold_mail_requests"],
        interview_requests=row["interview_requests"],
    )
    return MeOut(**msgspec.structs.asdict(user), counts=counts)


async def fetch_me(user_id: UUID) -> MeOut:
    rows = await User.raw(ME_QUERY + " WHERE u.id = {}", user_id)
    if not rows:
        raise NotFoundException("No such user")
    return me_from_row(rows[0])


async def update_profile(user_id: UUID, changes: dict[str, Any]) -> UserOut:
    if changes:
        columns = {getattr(User, name): value for name, value in changes.items()}
        await User.update(columns).where(User.id == user_id)
    user = await fetch_user(user_id)
    if user is None:
        raise NotFoundException("No such user")
    return user


async def password_hash_of(user_id: UUID) -> str | None:
    row = await User.select(User.password_hash).where(User.id == user_id).first()
    return row["password_hash"] if row else None


async def _lock_admin_changes() -> None:
    await User.raw("SELECT pg_advisory_xact_lock({})", _ADMIN_CHANGES_LOCK)


async def _role_of(user_id: UUID) -> str | None:
    rows = await User.raw(
        "SELECT COALESCE(r.name, 'User') AS role FROM \"user\" u "
        "LEFT JOIN role r ON r.id = u.role_id WHERE u.id = {}",
        user_id,
    )
    return rows[0]["role"] if rows else None


async def _is_last_admin(user_id: UUID) -> bool:
    rows = await User.raw(
        'SELECT count(*) AS admins FROM "user" u JOIN role r ON r.id = u.role_id '
        "WHERE r.name = 'Admin' AND u.id <> {}",
        user_id,
    )
    return rows[0]["admins"] == 0


async def change_role(user_id: UUID, role: RoleName) -> UserOut:
    async with transaction():
        await _lock_admin_changes()
        current = await _role_of(user_id)
        if current is None:
            raise NotFoundException("No such user")
        if current == "Admin" and role != "Admin" and await _is_last_admin(user_id):
            raise HTTPException(status_code=409, detail="That would leave no Admin")
        await User.raw(
            'UPDATE "user" SET role_id = (SELECT id FROM role WHERE name = {}) WHERE id = {}',
            role,
            user_id,
        )
    user = await fetch_user(user_id)
    assert user is not None
    return user


async def delete_user(user_id: UUID) -> None:
    """Remove the user and, through the cascades, every row of theirs: one statement."""
    async with transaction():
        await _lock_admin_changes()
        role = await _role_of(user_id)
        if role is None:
            raise NotFoundException("No such user")
        if role == "Admin" and await _is_last_admin(user_id):
            raise HTTPException(status_code=409, detail="The last Admin cannot be deleted")
        await User.delete().where(User.id == user_id)
