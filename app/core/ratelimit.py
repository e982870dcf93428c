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
        self._counts: dict[str, int] = {}
        self._counts_window = 0

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
        """Count one hit; the seconds to wait when the limit is passed, else None."""
        now = time.time()
        window = int(now // self.window)
        key = f"ratelimit:{bucket}:{client}:{window}"
        count = await self._increment(key, window)
        if count <= self.limit:
            return None
        return max(1, math.ceil((window + 1) * self.window - now))

    async def _increment(self, key: str, window: int) -> int:
        if self.redis is None:
            if window != self._counts_window:  # a new window: forget the old counts
                self._counts.clear()
                self._counts_window = window
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, self.window + 1)
                count, _ = await pipe.execute()
            return int(count)
        except Exception as exc:  # Redis down: keep signing people in, say so loudly
            logger.warning("rate limit store unavailable: %s", type(exc).__name__)
            return 0


def rate_limit(bucket: str) -> Guard:
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        limiter: RateLimiter = connection.app.state.rate_limiter
        wait = await limiter.retry_after(bucket, limiter.client_address(connection))
        if wait is not None:
            raise TooManyRequestsException(
                "Too many attempts; try again later", headers={"Retry-After": str(wait)}
            )

    return guard
