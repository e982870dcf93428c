"""GET /admin/jobs: every Admin sees every job, newest first."""

from __future__ import annotations

import httpx

from tables import Job
from tests.conftest import JobRunner
from tests.helpers import signed_in
from tests.resumes import files

JOBS = "/api/v1/admin/jobs"
BULK = "/api/v1/admin/bulk-uploads"


async def test_jobs_are_listed_to_every_admin_newest_first(
    client: httpx.AsyncClient, jobs: JobRunner
) -> None:
    _, first = await signed_in(client, "one@x.co", role="Admin")
    _, second = await signed_in(client, "two@x.co", role="Admin")
    for count in (3, 1):
        response = await client.post(
            BULK, files={"file": ("a.zip", files.resume_archive(count))}, headers=first
        )
        assert response.status_code == 202, response.text

    queued = (await client.get(JOBS, headers=second)).json()
    assert (queued["total"], queued["limit"], queued["offset"]) == (2, 20, 0)
    newest, oldest = queued["items"]
    assert (newest["total"], oldest["total"]) == (1, 3)  # newest first
    assert newest["kind"] == "bulk_upload"
    assert (newest["status"], newest["done"], newest["error"]) == ("queued", 0, None)
    assert (newest["startedAt"], newest["finishedAt"]) == (None, None)
    assert set(newest) == {
        "id", "kind", "status", "done", "total", "error", "createdAt", "startedAt", "finishedAt",
    }  # fmt: skip

    await jobs.run()
    done = (await client.get(f"{JOBS}/{oldest['id']}", headers=second)).json()
    assert (done["status"], done["done"], done["total"]) == ("done", 3, 3)
    assert done["createdAt"] <= done["startedAt"] <= done["finishedAt"]
    page = (await client.get(JOBS, params={"limit": 1, "offset": 1}, headers=first)).json()
    assert (page["total"], [j["id"] for j in page["items"]]) == (2, [oldest["id"]])


async def test_an_unknown_job_is_404(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    unknown = await client.get(f"{JOBS}/00000000-0000-0000-0000-000000000000", headers=admin)
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(f"{JOBS}/not-a-uuid", headers=admin)).status_code == 404
    assert await Job.count() == 0
