"""The hourly clean-up job: dead sessions and used or expired tokens are deleted, live ones kept."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import httpx
import procrastinate
import pytest

from app.auth.repository import TokenTable
from app.auth.tokens import new_token
from app.jobs.tasks import CLEANUP, CLEANUP_CRON, CLEANUP_KEPT
from tables import EmailVerificationToken, Job, PasswordResetToken, Session
from tests.conftest import JobRunner
from tests.helpers import signed_in

ME = "/api/v1/me"

pytestmark = pytest.mark.embedded_smoke


def _token_rows(table: TokenTable, user_id: UUID, now: dt.datetime) -> list[Any]:
    """A live, a used and an expired token."""
    hour = dt.timedelta(hours=1)
    return [
        table(user_id=user_id, token=new_token()[1], expires_at=expires, used_at=used)
        for expires, used in ((now + hour, None), (now + hour, now), (now - hour, None))
    ]


async def test_dead_sessions_and_tokens_go_live_ones_stay(
    client: httpx.AsyncClient, jobs: JobRunner, job_engine: procrastinate.App
) -> None:
    user_id, live = await signed_in(client, "user@x.co")
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    gone_id, expired = await signed_in(client, "gone@x.co")
    now = dt.datetime.now(dt.UTC)
    await Session.update({Session.expires: now - dt.timedelta(minutes=1)}).where(
        Session.user_id == gone_id
    )
    for table in (EmailVerificationToken, PasswordResetToken):
        await table.insert(*_token_rows(table, user_id, now))
    sessions_before = await Session.count()
    week_ago = now - CLEANUP_KEPT - dt.timedelta(minutes=1)
    await Job.insert(
        *(Job(kind=kind, status="done", finished_at=week_ago) for kind in ("cleanup", "reanalysis"))
    )

    assert CLEANUP_CRON.split()[1:] == ["*", "*", "*", "*"]  # hourly
    await job_engine.tasks[CLEANUP].defer_async(timestamp=int(now.timestamp()))
    await jobs.run()

    assert await Session.count() == sessions_before - 1
    assert (await client.get(ME, headers=live)).status_code == 200
    assert (await client.get(ME, headers=expired)).status_code == 401
    for table in (EmailVerificationToken, PasswordResetToken):
        assert await table.count() == 1
        assert await table.count().where(table.used_at.is_null()) == 1
    job = (await client.get("/api/v1/admin/jobs", headers=admin)).json()["items"][0]
    assert (job["kind"], job["status"], job["done"], job["total"]) == ("cleanup", "done", 1, 1)
    # The clean-ups' own rows are kept a week; other jobs stay.
    assert {row["kind"] for row in await Job.select(Job.kind)} == {"cleanup", "reanalysis"}
    assert await Job.count() == 2
