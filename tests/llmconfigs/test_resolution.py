"""The caller's active configuration serves their AI routes; else the server's provider."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

import httpx
import msgspec
import pytest
from litestar import Litestar

from app.main import create_app
from app.settings import Settings
from tables import Analysis, AtsEvaluation, ColdMailRequest, InterviewRequest, LlmConfig, Resume
from tests import logscan
from tests.ai.fake_openai import FakeOpenAI, failing, reply_with, running_fake_openai
from tests.ats.samples import JOB, STRONG
from tests.ats.test_ats_openai import REPLY as ATS_REPLY
from tests.conftest import JobRunner, make_client
from tests.helpers import signed_in

CONFIGS = "/api/v1/llm-configs"
KEY = "sk-user-OWNKEY-4242424242zzQQ"
MAIL = {"recipientName": "Grace", "recipientRole": "CTO", "companyName": "Navy Labs"}
MODEL_MAIL = {"subject": "Written by your model", "body": "Dear Grace, this came from the model."}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as server:
        yield server


@pytest.fixture(scope="module")
def private_app(settings: Settings) -> Litestar:
    """The server's provider is builtin; users may point at the local fake (http, loopback)."""
    assert settings.ai_provider == "builtin"
    return create_app(msgspec.structs.replace(settings, ai_allow_private_urls=True, ai_timeout=2.0))


@pytest.fixture
async def api(private_app: Litestar, fake: FakeOpenAI) -> AsyncIterator[httpx.AsyncClient]:
    fake.reset()
    async with make_client(private_app) as client:
        yield client


async def _configure(api: httpx.AsyncClient, headers: dict, fake: FakeOpenAI, **extra) -> dict:
    body = {"label": "Mine", "baseUrl": fake.base_url, "model": "my-model", "apiKey": KEY}
    created = await api.post(CONFIGS, json={**body, **extra}, headers=headers)
    assert created.status_code == 201, created.text
    return created.json()


