"""Admin's SQL: everyone's users with their counts, totals, recruiter profiles, bulk uploads
(accepted by the API, counted entry by entry by the workers)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from uuid import UUID

from app.auth.repository import USER_ROLE, USERS_WITH_ROLE
from app.core.pagination import PageQuery, fetch_page
from app.db import fetch, fetch_one
from app.users.repository import users_with_counts
from tables import BulkUpload, Recruiter

# Filters of the users list (aliases `u` and `r`, as users_with_counts has them).
# strpos, not LIKE: the search text is matched literally (no % or _ wildcards).
_NAMED_LIKE = "(strpos(lower(u.email), {}) > 0 OR strpos(lower(u.name), {}) > 0)"
_IN_ROLE = f"{USER_ROLE} = {{}}"
_NEWEST_USERS = "ORDER BY u.created_at DESC, u.id DESC"

_TOTALS = """
SELECT (SELECT count(*) FROM "user") AS users,
       (SELECT count(*) FROM resume) AS resumes,
       (SELECT count(*) FROM analysis) AS analyses,
       (SELECT count(*) FROM cold_mail_request) AS cold_mail_requests,
       (SELECT count(*) FROM interview_request) AS interview_requests,
       (SELECT COALESCE(jsonb_object_agg(predicted_field, n), jsonb_build_object())
        FROM (SELECT predicted_field, count(*) AS n FROM analysis
              GROUP BY predicted_field) AS fields) AS resumes_by_field
"""

RECRUITER_COLUMNS = [Recruiter.id, Recruiter.email, Recruiter.company_name, Recruiter.created_at]
BULK_COLUMNS = [
    BulkUpload.id,
    BulkUpload.file_name,
    BulkUpload.total_files,
    BulkUpload.succeeded,
    BulkUpload.failed,
    BulkUpload.uploaded_at,
    BulkUpload.errors,
    BulkUpload.status,
    BulkUpload.processed,
    BulkUpload.finished_at,
]
_BULK_NAMES = ", ".join(column._meta.db_column_name for column in BULK_COLUMNS)
_MY_BULK = "FROM bulk_upload WHERE admin_id = {}"


async def users_page(
    q: str | None, role: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Rows of users_with_counts, newest first, and the total.

    The page's users are picked first on their own; their counts are computed for them alone.
    """
    where: list[str] = []
    args: list[Any] = []
    if q:
        where.append(_NAMED_LIKE)
        args += [q.lower(), q.lower()]
    if role:
        where.append(_IN_ROLE)
        args.append(role)
    condition = f"WHERE {' AND '.join(where)}" if where else ""
    page_ids = f"SELECT u.id {USERS_WITH_ROLE} {condition} {_NEWEST_USERS} LIMIT {{}} OFFSET {{}}"
    page_sql = users_with_counts(f"WHERE u.id IN ({page_ids})", _NEWEST_USERS)
    count_sql = f"SELECT count(*) AS n {USERS_WITH_ROLE} {condition}"
    return await fetch_page(PageQuery(page_sql, args, count_sql, args), limit, offset)


async def totals() -> dict[str, Any]:
    """Counts of every kind of row, and analyses per predicted field (a dict)."""
    row = await fetch_one(_TOTALS)
    assert row is not None
    return {**row, "resumes_by_field": json.loads(row["resumes_by_field"])}  # jsonb as text


async def recruiter(admin_id: UUID) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await Recruiter.select(*RECRUITER_COLUMNS).where(Recruiter.admin_id == admin_id).first()
    )
    return row


async def put_recruiter(admin_id: UUID, email: str, company_name: str) -> dict[str, Any]:
    """The admin's one profile, created or replaced."""
    rows = (
        await Recruiter.insert(Recruiter(admin_id=admin_id, email=email, company_name=company_name))
        .on_conflict(
            target=Recruiter.admin_id,
            action="DO UPDATE",
            values=[Recruiter.email, Recruiter.company_name],
        )
        .returning(*RECRUITER_COLUMNS)
    )
    stored: dict[str, Any] = rows[0]
    return stored


async def delete_recruiter(admin_id: UUID) -> bool:
    deleted = await Recruiter.delete().where(Recruiter.admin_id == admin_id).returning(Recruiter.id)
    return bool(deleted)


async def insert_bulk_upload(
    admin_id: UUID, file_name: str, total_files: int, archive: bytes | None, job_id: UUID
) -> dict[str, Any]:
    """The upload's record, queued with its archive (or done at once when it has no entry);
    its `errors` come back as JSON text, as every read gives them."""
    rows = await BulkUpload.insert(
        BulkUpload(
            admin_id=admin_id,
            file_name=file_name,
            total_files=total_files,
            archive=archive,
            job_id=job_id,
            status="queued" if total_files else "done",
            finished_at=None if total_files else dt.datetime.now(dt.UTC),
        )
    ).returning(*BULK_COLUMNS)
    stored: dict[str, Any] = rows[0]
    return stored


