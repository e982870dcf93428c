"""Host names for the URL checks without the internet: an injected resolver (NOTES.md)."""

from __future__ import annotations

import pytest

from app.ai import urlguard


class FakeDns:
    """Answers for the names in `records`; every other name is resolved for real (`localhost`
    by the system's hosts file)."""

    def __init__(self) -> None:
        self.records: dict[str, list[str]] = {"api.example.com": ["93.184.215.14"]}
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host in self.records:
            return list(self.records[host])
        return await _real(host, port)


_real = urlguard.resolve_addresses


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    fake = FakeDns()
    monkeypatch.setattr(urlguard, "resolve_addresses", fake.resolve)
    return fake
