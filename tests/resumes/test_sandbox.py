"""Uploads are read in killable processes: hostile files cost seconds, never the server."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar

from app.resumes.extraction.sandbox import (
    TOO_LONG,
    TOO_MUCH_MEMORY,
    Extractor,
    SandboxLimits,
)
from app.settings import Settings
from tables import Resume
from tests.asgi import post_scope
from tests.conftest import make_client
from tests.helpers import signed_in
from tests.resumes import files
from tests.resumes.files import extraction_processes

RESUMES = "/api/v1/resumes"
CPU_SECONDS, WALL_SECONDS = 1, 3


@pytest.fixture(scope="module")
def strict_app(database: str, settings: Settings) -> Litestar:
    """One file read at a time, one second of CPU each, a fifth of a second's queue."""
    from app.main import create_app

    return create_app(
        msgspec.structs.replace(
            settings,
            extraction_cpu_seconds=CPU_SECONDS,
            extraction_timeout_seconds=WALL_SECONDS,
            extraction_concurrency=1,
            extraction_queue_seconds=0.2,
        )
    )


@pytest.fixture
async def strict(strict_app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(strict_app) as client:
        yield client


@pytest.fixture
def limits(strict_app: Litestar, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Swap the strict app's extractor for one with other limits, for one test."""

    def use(**changes: Any) -> None:
        monkeypatch.setattr(strict_app.state, "extractor", Extractor(SandboxLimits(**changes)))

    return use


async def _upload(client: httpx.AsyncClient, headers: dict[str, str], pdf: bytes) -> httpx.Response:
    return await client.post(
        RESUMES, files={"file": ("cv.pdf", pdf)}, data={"customName": "cv"}, headers=headers
    )


async def _eventually(check: Callable[[], bool], within: float) -> bool:
    """Whether `check()` holds within `within` seconds (polled every 20 ms)."""
    for _ in range(round(within / 0.02)):
        if check():
            return True
        await asyncio.sleep(0.02)
    return check()


async def _none_left() -> bool:
    """No extraction process alive half a second on: a killed one is gone in milliseconds,
    while one left running would live on for seconds."""
    return await _eventually(lambda: not extraction_processes(), within=0.5)


async def test_a_pdf_that_burns_cpu_is_refused_at_the_cpu_limit(
    strict: httpx.AsyncClient,
) -> None:
    _, headers = await signed_in(strict, "cpu@x.co")
    started = time.monotonic()
    response = await _upload(strict, headers, files.cpu_burning_pdf())
    elapsed = time.monotonic() - started
    assert response.status_code == 422, response.text
    assert response.json()["title"] == TOO_LONG
    assert elapsed < WALL_SECONDS  # the CPU limit ended it, not the wall clock
    assert await _none_left()
    assert await Resume.count() == 0


async def test_a_file_stuck_past_the_wall_clock_limit_is_killed(
    strict: httpx.AsyncClient, limits: Callable[..., None]
) -> None:
    # CPU to spare: only the wall clock can stop it, and only a kill stops the process.
    limits(cpu_seconds=60, wall_seconds=1)
    _, headers = await signed_in(strict, "wall@x.co")
    started = time.monotonic()
    response = await _upload(strict, headers, files.cpu_burning_pdf())
    assert response.status_code == 422, response.text
    assert response.json()["title"] == TOO_LONG
    assert 1 <= time.monotonic() - started < 2
    assert await _none_left()


async def test_a_file_that_needs_too_much_memory_is_refused(
    strict: httpx.AsyncClient, limits: Callable[..., None]
) -> None:
    limits(cpu_seconds=20, wall_seconds=20, memory_mib=128)
    _, headers = await signed_in(strict, "memory@x.co")
    pdf = files.memory_hungry_pdf()  # 480 MiB to read
    assert len(pdf) < 1024 * 1024
    response = await _upload(strict, headers, pdf)
    assert response.status_code == 422, response.text
    assert response.json()["title"] == TOO_MUCH_MEMORY
    assert await _none_left()


async def test_uploads_past_the_concurrency_cap_wait_then_get_503(
    strict: httpx.AsyncClient,
) -> None:
    _, headers = await signed_in(strict, "busy@x.co")
    hostile = asyncio.create_task(_upload(strict, headers, files.cpu_burning_pdf()))
    assert await _eventually(lambda: len(extraction_processes()) == 1, within=2)

    started = time.monotonic()
    health = await strict.get("/health")
    assert health.status_code == 200
    assert time.monotonic() - started < 0.1  # the event loop is not waiting on the child

    started = time.monotonic()
    second = await _upload(strict, headers, files.text_pdf("Jane Doe\nPython developer"))
    assert second.status_code == 503, second.text
    assert second.headers["Retry-After"] == str(WALL_SECONDS)
    assert 0.2 <= time.monotonic() - started < 1
    assert not hostile.done()

    assert (await hostile).status_code == 422
    assert await _none_left()
    good = await _upload(strict, headers, files.text_pdf("Jane Doe\nPython developer"))
    assert good.status_code == 201, good.text  # the slot came back


async def test_a_client_that_leaves_takes_its_extraction_with_it(
    strict_app: Litestar, strict: httpx.AsyncClient, limits: Callable[..., None]
) -> None:
    limits(cpu_seconds=60, wall_seconds=60)
    _, headers = await signed_in(strict, "gone@x.co")
    request = strict.build_request(
        "POST",
        RESUMES,
        files={"file": ("cv.pdf", files.cpu_burning_pdf())},
        data={"customName": "cv"},
        headers=headers,
    )
    body = request.read()
    scope = post_scope(RESUMES, [(k.encode(), v.encode()) for k, v in request.headers.items()])
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        # The body is in; the client hangs up while its file is being read.
        assert await _eventually(extraction_processes, within=2)
        await asyncio.sleep(0.3)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    started = time.monotonic()
    await asyncio.wait_for(strict_app(scope, receive, send), timeout=10)  # type: ignore[arg-type]
    assert time.monotonic() - started < 2
    assert sent[0]["status"] == 499
    assert await _none_left()
    assert await Resume.count() == 0