async def test_an_active_config_writes_the_cold_mail_then_deactivated_builtin_again(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    logscan.register(KEY)
    _, headers = await signed_in(api, "own-model@x.co")
    config = await _configure(api, headers, fake)
    fake.then(reply_with(MODEL_MAIL))

    mail = await api.post("/api/v1/cold-mails", json=MAIL, headers=headers)
    assert mail.status_code == 201, mail.text
    assert mail.json()["responses"][0]["subject"] == "Written by your model"
    [call] = fake.received
    assert call.body["model"] == "my-model"
    assert call.headers["authorization"] == f"Bearer {KEY}"

    off = await api.patch(f"{CONFIGS}/{config['id']}", json={"active": False}, headers=headers)
    assert off.json()["active"] is False
    builtin = await api.post("/api/v1/cold-mails", json=MAIL, headers=headers)
    assert builtin.status_code == 201
    assert builtin.json()["responses"][0]["subject"] != "Written by your model"
    assert len(fake.received) == 1  # the model was not asked again


async def test_an_active_config_makes_the_ats_evaluation(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    user_id, headers = await signed_in(api, "own-ats@x.co")
    resume = Resume(user_id=user_id, custom_name="CV", raw_text=STRONG)
    await resume.save()
    await _configure(api, headers, fake)
    fake.then(reply_with(ATS_REPLY))
    url = f"/api/v1/resumes/{resume.id}/ats-evaluations"
    evaluation = await api.post(url, json={"jobDescription": JOB}, headers=headers)
    assert evaluation.status_code == 201, evaluation.text
    assert evaluation.json()["provider"] == "openai"
    assert evaluation.json()["score"] == 72
    assert fake.received[0].headers["authorization"] == f"Bearer {KEY}"


async def test_an_active_config_analyses_uploads_and_answers_interviews(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    _, headers = await signed_in(api, "own-analysis@x.co")
    await _configure(api, headers, fake)
    analysis = {
        "predictedField": "Python Developer",
        "comprehensiveAnalysis": {
            "skills": {"technical": ["Python"], "soft": []},
            "experience": [],
            "projects": [],
            "education": [],
        },
    }
    fake.then(reply_with(analysis))
    created = await api.post(
        "/api/v1/resumes", json={"customName": "CV", "rawText": STRONG}, headers=headers
    )
    assert created.status_code == 201, created.text
    assert created.json()["analysis"]["origin"] == "openai"

    fake.then(reply_with(analysis))
    rerun = await api.post(f"/api/v1/resumes/{created.json()['id']}/analysis", headers=headers)
    assert rerun.status_code == 201
    assert rerun.json()["origin"] == "openai"

    fake.then(reply_with({"answer": "My model's own answer."}))
    interview = await api.post("/api/v1/interviews", json={"question": "Why us?"}, headers=headers)
    assert interview.status_code == 201, interview.text
    assert interview.json()["answers"][0]["answer"] == "My model's own answer."
    assert len(fake.received) == 3


async def test_another_users_config_never_applies(api: httpx.AsyncClient, fake: FakeOpenAI) -> None:
    _, owner = await signed_in(api, "config-owner@x.co")
    await _configure(api, owner, fake)
    _, other = await signed_in(api, "no-config@x.co")
    mail = await api.post("/api/v1/cold-mails", json=MAIL, headers=other)
    assert mail.status_code == 201
    assert "Navy Labs" in mail.json()["responses"][0]["emailContent"]  # the builtin writer
    assert fake.received == []


async def test_a_failing_model_is_502_and_nothing_is_stored(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    user_id, headers = await signed_in(api, "own-fail@x.co")
    await _configure(api, headers, fake)
    fake.default = failing(500, f"upstream echoes {KEY}")
    mail = await api.post("/api/v1/cold-mails", json=MAIL, headers=headers)
    assert mail.status_code == 502
    assert KEY not in mail.text
    assert await ColdMailRequest.count().where(ColdMailRequest.user_id == user_id) == 0
    assert await InterviewRequest.count().where(InterviewRequest.user_id == user_id) == 0
    assert await AtsEvaluation.count().where(AtsEvaluation.user_id == user_id) == 0


async def test_an_edited_config_is_used_at_once(api: httpx.AsyncClient, fake: FakeOpenAI) -> None:
    _, headers = await signed_in(api, "own-edit@x.co")
    config = await _configure(api, headers, fake)
    fake.then(reply_with(MODEL_MAIL), reply_with(MODEL_MAIL))
    await api.post("/api/v1/cold-mails", json=MAIL, headers=headers)
    new_key = "sk-user-ROTATED-0000000000aaBB"
    logscan.register(new_key)
    await api.patch(
        f"{CONFIGS}/{config['id']}", json={"model": "other", "apiKey": new_key}, headers=headers
    )
    await api.post("/api/v1/cold-mails", json=MAIL, headers=headers)
    assert [c.body["model"] for c in fake.received] == ["my-model", "other"]
    assert fake.received[1].headers["authorization"] == f"Bearer {new_key}"


async def test_the_test_route_reports_without_the_key(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    logscan.register(KEY)
    _, headers = await signed_in(api, "own-test@x.co")
    config = await _configure(api, headers, fake)
    url = f"{CONFIGS}/{config['id']}/test"

    # The model echoes the key it was sent: the report does not.
    fake.then(reply_with({"ok": True, "echo": KEY}))
    good = await api.post(url, headers=headers)
    assert good.status_code == 200, good.text
    report = good.json()
    assert set(report) == {"ok", "latencyMs", "detail"}
    assert report["ok"] is True
    assert isinstance(report["latencyMs"], int)
    assert report["latencyMs"] >= 0
    assert KEY not in good.text
    [call] = fake.received
    assert call.headers["authorization"] == f"Bearer {KEY}"
    assert json.dumps(call.body).count(KEY) == 0  # the key travels in the header only

    fake.then(failing(401, f"Incorrect API key provided: {KEY}"))
    refused = await api.post(url, headers=headers)
    assert refused.status_code == 200
    assert refused.json()["ok"] is False
    assert "refused" in refused.json()["detail"]
    assert KEY not in refused.text

    fake.then(reply_with({"ok": True}))
    # Tried once: a failure is reported, not retried.
    fake.default = failing(503)
    fake.script.clear()
    down = await api.post(url, headers=headers)
    assert down.json()["ok"] is False
    assert len(fake.received) == 3


async def test_the_test_route_works_for_an_inactive_config(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    _, headers = await signed_in(api, "own-test2@x.co")
    await _configure(api, headers, fake)
    second = await _configure(api, headers, fake, label="Second", model="second-model")
    assert second["active"] is False
    fake.then(reply_with({"ok": True}))
    report = await api.post(f"{CONFIGS}/{second['id']}/test", headers=headers)
    assert report.json()["ok"] is True
    assert fake.received[0].body["model"] == "second-model"


async def test_background_jobs_never_use_a_users_config(
    client: httpx.AsyncClient, jobs: JobRunner, fake: FakeOpenAI
) -> None:
    """The Admin who queues a re-analysis, and the resumes' owner, both have an active
    configuration: the worker still uses the server's provider (builtin here)."""
    fake.reset()
    owner_id, owner = await signed_in(client, "job-owner@x.co")
    admin_id, admin = await signed_in(client, "job-admin@x.co", role="Admin")
    created = await client.post(
        "/api/v1/resumes", json={"customName": "CV", "rawText": STRONG}, headers=owner
    )
    assert created.status_code == 201
    for user_id in (owner_id, admin_id):  # stored directly: this app refuses loopback URLs
        await LlmConfig(
            user_id=user_id, label="Own", base_url=fake.base_url, model="m", active=True
        ).save()
    await Analysis.update({Analysis.predicted_field: "HR"}).where(
        Analysis.resume_id == created.json()["id"]
    )
    queued = await client.post("/api/v1/admin/reanalysis", json={"scope": "all"}, headers=admin)
    assert queued.status_code == 202, queued.text
    await jobs.run()
    job = (await client.get(f"/api/v1/admin/jobs/{queued.json()['id']}", headers=admin)).json()
    assert (job["status"], job["done"]) == ("done", 1)
    analysis = await Analysis.select().where(Analysis.resume_id == created.json()["id"]).first()
    assert analysis["origin"] == "builtin"
    assert analysis["predicted_field"] != "HR"  # re-analysed, by the builtin analyser
    assert fake.received == []


async def test_an_active_config_writes_cover_letters_and_tailors(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    user_id, headers = await signed_in(api, "own-letter@x.co")
    await _configure(api, headers, fake)
    fake.then(reply_with({"letter": "Dear Navy Labs, my model wrote this for the CTO role."}))
    letter = await api.post(
        "/api/v1/cover-letters",
        json={"companyName": "Navy Labs", "jobTitle": "CTO"},
        headers=headers,
    )
    assert letter.status_code == 201, letter.text
    assert letter.json()["responses"][0]["content"].startswith("Dear Navy Labs, my model")

    # Tailoring: the evaluations, the rewrite and its analysis all come from the model.
    resume = Resume(user_id=user_id, custom_name="CV", raw_text=STRONG, source="text")
    await resume.save()
    fake.then(
        reply_with(ATS_REPLY),
        reply_with({"text": STRONG}),
        reply_with(
            {
                "predictedField": "Python Developer",
                "comprehensiveAnalysis": {
                    "skills": {"technical": ["Python"], "soft": []},
                    "experience": [],
                    "projects": [],
                    "education": [],
                },
            }
        ),
        reply_with(ATS_REPLY),
    )
    tailored = await api.post(
        f"/api/v1/resumes/{resume.id}/tailor", json={"jobDescription": JOB}, headers=headers
    )
    assert tailored.status_code == 201, tailored.text
    assert tailored.json()["atsAfter"]["provider"] == "openai"
    assert tailored.json()["resume"]["analysis"]["origin"] == "openai"
    assert len(fake.received) == 5
