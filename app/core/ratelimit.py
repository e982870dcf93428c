"""Fixed-window rate limits, per client address or per signed-in user: in Redis when configured
(shared by replicas), in process memory otherwise."""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from typing import Any, Literal

import msgspec
from litestar.connection import ASGIConnection
from litestar.exceptions import TooManyRequestsException
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from app.core.openapi import guard_answers
from app.settings import Settings

logger = logging.getLogger("talentsync.ratelimit")

BudgetName = Literal["auth", "generation"]


class Budget(msgspec.Struct, frozen=True):
    limit: int
    window_seconds: int


class RateLimiter:
    def __init__(self, settings: Settings, redis: Any | None = None) -> None:
        self.budgets: dict[BudgetName, Budget] = {
            "auth": Budget(settings.auth_rate_limit, settings.auth_rate_window_seconds),
            "generation": Budget(
                settings.generation_rate_limit, settings.generation_rate_window_seconds
            ),
        }
        self.trusted = settings.trusted_networks
        self.redis = redis
        self._windows: dict[str, tuple[int, float]] = {}  # key -> (count, closes at)

    def client_address(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        """The peer, or, behind a trusted proxy, the nearest untrusted X-Forwarded-For hop."""
        peer = connection.client.host if connection.client else "unknown"
        return self.forwarded_client(peer, connection.headers.get("x-forwarded-for", ""))

    def forwarded_client(self, peer: str, forwarded_for: str) -> str:
        if not self.is_trusted(peer):
            return peer
        hops = [h.strip() for h in forwarded_for.split(",")]
        for hop in reversed([h for h in hops if h]):
            if not self.is_trusted(hop):
                return hop
        return peer

    def is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    async def retry_after(
        self, bucket: str, subject: str, budget: BudgetName = "auth", cost: int = 1
    ) -> int | None:
        """Count `cost` hits; the seconds to wait when the budget is spent, else None.

        A window opens at a subject's first attempt and lasts the budget's window.
        """
        limits = self.budgets[budget]
        count, seconds_left = await self._increment(
            f"ratelimit:{bucket}:{subject}", limits.window_seconds, cost
        )
        if count <= limits.limit:
            return None
        return max(1, math.ceil(seconds_left))

    async def _increment(self, key: str, window: int, cost: int = 1) -> tuple[int, float]:
        if self.redis is None:
            return self._increment_in_memory(key, window, cost)
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.set(key, 0, ex=window, nx=True)
                pipe.incrby(key, cost)
                pipe.ttl(key)
                _, count, ttl = await pipe.execute()
            return int(count), float(ttl)
        except Exception as exc:  # Redis down: keep serving people, say so loudly
            logger.warning("rate limit store unavailable: %s", type(exc).__name__)
            return 0, 0.0

    def _increment_in_memory(self, key: str, window: int, cost: int = 1) -> tuple[int, float]:
        now = time.monotonic()
        if len(self._windows) > 10_000:  # forget closed windows now and then
            self._windows = {k: w for k, w in self._windows.items() if w[1] > now}
        count, closes = self._windows.get(key, (0, now + window))
        if closes <= now:
            count, closes = 0, now + window
        self._windows[key] = (count + cost, closes)
        return count + cost, closes - now


def _too_many(wait: int) -> TooManyRequestsException:
    return TooManyRequestsException(
        "Too many requests; try again later", headers={"Retry-After": str(wait)}
    )


def rate_limit(
    bucket: str, *, per: Literal["client", "user"] = "client", budget: BudgetName = "auth"
) -> Guard:
    """A guard spending one unit of `budget` per request, counted per client address or per
    signed-in user (for routes behind a token, where one user may come from many addresses)."""

    @guard_answers(429)
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        limiter: RateLimiter = connection.app.state.rate_limiter
        if per == "user":
            user = connection.scope.get("user")
            if user is None:  # OPTIONS and public calls carry no user; auth answers those
                return
            subject = f"user:{user.id}"
        else:
            subject = limiter.client_address(connection)
        wait = await limiter.retry_after(bucket, subject, budget)
        if wait is not None:
            raise _too_many(wait)

    return guard


# One budget shared by every route that extracts, analyses or generates: the costly work.
generation_budget = rate_limit("generation", per="user", budget="generation")
# Password checks behind a token (change, account deletion): a stolen session can't guess on.
password_check_limit = rate_limit("password-check", per="user")


async def spend_generation(connection: ASGIConnection[Any, Any, Any, Any], units: int) -> None:
    """Spend `units` more of the signed-in caller's generation budget, beyond the one its
    route's `generation_budget` guard spent (a batch costs one unit per question); 429 past it."""
    user = connection.scope.get("user")
    if units < 1 or user is None:
        return
    limiter: RateLimiter = connection.app.state.rate_limiter
    wait = await limiter.retry_after("generation", f"user:{user.id}", "generation", units)
    if wait is not None:
        raise _too_many(wait)
