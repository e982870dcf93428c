"""POST /resumes/{id}/tailor with AI_PROVIDER=openai: the model rewrites, and a rewrite that
names a skill or an employer the source lacks is a 502 with nothing stored."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar

from app.main import create_app
from app.settings import Settings
from tables import Analysis, AtsEvaluation, Resume
from tests.ai.fake_openai import FakeOpenAI, reply_with
from tests.ats.test_ats_openai import REPLY as ATS_REPLY
from tests.conftest import make_client
from tests.helpers import signed_in
from tests.tailoring.test_tailor import JOB, SOURCE

REWRITE = """Nora Quist
Summary
Backend developer with Python, Django and PostgreSQL.
Experience
Harbourline - Backend Developer, Jan 2019 - Dec 2023
Built the booking API in Python and Django on PostgreSQL."""
ANALYSIS: dict[str, Any] = {
    "predictedField": "Python Developer",
    "comprehensiveAnalysis": {
        "skills": {"technical": ["Python", "Django", "PostgreSQL"], "soft": []},
        "experience": [
            {
                "company": "Harbourline",
                "role": "Backend Developer",
                "duration": "Jan 2019 - Dec 2023",
                "highlights": ["Built the booking API."],
            }
        ],
        "projects": [],
        "education": [],
    },
}


@pytest.fixture(scope="module")
def openai_app(settings: Settings, fake_server: FakeOpenAI) -> Litestar:
    return create_app(
        msgspec.structs.replace(
            settings,
            ai_provider="openai",
            ai_base_url=fake_server.base_url,
            ai_model="test-model",
            ai_timeout=0.5,
        )
    )


@pytest.fixture
async def api(openai_app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(openai_app) as client:
        yield client


async def _source(user_id: Any) -> str:
    """Stored with the built-in analysis the server would have made without a model."""
    resume = Resume(user_id=user_id, custom_name="Nora", raw_text=SOURCE, source="text")
    await resume.save()
    analysis = copy.deepcopy(ANALYSIS["comprehensiveAnalysis"])
    analysis["skills"]["technical"] += ["Docker", "Adobe Photoshop", "Adobe Illustrator"]
    await Analysis(
        resume_id=resume.id, predicted_field="Python Developer", comprehensive_analysis=analysis
    ).save()
    return str(resume.id)


def _ats(score: int) -> dict[str, Any]:
    return {**ATS_REPLY, "score": score}


async def test_the_models_rewrite_is_stored_with_both_evaluations(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    user_id, headers = await signed_in(api, "model-tailor@x.co")
    source_id = await _source(user_id)
    fake.then(
        reply_with(_ats(60)),  # before
        reply_with({"text": REWRITE}),
        reply_with(ANALYSIS),  # the rewrite's analysis
        reply_with(_ats(75)),  # after
    )
    response = await api.post(
        f"/api/v1/resumes/{source_id}/tailor", json={"jobDescription": JOB}, headers=headers
    )
    assert response.status_code == 201, response.text
    made = response.json()
    assert made["resume"]["rawText"] == REWRITE
    assert made["resume"]["analysis"]["origin"] == "openai"
    assert (made["atsBefore"]["score"], made["atsAfter"]["score"]) == (60, 75)
    assert made["atsAfter"]["provider"] == "openai"
    # The model was given the job and the source's text.
    sent = str(fake.received[1].body["messages"])
    assert "booking platform" in sent
    assert "Harbourline" in sent


@pytest.mark.parametrize(
    ("text", "analysis"),
    [
        # A skill in the text that the source never had, whatever the analysis says.
        (REWRITE + "\nDeployed on Kubernetes.", ANALYSIS),
        # An employer the source never named.
        (
            REWRITE,
            {
                **ANALYSIS,
                "comprehensiveAnalysis": {
                    **ANALYSIS["comprehensiveAnalysis"],
                    "experience": [{"company": "Initech", "role": "Lead", "duration": "2020"}],
                },
            },
        ),
    ],
)
async def test_a_rewrite_that_invents_is_refused_and_stores_nothing(
    api: httpx.AsyncClient, fake: FakeOpenAI, text: str, analysis: dict[str, Any]
) -> None:
    user_id, headers = await signed_in(api, "inventor@x.co")
    source_id = await _source(user_id)
    fake.then(reply_with(_ats(60)), reply_with({"text": text}), reply_with(analysis))
    response = await api.post(
        f"/api/v1/resumes/{source_id}/tailor", json={"jobDescription": JOB}, headers=headers
    )
    assert response.status_code == 502, response.text
    assert "Kubernetes" in response.text or "Initech" in response.text
    assert await Resume.count() == 1
    assert await AtsEvaluation.count() == 0


async def test_a_lower_scoring_rewrite_gives_way_to_the_source_text(
    api: httpx.AsyncClient, fake: FakeOpenAI
) -> None:
    user_id, headers = await signed_in(api, "lower@x.co")
    source_id = await _source(user_id)
    fake.then(
        reply_with(_ats(70)),
        reply_with({"text": REWRITE}),
        reply_with(ANALYSIS),
        reply_with(_ats(40)),
    )
    response = await api.post(
        f"/api/v1/resumes/{source_id}/tailor", json={"jobDescription": JOB}, headers=headers
    )
    assert response.status_code == 201, response.text
    made = response.json()
    assert made["resume"]["rawText"] == SOURCE
    assert made["atsAfter"]["score"] == made["atsBefore"]["score"] == 70
