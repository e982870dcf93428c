"""Bodies of /admin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

import msgspec

from app.auth.schemas import RoleName
from app.core.structs import CamelStruct, Email, RequestStruct, ShortText
from app.jobs.schemas import JobStatus


class RoleChangeIn(RequestStruct):
    role: RoleName


class Stats(CamelStruct):
    users: int
    resumes: int
    analyses: int
    cold_mail_requests: int
    interview_requests: int
    resumes_by_field: dict[str, int]


class RecruiterIn(RequestStruct):
    email: Email
    company_name: ShortText


class RecruiterOut(CamelStruct):
    id: UUID
    email: str
    company_name: str
    created_at: dt.datetime


class BulkError(CamelStruct):
    file: str
    reason: str


class BulkUploadOut(CamelStruct):
    id: UUID
    file_name: str
    total_files: int
    succeeded: int
    failed: int
    uploaded_at: dt.datetime
    errors: list[BulkError]
    status: JobStatus
    # Entries handled so far: succeeded + failed.
    processed: int
    finished_at: dt.datetime | None


UserSearch = Annotated[str, msgspec.Meta(max_length=320)]
