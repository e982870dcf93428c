"""POST /central/matches: a recruiter pastes a job description and gets the shared resumes that
best meet it, scored by the ATS scorer, best first."""

from __future__ import annotations

from typing import Any

import httpx

from tables import Analysis
from tests.helpers import signed_in

RESUMES = "/api/v1/resumes"
MATCHES = "/api/v1/central/matches"
JAVA = (
    "Backend Engineer\nSkills\nJava, Spring Boot, Hibernate, SQL, Maven\n"
    "Experience\nJava Developer at Acme (2016 - 2023)\nBuilt REST services with Spring Boot.\n"
    "Education\nB.Tech Computer Science, Pune University, 2015\n"
)
PYTHON = (
    "Data Scientist\nSkills\nPython, pandas, scikit-learn, SQL\n"
    "Experience\nData Scientist at Initech (2019 - 2023)\n"
)
RECRUITER = "HR Executive\nSkills\nRecruitment, onboarding, payroll\nExperience\nHR at Globex\n"
JOB = (
    "We are hiring a Java Developer with 5+ years of experience. Requirements: Java, Spring "
    "Boot, Hibernate, SQL and Kubernetes. Nice to have: Kafka. You will build REST services."
)


async def _resume(
    client: httpx.AsyncClient, headers: dict[str, str], name: str, text: str, shared: bool = True
) -> None:
    body = {"customName": name, "rawText": text, "showInCentral": shared}
    assert (await client.post(RESUMES, json=body, headers=headers)).status_code == 201


async def _match(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> Any:
    response = await client.post(MATCHES, json={"jobDescription": JOB, **body}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_best_candidates_first_with_their_skills(client: httpx.AsyncClient) -> None:
    _, owner = await signed_in(client, "owner@x.co")
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    await _resume(client, owner, "java", JAVA)
    await _resume(client, owner, "python", PYTHON)
    await _resume(client, owner, "hr", RECRUITER)
    await _resume(client, owner, "private java", JAVA, shared=False)

    found = await _match(client, admin)
    names = [item["customName"] for item in found["items"]]
    assert names[0] == "java"
    assert "private java" not in names
    assert found["total"] == len(found["items"])
    best = found["items"][0]
    assert {"Java", "Spring Boot", "Hibernate", "SQL"} <= set(best["matchedSkills"])
    assert "Kubernetes" in best["missingSkills"]
    assert best["owner"]["email"] == "owner@x.co"
    scores = [item["score"] for item in found["items"]]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 100 for score in scores)
    if "python" in names:
        python = found["items"][names.index("python")]
        assert python["score"] < best["score"]
        assert "Java" in python["missingSkills"]
    assert set(best) == {
        "id", "customName", "showInCentral", "uploadedAt", "source", "predictedField", "owner",
        "score", "matchedSkills", "missingSkills",
    }  # fmt: skip
    assert best["source"] == "text"

    assert len((await _match(client, admin, limit=1))["items"]) == 1
    in_field = await _match(client, admin, field=best["predictedField"])
    assert {item["predictedField"] for item in in_field["items"]} == {best["predictedField"]}
    nobody = await _match(client, admin, field="Advocate")
    assert nobody == {"items": [], "total": 0}


async def test_admins_only_and_bad_bodies_are_400(client: httpx.AsyncClient) -> None:
    _, user = await signed_in(client, "user@x.co")
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    assert (await client.post(MATCHES, json={"jobDescription": JOB})).status_code == 401
    response = await client.post(MATCHES, json={"jobDescription": JOB}, headers=user)
    assert response.status_code == 403
    for bad in (
        {"jobDescription": "Java please"},
        {"jobDescription": JOB, "limit": 0},
        {"jobDescription": JOB, "limit": 51},
        {"jobDescription": JOB, "salary": 1},
        {},
    ):
        response = await client.post(MATCHES, json=bad, headers=admin)
        assert response.status_code == 400, (bad, response.text)


async def test_a_match_scores_what_an_ats_evaluation_of_the_resume_scores(
    client: httpx.AsyncClient,
) -> None:
    """Matching reads each resume's stored ATS profile; an evaluation reads the text itself.
    Both give one score, and so does a resume whose analysis has no profile yet."""
    _, owner = await signed_in(client, "same-score@x.co")
    _, admin = await signed_in(client, "same-admin@x.co", role="Admin")
    for name, text in (("java", JAVA), ("python", PYTHON), ("hr", RECRUITER)):
        await _resume(client, owner, name, text)
    assert await Analysis.count().where(Analysis.ats_profile.is_null()) == 0
    listed = (await client.get(RESUMES, headers=owner)).json()["items"]
    evaluated = {}
    for resume_id in (item["id"] for item in listed):
        url = f"{RESUMES}/{resume_id}/ats-evaluations"
        response = await client.post(url, json={"jobDescription": JOB}, headers=owner)
        evaluated[resume_id] = response.json()
    stored = {item["id"]: item for item in (await _match(client, admin))["items"]}
    # An analysis from before profiles: read from the text, the same.
    await Analysis.update({Analysis.ats_profile: None}, force=True)
    read_again = {item["id"]: item for item in (await _match(client, admin))["items"]}
    assert set(stored) == set(read_again)
    assert len(stored) >= 2
    assert set(stored) <= set(evaluated)
    for resume_id in stored:
        evaluation = evaluated[resume_id]
        for match in (stored[resume_id], read_again[resume_id]):
            assert match["score"] == evaluation["score"]
            assert match["missingSkills"] == evaluation["skills"]["missing"]
            assert match["matchedSkills"] == [m["name"] for m in evaluation["skills"]["matched"]]


async def test_the_profile_follows_the_analysis(client: httpx.AsyncClient) -> None:
    _, owner = await signed_in(client, "profile@x.co")
    await _resume(client, owner, "java", JAVA)
    resume_id = (await client.get(RESUMES, headers=owner)).json()["items"][0]["id"]

    async def profile() -> dict[str, Any]:
        row = await Analysis.select(Analysis.ats_profile).output(load_json=True).first()
        assert row is not None
        stored: dict[str, Any] = row["ats_profile"]
        return stored

    first = await profile()
    assert {"Java", "Spring Boot", "Hibernate"} <= set(first["skills"])
    assert first["field"] == "Java Developer"
    analysis = (await client.get(f"{RESUMES}/{resume_id}/analysis", headers=owner)).json()
    put = await client.put(
        f"{RESUMES}/{resume_id}/analysis",
        json={
            "predictedField": "Sales",
            "comprehensiveAnalysis": analysis["comprehensiveAnalysis"],
        },
        headers=owner,
    )
    assert put.status_code == 200
    assert (await profile())["field"] == "Sales"
    rerun = await client.post(f"{RESUMES}/{resume_id}/analysis", headers=owner)
    assert rerun.status_code == 201
    assert await profile() == first
