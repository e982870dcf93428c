"""Cover letters through HTTP with the built-in writer."""

from __future__ import annotations

import httpx
import pytest

from tables import CoverLetterRequest, CoverLetterResponse
from tests.helpers import PASSWORD, signed_in

LETTERS = "/api/v1/cover-letters"
BODY = {"companyName": "Initech", "jobTitle": "Backend Engineer"}
JOB = (
    "Initech is hiring a Backend Engineer to build billing services.\n"
    "Requirements: Python, PostgreSQL and Docker.\n"
    "Nice to have: Kubernetes."
)
CV = (
    "Ada Lovelace\nSkills\nPython, PostgreSQL, Kubernetes, React\n\nExperience\n"
    "Senior Engineer at Analytical Engines Ltd (2019 - Present)\n"
    "- Built billing services in Python on PostgreSQL for 2 million customers.\n"
    "Frontend Developer at Babbage & Co (2016 - 2019)\n"
    "- Designed React dashboards.\n"
)


async def _resume(client: httpx.AsyncClient, headers: dict) -> dict:
    response = await client.post(
        "/api/v1/resumes", json={"customName": "CV", "rawText": CV}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_create_list_get_delete(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "letter@x.co")
    created = await client.post(LETTERS, json=BODY, headers=headers)
    assert created.status_code == 201, created.text
    letter = created.json()
    assert set(letter) == {
        "id", "companyName", "jobTitle", "recipientName", "jobDescription", "senderName",
        "senderRoleOrGoal", "keyPoints", "additionalInfo", "resumeId", "createdAt", "responses",
    }  # fmt: skip
    assert (letter["companyName"], letter["jobTitle"]) == ("Initech", "Backend Engineer")
    assert letter["recipientName"] is None
    assert letter["resumeId"] is None
    [response] = letter["responses"]
    assert set(response) == {"id", "content", "createdAt"}
    content = response["content"]
    assert "Initech" in content
    assert "Backend Engineer" in content
    assert content.startswith("Dear Hiring Manager,")  # a neutral greeting without a recipient

    listed = (await client.get(LETTERS, headers=headers)).json()
    assert (listed["total"], listed["limit"], listed["offset"]) == (1, 20, 0)
    assert "responses" not in listed["items"][0]
    assert listed["items"][0]["id"] == letter["id"]
    assert (await client.get(f"{LETTERS}/{letter['id']}", headers=headers)).json() == letter

    assert (await client.delete(f"{LETTERS}/{letter['id']}", headers=headers)).status_code == 204
    assert (await client.get(f"{LETTERS}/{letter['id']}", headers=headers)).status_code == 404
    assert await CoverLetterResponse.count() == 0


async def test_the_letter_draws_on_the_request_and_the_matching_resume(
    client: httpx.AsyncClient,
) -> None:
    _, headers = await signed_in(client, "cv@x.co")
    resume = await _resume(client, headers)
    body = {
        **BODY,
        "recipientName": "Bill Lumbergh",
        "jobDescription": JOB,
        "senderName": "Ada Lovelace",
        "senderRoleOrGoal": "a backend engineer who wants to work on payments",
        "keyPoints": "Led the move to PostgreSQL 16\nOn call for two years",
        "additionalInfo": "I can start in March.",
        "resumeId": resume["id"],
    }
    created = await client.post(LETTERS, json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["resumeId"] == resume["id"]
    assert created.json()["jobDescription"] == JOB
    content = created.json()["responses"][0]["content"]
    assert content.startswith("Dear Bill Lumbergh,")
    for fact in ("Initech", "Backend Engineer", "Led the move to PostgreSQL 16",
                 "I can start in March.", "wants to work on payments"):  # fmt: skip
        assert fact in content, (fact, content)
    # The resume's skills the job asks for (required first), and not the one it does not.
    assert "asks for Python, PostgreSQL and Kubernetes" in content
    assert "React" not in content
    # The experience that shares most with the job, not merely the first one.
    assert "billing services" in content
    assert "Analytical Engines Ltd" in content
    assert content.rstrip().endswith("Ada Lovelace")


async def test_regenerate_and_store_an_edit(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "edit@x.co")
    letter = (await client.post(LETTERS, json=BODY, headers=headers)).json()
    url = f"{LETTERS}/{letter['id']}/responses"
    first = letter["responses"][0]["content"]
    formal = await client.post(url, json={"instruction": "Make it more formal"}, headers=headers)
    assert formal.status_code == 201, formal.text
    assert "Yours sincerely," in formal.json()["content"]
    assert "Initech" in formal.json()["content"]
    assert formal.json()["content"] != first
    edited = await client.post(url, json={"content": "  My own words.  "}, headers=headers)
    assert edited.status_code == 201
    assert edited.json()["content"] == "My own words."
    unknown = await client.post(url, json={"instruction": "rhyme it"}, headers=headers)
    assert unknown.json()["content"] == "My own words."  # nothing it can do: the latest, kept
    responses = (await client.get(f"{LETTERS}/{letter['id']}", headers=headers)).json()["responses"]
    assert [r["id"] for r in responses] == [
        letter["responses"][0]["id"],
        formal.json()["id"],
        edited.json()["id"],
        unknown.json()["id"],
    ]
    for bad in (
        {},
        {"instruction": "x", "content": "y"},
        {"content": ""},
        {"content": "   "},
        {"instruction": " "},
        {"subject": "cold mails only"},
        {"content": "x" * 20_001},
    ):
        response = await client.post(url, json=bad, headers=headers)
        assert response.status_code == 400, bad
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await CoverLetterResponse.count() == 4


@pytest.mark.parametrize(
    "bad",
    [
        {**BODY, "companyName": "  "},
        {"companyName": "Initech"},
        {"jobTitle": "Engineer"},
        {**BODY, "jobTitle": "x" * 201},
        {**BODY, "resumeId": "not-a-uuid"},
        {**BODY, "tone": "casual"},
        {**BODY, "keyPoints": "x" * 5001},
        {**BODY, "jobDescription": "x" * 20_001},
        {**BODY, "companyName": 42},
    ],
)
async def test_invalid_requests_are_400_and_store_nothing(
    client: httpx.AsyncClient, bad: dict
) -> None:
    _, headers = await signed_in(client, "bad@x.co")
    response = await client.post(LETTERS, json=bad, headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["status"] == 400
    assert await CoverLetterRequest.count() == 0


async def test_blank_optional_texts_are_stored_as_null(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "blank@x.co")
    created = await client.post(
        LETTERS, json={**BODY, "senderName": "  ", "keyPoints": ""}, headers=headers
    )
    assert created.status_code == 201, created.text
    assert (created.json()["senderName"], created.json()["keyPoints"]) == (None, None)


async def test_another_users_letter_and_resume_are_404(client: httpx.AsyncClient) -> None:
    _, owner = await signed_in(client, "owner@x.co")
    _, intruder = await signed_in(client, "intruder@x.co")
    resume = await _resume(client, owner)
    letter = (await client.post(LETTERS, json=BODY, headers=owner)).json()
    foreign_resume = await client.post(
        LETTERS, json={**BODY, "resumeId": resume["id"]}, headers=intruder
    )
    assert foreign_resume.status_code == 404
    url = f"{LETTERS}/{letter['id']}"
    for attempt in (
        client.get(url, headers=intruder),
        client.delete(url, headers=intruder),
        client.post(f"{url}/responses", json={"instruction": "shorter"}, headers=intruder),
        client.post(f"{url}/responses", json={"content": "mine now"}, headers=intruder),
    ):
        assert (await attempt).status_code == 404
    assert (await client.get(LETTERS, headers=intruder)).json()["total"] == 0
    assert (await client.get(url, headers=owner)).json()["responses"] == letter["responses"]
    assert await CoverLetterRequest.count() == 1
    for anonymous in (client.get(LETTERS), client.post(LETTERS, json=BODY), client.get(url)):
        assert (await anonymous).status_code == 401


async def test_deleting_the_resume_keeps_the_letter(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "keep@x.co")
    resume = await _resume(client, headers)
    letter = (
        await client.post(LETTERS, json={**BODY, "resumeId": resume["id"]}, headers=headers)
    ).json()
    await client.delete(f"/api/v1/resumes/{resume['id']}", headers=headers)
    kept = (await client.get(f"{LETTERS}/{letter['id']}", headers=headers)).json()
    assert kept["resumeId"] is None
    regenerated = await client.post(
        f"{LETTERS}/{letter['id']}/responses", json={"instruction": "shorter"}, headers=headers
    )
    assert regenerated.status_code == 201


async def test_pages_newest_first(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "pages@x.co")
    for i in range(3):
        created = await client.post(
            LETTERS, json={**BODY, "companyName": f"Firm {i}"}, headers=headers
        )
        assert created.status_code == 201
    page = (await client.get(LETTERS, params={"limit": 2, "offset": 1}, headers=headers)).json()
    assert [item["companyName"] for item in page["items"]] == ["Firm 1", "Firm 0"]
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 1)
    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}):
        assert (await client.get(LETTERS, params=bad, headers=headers)).status_code == 400


async def test_deleting_the_account_leaves_no_letter_behind(client: httpx.AsyncClient) -> None:
    doomed, headers = await signed_in(client, "doomed@x.co")
    _, other = await signed_in(client, "other@x.co")
    resume = await _resume(client, headers)
    for who in (headers, other):
        letter = (
            await client.post(
                LETTERS,
                json={**BODY, "resumeId": resume["id"] if who is headers else None},
                headers=who,
            )
        ).json()
        await client.post(
            f"{LETTERS}/{letter['id']}/responses", json={"content": "edited"}, headers=who
        )
    assert await CoverLetterResponse.count() == 4

    deleted = await client.request(
        "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=headers
    )
    assert deleted.status_code == 204

    assert await CoverLetterRequest.count().where(CoverLetterRequest.user_id == doomed) == 0
    assert await CoverLetterRequest.count() == 1
    # No response is left whose request is gone.
    orphans = await CoverLetterResponse.raw(
        "SELECT count(*) AS n FROM cover_letter_response r "
        "LEFT JOIN cover_letter_request q ON q.id = r.request_id WHERE q.id IS NULL"
    )
    assert orphans == [{"n": 0}]
    assert await CoverLetterResponse.count() == 2
