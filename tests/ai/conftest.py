"""The local OpenAI-compatible server of the AI tests: one for the session, reset per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ai.fake_openai import FakeOpenAI, running_fake_openai


@pytest.fixture(scope="session")
def fake_server() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as fake:
        yield fake


@pytest.fixture
def fake(fake_server: FakeOpenAI) -> FakeOpenAI:
    fake_server.reset()
    return fake_server
