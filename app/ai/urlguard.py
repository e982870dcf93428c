"""Users' model URLs may only reach the public internet (unless AI_ALLOW_PRIVATE_URLS).

Checked twice: when a configuration is saved (`check_base_url`, for a clear 422), and at every
connection (`GuardedTransport`): the host name is resolved once, every address it resolves to
must be public, and the connection is made to one of those checked addresses (TLS still
verifies the host name). A DNS answer that changes between the save and the call (rebinding)
therefore never reaches an internal address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from app.core.errors import AppError

logger = logging.getLogger("talentsync.ai")

RESOLVE_TIMEOUT = 5.0
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

NOT_PUBLIC = (
    "The AI base URL must reach a public address: this one is loopback, private, link-local, "
    "multicast or reserved"
)
UNRESOLVED = "The AI base URL's host name does not resolve"


class BlockedAddress(AppError):
    """A user's model URL that points (or now resolves) somewhere it must not reach."""

    status = 422


def is_public(address: IPAddress) -> bool:
    """Globally routable unicast only; IPv4 embedded in IPv6 is judged as IPv4."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo is not None:
            embedded = address.teredo[1]
        if embedded is None and address in ipaddress.ip_network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


async def resolve_addresses(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (a literal IP is its own answer); [] when none."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT
        )
    except (OSError, TimeoutError, UnicodeError):
        return []
    seen: dict[str, None] = {}
    for info in infos:
        seen[str(info[4][0]).split("%", 1)[0]] = None  # drop an IPv6 zone id
    return list(seen)


def _all_public(addresses: Iterable[str]) -> bool:
    return all(is_public(ipaddress.ip_address(address)) for address in addresses)


def parse_base_url(url: str, *, allow_private: bool) -> tuple[str, int]:
    """The URL's host and port, or BlockedAddress: https only (http too when allowed), no
    credentials, query or fragment."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BlockedAddress("The AI base URL is not a valid URL") from None
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise BlockedAddress(
            "The AI base URL must start with https://" + (" or http://" if allow_private else "")
        )
    if not parts.hostname:
        raise BlockedAddress("The AI base URL has no host name")
    if parts.username is not None or parts.password is not None:
        raise BlockedAddress("The AI base URL must not hold credentials: send the key as apiKey")
    if parts.query or parts.fragment:
        raise BlockedAddress("The AI base URL must not have a query or a fragment")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


async def check_base_url(url: str, *, allow_private: bool) -> None:
    """At save: the URL's form, and (unless allowed) that every address it resolves to is
    public."""
    host, port = parse_base_url(url, allow_private=allow_private)
    if allow_private:
        return
    addresses = await resolve_addresses(host, port)
    if not addresses:
        raise BlockedAddress(UNRESOLVED)
    if not _all_public(addresses):
        raise BlockedAddress(NOT_PUBLIC)


class _PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """Resolves each connection's host itself and connects only to checked public addresses."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve_addresses(host, port)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}")
        if not _all_public(addresses):
            logger.warning("AI provider %s refused: it resolves to a non-public address", host)
            raise BlockedAddress(NOT_PUBLIC)
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress(NOT_PUBLIC)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool whose connections only reach public
    addresses; no proxy from the environment (it would connect for us, unchecked)."""

    def __init__(self) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,  # httpx's defaults
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_PublicOnlyBackend(httpcore.AnyIOBackend()),
        )
