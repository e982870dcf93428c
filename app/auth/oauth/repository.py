"""OAuth's SQL: the provider accounts linked to users."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tables import Account


async def linked_account(provider: str, provider_account_id: str) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await Account.select(Account.id, Account.user_id)
        .where(
            (Account.provider == provider) & (Account.provider_account_id == provider_account_id)
        )
        .first()
    )
    return row


async def set_scope(account_id: UUID, scope: str | None) -> None:
    await Account.update({Account.scope: scope}).where(Account.id == account_id)


async def link_account(
    user_id: UUID, provider: str, provider_account_id: str, scope: str | None
) -> None:
    await Account.insert(
        Account(
            user_id=user_id,
            type="oauth",
            provider=provider,
            provider_account_id=provider_account_id,
            scope=scope,
        )
    )


async def unlink_accounts(user_id: UUID) -> None:
    await Account.delete().where(Account.user_id == user_id)
