"""One per-user budget for everything that extracts, analyses or generates."""

from __future__ import annotations

import msgspec
import pytest

from app.main import create_app
from app.settings import Settings
from tests.conftest import make_client
from tests.helpers import signed_in

TEXT = {"customName": "CV", "rawText": "Python developer. Skills: Python, Django, PostgreSQL."}
QUESTION = {"question": "Why do you want this job?", "companyName": "Initech", "wordLimit": 60}
COLD_MAIL = {"recipientName": "Ann", "recipientRole": "CTO", "companyName": "Initech"}


@pytest.fixture
def budget_of_three(settings: Settings) -> Settings:
    return msgspec.structs.replace(settings, generation_rate_limit=3)


async def test_every_generating_route_spends_one_shared_budget(budget_of_three: Settings) -> None:
    async with make_client(create_app(budget_of_three)) as client:
        _, headers = await signed_in(client, "busy@x.co")
        resume = await client.post("/api/v1/resumes", json=TEXT, headers=headers)
        assert resume.status_code == 201, resume.text
        analysis = await client.post(
            f"/api/v1/resumes/{resume.json()['id']}/analysis", headers=headers
        )
        assert analysis.status_code == 201
        interview = await client.post("/api/v1/interviews", json=QUESTION, headers=headers)
        assert interview.status_code == 201
        paths = [
            ("/api/v1/cold-mails", COLD_MAIL),
            ("/api/v1/interviews", QUESTION),
            (f"/api/v1/interviews/{interview.json()['id']}/answers", None),
            ("/api/v1/resumes", TEXT),
        ]
        for path, body in paths:
            refused = await client.post(path, json=body, headers=headers)
            assert refused.status_code == 429, (path, refused.text)
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert 1 <= int(refused.headers["retry-after"]) <= 60
        # Reading is free, and nothing was stored by the refused calls.
        listed = await client.get("/api/v1/resumes", headers=headers)
        assert listed.status_code == 200
        assert listed.json()["total"] == 1
        assert (await client.get("/api/v1/cold-mails", headers=headers)).json()["total"] == 0
        # The budget is the user's, not the server's.
        _, other = await signed_in(client, "idle@x.co")
        assert (await client.post("/api/v1/resumes", json=TEXT, headers=other)).status_code == 201


async def test_cold_mail_responses_spend_the_budget(budget_of_three: Settings) -> None:
    async with make_client(create_app(budget_of_three)) as client:
        _, headers = await signed_in(client, "mailer@x.co")
        mail = await client.post("/api/v1/cold-mails", json=COLD_MAIL, headers=headers)
        assert mail.status_code == 201, mail.text
        url = f"/api/v1/cold-mails/{mail.json()['id']}/responses"
        codes = [
            (await client.post(url, json={"instruction": "shorter"}, headers=headers)).status_code
            for _ in range(3)
        ]
    assert codes == [201, 201, 429]


LETTER = {"companyName": "Initech", "jobTitle": "SRE"}
BATCH = "/api/v1/interviews/batch"


async def test_cover_letters_and_interview_batches_spend_the_budget(
    budget_of_three: Settings,
) -> None:
    async with make_client(create_app(budget_of_three)) as client:
        _, headers = await signed_in(client, "letters@x.co")
        letter = await client.post("/api/v1/cover-letters", json=LETTER, headers=headers)
        assert letter.status_code == 201, letter.text
        url = f"/api/v1/cover-letters/{letter.json()['id']}/responses"
        assert (
            await client.post(url, json={"instruction": "shorter"}, headers=headers)
        ).status_code == 201
        # One unit left; a batch costs one per question.
        two = await client.post(BATCH, json={"questions": ["A?", "B?"]}, headers=headers)
        assert two.status_code == 429, two.text
        assert int(two.headers["retry-after"]) >= 1
        for path, body in (
            ("/api/v1/cover-letters", LETTER),
            (url, {"content": "edited"}),
            (BATCH, {"questions": ["A?"]}),
        ):
            refused = await client.post(path, json=body, headers=headers)
            assert refused.status_code == 429, (path, refused.text)
            assert refused.headers["content-type"].startswith("application/problem+json")
        assert (await client.get("/api/v1/interviews", headers=headers)).json()["total"] == 0

        _, other = await signed_in(client, "batcher@x.co")
        three = await client.post(BATCH, json={"questions": ["A?", "B?", "C?"]}, headers=other)
        assert three.status_code == 201, three.text
        one_more = await client.post(BATCH, json={"questions": ["D?"]}, headers=other)
        assert one_more.status_code == 429
