"""POST /admin/reanalysis: a job that re-runs the server's analyser over a scope of resumes, in
batches shared by the workers, counted once each, leaving clients' own analyses alone."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx
import procrastinate
import pytest

from app.jobs.tasks import REANALYSIS_BATCH
from app.reanalysis.batches import BATCH_RESUMES
from tables import Analysis, Job, Resume
from tests.conftest import JobRunner
from tests.helpers import signed_in

RESUMES = "/api/v1/resumes"
REANALYSIS = "/api/v1/admin/reanalysis"
JOBS = "/api/v1/admin/jobs"
CV = "Jane Roe\nSkills\nPython, Django, PostgreSQL\nExperience\nBackend Developer at Acme\n"
CLIENT_ANALYSIS = {
    "skills": {"technical": ["Cobol"], "soft": []},
    "experience": [],
    "projects": [],
    "education": [],
}

pytestmark = pytest.mark.embedded_smoke


async def _resume(client: httpx.AsyncClient, headers: dict[str, str], central: bool) -> str:
    body = {"customName": "CV", "rawText": CV, "showInCentral": central}
    response = await client.post(RESUMES, json=body, headers=headers)
    assert response.status_code == 201, response.text
    resume_id: str = response.json()["id"]
    return resume_id


async def _make_stale(resume_id: str) -> None:
    """As if an older analyser had made it: another field, no skills."""
    await Analysis.update(
        {Analysis.predicted_field: "HR", Analysis.comprehensive_analysis: CLIENT_ANALYSIS}
    ).where(Analysis.resume_id == resume_id)


async def _analysis(client: httpx.AsyncClient, headers: dict[str, str], resume_id: str) -> Any:
    return (await client.get(f"{RESUMES}/{resume_id}/analysis", headers=headers)).json()


async def test_scopes_progress_and_clients_analyses_left_alone(
    client: httpx.AsyncClient, jobs: JobRunner, caplog: pytest.LogCaptureFixture
) -> None:
    _, owner = await signed_in(client, "owner@x.co")
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    shared, private, own_choice = [
        await _resume(client, owner, central) for central in (True, False, True)
    ]
    put = await client.put(
        f"{RESUMES}/{own_choice}/analysis",
        json={"predictedField": "HR", "comprehensiveAnalysis": CLIENT_ANALYSIS},
        headers=owner,
    )
    assert put.status_code == 200
    for stale in (shared, private):
        await _make_stale(stale)

    queued = await client.post(REANALYSIS, json={"scope": "central"}, headers=admin)
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert (job["kind"], job["status"], job["done"], job["total"]) == ("reanalysis", "queued", 0, 1)
    await jobs.run()

    finished = (await client.get(f"{JOBS}/{job['id']}", headers=admin)).json()
    assert (finished["status"], finished["done"], finished["total"]) == ("done", 1, 1)
    assert finished["startedAt"] <= finished["finishedAt"]
    # Its start and finish are logged with its id; the finish with its status and duration.
    logged = [r for r in caplog.records if getattr(r, "job_id", None) == job["id"]]
    assert [r.getMessage() for r in logged] == ["job started", "job finished"]
    assert (logged[1].kind, logged[1].status) == ("reanalysis", "done")
    assert logged[1].seconds >= 0
    redone = await _analysis(client, owner, shared)
    assert redone["predictedField"] != "HR"
    assert "Python" in redone["comprehensiveAnalysis"]["skills"]["technical"]
    assert redone["origin"] == "builtin"
    assert (await _analysis(client, owner, private))["predictedField"] == "HR"  # not central
    kept = await _analysis(client, owner, own_choice)
    assert (kept["predictedField"], kept["origin"]) == ("HR", "client")
    assert kept["comprehensiveAnalysis"] == CLIENT_ANALYSIS

    everything = (await client.post(REANALYSIS, json={"scope": "all"}, headers=admin)).json()
    assert everything["total"] == 2  # the client's analysis is not counted either
    await jobs.run()
    assert (await _analysis(client, owner, private))["predictedField"] != "HR"
    assert (await _analysis(client, owner, own_choice))["origin"] == "client"


async def test_batches_count_once_and_deleted_resumes_count_as_done(
    client: httpx.AsyncClient, jobs: JobRunner, job_engine: procrastinate.App
) -> None:
    owner, _ = await signed_in(client, "owner@x.co")
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    count = 2 * BATCH_RESUMES + 5
    rows = await Resume.insert(
        *(Resume(user_id=owner, custom_name=f"CV {n}", raw_text=CV) for n in range(count))
    ).returning(Resume.id)  # without analyses: re-analysis gives them one
    job = (await client.post(REANALYSIS, json={"scope": "all"}, headers=admin)).json()
    assert job["total"] == count
    # The first batch queued once more (as a retried engine job would be), to run first, while
    # the job is under way; and a resume gone.
    first_batch = sorted(str(row["id"]) for row in rows)[:BATCH_RESUMES]
    again = job_engine.tasks[REANALYSIS_BATCH].configure(priority=1)
    await again.defer_async(job_id=job["id"], step=0, resume_ids=first_batch, scope="all")
    await Resume.delete().where(Resume.id == UUID(first_batch[-1]))

    await jobs.run()
    finished = (await client.get(f"{JOBS}/{job['id']}", headers=admin)).json()
    assert (finished["status"], finished["done"], finished["total"]) == ("done", count, count)
    assert await Analysis.count() == count - 1
    assert await Analysis.count().where(Analysis.origin == "builtin") == count - 1


async def test_nothing_to_do_is_done_at_once(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    job = (await client.post(REANALYSIS, json={"scope": "central"}, headers=admin)).json()
    assert (job["status"], job["done"], job["total"]) == ("done", 0, 0)
    assert job["finishedAt"] is not None


async def test_only_admins_start_it_and_bad_scopes_change_nothing(
    client: httpx.AsyncClient,
) -> None:
    _, user = await signed_in(client, "user@x.co")
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    assert (await client.post(REANALYSIS, json={"scope": "all"})).status_code == 401
    assert (await client.post(REANALYSIS, json={"scope": "all"}, headers=user)).status_code == 403
    for bad in ({"scope": "everything"}, {}, {"scope": "all", "extra": 1}, [], "all"):
        response = await client.post(REANALYSIS, json=bad, headers=admin)
        assert response.status_code == 400, (bad, response.text)
    assert await Job.count() == 0
