"""Admin's SQL: everyone's users with their counts, totals, recruiter profiles, bulk uploads."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from app.auth.repository import USER_ROLE, USERS_WITH_ROLE
from app.core.pagination import PageQuery, fetch_page
from app.db import fetch_one
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
    admin_id: UUID, file_name: str, total_files: int, errors: list[dict[str, str]]
) -> dict[str, Any]:
    """The batch's record; its `errors` come back as JSON text, as every read gives them."""
    rows = await BulkUpload.insert(
        BulkUpload(
            admin_id=admin_id,
            file_name=file_name,
            total_files=total_files,
            succeeded=total_files - len(errors),
            failed=len(errors),
            errors=errors,
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
