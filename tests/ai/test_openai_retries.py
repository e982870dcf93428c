"""AI_PROVIDER=openai under load: calls to the model are limited per process and retried with
backoff, against the scripted chat-completions server over real HTTP."""

from __future__ import annotations

import asyncio
import io
import logging
import time
import zipfile
from collections.abc import AsyncIterator

import httpx
import msgspec
import procrastinate
import pytest

from app.ai.generation import GenerationFailed
from app.ai.openai_compatible import (
    JOB_RETRY,
    ChatCompletionsClient,
    OpenAIAnalyser,
    RetryPolicy,
    _retry_after,
    request_retry,
)
from app.ai.providers import AIServices, build_ai_services, server_ai_services
from app.settings import Settings, SettingsError
from tables import Analysis, BulkUpload, Resume
from tests.ai.fake_openai import FakeOpenAI, Step, failing, reply_with
from tests.conftest import JobRunner
from tests.helpers import signed_in

API_KEY = "sk-retry-test-SECRET-7731"
ANALYSIS = {
    "predictedField": "Data Science",
    "comprehensiveAnalysis": {"skills": {"technical": ["Python", "pandas"]}},
}
# A background policy with pauses a twentieth of the real ones: 0.05, 0.1, 0.2 s (jittered).
QUICK_JOB = RetryPolicy(attempts=5, first_pause=0.05, max_pause=1.5)


@pytest.fixture
def warnings(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="talentsync.ai")
    return caplog


def _services(
    fake: FakeOpenAI, retry: RetryPolicy | None = None, concurrency: int = 4
) -> AIServices:
    return build_ai_services(
        "openai",
        base_url=fake.base_url,
        api_key=API_KEY,
        model="test-model",
        timeout=2,
        concurrency=concurrency,
        retry=retry,
    )


@pytest.fixture
async def job_ai(fake: FakeOpenAI) -> AsyncIterator[AIServices]:
    ai = _services(fake, QUICK_JOB)
    yield ai
    await ai.close()


def _ai_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "talentsync.ai"]


async def test_background_policy_outlasts_429_503_502_with_growing_pauses(
    fake: FakeOpenAI, job_ai: AIServices, warnings: pytest.LogCaptureFixture
) -> None:
    fake.then(failing(429), failing(503), failing(502, f"key {API_KEY}"), reply_with(ANALYSIS))
    result = await job_ai.analyser.analyse("Jane Roe, data scientist")
    assert result.predicted_field == "Data Science"
    assert len(fake.received) == 4
    gaps = fake.gaps()
    # Pause n is 0.05 * 2**(n-1) s cut by at most half: at least 0.025, 0.05 and 0.1 s.
    for gap, least in zip(gaps, (0.025, 0.05, 0.1), strict=True):
        assert gap >= least, gaps
    assert gaps[2] > gaps[0], gaps
    assert sum(gaps) < 1.5, gaps
    messages = _ai_messages(warnings)
    assert len(messages) == 3  # one line per retry, none for the success
    for n, (message, status) in enumerate(zip(messages, (429, 503, 502), strict=True), 1):
        assert f"retry {n} of 4 in " in message
        assert f"(HTTP status {status})" in message
        assert "127.0.0.1" in message
    assert API_KEY not in warnings.text
    assert "upstream trouble" not in warnings.text  # provider bodies stay out of logs


async def test_persistent_500s_use_every_attempt_then_502(
    fake: FakeOpenAI, job_ai: AIServices, warnings: pytest.LogCaptureFixture
) -> None:
    fake.default = failing(500)
    started = time.monotonic()
    with pytest.raises(GenerationFailed) as caught:
        await job_ai.analyser.analyse("resume")
    assert caught.value.status == 502
    assert caught.value.title == "The AI provider is unavailable right now; please try again later."
    assert len(fake.received) == JOB_RETRY.attempts == QUICK_JOB.attempts == 5
    assert time.monotonic() - started < 2
    messages = _ai_messages(warnings)
    assert len(messages) == 5
    assert "retry 4 of 4" in messages[3]
    assert "retry" not in messages[4]
    assert "(HTTP status 500)" in messages[4]


async def test_retry_after_is_waited_instead_of_the_backoff(
    fake: FakeOpenAI, warnings: pytest.LogCaptureFixture
) -> None:
    # The backoff alone would wait 5-10 s; the provider asks for 0.3 s.
    ai = _services(fake, RetryPolicy(attempts=3, first_pause=10, max_pause=20))
    fake.then(failing(429, retry_after="0.3"), reply_with(ANALYSIS))
    try:
        assert (await ai.analyser.analyse("resume")).predicted_field == "Data Science"
    finally:
        await ai.close()
    [gap] = fake.gaps()
    assert 0.3 <= gap < 1.5
    [message] = _ai_messages(warnings)
    assert "in 0.30 s (Retry-After)" in message


