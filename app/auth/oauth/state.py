"""Where pending OAuth sign-ins wait for their callback: each entry can be taken only once."""

from __future__ import annotations

import abc
import time
from collections.abc import Callable
from typing import Any


class StateStore(abc.ABC):
    @abc.abstractmethod
    async def put(self, key: str, value: str, ttl: int) -> None: ...

    @abc.abstractmethod
    async def take(self, key: str) -> str | None:
        """The value, removed in the same step, so that of two concurrent takes one wins."""


class MemoryStateStore(StateStore):
    """One process's store; expired entries are purged on every put, so it cannot grow forever."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._entries: dict[str, tuple[str, float]] = {}  # key -> (value, expires at)

    def __len__(self) -> int:
        return len(self._entries)

    async def put(self, key: str, value: str, ttl: int) -> None:
        now = self._clock()
        self._purge(now)
        self._entries.pop(key, None)  # a re-put key moves to the end, keeping expiry order
        self._entries[key] = (value, now + ttl)

    async def take(self, key: str) -> str | None:
        entry = self._entries.pop(key, None)
        if entry is None or entry[1] <= self._clock():
            return None
        return entry[0]

    def _purge(self, now: float) -> None:
        """Drop expired entries from the oldest on: amortised O(1) for one TTL."""
        expired = []
        for key, (_, expires) in self._entries.items():
            if expires > now:
                break
            expired.append(key)
        for key in expired:
            del self._entries[key]


class RedisStateStore(StateStore):
    """Shared by replicas: a callback may land on another replica than its /authorize."""

    def __init__(self, redis: Any, prefix: str = "talentsync:") -> None:
        self.redis = redis
        self.prefix = prefix

    async def put(self, key: str, value: str, ttl: int) -> None:
        await self.redis.set(self.prefix + key, value, ex=ttl)

    async def take(self, key: str) -> str | None:
        raw = await self.redis.getdel(self.prefix + key)  # atomic: Redis >= 6.2
        return raw.decode() if isinstance(raw, bytes) else raw
