"""The OpenAI-compatible generators against a scripted chat-completions server over real HTTP."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator

import msgspec
import pytest

from app.ai.builtin_coach import word_count
from app.ai.generation import (
    ColdMailDraft,
    ColdMailRequest,
    GenerationFailed,
    InterviewRequest,
    ResumeContext,
)
from app.ai.openai_compatible import OpenAIAnalyser, OpenAIColdMailWriter, OpenAIInterviewCoach
from app.ai.profiles import CATEGORIES
from app.ai.providers import AIServices, build_ai_services
from app.ai.schemas import ComprehensiveAnalysis, Experience, Skills
from tests.ai.fake_openai import FakeOpenAI, Step, failing, reply_with

API_KEY = "sk-test-0123456789abcdef-SECRET"
TIMEOUT = 0.5

MAIL = ColdMailRequest(
    recipient_name="Jane Doe",
    recipient_role="Engineering Manager",
    company_name="Acme Analytics",
    resume=ResumeContext(
        custom_name="cv",
        predicted_field="Python Developer",
        analysis=ComprehensiveAnalysis(skills=Skills(technical=["Python", "Django"])),
    ),
)
QUESTION = InterviewRequest(question="Tell me about a conflict.", word_limit=50)
ANALYSIS = {
    "predictedField": "Data Science",
    "comprehensiveAnalysis": {
        "skills": {"technical": ["Python", "pandas"], "soft": ["Communication"]},
        "experience": [
            {
                "company": "Contoso",
                "role": "Data Scientist",
                "duration": "2020 - 2024",
                "highlights": ["Built churn models."],
            }
        ],
        "projects": [],
        "education": [{"degree": "MSc Statistics", "institution": "UCL", "year": "2019"}],
    },
}


@pytest.fixture
async def services(fake: FakeOpenAI) -> AsyncIterator[AIServices]:
    ai = build_ai_services(
        "openai", base_url=fake.base_url, api_key=API_KEY, model="test-model", timeout=TIMEOUT
    )
    yield ai
    await ai.close()


async def test_writer_happy_path_and_request_shape(fake: FakeOpenAI, services: AIServices) -> None:
    fake.then(reply_with({"subject": " Hello Acme ", "body": "Dear Jane,\n\nHi."}))
    draft = await services.writer.write(MAIL)
    assert (draft.subject, draft.body) == ("Hello Acme", "Dear Jane,\n\nHi.")
    [received] = fake.received
    assert received.headers["authorization"] == f"Bearer {API_KEY}"
    body = received.body
    assert body["model"] == "test-model"
    assert body["response_format"] == {"type": "json_object"}
    assert body["temperature"] == 0.4
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    user = msgspec.json.decode(body["messages"][1]["content"])
    assert user["recipientName"] == "Jane Doe"
    assert user["companyName"] == "Acme Analytics"
    assert user["resume"]["skills"]["technical"] == ["Python", "Django"]


async def test_regeneration_sends_instruction_and_previous_draft(
    fake: FakeOpenAI, services: AIServices
) -> None:
    fake.then(reply_with({"subject": "S", "body": "Shorter."}))
    previous = ColdMailDraft(subject="S", body="Long.")
    request = msgspec.structs.replace(MAIL, instruction="shorter", previous=previous)
    assert (await services.writer.write(request)).body == "Shorter."
    user = msgspec.json.decode(fake.received[0].body["messages"][1]["content"])
    assert user["instruction"] == "shorter"
    assert user["previousDraft"] == {"subject": "S", "body": "Long."}


async def test_no_authorization_header_without_a_key(fake: FakeOpenAI) -> None:
    ai = build_ai_services("openai", base_url=fake.base_url, api_key=None, model="m", timeout=1)
    fake.then(reply_with({"answer": "Situation: x."}))
    try:
        assert await ai.coach.answer(QUESTION) == "Situation: x."
    finally:
        await ai.close()
    assert "authorization" not in fake.received[0].headers


async def test_coach_happy_path_enforces_the_word_limit(
    fake: FakeOpenAI, services: AIServices
) -> None:
    fake.then(reply_with({"answer": "Situation: we disagreed. " + "More words here. " * 100}))
    answer = await services.coach.answer(QUESTION)
    assert answer.startswith("Situation: we disagreed.")
    assert word_count(answer) <= 50
    user = msgspec.json.decode(fake.received[0].body["messages"][1]["content"])
    assert user["wordLimit"] == 50
    assert user["question"] == QUESTION.question


async def test_analyser_happy_path(fake: FakeOpenAI, services: AIServices) -> None:
    fake.then(reply_with(ANALYSIS))
    result = await services.analyser.analyse("Jane Roe\nData Scientist at Contoso")
    assert result.predicted_field == "Data Science"
    assert result.ranking[0] == "Data Science"
    assert sorted(result.ranking) == sorted(CATEGORIES)
    assert len(result.ranking) == 25
    assert list(result.ranking[1:]) == sorted(c for c in CATEGORIES if c != "Data Science")
    assert result.analysis.experience == [
        Experience("Contoso", "Data Scientist", "2020 - 2024", ["Built churn models."])
    ]
    assert "Data Scientist at Contoso" in fake.received[0].body["messages"][1]["content"]


async def test_analyser_accepts_a_fenced_reply_in_other_case(
    fake: FakeOpenAI, services: AIServices
) -> None:
    content = msgspec.json.encode({**ANALYSIS, "predictedField": "data science"}).decode()
    fake.then(Step(content=f"```json\n{content}\n```"))
    assert (await services.analyser.analyse("resume")).predicted_field == "Data Science"


@pytest.mark.parametrize(
    "step",
    [
        Step(content="{not json"),  # malformed JSON content
        Step(content=None),  # no content at all
        reply_with({"subject": "only a subject"}),  # missing field
        reply_with({"subject": "   ", "body": "x"}),  # blank
        reply_with({"subject": "s" * 151, "body": "x"}),  # too long
        Step(raw="<html>502 Bad Gateway</html>"),  # not JSON at all
        Step(raw='{"choices": []}'),  # no choice
        failing(400, f"Incorrect API key provided: {API_KEY}"),  # refused: no retry
    ],
)
async def test_bad_replies_are_502_without_retry(
    fake: FakeOpenAI, services: AIServices, step: Step
) -> None:
    fake.then(step)
    with pytest.raises(GenerationFailed) as caught:
        await services.writer.write(MAIL)
    assert caught.value.status == 502
    assert len(fake.received) == 1
    assert API_KEY not in str(caught.value)
    assert "Bad Gateway" not in str(caught.value)


async def test_unknown_category_is_502(fake: FakeOpenAI, services: AIServices) -> None:
    fake.then(reply_with({**ANALYSIS, "predictedField": "Astronaut"}))
    with pytest.raises(GenerationFailed) as caught:
        await services.analyser.analyse("resume")
    assert caught.value.status == 502


async def test_analysis_outside_the_schema_is_502(fake: FakeOpenAI, services: AIServices) -> None:
    extra = {**ANALYSIS, "comprehensiveAnalysis": {"skills": {"technical": "Python"}}}
    fake.then(reply_with(extra))
    with pytest.raises(GenerationFailed) as caught:
        await services.analyser.analyse("resume")
    assert caught.value.status == 502


async def test_slow_reply_is_504_without_retry(fake: FakeOpenAI, services: AIServices) -> None:
    fake.then(Step(content='{"answer": "late"}', delay=TIMEOUT * 3))
    with pytest.raises(GenerationFailed) as caught:
        await services.coach.answer(QUESTION)
    assert caught.value.status == 504
    assert len(fake.received) == 1


@pytest.mark.parametrize("status", [500, 503, 429])
async def test_one_transient_failure_is_retried(
    fake: FakeOpenAI, services: AIServices, status: int
) -> None:
    fake.then(failing(status), reply_with({"answer": "Situation: fine."}))
    assert await services.coach.answer(QUESTION) == "Situation: fine."
    assert len(fake.received) == 2


async def test_two_failures_are_502(fake: FakeOpenAI, services: AIServices) -> None:
    fake.then(failing(500), failing(500), reply_with({"answer": "never reached"}))
    with pytest.raises(GenerationFailed) as caught:
        await services.coach.answer(QUESTION)
    assert caught.value.status == 502
    assert len(fake.received) == 2


async def test_retry_that_times_out_is_504(fake: FakeOpenAI, services: AIServices) -> None:
    fake.then(failing(502), Step(delay=TIMEOUT * 3))
    with pytest.raises(GenerationFailed) as caught:
        await services.coach.answer(QUESTION)
    assert caught.value.status == 504
    assert len(fake.received) == 2


async def test_unreachable_server_is_502() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ai = build_ai_services(
        "openai", base_url=f"http://127.0.0.1:{port}/v1", api_key=API_KEY, model="m", timeout=1
    )
    try:
        with pytest.raises(GenerationFailed) as caught:
            await ai.writer.write(MAIL)
    finally:
        await ai.close()
    assert caught.value.status == 502


async def test_the_key_never_reaches_logs_or_errors(
    fake: FakeOpenAI, services: AIServices, caplog: pytest.LogCaptureFixture
) -> None:
    for name in (None, "httpx", "httpcore", "talentsync.ai"):
        caplog.set_level(logging.DEBUG, logger=name)
    fake.then(
        reply_with({"subject": "S", "body": "B"}),
        failing(401, f"Incorrect API key provided: {API_KEY}"),
        failing(500, f"key {API_KEY} overloaded"),
        failing(500, f"key {API_KEY} overloaded"),
        Step(content=f"not json {API_KEY}"),
        Step(delay=TIMEOUT * 3),
    )
    errors: list[GenerationFailed] = []
    for _ in range(5):
        try:
            await services.writer.write(MAIL)
        except GenerationFailed as exc:
            errors.append(exc)
    assert [e.status for e in errors] == [502, 502, 502, 504]
    assert len(fake.received) == 6
    assert any(r.name.startswith("httpcore") for r in caplog.records), "httpcore not captured"
    warnings = [r for r in caplog.records if r.name == "talentsync.ai"]
    assert warnings
    assert all(r.levelno == logging.WARNING for r in warnings)
    assert "127.0.0.1" in warnings[0].getMessage()
    for record in caplog.records:
        assert API_KEY not in record.getMessage()
        assert API_KEY not in str(record.__dict__)
    assert API_KEY not in caplog.text
    assert all(API_KEY not in str(e) for e in errors)


def test_builtin_services_and_configuration_errors() -> None:
    ai = build_ai_services("builtin", base_url=None, api_key=None, model="", timeout=30)
    assert ai.http is None
    with pytest.raises(ValueError, match="AI_BASE_URL"):
        build_ai_services("openai", base_url=None, api_key="k", model="gpt-4o-mini", timeout=30)
    with pytest.raises(ValueError, match="AI_MODEL"):
        build_ai_services("openai", base_url="http://x/v1", api_key=None, model=" ", timeout=30)
    with pytest.raises(ValueError, match="Unknown AI provider"):
        build_ai_services("gemini", base_url=None, api_key=None, model="", timeout=30)


async def test_openai_services_have_the_openai_roles(services: AIServices) -> None:
    assert isinstance(services.analyser, OpenAIAnalyser)
    assert isinstance(services.writer, OpenAIColdMailWriter)
    assert isinstance(services.coach, OpenAIInterviewCoach)
