"""AI_PROVIDER=openai end to end: a local OpenAI-compatible server over real HTTP."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import httpx
import msgspec
import pytest
from litestar import Litestar

from app.main import create_app
from app.settings import Settings
from tables import (
    ColdMailRequest,
    CoverLetterRequest,
    CoverLetterResponse,
    InterviewRequest,
    Resume,
)
from tests.ai.fake_openai import FakeOpenAI, Step, failing, reply_with, running_fake_openai
from tests.conftest import make_client
from tests.helpers import signed_in

API_KEY = "sk-endpoint-test-SECRET-0042"
MAIL = {"recipientName": "Grace", "recipientRole": "CTO", "companyName": "Acme"}
LETTER = {"companyName": "Acme", "jobTitle": "Data Engineer", "jobDescription": "Spark and SQL."}


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
            ai_api_key=API_KEY,
            ai_model="test-model",
            ai_timeout=0.5,
        )
    )


@pytest.fixture
async def api(openai_app: Litestar, fake: FakeOpenAI) -> AsyncIterator[httpx.AsyncClient]:
    fake.reset()
    async with make_client(openai_app) as client:
        yield client


async def test_cold_mail_from_the_model_with_the_key_as_bearer(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    _, headers = await signed_in(api, "ai@x.co")
    fake.then(reply_with({"subject": "Hello Grace", "body": "Dear Grace, about Acme..."}))
    response = await api.post("/api/v1/cold-mails", json=MAIL, headers=headers)
    assert response.status_code == 201, response.text
    first = response.json()["responses"][0]
    assert (first["subject"], first["emailContent"]) == ("Hello Grace", "Dear Grace, about Acme...")
    sent = fake.received[-1]
    assert sent.headers["authorization"] == f"Bearer {API_KEY}"
    assert sent.body["model"] == "test-model"
    assert "Acme" in str(sent.body["messages"])


@pytest.mark.parametrize(
    ("step", "status"),
    [
        (Step(content="this is not JSON"), 502),
        (reply_with({"subject": "only a subject"}), 502),
        (failing(401, "bad key"), 502),
        (Step(content='{"subject": "s", "body": "b"}', delay=2.0), 504),
    ],
)
async def test_provider_failures_are_502_or_504_and_store_nothing(
    api: httpx.AsyncClient, fake: FakeOpenAI, step: Step, status: int,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    _, headers = await signed_in(api, "fail@x.co")
    fake.default = step
    with caplog.at_level(logging.DEBUG):
        mail = await api.post("/api/v1/cold-mails", json=MAIL, headers=headers)
        interview = await api.post("/api/v1/interviews", json={"question": "Why?"}, headers=headers)
        letter = await api.post("/api/v1/cover-letters", json=LETTER, headers=headers)
        upload = await api.post(
            "/api/v1/resumes", json={"customName": "cv", "rawText": "Python"}, headers=headers
        )
    for response in (mail, interview, letter, upload):
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert API_KEY not in response.text
    assert await ColdMailRequest.count() == 0
    assert await InterviewRequest.count() == 0
    assert await CoverLetterRequest.count() == 0
    assert await Resume.count() == 0
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert API_KEY not in logged


async def test_cover_letter_from_the_model_and_its_revision(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    _, headers = await signed_in(api, "letter@x.co")
    fake.then(reply_with({"letter": "  Dear Hiring Manager, Acme's Data Engineer role...  "}))
    created = await api.post("/api/v1/cover-letters", json=LETTER, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["responses"][0]["content"] == (
        "Dear Hiring Manager, Acme's Data Engineer role..."
    )
    sent = str(fake.received[-1].body["messages"])
    assert all(fact in sent for fact in ("Acme", "Data Engineer", "Spark and SQL."))
    url = f"/api/v1/cover-letters/{created.json()['id']}/responses"

    fake.then(reply_with({"letter": "Dear Hiring Manager, shorter."}))
    revised = await api.post(url, json={"instruction": "shorter"}, headers=headers)
    assert revised.status_code == 201, revised.text
    assert revised.json()["content"] == "Dear Hiring Manager, shorter."
    user_message = fake.received[-1].body["messages"][1]["content"]
    assert '"instruction":"shorter"' in user_message
    assert "Acme's Data Engineer role..." in user_message  # the previous letter

    for step, status in ((reply_with({"text": "no letter"}), 502), (failing(500), 502),
                         (Step(content='{"letter": "late"}', delay=2.0), 504)):  # fmt: skip
        fake.default = step
        failed = await api.post(url, json={"instruction": "formal"}, headers=headers)
        assert failed.status_code == status, failed.text
    assert await CoverLetterResponse.count() == 2  # the failed revisions stored nothing


async def test_interview_and_analysis_from_the_model(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    _, headers = await signed_in(api, "ok@x.co")
    fake.then(
        reply_with(
            {
                "predictedField": "Data Science",
                "comprehensiveAnalysis": {"skills": {"technical": ["Python", "Pandas"]}},
            }
        ),
        reply_with({"answer": "Situation: a deadline. Action: I planned. Result: shipped."}),
    )
    resume = await api.post(
        "/api/v1/resumes", json={"customName": "cv", "rawText": "Pandas person"}, headers=headers
    )
    assert resume.status_code == 201, resume.text
    assert resume.json()["analysis"]["predictedField"] == "Data Science"
    interview = await api.post(
        "/api/v1/interviews",
        json={"question": "A hard deadline?", "resumeId": resume.json()["id"]},
        headers=headers,
    )
    assert interview.status_code == 201, interview.text
    assert interview.json()["answers"][0]["answer"].startswith("Situation")


MODEL_EXTRAS = {
    "summary": "Analyst who automates reports.",
    "contact": {"email": "sam@example.com", "phone": None, "location": "Leeds, UK"},
    "links": ["https://github.com/sam"],
    "certifications": ["Tableau Desktop Specialist"],
    "languages": ["English", "Polish"],
    "achievements": ["Analyst of the quarter, Q3 2023"],
}


async def test_the_models_optional_parts_are_stored(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    _, headers = await signed_in(api, "extras@x.co")
    analysis = {"skills": {"technical": ["SQL"], "soft": []}, **MODEL_EXTRAS, "summary": ""}
    fake.then(reply_with({"predictedField": "Data Science", "comprehensiveAnalysis": analysis}))
    resume = await api.post(
        "/api/v1/resumes", json={"customName": "cv", "rawText": "SQL analyst"}, headers=headers
    )
    assert resume.status_code == 201, resume.text
    stored = await api.get(f"/api/v1/resumes/{resume.json()['id']}/analysis", headers=headers)
    body = stored.json()["comprehensiveAnalysis"]
    assert {k: body[k] for k in MODEL_EXTRAS if k != "summary"} == {
        k: v for k, v in MODEL_EXTRAS.items() if k != "summary"
    }
    assert "summary" not in body  # "" from the model: none
    assert stored.json()["origin"] == "openai"
    prompt = fake.received[-1].body["messages"][0]["content"]
    assert '"languages": [string]' in prompt
    assert "spoken languages only" in prompt


@pytest.mark.parametrize(
    "bad",
    [
        {"languages": "English"},
        {"contact": {"email": "sam@example.com", "linkedin": "sam"}},
        {"links": ["https://x.io"] * 51},
        {"summary": None},
    ],
    ids=["wrong-type", "unknown-contact-key", "too-many-links", "null-summary"],
)
async def test_a_bad_optional_part_from_the_model_is_502(
    api: httpx.AsyncClient, fake: FakeOpenAI, bad: dict[str, object]
) -> None:
    _, headers = await signed_in(api, "badextras@x.co")
    analysis = {"skills": {"technical": ["SQL"], "soft": []}, **bad}
    fake.then(reply_with({"predictedField": "Data Science", "comprehensiveAnalysis": analysis}))
    response = await api.post(
        "/api/v1/resumes", json={"customName": "cv", "rawText": "SQL analyst"}, headers=headers
    )
    assert response.status_code == 502, response.text
    assert await Resume.count() == 0
