"""The per-process cache of users' AI services: one lookup a request, bounded, and closed."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

import msgspec
import pytest

from app.ai.providers import AIServices, server_ai_services
from app.core.secrets import SecretBox
from app.llmconfigs.resolution import AIResolver, UnreadableKey, key_owner
from app.settings import Settings
from tables import LlmConfig
from tests import logscan
from tests.helpers import create_user

SECRET = "resolver-test-secret-key-0123456789abcdef"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def resolver(settings: Settings) -> AIResolver:
    local = msgspec.structs.replace(settings, ai_allow_private_urls=True)
    return AIResolver(
        local,
        server_ai_services(local),
        SecretBox(SECRET),
        capacity=2,
        grace_seconds=10,
        clock=Clock(),
    )


async def _configured(email: str, *, key: str | None = "sk-cache-key-000000") -> UUID:
    user_id = await create_user(email)
    if key is not None:
        logscan.register(key)
    sealed = None if key is None else SecretBox(SECRET).seal(key, key_owner(user_id))
    await LlmConfig(
        user_id=user_id,
        label="Mine",
        base_url="http://127.0.0.1:9/v1",
        model="m",
        api_key_encrypted=sealed,
        active=True,
    ).save()
    return user_id


def _closed(services: AIServices) -> bool:
    assert services.http is not None
    return services.http.is_closed


async def test_users_services_are_reused_bounded_and_closed_after_a_grace(
    resolver: AIResolver,
) -> None:
    clock = resolver._clock
    assert isinstance(clock, Clock)
    a, b, c = [await _configured(f"cache{i}@x.co") for i in range(3)]
    first = await resolver.for_user(a)
    assert first is not resolver.server
    assert await resolver.for_user(a) is first  # reused: no new connection pool
    assert first.http is not None
    assert first.http.headers["authorization"] == "Bearer sk-cache-key-000000"
    await resolver.for_user(b)
    await resolver.for_user(c)  # past the capacity: a (least recently used) is pushed out
    assert resolver.cached == 2
    assert not _closed(first)  # a request may still be using it
    clock.now = 11
    await resolver.for_user(None)
    assert _closed(first)


async def test_an_edit_replaces_the_cached_services(resolver: AIResolver) -> None:
    user_id = await _configured("edit-cache@x.co")
    before = await resolver.for_user(user_id)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    await LlmConfig.update({LlmConfig.model: "other", LlmConfig.updated_at: later}).where(
        LlmConfig.user_id == user_id
    )
    after = await resolver.for_user(user_id)
    assert after is not before
    assert resolver.cached == 1
    await resolver.close()
    assert _closed(before)
    assert _closed(after)


async def test_no_active_config_or_no_user_is_the_servers(resolver: AIResolver) -> None:
    user_id = await _configured("inactive@x.co")
    await LlmConfig.update({LlmConfig.active: False}).where(LlmConfig.user_id == user_id)
    assert await resolver.for_user(user_id) is resolver.server
    assert await resolver.for_user(None) is resolver.server
    keyless = await _configured("keyless@x.co", key=None)
    services = await resolver.for_user(keyless)
    assert services.http is not None
    assert "authorization" not in services.http.headers


async def test_a_key_sealed_under_another_secret_is_a_clear_422(
    resolver: AIResolver, settings: Settings
) -> None:
    user_id = await create_user("rotated@x.co")
    sealed = SecretBox("some-older-secret-key-0123456789abcdef").seal("sk-x", key_owner(user_id))
    await LlmConfig(
        user_id=user_id,
        label="Old",
        base_url="https://api.example.com/v1",
        model="m",
        api_key_encrypted=sealed,
        active=True,
    ).save()
    with pytest.raises(UnreadableKey) as raised:
        await resolver.for_user(user_id)
    assert raised.value.status == 422
    assert "SECRET_KEY" in raised.value.title
