"""AI_PROVIDER=openai: the model fills the evaluation; a reply that does not fit is a 502."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar

from app.ai.ats import AtsReply, result_from_reply
from app.main import create_app
from app.settings import Settings
from tables import AtsEvaluation, Resume
from tests.ai.fake_openai import FakeOpenAI, Step, reply_with, running_fake_openai
from tests.ats.samples import JOB, STRONG
from tests.conftest import make_client
from tests.helpers import signed_in

REPLY: dict[str, Any] = {
    "score": 72,
    "components": {"skills": 80, "keywords": 60, "experience": 70, "sections": 60},
    "skills": {
        "required": ["python", "postgres", "Kafka", "Go"],
        "preferred": ["Terraform"],
        "matched": [
            {"name": "Python", "evidence": "Built shipment tracking services in Python"},
            {"name": "postgres", "evidence": "on PostgreSQL"},
            {"name": "Rust", "evidence": "Wrote a Rust compiler"},
        ],
        "missing": ["Kafka", "golang"],
    },
    "keywords": {"matched": ["shipment"], "missing": ["freight"]},
    "sections": {"present": ["experience", "skills"], "missing": ["projects"]},
    "experience": {"requiredYears": 5, "resumeYears": 9},
    "suggestions": ["Mention Kafka if you streamed events with it."],
}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as server:
        yield server


@pytest.fixture(scope="module")
def openai_app(settings: Settings, fake: FakeOpenAI) -> Litestar:
    return create_app(
        msgspec.structs.replace(
            settings,
            ai_provider="openai",
            ai_base_url=fake.base_url,
            ai_api_key="sk-ats-test-SECRET-0001",
            ai_model="test-model",
            ai_timeout=0.5,
        )
    )


@pytest.fixture
async def api(openai_app: Litestar, fake: FakeOpenAI) -> AsyncIterator[httpx.AsyncClient]:
    fake.reset()
    async with make_client(openai_app) as client:
        yield client


async def _resume(user_id: Any) -> str:
    # Stored directly: with the openai provider an upload would ask the model for an analysis.
    resume = Resume(user_id=user_id, custom_name="CV", raw_text=STRONG)
    await resume.save()
    return str(resume.id)


async def test_a_valid_model_reply_is_stored(api: httpx.AsyncClient, fake: FakeOpenAI) -> None:
    user_id, headers = await signed_in(api, "model@x.co")
    resume_id = await _resume(user_id)
    fake.then(reply_with(REPLY))
    response = await api.post(
        f"/api/v1/resumes/{resume_id}/ats-evaluations",
        json={"jobDescription": JOB, "companyName": "Lumen Freight"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["provider"] == "openai"
    assert body["score"] == 72
    assert body["components"] == REPLY["components"]
    # Skill names are made canonical.
    assert body["skills"]["required"] == ["Python", "PostgreSQL", "Kafka", "Go"]
    assert body["skills"]["missing"] == ["Kafka", "Go"]
    matched = {m["name"]: m["evidence"] for m in body["skills"]["matched"]}
    assert list(matched) == ["Python", "PostgreSQL", "Rust"]
    # Evidence is a whole line of the resume; a claim the resume does not make has none.
    line = next(line for line in STRONG.splitlines() if line.startswith("Built shipment"))
    assert matched["Python"] == matched["PostgreSQL"] == line
    assert matched["Rust"] is None
    # Every missing required skill is named in a suggestion (added when the model did not).
    for name in body["skills"]["missing"]:
        assert any(name in tip for tip in body["suggestions"])
    # The model judges the role itself: the built-in categories are not claimed for it.
    assert body["experience"] == {
        "requiredYears": 5,
        "resumeYears": 9,
        "jobField": None,
        "resumeField": None,
    }
    sent = fake.received[-1]
    assert "Lumen Freight" in str(sent.body["messages"])
    assert "Parcelwise" in str(sent.body["messages"])

    stored = await api.get(f"/api/v1/ats-evaluations/{body['id']}", headers=headers)
    assert stored.json() == body
    assert await AtsEvaluation.count() == 1


def _broken(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    reply = copy.deepcopy(REPLY)
    target = reply
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return reply


@pytest.mark.parametrize(
    "step",
    [
        Step(content="not JSON at all"),
        reply_with(_broken(("score",), 140)),
        reply_with(_broken(("components", "skills"), -1)),
        reply_with(_broken(("sections", "present"), ["experience", "hobbies"])),
        reply_with(_broken(("skills", "missing"), ["x" * 500])),
        reply_with(_broken(("suggestions",), "add Kafka")),
        reply_with({k: v for k, v in REPLY.items() if k != "skills"}),
        reply_with({**REPLY, "verdict": "hire"}),
    ],
)
async def test_a_reply_that_does_not_fit_is_502_and_stores_nothing(
    api: httpx.AsyncClient, fake: FakeOpenAI, step: Step
) -> None:
    user_id, headers = await signed_in(api, "broken@x.co")
    resume_id = await _resume(user_id)
    fake.default = step
    response = await api.post(
        f"/api/v1/resumes/{resume_id}/ats-evaluations",
        json={"jobDescription": JOB},
        headers=headers,
    )
    assert response.status_code == 502, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await AtsEvaluation.count() == 0


def test_the_reply_is_held_to_the_contract() -> None:
    reply = copy.deepcopy(REPLY)
    reply["skills"]["required"] = ["Python"]
    reply["skills"]["missing"] = ["golang", "Python"]  # Python is also matched
    reply["suggestions"] = ["A good summary would help."]
    result = result_from_reply(msgspec.convert(reply, AtsReply), STRONG)
    assert result.skills.missing == ["Go"]
    assert result.skills.required == ["Python", "Go"]
    assert any("Go:" in tip for tip in result.suggestions)  # "good" does not name Go
    assert result.provider == "openai"
