"""Accounts as a whole: profile, counts, role changes and complete deletion."""

from __future__ import annotations

from uuid import UUID

import msgspec

from app.auth import repository as auth_repository
from app.auth.passwords import verify_password
from app.auth.schemas import RoleName, UserOut
from app.auth.service import fetch_user
from app.core.errors import BadRequest, Conflict, NotFound, Unauthorized
from app.db import transaction
from app.settings import Settings
from app.users import repository
from app.users.schemas import MeOut, UpdateMeIn, me_from_row

_NO_SUCH_USER = "No such user"


async def fetch_me(user_id: UUID) -> MeOut:
    row = await repository.me_by_id(user_id)
    if row is None:
        raise NotFound(_NO_SUCH_USER)
    return me_from_row(row)


async def update_profile(user_id: UUID, data: UpdateMeIn) -> UserOut:
    """Only the fields the body names change; null clears one."""
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(data).items()
        if value is not msgspec.UNSET
    }
    if changes:
        await repository.update_profile(user_id, changes)
    user = await fetch_user(user_id)
    if user is None:
        raise NotFound(_NO_SUCH_USER)
    return user


async def _locked_role(user_id: UUID) -> str:
    """The user's role, read under the lock that orders every change that could remove an Admin."""
    await repository.lock_admin_changes()
    role = await repository.role_of(user_id)
    if role is None:
        raise NotFound(_NO_SUCH_USER)
    return role


async def _refuse_last_admin(user_id: UUID, message: str) -> None:
    if await repository.count_other_admins(user_id) == 0:
        raise Conflict(message)


async def change_role(user_id: UUID, role: RoleName) -> UserOut:
    async with transaction():
        if await _locked_role(user_id) == "Admin" and role != "Admin":
            await _refuse_last_admin(user_id, "That would leave no Admin")
        await repository.set_role(user_id, role)
    user = await fetch_user(user_id)
    assert user is not None
    return user


async def delete_user(user_id: UUID) -> None:
    """Remove the user and, through the cascades, every row of theirs."""
    async with transaction():
        if await _locked_role(user_id) == "Admin":
            await _refuse_last_admin(user_id, "The last Admin cannot be deleted")
        await repository.delete_user(user_id)


async def delete_me(user_id: UUID, password: str | None, settings: Settings) -> None:
    """Delete the caller's account; the password confirms it when the account has one."""
    password_hash = await auth_repository.password_hash_of(user_id)
    if password_hash is not None:
        if not password:
            raise BadRequest("Confirm with your password")
        if not await verify_password(password, password_hash, settings.bcrypt_rounds):
            raise Unauthorized("Wrong password")
    await delete_user(user_id)
