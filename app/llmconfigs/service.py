"""Users' AI configurations: URL checks, sealed keys, and one active configuration at most."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from app.ai.providers import probe_model
from app.ai.urlguard import check_base_url
from app.core.secrets import SecretBox, SecretUnreadable
from app.db import transaction
from app.llmconfigs import repository
from app.llmconfigs.resolution import UNREADABLE_KEY, key_owner
from app.llmconfigs.schemas import LlmConfigIn, LlmConfigOut, LlmConfigPatch, LlmConfigTestOut
from app.settings import Settings

# Keys this short are not hinted at: four characters would give most of them away.
HINT_MIN_LENGTH = 8


def key_hint(api_key: str | None) -> str | None:
    if api_key is None:
        return None
    return "…" + (api_key[-4:] if len(api_key) >= HINT_MIN_LENGTH else "")


def _out(row: dict[str, Any]) -> LlmConfigOut:
    return LlmConfigOut(**{name: row[name] for name in LlmConfigOut.__struct_fields__})


def _key_columns(user_id: UUID, api_key: str | None, box: SecretBox) -> dict[str, Any]:
    sealed = None if api_key is None else box.seal(api_key, key_owner(user_id))
    return {"api_key_encrypted": sealed, "api_key_hint": key_hint(api_key)}


async def list_own(user_id: UUID) -> list[LlmConfigOut]:
    return [_out(row) for row in await repository.list_own(user_id)]


async def get(user_id: UUID, config_id: UUID) -> LlmConfigOut:
    return _out(await repository.get_owned(user_id, config_id))


async def create(
    user_id: UUID, data: LlmConfigIn, settings: Settings, box: SecretBox
) -> LlmConfigOut:
    """The user's first configuration is active at once; later ones wait to be activated."""
    await check_base_url(data.base_url, allow_private=settings.ai_allow_private_urls)
    fields = {
        "label": data.label,
        "base_url": data.base_url.rstrip("/"),
        "model": data.model,
        **_key_columns(user_id, data.api_key, box),
    }
    async with transaction():
        await repository.lock_user_configs(user_id)
        fields["active"] = not await repository.has_any(user_id)
        row = await repository.insert(user_id, fields)
    return _out(row)


async def update(
    user_id: UUID, config_id: UUID, data: LlmConfigPatch, settings: Settings, box: SecretBox
) -> LlmConfigOut:
    """Only the fields sent change; `active: true` makes it the one active configuration."""
    sent = {
        name: value
        for name, value in msgspec.structs.asdict(data).items()
        if value is not msgspec.UNSET
    }
    if "base_url" in sent:
        await check_base_url(sent["base_url"], allow_private=settings.ai_allow_private_urls)
        sent["base_url"] = sent["base_url"].rstrip("/")
    if "api_key" in sent:
        sent.update(_key_columns(user_id, sent.pop("api_key"), box))
    async with transaction():
        await repository.lock_user_configs(user_id)
        await repository.get_owned(user_id, config_id)  # 404 before touching the others
        if sent.get("active"):
            await repository.deactivate_others(user_id, config_id)
        row = await repository.update(user_id, config_id, sent)
    return _out(row)


async def activate(user_id: UUID, config_id: UUID) -> LlmConfigOut:
    """This one active, the user's others not: in one transaction."""
    async with transaction():
        await repository.lock_user_configs(user_id)
        await repository.get_owned(user_id, config_id)
        await repository.deactivate_others(user_id, config_id)
        row = await repository.update(user_id, config_id, {"active": True})
    return _out(row)


async def delete(user_id: UUID, config_id: UUID) -> None:
    """Deleting the active one leaves none active: the server's provider applies again."""
    await repository.delete(user_id, config_id)


async def test(
    user_id: UUID, config_id: UUID, settings: Settings, box: SecretBox
) -> LlmConfigTestOut:
    """One small call with this configuration (active or not); failures are reported, not
    raised, and never carry the key or the provider's words."""
    row = await repository.get_owned(user_id, config_id, repository.CALL_COLUMNS)
    api_key = None
    if row["api_key_encrypted"] is not None:
        try:
            api_key = box.open(row["api_key_encrypted"], key_owner(user_id))
        except SecretUnreadable:
            return LlmConfigTestOut(ok=False, latency_ms=0, detail=UNREADABLE_KEY)
    result = await probe_model(
        settings, base_url=row["base_url"], model=row["model"], api_key=api_key
    )
    return LlmConfigTestOut(ok=result.ok, latency_ms=result.latency_ms, detail=result.detail)
