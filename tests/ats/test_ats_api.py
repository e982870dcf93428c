"""ATS evaluations through HTTP with the built-in scorer."""

from __future__ import annotations

import uuid

import httpx
import msgspec

from app.main import create_app
from app.settings import Settings
from tables import AtsEvaluation, User
from tests.ats.samples import JOB, STRONG, WEAK
from tests.conftest import make_client
from tests.helpers import signed_in

EVALUATIONS = "/api/v1/ats-evaluations"
FIELDS = {
    "id",
    "resumeId",
    "jobTitle",
    "companyName",
    "jobDescription",
    "score",
    "components",
    "skills",
    "keywords",
    "sections",
    "experience",
    "suggestions",
    "provider",
    "createdAt",
}


def _of(resume_id: str) -> str:
    return f"/api/v1/resumes/{resume_id}/ats-evaluations"


async def _resume(client: httpx.AsyncClient, headers: dict, text: str = STRONG) -> str:
    response = await client.post(
        "/api/v1/resumes", json={"customName": "CV", "rawText": text}, headers=headers
    )
    assert response.status_code == 201, response.text
    resume_id: str = response.json()["id"]
    return resume_id


async def test_create_shape_get_delete(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "ats@x.co")
    resume_id = await _resume(client, headers)
    body = {"jobDescription": JOB, "jobTitle": " Backend Engineer ", "companyName": "Lumen"}
    created = await client.post(_of(resume_id), json=body, headers=headers)
    assert created.status_code == 201, created.text
    evaluation = created.json()
    assert set(evaluation) == FIELDS
    assert evaluation["resumeId"] == resume_id
    assert evaluation["jobTitle"] == "Backend Engineer"
    assert evaluation["companyName"] == "Lumen"
    assert evaluation["provider"] == "builtin"
    assert isinstance(evaluation["score"], int)
    assert 0 <= evaluation["score"] <= 100
    assert set(evaluation["components"]) == {"skills", "keywords", "experience", "sections"}
    assert set(evaluation["skills"]) == {"required", "preferred", "matched", "missing"}
    assert "Python" in evaluation["skills"]["required"]
    assert all(set(m) == {"name", "evidence"} for m in evaluation["skills"]["matched"])
    assert set(evaluation["keywords"]) == {"matched", "missing"}
    assert set(evaluation["sections"]) == {"present", "missing"}
    assert evaluation["experience"]["requiredYears"] == 5
    # The resume's role is its stored analysis's field, the job's the one its text reads as.
    resume = (await client.get(f"/api/v1/resumes/{resume_id}", headers=headers)).json()
    assert evaluation["experience"]["resumeField"] == resume["analysis"]["predictedField"]
    assert evaluation["experience"]["jobField"] is not None
    assert isinstance(evaluation["suggestions"], list)

    one = await client.get(f"{EVALUATIONS}/{evaluation['id']}", headers=headers)
    assert one.status_code == 200
    assert one.json() == evaluation

    gone = await client.delete(f"{EVALUATIONS}/{evaluation['id']}", headers=headers)
    assert gone.status_code == 204
    assert (
        await client.get(f"{EVALUATIONS}/{evaluation['id']}", headers=headers)
    ).status_code == 404
    assert (
        await client.delete(f"{EVALUATIONS}/{evaluation['id']}", headers=headers)
    ).status_code == 404
    assert await AtsEvaluation.count() == 0


async def test_the_same_inputs_give_the_same_result_and_skills_count(
    client: httpx.AsyncClient,
) -> None:
    _, headers = await signed_in(client, "same@x.co")
    strong = await _resume(client, headers)
    weak = await _resume(client, headers, WEAK)
    first = (await client.post(_of(strong), json={"jobDescription": JOB}, headers=headers)).json()
    second = (await client.post(_of(strong), json={"jobDescription": JOB}, headers=headers)).json()
    volatile = {"id", "createdAt"}
    assert {k: v for k, v in first.items() if k not in volatile} == {
        k: v for k, v in second.items() if k not in volatile
    }
    poor = (await client.post(_of(weak), json={"jobDescription": JOB}, headers=headers)).json()
    assert first["score"] > poor["score"]
    assert poor["skills"]["missing"] == poor["skills"]["required"]
    for name in poor["skills"]["missing"]:
        assert any(name in tip for tip in poor["suggestions"])


async def test_list_newest_first_and_paginated(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "list@x.co")
    resume_id = await _resume(client, headers)
    other_resume = await _resume(client, headers, WEAK)
    ids = []
    for n in range(3):
        body = {"jobDescription": JOB, "jobTitle": f"Role {n}"}
        created = await client.post(_of(resume_id), json=body, headers=headers)
        ids.append(created.json()["id"])
    await client.post(_of(other_resume), json={"jobDescription": JOB}, headers=headers)

    page = (await client.get(_of(resume_id), headers=headers)).json()
    assert page["total"] == 3
    assert (page["limit"], page["offset"]) == (20, 0)
    assert [item["id"] for item in page["items"]] == ids[::-1]
    second = (await client.get(_of(resume_id) + "?limit=2&offset=2", headers=headers)).json()
    assert [item["id"] for item in second["items"]] == [ids[0]]
    assert (second["total"], second["limit"], second["offset"]) == (3, 2, 2)
    assert (await client.get(_of(resume_id) + "?limit=0", headers=headers)).status_code == 400


