"""Bodies of /admin/jobs."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from app.core.structs import CamelStruct

# The values of tables/jobs.py's JOB_KINDS and JOB_STATUSES (a test keeps them equal).
JobKind = Literal["bulk_upload", "reanalysis", "cleanup"]
JobStatus = Literal["queued", "running", "done", "failed"]


class JobOut(CamelStruct):
    id: UUID
    kind: JobKind
    status: JobStatus
    done: int
    total: int
    error: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
