"""Fixed-window rate limits per client address: in Redis when configured (shared by
replicas), in process memory otherwise."""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import TooManyRequestsException
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from app.settings import Settings

logger = logging.getLogger("talentsync.ratelimit")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


class RateLimiter:
    def __init__(self, settings: Settings, redis: Any | None = None) -> None:
        self.limit = settings.auth_rate_limit
        self.window = settings.auth_rate_window_seconds
        self.trusted = _networks(settings.trusted_proxies)
        self.redis = redis
        self._windows: dict[str, tuple[int, float]] = {}  # key -> (count, closes at)

    def client_address(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        """The peer, or, behind a trusted proxy, the nearest untrusted X-Forwarded-For hop."""
        peer = connection.client.host if connection.client else "unknown"
        if not self._is_trusted(peer):
            return peer
        hops = [h.strip() for h in connection.headers.get("x-forwarded-for", "").split(",")]
        for hop in reversed([h for h in hops if h]):
            if not self._is_trusted(hop):
                return hop
        return peer

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    async def retry_after(self, bucket: str, client: str) -> int | None:
        """Count one hit; the seconds to wait when the limit is passed, else None.

        A window opens at a client's first attempt and lasts AUTH_RATE_WINDOW_SECONDS.
        """
        key = f"ratelimit:{bucket}:{client}"
        count, seconds_left = await self._increment(key)
        if count <= self.limit:
            return None
        return max(1, math.ceil(seconds_left))

    async def _increment(self, key: str) -> tuple[int, float]:
        if self.redis is None:
            return self._increment_in_memory(key)
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.set(key, 0, ex=self.window, nx=True)
                pipe.incr(key)
                pipe.ttl(key)
                _, count, ttl = await pipe.execute()
            return int(count), float(ttl)
        except Exception as exc:  # Redis down: keep signing people in, say so loudly
            logger.warning("rate limit store unavailable: %s", type(exc).__name__)
            return 0, 0.0

    def _increment_in_memory(self, key: str) -> tuple[int, float]:
        now = time.monotonic()
        if len(self._windows) > 10_000:  # forget closed windows now and then
            self._windows = {k: w for k, w in self._windows.items() if w[1] > now}
        count, closes = self._windows.get(key, (0, now + self.window))
        if closes <= now:
            count, closes = 0, now + self.window
        self._windows[key] = (count + 1, closes)
        return count + 1, closes - now


def rate_limit(bucket: str) -> Guard:
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        limiter: RateLimiter = connection.app.state.rate_limiter
        wait = await limiter.retry_after(bucket, limiter.client_address(connection))
        if wait is not None:
            raise TooManyRequestsException(
                "Too many attempts; try again later", headers={"Retry-After": str(wait)}
            )

    return guard
