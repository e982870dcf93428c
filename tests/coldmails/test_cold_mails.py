"""Cold mails through HTTP with the built-in writer."""

from __future__ import annotations

import httpx

from tables import ColdMailRequest, ColdMailResponse
from tests.helpers import signed_in

MAILS = "/api/v1/cold-mails"
BODY = {
    "recipientName": "Grace Hopper",
    "recipientRole": "Engineering Manager",
    "companyName": "Navy Labs",
    "senderName": "Ada",
    "keyPoints": "Compilers and teaching",
}
CV = (
    "Ada Lovelace\nSkills\nPython, Kubernetes, PostgreSQL\n\nExperience\n"
    "Senior Engineer at Analytical Engines Ltd (2019 - Present)\nBuilt compilers.\n"
)


async def _resume(client: httpx.AsyncClient, headers: dict) -> dict:
    response = await client.post(
        "/api/v1/resumes", json={"customName": "CV", "rawText": CV}, headers=headers
    )
    assert response.status_code == 201
    return response.json()


async def test_create_list_get_delete(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "mail@x.co")
    created = await client.post(MAILS, json=BODY, headers=headers)
    assert created.status_code == 201, created.text
    mail = created.json()
    assert mail["recipientName"] == "Grace Hopper"
    assert mail["additionalInfo"] is None
    assert mail["resumeId"] is None
    assert len(mail["responses"]) == 1
    response = mail["responses"][0]
    assert response["subject"]
    assert "Grace Hopper" in response["emailContent"]
    assert "Navy Labs" in response["emailContent"]

    listed = (await client.get(MAILS, headers=headers)).json()
    assert listed["total"] == 1
    assert "responses" not in listed["items"][0]
    assert listed["items"][0]["id"] == mail["id"]
    assert (await client.get(f"{MAILS}/{mail['id']}", headers=headers)).json() == mail

    assert (await client.delete(f"{MAILS}/{mail['id']}", headers=headers)).status_code == 204
    assert (await client.get(f"{MAILS}/{mail['id']}", headers=headers)).status_code == 404
    assert await ColdMailResponse.count() == 0


async def test_with_a_resume_the_mail_uses_its_skills(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "skills@x.co")
    resume = await _resume(client, headers)
    skills = resume["analysis"]["comprehensiveAnalysis"]["skills"]["technical"]
    assert skills
    created = await client.post(MAILS, json={**BODY, "resumeId": resume["id"]}, headers=headers)
    assert created.status_code == 201
    content = created.json()["responses"][0]["emailContent"]
    assert any(skill in content for skill in skills), (skills, content)
    assert created.json()["resumeId"] == resume["id"]


async def test_regenerate_and_store_an_edit(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "edit@x.co")
    mail = (await client.post(MAILS, json=BODY, headers=headers)).json()
    url = f"{MAILS}/{mail['id']}/responses"
    shorter = await client.post(url, json={"instruction": "Make it shorter"}, headers=headers)
    assert shorter.status_code == 201
    assert shorter.json()["emailContent"]
    edited = await client.post(
        url, json={"subject": "Hello", "emailContent": "My own words."}, headers=headers
    )
    assert edited.status_code == 201
    assert (edited.json()["subject"], edited.json()["emailContent"]) == ("Hello", "My own words.")
    responses = (await client.get(f"{MAILS}/{mail['id']}", headers=headers)).json()["responses"]
    assert [r["id"] for r in responses] == [
        mail["responses"][0]["id"],
        shorter.json()["id"],
        edited.json()["id"],
    ]
    for bad in (
        {},
        {"instruction": "x", "emailContent": "y"},
        {"instruction": "x", "subject": "s"},
        {"subject": "only a subject"},
        {"emailContent": ""},
    ):
        assert (await client.post(url, json=bad, headers=headers)).status_code == 400, bad


async def test_invalid_requests_are_400_and_store_nothing(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "bad@x.co")
    for bad in (
        {**BODY, "recipientName": "  "},
        {k: v for k, v in BODY.items() if k != "companyName"},
        {**BODY, "companyUrl": "not a url"},
        {**BODY, "resumeId": "not-a-uuid"},
        {**BODY, "tone": "casual"},
        {**BODY, "keyPoints": "x" * 5001},
    ):
        response = await client.post(MAILS, json=bad, headers=headers)
        assert response.status_code == 400, bad
    assert await ColdMailRequest.count() == 0


async def test_another_users_mail_and_resume_are_404(client: httpx.AsyncClient) -> None:
    _, owner = await signed_in(client, "owner@x.co")
    _, intruder = await signed_in(client, "intruder@x.co")
    resume = await _resume(client, owner)
    mail = (await client.post(MAILS, json=BODY, headers=owner)).json()
    foreign_resume = await client.post(
        MAILS, json={**BODY, "resumeId": resume["id"]}, headers=intruder
    )
    assert foreign_resume.status_code == 404
    for attempt in (
        client.get(f"{MAILS}/{mail['id']}", headers=intruder),
        client.delete(f"{MAILS}/{mail['id']}", headers=intruder),
        client.post(f"{MAILS}/{mail['id']}/responses", json={"instruction": "x"}, headers=intruder),
    ):
        assert (await attempt).status_code == 404
    assert (await client.get(MAILS, headers=intruder)).json()["total"] == 0
    assert await ColdMailRequest.count() == 1
    assert (await client.get(MAILS)).status_code == 401


async def test_deleting_the_resume_keeps_the_mail(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "keep@x.co")
    resume = await _resume(client, headers)
    mail = (
        await client.post(MAILS, json={**BODY, "resumeId": resume["id"]}, headers=headers)
    ).json()
    await client.delete(f"/api/v1/resumes/{resume['id']}", headers=headers)
    kept = (await client.get(f"{MAILS}/{mail['id']}", headers=headers)).json()
    assert kept["resumeId"] is None
    regenerated = await client.post(
        f"{MAILS}/{mail['id']}/responses", json={"instruction": "formal"}, headers=headers
    )
    assert regenerated.status_code == 201


async def test_pages_newest_first_with_the_total_wherever_they_start(
    client: httpx.AsyncClient,
) -> None:
    _, headers = await signed_in(client, "pages@x.co")
    for i in range(5):
        created = await client.post(
            MAILS, json={**BODY, "companyName": f"Firm {i}"}, headers=headers
        )
        assert created.status_code == 201

    async def page(**params: int) -> tuple[list[str], int]:
        body = (await client.get(MAILS, params=params, headers=headers)).json()
        return [item["companyName"] for item in body["items"]], body["total"]

    assert await page(limit=2) == (["Firm 4", "Firm 3"], 5)  # a full page: counted
    assert await page(limit=2, offset=4) == (["Firm 0"], 5)  # the last page tells the total
    assert await page(limit=2, offset=10) == ([], 5)  # past the end: counted
    assert await page(limit=10) == ([f"Firm {i}" for i in range(4, -1, -1)], 5)
