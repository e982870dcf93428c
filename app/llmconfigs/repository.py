"""Where users' AI configurations are stored, scoped to their owner."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import asyncpg

from app.core.errors import Conflict, NotFound
from app.db import delete_owned, fetch, owned
from tables import LlmConfig

Row = dict[str, Any]

NOT_FOUND = "No such AI configuration"
LABEL_TAKEN = "You already have an AI configuration with this label"

COLUMNS = [
    LlmConfig.id,
    LlmConfig.label,
    LlmConfig.base_url,
    LlmConfig.model,
    LlmConfig.api_key_hint,
    LlmConfig.active,
    LlmConfig.created_at,
    LlmConfig.updated_at,
]
# What a call to the model needs; `updated_at` tells a cached client apart from a stale one.
CALL_COLUMNS = [
    LlmConfig.id,
    LlmConfig.base_url,
    LlmConfig.model,
    LlmConfig.api_key_encrypted,
    LlmConfig.updated_at,
]


async def lock_user_configs(user_id: UUID) -> None:
    """Serialises changes to one user's configurations until the transaction ends (labels,
    the first-one-is-active rule and the switch of the active one see each other)."""
    await fetch("SELECT pg_advisory_xact_lock(hashtextextended({}, 0))", f"llm_config:{user_id}")


async def list_own(user_id: UUID) -> list[Row]:
    """Newest first."""
    rows: list[Row] = (
        await LlmConfig.select(*COLUMNS)
        .where(LlmConfig.user_id == user_id)
        .order_by(LlmConfig.created_at, LlmConfig.id, ascending=False)
    )
    return rows


async def has_any(user_id: UUID) -> bool:
    found: bool = await LlmConfig.exists().where(LlmConfig.user_id == user_id)
    return found


async def get_owned(user_id: UUID, config_id: UUID, columns: list[Any] = COLUMNS) -> Row:
    """The user's configuration; 404 when it is not theirs."""
    row: Row | None = (
        await LlmConfig.select(*columns).where(owned(LlmConfig, config_id, user_id)).first()
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return row


async def active_for_user(user_id: UUID) -> Row | None:
    """The user's active configuration (one lookup on the partial unique index), or None."""
    row: Row | None = (
        await LlmConfig.select(*CALL_COLUMNS)
        .where((LlmConfig.user_id == user_id) & (LlmConfig.active.eq(True)))
        .first()
    )
    return row


async def insert(user_id: UUID, fields: dict[str, Any]) -> Row:
    try:
        rows = await LlmConfig.insert(LlmConfig(user_id=user_id, **fields)).returning(*COLUMNS)
    except asyncpg.UniqueViolationError as exc:
        raise _conflict(exc) from None
    stored: Row = rows[0]
    return stored


async def update(user_id: UUID, config_id: UUID, changes: dict[str, Any]) -> Row:
    """Set the given columns (by field name) and `updated_at`; 404 when not the user's."""
    columns: dict[Any, Any] = {getattr(LlmConfig, name): value for name, value in changes.items()}
    columns[LlmConfig.updated_at] = _now()
    try:
        rows = (
            await LlmConfig.update(columns)
            .where(owned(LlmConfig, config_id, user_id))
            .returning(*COLUMNS)
        )
    except asyncpg.UniqueViolationError as exc:
        raise _conflict(exc) from None
    if not rows:
        raise NotFound(NOT_FOUND)
    stored: Row = rows[0]
    return stored


async def deactivate_others(user_id: UUID, keep: UUID) -> None:
    await LlmConfig.update({LlmConfig.active: False, LlmConfig.updated_at: _now()}).where(
        (LlmConfig.user_id == user_id) & (LlmConfig.active.eq(True)) & (LlmConfig.id != keep)
    )


async def delete(user_id: UUID, config_id: UUID) -> None:
    await delete_owned(LlmConfig, config_id, user_id, NOT_FOUND)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _conflict(exc: asyncpg.UniqueViolationError) -> Exception:
    if exc.constraint_name == "llm_config_unique_label":
        return Conflict(LABEL_TAKEN)
    # The one-active index: only a change made without the user's lock could get here.
    return Conflict("Another change to your AI configurations came first; try again")
