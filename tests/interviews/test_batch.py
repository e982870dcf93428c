"""POST /interviews/batch with the built-in coach: one Interview per question, in order."""

from __future__ import annotations

import httpx
import pytest

from tables import InterviewAnswer, InterviewRequest
from tests.helpers import signed_in

BATCH = "/api/v1/interviews/batch"
QUESTIONS = [
    "Tell me about a time you improved the performance of a system",
    "How would you design a rate limiter for a public API?",
    "Why do you want to work here?",
]
CV = (
    "Skills\nPython, Kubernetes, Redis\n\nExperience\n"
    "Platform Engineer at Orbital Systems (2020 - Present)\n"
    "- Cut deploy time by half with a new CI pipeline.\n"
    "Backend Developer at Acme Corp (2016 - 2020)\n"
    "- Reduced API latency from 800 ms to 120 ms with Redis caching.\n"
)


async def test_a_batch_answers_every_question_in_order(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "batch@x.co")
    resume = await client.post(
        "/api/v1/resumes", json={"customName": "CV", "rawText": CV}, headers=headers
    )
    assert resume.status_code == 201, resume.text
    body = {
        "questions": [f"  {q}  " for q in QUESTIONS],
        "role": "SRE",
        "companyName": "Initech",
        "wordLimit": 60,
        "resumeId": resume.json()["id"],
        "userKnowledge": "I once halved the p99 latency of our search service.",
    }
    created = await client.post(BATCH, json=body, headers=headers)
    assert created.status_code == 201, created.text
    items = created.json()["items"]
    assert [item["question"] for item in items] == QUESTIONS
    for item in items:
        assert (item["role"], item["companyName"], item["wordLimit"]) == ("SRE", "Initech", 60)
        assert item["resumeId"] == resume.json()["id"]
        [answer] = item["answers"]
        assert 0 < len(answer["answer"].split()) <= 60
        assert "Initech" in answer["answer"]
        assert "userKnowledge" not in item
    performance, rate_limiter, why = (item["answers"][0]["answer"] for item in items)
    assert "performance of a system" in performance
    assert "latency" in performance  # the relevant experience (or the candidate's note)
    assert "design a rate limiter for a public API" in rate_limiter
    assert why.startswith("I want to join Initech")

    listed = (await client.get("/api/v1/interviews", headers=headers)).json()
    assert listed["total"] == 3
    for item in items:
        stored = await client.get(f"/api/v1/interviews/{item['id']}", headers=headers)
        assert stored.json() == item


async def test_defaults_and_a_single_question(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "one@x.co")
    created = await client.post(BATCH, json={"questions": ["Why us?"]}, headers=headers)
    assert created.status_code == 201, created.text
    [item] = created.json()["items"]
    assert (item["wordLimit"], item["role"], item["companyName"], item["resumeId"]) == (
        150,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "body",
    [
        {"questions": []},
        {"questions": ["Q?"] * 11},
        {"questions": ["Fine?", "   "]},
        {"questions": ["Fine?", ""]},
        {"questions": "Why?"},
        {"questions": ["Q?"], "wordLimit": 49},
        {"questions": ["Q?"], "wordLimit": 501},
        {"questions": ["Q?"], "userKnowledge": "x" * 5001},
        {"questions": ["Q?"], "question": "Q?"},
        {"questions": ["x" * 2001]},
        {"questions": ["Q\x00?"]},
        {},
    ],
)
async def test_invalid_batches_are_400_and_store_nothing(
    client: httpx.AsyncClient, body: dict
) -> None:
    _, headers = await signed_in(client, "badbatch@x.co")
    response = await client.post(BATCH, json=body, headers=headers)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await InterviewRequest.count() == 0


async def test_another_users_resume_is_404_and_nothing_is_stored(
    client: httpx.AsyncClient,
) -> None:
    _, owner = await signed_in(client, "cvowner@x.co")
    _, intruder = await signed_in(client, "thief@x.co")
    resume = await client.post(
        "/api/v1/resumes", json={"customName": "CV", "rawText": CV}, headers=owner
    )
    body = {"questions": QUESTIONS, "resumeId": resume.json()["id"]}
    assert (await client.post(BATCH, json=body, headers=intruder)).status_code == 404
    assert (await client.post(BATCH, json={"questions": ["Q?"]})).status_code == 401
    assert await InterviewRequest.count() == 0
    assert await InterviewAnswer.count() == 0