async def bulk_uploads_page(
    admin_id: UUID, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """The admin's bulk uploads, newest first, picked on the owner index; and the total."""
    query = PageQuery(
        f"SELECT {_BULK_NAMES} {_MY_BULK} ORDER BY uploaded_at DESC, id DESC "
        "LIMIT {} OFFSET {}",
        [admin_id],
        f"SELECT count(*) AS n {_MY_BULK}",
        [admin_id],
    )
    return await fetch_page(query, limit, offset)


async def bulk_upload(admin_id: UUID, upload_id: UUID) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await BulkUpload.select(*BULK_COLUMNS)
        .where((BulkUpload.id == upload_id) & (BulkUpload.admin_id == admin_id))
        .first()
    )
    return row


# -- the workers' side: an entry is counted once, and the last one finishes the upload ------

_IN_PROGRESS = "status IN ('queued', 'running')"
_LAST = "processed + 1 >= total_files"
# Counts one more entry; the last one marks the upload done and drops its archive.
_COUNT_ENTRY = f"""
UPDATE bulk_upload SET processed = processed + 1,
    succeeded = succeeded + {{}}, failed = failed + {{}}, errors = errors || {{}}::jsonb,
    status = CASE WHEN {_LAST} THEN 'done' ELSE 'running' END,
    finished_at = CASE WHEN {_LAST} THEN now() END,
    archive = CASE WHEN {_LAST} THEN NULL ELSE archive END
WHERE id = {{}} AND {_IN_PROGRESS}
"""
_RETURNING = "RETURNING job_id, processed, status"
_COUNT_SUCCESS = f"{_COUNT_ENTRY} {_RETURNING}"
# An error is added only when its entry has none yet (another worker may have been first).
_COUNT_FAILURE = (
    f"{_COUNT_ENTRY} AND NOT errors @> jsonb_build_array(jsonb_build_object('file', {{}}::text))"
    f" {_RETURNING}"
)
_START = "UPDATE bulk_upload SET status = 'running' WHERE id = {} AND status = 'queued'"
_FAIL = f"""
UPDATE bulk_upload SET status = 'failed', finished_at = now(), archive = NULL
WHERE id = {{}} AND {_IN_PROGRESS}
"""
_FAIL_OF_JOB = f"""
UPDATE bulk_upload SET status = 'failed', finished_at = now(), archive = NULL
WHERE job_id = {{}} AND {_IN_PROGRESS}
"""
_RECORDED = """
SELECT bulk_entry AS entry FROM resume WHERE bulk_upload_id = {}
UNION ALL
SELECT e ->> 'file' FROM bulk_upload, jsonb_array_elements(errors) AS e WHERE id = {}
"""


async def upload_in_progress(upload_id: UUID) -> dict[str, Any] | None:
    """What a worker needs of an upload still to process; None once finished or deleted."""
    return await fetch_one(
        f"SELECT id, admin_id, job_id FROM bulk_upload WHERE id = {{}} AND {_IN_PROGRESS}",
        upload_id,
    )


async def archive(upload_id: UUID) -> bytes | None:
    row = await fetch_one("SELECT archive FROM bulk_upload WHERE id = {}", upload_id)
    return row["archive"] if row else None


async def start(upload_id: UUID) -> bool:
    """Queued becomes running; False when another chunk got there first."""
    return bool(await fetch(f"{_START} RETURNING id", upload_id))


async def recorded_entries(upload_id: UUID) -> set[str]:
    """Names of the entries already stored as resumes or listed as errors."""
    return {row["entry"] for row in await fetch(_RECORDED, upload_id, upload_id)}


async def count_success(upload_id: UUID) -> dict[str, Any] | None:
    """The upload's job and progress after one more stored entry; None if it is not running."""
    return await fetch_one(_COUNT_SUCCESS, 1, 0, "[]", upload_id)


async def count_failure(upload_id: UUID, entry: str, reason: str) -> dict[str, Any] | None:
    """The same for an entry listed in `errors`; None also when it is listed already."""
    error = json.dumps([{"file": entry, "reason": reason}])
    return await fetch_one(_COUNT_FAILURE, 0, 1, error, upload_id, entry)


async def fail(upload_id: UUID) -> None:
    await fetch(_FAIL, upload_id)


async def fail_of_job(job_id: UUID) -> None:
    await fetch(_FAIL_OF_JOB, job_id)