async def test_others_rows_are_404_and_no_token_is_401(client: httpx.AsyncClient) -> None:
    _, owner = await signed_in(client, "owner@x.co")
    _, stranger = await signed_in(client, "stranger@x.co")
    resume_id = await _resume(client, owner)
    created = await client.post(_of(resume_id), json={"jobDescription": JOB}, headers=owner)
    evaluation_id = created.json()["id"]

    assert (
        await client.post(_of(resume_id), json={"jobDescription": JOB}, headers=stranger)
    ).status_code == 404
    assert (await client.get(_of(resume_id), headers=stranger)).status_code == 404
    assert (await client.get(f"{EVALUATIONS}/{evaluation_id}", headers=stranger)).status_code == 404
    assert (
        await client.delete(f"{EVALUATIONS}/{evaluation_id}", headers=stranger)
    ).status_code == 404
    missing = str(uuid.uuid4())
    assert (
        await client.post(_of(missing), json={"jobDescription": JOB}, headers=owner)
    ).status_code == 404
    assert (await client.get(f"{EVALUATIONS}/{missing}", headers=owner)).status_code == 404
    assert await AtsEvaluation.count() == 1

    assert (await client.post(_of(resume_id), json={"jobDescription": JOB})).status_code == 401
    assert (await client.get(_of(resume_id))).status_code == 401
    assert (await client.get(f"{EVALUATIONS}/{evaluation_id}")).status_code == 401
    assert (await client.delete(f"{EVALUATIONS}/{evaluation_id}")).status_code == 401


async def test_bad_bodies_are_400(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "bad@x.co")
    resume_id = await _resume(client, headers)
    for body in (
        {"jobDescription": "too short"},
        {"jobDescription": " " * 40 + "x" * 20},  # short once trimmed
        {"jobDescription": "x" * 20_001},
        {"jobDescription": JOB, "unknown": 1},
        {"jobDescription": JOB, "jobTitle": "x" * 201},
        {"jobTitle": "Engineer"},
        {},
    ):
        response = await client.post(_of(resume_id), json=body, headers=headers)
        assert response.status_code == 400, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await AtsEvaluation.count() == 0


async def test_deleting_the_resume_or_the_user_deletes_the_evaluations(
    client: httpx.AsyncClient,
) -> None:
    user_id, headers = await signed_in(client, "cascade@x.co")
    first = await _resume(client, headers)
    second = await _resume(client, headers, WEAK)
    await client.post(_of(first), json={"jobDescription": JOB}, headers=headers)
    await client.post(_of(second), json={"jobDescription": JOB}, headers=headers)
    assert await AtsEvaluation.count() == 2

    assert (await client.delete(f"/api/v1/resumes/{first}", headers=headers)).status_code == 204
    assert await AtsEvaluation.count() == 1
    assert (await client.get(_of(first), headers=headers)).status_code == 404

    await User.delete().where(User.id == user_id)
    assert await AtsEvaluation.count() == 0


async def test_evaluations_spend_the_generation_budget(settings: Settings) -> None:
    app = create_app(msgspec.structs.replace(settings, generation_rate_limit=2))
    async with make_client(app) as client:
        _, headers = await signed_in(client, "budget@x.co")
        resume_id = await _resume(client, headers)  # one
        first = await client.post(_of(resume_id), json={"jobDescription": JOB}, headers=headers)
        assert first.status_code == 201  # two
        refused = await client.post(_of(resume_id), json={"jobDescription": JOB}, headers=headers)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        # Reading is free.
        listed = await client.get(_of(resume_id), headers=headers)
        assert listed.json()["total"] == 1


async def test_the_resume_role_is_its_stored_analysis_field(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "role@x.co")
    resume_id = await _resume(client, headers)
    before = await client.post(_of(resume_id), json={"jobDescription": JOB}, headers=headers)
    stored = (await client.get(f"/api/v1/resumes/{resume_id}/analysis", headers=headers)).json()
    replaced = await client.put(
        f"/api/v1/resumes/{resume_id}/analysis",
        json={"predictedField": "Sales", "comprehensiveAnalysis": stored["comprehensiveAnalysis"]},
        headers=headers,
    )
    assert replaced.status_code == 200, replaced.text
    after = await client.post(_of(resume_id), json={"jobDescription": JOB}, headers=headers)
    assert after.json()["experience"]["resumeField"] == "Sales"
    assert before.json()["experience"]["resumeField"] != "Sales"
    # Same text and skills: the other role costs the role's share of experience.
    assert after.json()["components"]["skills"] == before.json()["components"]["skills"]
    assert after.json()["score"] < before.json()["score"]
