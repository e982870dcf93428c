"""Interview batches with a model: concurrent answers under one deadline, all or nothing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import msgspec
import pytest
from litestar import Litestar

from app.ai.batch import all_within
from app.ai.generation import GenerationFailed
from app.main import create_app
from app.settings import Settings
from tables import InterviewAnswer, InterviewRequest
from tests.ai.fake_openai import FakeOpenAI, Step, failing, reply_with
from tests.conftest import make_client
from tests.helpers import signed_in

BATCH = "/api/v1/interviews/batch"
BODY = {"questions": ["One?", "Two?", "Three?"], "companyName": "Initech", "wordLimit": 50}
DEADLINE = 0.6


@pytest.fixture(scope="module")
def model_app(settings: Settings, fake_server: FakeOpenAI) -> Litestar:
    return create_app(
        msgspec.structs.replace(
            settings,
            ai_provider="openai",
            ai_base_url=fake_server.base_url,
            ai_model="test-model",
            ai_timeout=DEADLINE,
        )
    )


@pytest.fixture
async def api(model_app: Litestar, fake: FakeOpenAI) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(model_app) as client:
        yield client


async def test_answers_are_generated_concurrently_and_stored_in_order(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    _, headers = await signed_in(api, "concurrent@x.co")
    fake.default = Step(content='{"answer": "An answer about Initech."}', delay=0.2)
    body = {**BODY, "userKnowledge": "I ran the on-call rota."}
    started = time.monotonic()
    created = await api.post(BATCH, json=body, headers=headers)
    elapsed = time.monotonic() - started
    assert created.status_code == 201, created.text
    items = created.json()["items"]
    assert [item["question"] for item in items] == BODY["questions"]
    assert all(item["answers"][0]["answer"] == "An answer about Initech." for item in items)
    assert fake.max_in_flight == 3  # all at once, not one after the other
    assert elapsed < 0.55  # three 0.2 s replies in sequence would take 0.6 s
    sent = [r.body["messages"][1]["content"] for r in fake.received]
    for question in BODY["questions"]:
        assert sum(f'"question":"{question}"' in message for message in sent) == 1
    assert all("I ran the on-call rota." in message for message in sent)
    assert all('"companyName":"Initech"' in message for message in sent)


@pytest.mark.parametrize(
    ("steps", "status"),
    [
        # One answer too slow: the batch's deadline ends them all.
        ((reply_with({"answer": "a"}), reply_with({"answer": "b"}), Step(delay=2.0)), 504),
        # One unusable answer among good ones.
        ((reply_with({"answer": "a"}), Step(content="not JSON"), reply_with({"answer": "c"})), 502),
        ((reply_with({"answer": "a"}), failing(401, "bad key")), 502),
    ],
    ids=["slow", "malformed", "refused"],
)
async def test_any_failure_stores_nothing(
    api: httpx.AsyncClient, fake: FakeOpenAI, steps: tuple[Step, ...], status: int
) -> None:
    _, headers = await signed_in(api, "allornothing@x.co")
    fake.then(*steps)
    started = time.monotonic()
    response = await api.post(BATCH, json=BODY, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == status
    assert time.monotonic() - started < DEADLINE + 0.5
    assert await InterviewRequest.count() == 0
    assert await InterviewAnswer.count() == 0


async def test_one_deadline_covers_the_whole_batch() -> None:
    """Each call alone would finish in time; together, past the deadline, all are cancelled."""
    finished: list[float] = []

    async def answer(seconds: float) -> float:
        await asyncio.sleep(seconds)
        finished.append(seconds)
        return seconds

    assert await all_within([answer(0.01), answer(0.02)], deadline=0.5) == [0.01, 0.02]
    finished.clear()
    started = time.monotonic()
    with pytest.raises(GenerationFailed) as failure:
        await all_within([answer(0.05), answer(0.3), answer(5.0)], deadline=0.15)
    assert failure.value.status == 504
    assert time.monotonic() - started < 0.3
    await asyncio.sleep(0.2)
    assert finished == [0.05]  # the others were cancelled, not left running


async def test_the_first_failure_cancels_the_rest_and_is_raised() -> None:
    cancelled = asyncio.Event()

    async def slow() -> str:
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return "late"

    async def broken() -> str:
        await asyncio.sleep(0.01)
        raise GenerationFailed("The AI provider refused the request.", status=502)

    with pytest.raises(GenerationFailed) as failure:
        await all_within([slow(), broken()], deadline=1.0)
    assert failure.value.status == 502
    assert cancelled.is_set()