async def test_a_retry_after_past_the_cap_fails_at_once(
    fake: FakeOpenAI, warnings: pytest.LogCaptureFixture
) -> None:
    ai = _services(fake, QUICK_JOB)
    fake.then(failing(429, retry_after="120"), reply_with(ANALYSIS))
    try:
        with pytest.raises(GenerationFailed) as caught:
            await ai.analyser.analyse("resume")
    finally:
        await ai.close()
    assert caught.value.status == 502
    assert len(fake.received) == 1
    [message] = _ai_messages(warnings)
    assert "Retry-After 120 s is past 1.5 s" in message
    assert "(HTTP status 429)" in message


async def test_concurrent_calls_are_limited_per_client(fake: FakeOpenAI) -> None:
    ai = _services(fake, QUICK_JOB, concurrency=2)
    fake.default = Step(content=msgspec.json.encode(ANALYSIS).decode(), delay=0.1)
    started = time.monotonic()
    try:
        results = await asyncio.gather(*(ai.analyser.analyse(f"cv {i}") for i in range(8)))
    finally:
        await ai.close()
    elapsed = time.monotonic() - started
    assert [r.predicted_field for r in results] == ["Data Science"] * 8
    assert len(fake.received) == 8
    assert fake.max_in_flight == 2  # never more, and really two at a time
    assert 0.4 <= elapsed < 2.0  # four rounds of 0.1 s


async def test_the_limit_is_shared_by_every_role_and_separate_per_client(fake: FakeOpenAI) -> None:
    fake.default = Step(content=msgspec.json.encode(ANALYSIS).decode(), delay=0.1)
    one, other = _services(fake, concurrency=1), _services(fake, concurrency=1)
    try:
        await asyncio.gather(
            one.analyser.analyse("a"),
            one.analyser.analyse("b"),
            other.analyser.analyse("c"),
        )
    finally:
        await one.close()
        await other.close()
    assert fake.max_in_flight == 2  # one per client (per process, in production)


async def test_no_slot_is_held_while_waiting_to_retry(fake: FakeOpenAI) -> None:
    ai = _services(fake, QUICK_JOB, concurrency=1)
    fake.then(failing(503, retry_after="0.5"))
    fake.default = reply_with(ANALYSIS)
    done: list[str] = []

    async def analyse(name: str) -> None:
        await ai.analyser.analyse(name)
        done.append(name)

    try:
        await asyncio.gather(analyse("first"), analyse("second"))
    finally:
        await ai.close()
    # The second call went while the first one waited out its Retry-After.
    assert done == ["second", "first"]
    assert len(fake.received) == 3
    first, second, retry = (r.at for r in fake.received)
    assert second - first < 0.3
    assert retry - first >= 0.5


async def test_a_request_waits_for_a_slot_at_most_its_slot_wait(fake: FakeOpenAI) -> None:
    policy = RetryPolicy(attempts=2, first_pause=0.2, max_pause=2, slot_wait=0.2)
    ai = _services(fake, policy, concurrency=1)
    fake.then(Step(content=msgspec.json.encode(ANALYSIS).decode(), delay=0.6))
    try:
        slow = asyncio.create_task(ai.analyser.analyse("slow"))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        with pytest.raises(GenerationFailed) as caught:
            await ai.analyser.analyse("queued")
        waited = time.monotonic() - started
        assert (await slow).predicted_field == "Data Science"
    finally:
        await ai.close()
    assert caught.value.status == 504
    assert 0.2 <= waited < 0.6  # given up before the slow call freed the slot
    assert len(fake.received) == 1  # the queued call never reached the provider


async def test_request_policy_is_one_quick_retry(fake: FakeOpenAI) -> None:
    ai = _services(fake)  # the API's default
    fake.then(failing(429), failing(429), reply_with(ANALYSIS))
    started = time.monotonic()
    try:
        with pytest.raises(GenerationFailed) as caught:
            await ai.analyser.analyse("resume")
    finally:
        await ai.close()
    assert caught.value.status == 502
    assert len(fake.received) == 2
    assert fake.gaps()[0] >= 0.1  # 0.2 s cut by at most half
    assert time.monotonic() - started < 1


