"""Users' model URLs reach public addresses only: at save, and again at every connection."""

from __future__ import annotations

import ipaddress
from typing import Any

import httpcore
import httpx
import pytest

from app.ai import urlguard
from app.ai.urlguard import BlockedAddress, GuardedTransport, check_base_url, is_public
from tables import ColdMailRequest
from tests.helpers import signed_in
from tests.llmconfigs.conftest import FakeDns

CONFIGS = "/api/v1/llm-configs"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.0.1", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("169.254.169.254", False),  # link-local (cloud metadata)
        ("0.0.0.0", False),  # noqa: S104 (a value under test)
        ("224.0.0.251", False),  # multicast
        ("240.0.0.1", False),  # reserved
        ("255.255.255.255", False),
        ("192.0.2.10", False),  # documentation
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


async def test_private_urls_and_http_are_allowed_when_the_operator_says_so() -> None:
    await check_base_url("http://127.0.0.1:11434/v1", allow_private=True)
    await check_base_url("http://ollama.internal:11434/v1", allow_private=True)
    with pytest.raises(BlockedAddress):
        await check_base_url("ftp://127.0.0.1/", allow_private=True)
    with pytest.raises(BlockedAddress):
        await check_base_url("http://127.0.0.1:11434/v1", allow_private=False)


class _Recorder(httpcore.AsyncNetworkBackend):
    """Stands in for the network: records where it was asked to connect, then fails."""

    def __init__(self) -> None:
        self.connected: list[tuple[str, int]] = []

    async def connect_tcp(self, host: str, port: int, **_: Any) -> httpcore.AsyncNetworkStream:
        self.connected.append((host, port))
        raise httpcore.ConnectError("recorded")

    async def sleep(self, seconds: float) -> None:
        pass


async def test_connections_go_to_the_checked_address(dns: FakeDns) -> None:
    recorder = _Recorder()
    backend = urlguard._PublicOnlyBackend(recorder)
    with pytest.raises(httpcore.ConnectError):
        await backend.connect_tcp("api.example.com", 443)
    # The name was resolved by the guard, and the connection asked for that very address.
    assert recorder.connected == [("93.184.215.14", 443)]

    dns.records["api.example.com"] = ["127.0.0.1"]  # rebinding
    with pytest.raises(BlockedAddress):
        await backend.connect_tcp("api.example.com", 443)
    assert len(recorder.connected) == 1  # no connection attempted


async def test_the_guarded_client_refuses_loopback_names_and_ignores_proxies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An environment proxy would connect for us, unchecked: the guarded client has none.
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    async with httpx.AsyncClient(transport=GuardedTransport(), trust_env=False) as client:
        with pytest.raises(BlockedAddress):
            await client.get("https://localhost:1/v1/models")


async def test_a_name_that_turns_private_after_the_save_is_refused_at_call_time(
    client: httpx.AsyncClient, dns: FakeDns
) -> None:
    user_id, headers = await signed_in(client, "rebind@x.co")
    created = await client.post(
        CONFIGS,
        json={"label": "Rebind", "baseUrl": "https://api.example.com/v1", "model": "m"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    dns.records["api.example.com"] = ["127.0.0.1"]

    mail = await client.post(
        "/api/v1/cold-mails",
        json={"recipientName": "A", "recipientRole": "B", "companyName": "C"},
        headers=headers,
    )
    assert mail.status_code == 422, mail.text
    assert "public" in mail.json()["title"]
    assert await ColdMailRequest.count().where(ColdMailRequest.user_id == user_id) == 0

    report = await client.post(f"{CONFIGS}/{created.json()['id']}/test", headers=headers)
    assert report.status_code == 200
    assert report.json()["ok"] is False
    assert "public" in report.json()["detail"]
