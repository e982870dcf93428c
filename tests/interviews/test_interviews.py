"""Interview answers through HTTP with the built-in coach."""

from __future__ import annotations

import httpx
import pytest

from tables import InterviewAnswer, InterviewRequest
from tests.helpers import signed_in

INTERVIEWS = "/api/v1/interviews"
CV = (
    "Skills\nPython, Kubernetes\n\nExperience\n"
    "Platform Engineer at Orbital Systems (2020 - Present)\nCut deploy time by half.\n"
)


@pytest.mark.parametrize("word_limit", [50, 150, 500])
async def test_answers_respect_the_word_limit(client: httpx.AsyncClient, word_limit: int) -> None:
    _, headers = await signed_in(client, f"w{word_limit}@x.co")
    resume = await client.post(
        "/api/v1/resumes", json={"customName": "CV", "rawText": CV}, headers=headers
    )
    created = await client.post(
        INTERVIEWS,
        json={
            "question": "Tell me about a time you improved a process.",
            "role": "SRE",
            "companyName": "Initech",
            "wordLimit": word_limit,
            "resumeId": resume.json()["id"],
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["wordLimit"] == word_limit
    answer = body["answers"][0]["answer"]
    assert 0 < len(answer.split()) <= word_limit


async def test_default_limit_list_get_regenerate_delete(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "iv@x.co")
    created = (
        await client.post(
            INTERVIEWS, json={"question": "Why do you want this job?"}, headers=headers
        )
    ).json()
    assert created["wordLimit"] == 150
    assert (created["role"], created["companyName"], created["resumeId"]) == (None, None, None)
    url = f"{INTERVIEWS}/{created['id']}"

    listed = (await client.get(INTERVIEWS, headers=headers)).json()
    assert listed["total"] == 1
    assert "answers" not in listed["items"][0]

    again = await client.post(f"{url}/answers", headers=headers)
    assert again.status_code == 201
    focused = await client.post(f"{url}/answers", json={"instruction": "shorter"}, headers=headers)
    assert focused.status_code == 201
    answers = (await client.get(url, headers=headers)).json()["answers"]
    assert len(answers) == 3
    bad = await client.post(f"{url}/answers", json={"instruction": ""}, headers=headers)
    assert bad.status_code == 400

    assert (await client.delete(url, headers=headers)).status_code == 204
    assert await InterviewAnswer.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"question": ""},
        {"question": "Q", "wordLimit": 49},
        {"question": "Q", "wordLimit": 501},
        {"question": "Q", "wordLimit": "many"},
        {"question": "Q", "mood": "happy"},
        {},
    ],
)
async def test_invalid_questions_are_400(client: httpx.AsyncClient, body: dict) -> None:
    _, headers = await signed_in(client, "bad@x.co")
    assert (await client.post(INTERVIEWS, json=body, headers=headers)).status_code == 400
    assert await InterviewRequest.count() == 0


async def test_another_users_interview_is_404(client: httpx.AsyncClient) -> None:
    _, owner = await signed_in(client, "owner@x.co")
    _, intruder = await signed_in(client, "intruder@x.co")
    created = (await client.post(INTERVIEWS, json={"question": "Q?"}, headers=owner)).json()
    url = f"{INTERVIEWS}/{created['id']}"
    for attempt in (
        client.get(url, headers=intruder),
        client.delete(url, headers=intruder),
        client.post(f"{url}/answers", headers=intruder),
    ):
        assert (await attempt).status_code == 404
    assert (await client.get(url, headers=owner)).status_code == 200
