"""A job committed by the API whose work never reached the engine (the API stopped in between)
is failed by the workers' sweep after a minute, with its bulk upload, instead of waiting forever."""

from __future__ import annotations

import datetime as dt

import httpx
import procrastinate

from app.jobs.tasks import NEVER_QUEUED, RETRY_STALLED_JOBS
from tables import Job
from tests.conftest import JobRunner
from tests.helpers import signed_in
from tests.resumes import files

BULK = "/api/v1/admin/bulk-uploads"
JOBS = "/api/v1/admin/jobs"


async def test_a_job_never_queued_fails_after_a_minute(
    client: httpx.AsyncClient, jobs: JobRunner, job_engine: procrastinate.App
) -> None:
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    uploads = [
        (await client.post(BULK, files={"file": ("a.zip", files.resume_archive(2))}, headers=admin))
        for _ in range(2)
    ]
    old_upload = uploads[0].json()
    recent, old = (await client.get(JOBS, headers=admin)).json()["items"]  # newest first
    await Job.raw("DELETE FROM procrastinate_jobs")  # as if the API died before deferring
    await Job.update({Job.created_at: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)}).where(
        Job.id == old["id"]
    )

    await job_engine.tasks[RETRY_STALLED_JOBS].defer_async(timestamp=0)
    await jobs.run()

    job = (await client.get(f"{JOBS}/{old['id']}", headers=admin)).json()
    assert (job["status"], job["error"]) == ("failed", NEVER_QUEUED)
    upload = (await client.get(f"{BULK}/{old_upload['id']}", headers=admin)).json()
    assert (upload["status"], upload["processed"]) == ("failed", 0)
    assert upload["finishedAt"] is not None
    waiting = (await client.get(f"{JOBS}/{recent['id']}", headers=admin)).json()
    assert waiting["status"] == "queued"  # still within the minute deferring may take
