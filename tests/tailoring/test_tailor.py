"""POST /resumes/{id}/tailor with the built-in tailor: a new resume of the source's own content."""

from __future__ import annotations

import httpx

from tables import AtsEvaluation, Resume
from tests.helpers import signed_in

SOURCE = """Nora Quist
nora.quist@example.org

Education
BSc Computer Science, University of Porto, 2014

Skills
Photoshop, Illustrator
Python, Django, PostgreSQL, Docker

Experience
Harbourline - Backend Developer
Jan 2019 - Dec 2023
Organised the office party and the team's book club.
Built the booking API in Python and Django on PostgreSQL, shipped in Docker containers.
Kept the wiki tidy.
"""

JOB = """Senior Kotlin Developer

We need a backend developer for our booking platform. Requirements: Python, Django and
PostgreSQL, Kubernetes for deployment, 3+ years of experience building booking APIs."""


def _url(resume_id: str) -> str:
    return f"/api/v1/resumes/{resume_id}/tailor"


async def _source(client: httpx.AsyncClient, headers: dict[str, str]) -> dict:
    created = await client.post(
        "/api/v1/resumes", json={"customName": "Nora", "rawText": SOURCE}, headers=headers
    )
    assert created.status_code == 201, created.text
    return created.json()


async def test_a_tailored_copy_puts_the_job_first_and_claims_nothing_new(
    client: httpx.AsyncClient,
) -> None:
    _, headers = await signed_in(client, "tailor@x.co")
    source = await _source(client, headers)
    body = {"jobDescription": JOB, "jobTitle": "Senior Kotlin Developer", "companyName": "Lumo"}
    response = await client.post(_url(source["id"]), json=body, headers=headers)
    assert response.status_code == 201, response.text
    made = response.json()
    copy = made["resume"]
    assert (copy["source"], copy["parentId"]) == ("tailored", source["id"])
    assert copy["customName"] == "Nora - for Senior Kotlin Developer"
    assert copy["showInCentral"] is False
    text = copy["rawText"]
    # Nothing the source lacks: not Kotlin (even in the role's name), not Kubernetes.
    source_skills = set(source["analysis"]["comprehensiveAnalysis"]["skills"]["technical"])
    copy_skills = set(copy["analysis"]["comprehensiveAnalysis"]["skills"]["technical"])
    assert copy_skills <= source_skills
    assert "Kotlin" not in text
    assert "Kubernetes" not in text
    # A summary naming the role, the job's skills first, the most relevant line as a highlight.
    lines = text.splitlines()
    summary = lines[lines.index("Summary") + 1]
    assert summary.startswith("Senior Developer with ")
    assert "Python, Django and PostgreSQL" in summary
    key_skills = lines[lines.index("Key Skills") + 1].split(", ")
    assert key_skills[:3] == ["Python", "Django", "PostgreSQL"]
    assert set(key_skills) <= source_skills
    highlight = lines[lines.index("Highlights") + 1]
    assert (
        highlight == "- Built the booking API in Python and Django on PostgreSQL, shipped in "
        "Docker containers."
    )
    # The skills come before the education now; every line of the source is still there.
    assert text.index("Skills\n") < text.index("Education")
    assert all(line.strip() in text for line in SOURCE.splitlines())

    before, after = made["atsBefore"], made["atsAfter"]
    assert (before["resumeId"], after["resumeId"]) == (source["id"], copy["id"])
    assert after["score"] >= before["score"]
    assert before["jobTitle"] == after["jobTitle"] == "Senior Kotlin Developer"
    for resume_id, evaluation in ((source["id"], before), (copy["id"], after)):
        listed = await client.get(f"/api/v1/resumes/{resume_id}/ats-evaluations", headers=headers)
        assert [item["id"] for item in listed.json()["items"]] == [evaluation["id"]]
    listed = (await client.get("/api/v1/resumes", headers=headers)).json()["items"]
    assert {(item["id"], item["source"]) for item in listed} == {
        (source["id"], "text"),
        (copy["id"], "tailored"),
    }


async def test_deleting_the_source_keeps_its_copies(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "orphan@x.co")
    source = await _source(client, headers)
    made = await client.post(_url(source["id"]), json={"jobDescription": JOB}, headers=headers)
    copy_id = made.json()["resume"]["id"]
    assert made.json()["resume"]["customName"] == "Nora - for a job"
    assert (
        await client.delete(f"/api/v1/resumes/{source['id']}", headers=headers)
    ).status_code == 204
    copy = (await client.get(f"/api/v1/resumes/{copy_id}", headers=headers)).json()
    assert (copy["source"], copy["parentId"]) == ("tailored", None)


async def test_another_users_resume_and_bad_bodies_store_nothing(
    client: httpx.AsyncClient,
) -> None:
    _, owner = await signed_in(client, "own@x.co")
    source = await _source(client, owner)
    _, stranger = await signed_in(client, "stranger@x.co")
    url = _url(source["id"])
    assert (
        await client.post(url, json={"jobDescription": JOB}, headers=stranger)
    ).status_code == 404
    for bad in (
        {},
        {"jobDescription": "too short"},
        {"jobDescription": JOB, "customName": ""},
        {"jobDescription": JOB, "extra": 1},
    ):
        assert (await client.post(url, json=bad, headers=owner)).status_code in (400, 422), bad
    assert await Resume.count() == 1
    assert await AtsEvaluation.count() == 0
    named = await client.post(
        url, json={"jobDescription": JOB, "customName": "For Lumo"}, headers=owner
    )
    assert named.json()["resume"]["customName"] == "For Lumo"