async def test_request_policy_fails_at_once_when_asked_to_wait_long(fake: FakeOpenAI) -> None:
    ai = _services(fake)
    fake.then(failing(503, retry_after="30"), reply_with(ANALYSIS))
    try:
        with pytest.raises(GenerationFailed) as caught:
            await ai.analyser.analyse("resume")
    finally:
        await ai.close()
    assert caught.value.status == 502
    assert len(fake.received) == 1


def test_pauses_double_up_to_the_cap_and_jitter_only_shortens_them() -> None:
    policy = RetryPolicy(attempts=8, first_pause=1, max_pause=30)

    def longest(_: float, high: float) -> float:
        return high

    def shortest(low: float, _: float) -> float:
        return low

    assert [policy.pause(n, jitter=longest) for n in range(1, 9)] == [1, 2, 4, 8, 16, 30, 30, None]
    assert [policy.pause(n, jitter=shortest) for n in range(1, 5)] == [0.5, 1, 2, 4]
    assert [JOB_RETRY.pause(n, jitter=longest) for n in range(1, 6)] == [1, 2, 4, 8, None]
    assert policy.pause(1, retry_after=0) == 0
    assert policy.pause(1, retry_after=30) == 30
    assert policy.pause(1, retry_after=31) is None
    assert policy.pause(8, retry_after=1) is None  # no attempts left
    request = request_retry(timeout=30)
    assert (request.attempts, request.slot_wait) == (2, 30)
    assert request.pause(1, jitter=longest) == 0.2
    assert request.pause(2) is None
    with pytest.raises(ValueError, match="retry policy"):
        RetryPolicy(attempts=0, first_pause=1, max_pause=1)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({}, None),
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"retry-after-ms": "250", "Retry-After": "1"}, 0.25),
        ({"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}, None),  # dates: the backoff instead
        ({"Retry-After": "-3"}, None),
        ({"Retry-After": "nan"}, None),
    ],
)
def test_retry_after_header(headers: dict[str, str], seconds: float | None) -> None:
    assert _retry_after(httpx.Headers(headers)) == seconds


async def test_ai_concurrency_setting_and_the_worker_policy(settings: Settings) -> None:
    assert Settings.from_env({}).ai_concurrency == 4
    assert Settings.from_env({"AI_CONCURRENCY": "2"}).ai_concurrency == 2
    with pytest.raises(SettingsError, match="AI_CONCURRENCY"):
        Settings.from_env({"AI_CONCURRENCY": "0"})
    async with httpx.AsyncClient() as http:
        with pytest.raises(ValueError, match="AI_CONCURRENCY"):
            ChatCompletionsClient(http, "m", retry=JOB_RETRY, concurrency=0)
    openai = msgspec.structs.replace(settings, ai_provider="openai", ai_base_url="http://x/v1")
    for background, attempts in ((False, 2), (True, JOB_RETRY.attempts)):
        ai = server_ai_services(openai, background=background)
        await ai.close()
        assert isinstance(ai.analyser, OpenAIAnalyser)
        assert ai.analyser._client._retry.attempts == attempts


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


async def test_a_worker_stores_a_bulk_upload_through_two_429s(
    client: httpx.AsyncClient,
    job_engine: procrastinate.App,
    settings: Settings,
    fake: FakeOpenAI,
    warnings: pytest.LogCaptureFixture,
) -> None:
    """The real worker (server_ai_services(background=True)) against the fake provider."""
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    archive = _zip({"cv.txt": b"Jane Roe\nSkills\nPython, pandas\n"})
    response = await client.post(
        "/api/v1/admin/bulk-uploads", files={"file": ("a.zip", archive)}, headers=admin
    )
    assert response.status_code == 202, response.text
    fake.then(
        failing(429, retry_after="0.2"), failing(429, retry_after="0.2"), reply_with(ANALYSIS)
    )
    openai = msgspec.structs.replace(
        settings, ai_provider="openai", ai_base_url=fake.base_url, ai_api_key=API_KEY
    )
    await JobRunner(job_engine, openai).run()
    upload = await BulkUpload.select().first()
    assert (upload["status"], upload["succeeded"], upload["failed"]) == ("done", 1, 0)
    assert await Resume.count() == 1
    stored = await Analysis.select(Analysis.predicted_field, Analysis.origin).first()
    assert stored == {"predicted_field": "Data Science", "origin": "openai"}
    assert len(fake.received) == 3
    assert all(gap >= 0.2 for gap in fake.gaps())
    assert sum("retry" in m and "HTTP status 429" in m for m in _ai_messages(warnings)) == 2
    assert API_KEY not in warnings.text
