"""Which AI serves this request: the caller's active configuration, else the server's.

`AIResolver.for_user` is behind the app's `ai` dependency (app/main.py), from which every AI
role (`analyser`, `writer`, `coach`, `ats`, ...) is taken per request. Background jobs never
come here: they build the server's provider themselves.

Built services are kept per process, keyed by (configuration id, updated_at): a request costs
one indexed lookup, not a new connection pool. Any change to a configuration bumps its
`updated_at`, so an edited key or URL is never served from the cache. At most `capacity` are
kept; one pushed out (or outdated) is closed after a grace period, as a request may still be
using it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Request
from litestar.di import NamedDependency, Provide

from app.ai.providers import AIServices, user_ai_services
from app.core.errors import AppError
from app.core.secrets import SecretBox, SecretUnreadable
from app.llmconfigs import repository
from app.settings import Settings

logger = logging.getLogger("talentsync.ai")

UNREADABLE_KEY = (
    "The API key of your active AI configuration can no longer be read (the server's "
    "SECRET_KEY changed): set it again, or deactivate the configuration"
)


class UnreadableKey(AppError):
    status = 422


def key_owner(user_id: UUID) -> bytes:
    """The associated data a user's sealed keys are bound to."""
    return b"llm_config:" + user_id.bytes


class AIResolver:
    """Per-request choice of AI services, with a small LRU of users' built services."""

    def __init__(
        self,
        settings: Settings,
        server: AIServices,
        box: SecretBox,
        *,
        capacity: int | None = None,
        grace_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.server = server
        self._box = box
        self._capacity = capacity or settings.ai_user_clients
        # A request holds its services for at most a few provider timeouts (two attempts).
        self._grace = grace_seconds if grace_seconds is not None else 3 * settings.ai_timeout + 10
        self._clock = clock
        self._cache: OrderedDict[tuple[UUID, Any], AIServices] = OrderedDict()
        self._retiring: list[tuple[float, AIServices]] = []

    async def for_user(self, user_id: UUID | None) -> AIServices:
        """The user's active configuration's services, else the server's."""
        await self._close_retired()
        if user_id is None:
            return self.server
        row = await repository.active_for_user(user_id)
        if row is None:
            return self.server
        key = (row["id"], row["updated_at"])
        services = self._cache.get(key)
        if services is not None:
            self._cache.move_to_end(key)
            return services
        services = self._build(user_id, row)
        # The same configuration's older version is of no further use.
        for old in [k for k in self._cache if k[0] == row["id"]]:
            self._retire(self._cache.pop(old))
        self._cache[key] = services
        while len(self._cache) > self._capacity:
            self._retire(self._cache.popitem(last=False)[1])
        return services

    def _build(self, user_id: UUID, row: dict[str, Any]) -> AIServices:
        api_key = None
        if row["api_key_encrypted"] is not None:
            try:
                api_key = self._box.open(row["api_key_encrypted"], key_owner(user_id))
            except SecretUnreadable:
                logger.warning("AI configuration %s: its API key does not open", row["id"])
                raise UnreadableKey(UNREADABLE_KEY) from None
        return user_ai_services(
            self.settings, base_url=row["base_url"], model=row["model"], api_key=api_key
        )

    def _retire(self, services: AIServices) -> None:
        self._retiring.append((self._clock() + self._grace, services))

    async def _close_retired(self) -> None:
        now = self._clock()
        due = [services for at, services in self._retiring if at <= now]
        if not due:
            return
        self._retiring = [(at, s) for at, s in self._retiring if at > now]
        await asyncio.gather(*(services.close() for services in due), return_exceptions=True)

    @property
    def cached(self) -> int:
        return len(self._cache)

    async def close(self) -> None:
        """Every user's client, then the server's (at shutdown)."""
        everything = [*self._cache.values(), *(s for _, s in self._retiring)]
        self._cache.clear()
        self._retiring.clear()
        await asyncio.gather(*(s.close() for s in everything), return_exceptions=True)
        await self.server.close()


# The roles handlers ask for by name (`writer: NamedDependency[ColdMailWriter]`), each an
# attribute of AIServices. A new role: add it to AIServices and build_ai_services, then here.
AI_ROLES = ("analyser", "writer", "coach", "ats", "letter_writer", "tailor")


def _role(name: str) -> Callable[[AIServices], Any]:
    def provide(ai: NamedDependency[AIServices]) -> Any:
        return getattr(ai, name)

    provide.__name__ = f"provide_{name}"
    return provide


def ai_dependencies(resolver: AIResolver) -> dict[str, Provide]:
    """`ai`: this request's AIServices (resolved once per request, for the signed-in caller),
    and one dependency per role taken from it."""

    async def provide_ai(request: Request[Any, Any, Any]) -> AIServices:
        user = request.scope.get("user")  # absent on public routes, which use no AI
        return await resolver.for_user(getattr(user, "id", None))

    dependencies = {"ai": Provide(provide_ai)}
    for name in AI_ROLES:
        dependencies[name] = Provide(_role(name), sync_to_thread=False)
    return dependencies
