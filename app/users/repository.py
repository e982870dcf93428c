"""Users' SQL: accounts with their counts, profile and role changes, and deletion.

Composable pieces for any list of users (admin's included): `users_with_counts(where, tail)`
builds the statement; USER_COLUMNS, COUNT_COLUMNS and USERS_WITH_ROLE are its parts.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from app.auth.repository import USER_COLUMNS, USER_ROLE, USERS_WITH_ROLE
from app.db import fetch, fetch_one
from tables import User

# What a user owns, counted per user (alias `u`); pairs with USER_COLUMNS.
COUNT_COLUMNS = (
    "(SELECT count(*) FROM resume WHERE user_id = u.id) AS resumes, "
    "(SELECT count(*) FROM cold_mail_request WHERE user_id = u.id) AS cold_mail_requests, "
    "(SELECT count(*) FROM interview_request WHERE user_id = u.id) AS interview_requests"
)


def users_with_counts(where: str = "", tail: str = "") -> str:
    """Users (alias `u`, role `r`) with their counts, as `me_from_row` reads them.

    `where` ("WHERE ...") and `tail` ("ORDER BY ... LIMIT {} OFFSET {}") are fixed SQL whose
    values travel as `{}` arguments.
    """
    return f"SELECT {USER_COLUMNS}, {COUNT_COLUMNS} {USERS_WITH_ROLE} {where} {tail}".rstrip()


_ME_BY_ID = users_with_counts("WHERE u.id = {}")

# Every change that could remove the last Admin takes this lock first, so two admins
# demoting (or deleting) each other at once are checked one after the other.
_ADMIN_CHANGES_LOCK = 0x7A1E5  # an arbitrary application-wide advisory lock key

_ROLE_OF = f"SELECT {USER_ROLE} AS role {USERS_WITH_ROLE} WHERE u.id = {{}}"
_OTHER_ADMINS = (
    'SELECT count(*) AS admins FROM "user" u JOIN role r ON r.id = u.role_id '
    "WHERE r.name = 'Admin' AND u.id <> {}"
)
_SET_ROLE = 'UPDATE "user" SET role_id = (SELECT id FROM role WHERE name = {}) WHERE id = {}'


async def me_by_id(user_id: UUID) -> dict[str, Any] | None:
    return await fetch_one(_ME_BY_ID, user_id)


async def update_profile(user_id: UUID, changes: dict[str, Any]) -> None:
    """Set the given columns (by field name) of the user."""
    columns = {getattr(User, name): value for name, value in changes.items()}
    await User.update(columns).where(User.id == user_id)


async def lock_admin_changes() -> None:
    """Held until the transaction ends."""
    await fetch("SELECT pg_advisory_xact_lock({})", _ADMIN_CHANGES_LOCK)


async def role_of(user_id: UUID) -> str | None:
    row = await fetch_one(_ROLE_OF, user_id)
    return row["role"] if row else None


async def count_other_admins(user_id: UUID) -> int:
    row = await fetch_one(_OTHER_ADMINS, user_id)
    assert row is not None
    admins: int = row["admins"]
    return admins


async def set_role(user_id: UUID, role: str) -> None:
    await fetch(_SET_ROLE, role, user_id)


async def delete_user(user_id: UUID) -> None:
    """One statement: the cascades remove every row of theirs."""
    await User.delete().where(User.id == user_id)
