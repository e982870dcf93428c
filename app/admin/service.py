"""Admin views over everyone's data: users with counts, totals, recruiter profiles."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from litestar.exceptions import NotFoundException

from app.admin.schemas import RecruiterOut, Stats
from app.core.pagination import Page, PageQuery, fetch_page
from app.users.repository import ME_QUERY
from app.users.schemas import MeOut, me_from_row
from tables import Recruiter, User


async def list_users(q: str | None, role: str | None, limit: int, offset: int) -> Page[MeOut]:
    """Users with their counts, newest first, in one query per page."""
    where: list[str] = []
    args: list[Any] = []
    if q:
        # strpos, not LIKE: the search text is matched literally (no % or _ wildcards).
        where.append("(strpos(lower(u.email), {}) > 0 OR strpos(lower(u.name), {}) > 0)")
        args += [q.lower(), q.lower()]
    if role:
        where.append("COALESCE(r.name, 'User') = {}")
        args.append(role)
    condition = f"WHERE {' AND '.join(where)}" if where else ""
    page_sql = (
        ME_QUERY.replace(' FROM "user" u', ', count(*) OVER () AS total FROM "user" u')
        + f" {condition} ORDER BY u.created_at DESC, u.id DESC LIMIT {{}} OFFSET {{}}"
    )
    count_sql = (
        'SELECT count(*) AS n FROM "user" u LEFT JOIN role r ON r.id = u.role_id ' + condition
    )
    rows, total = await fetch_page(PageQuery(page_sql, args, count_sql, args), limit, offset)
    return Page(items=[me_from_row(r) for r in rows], total=total, limit=limit, offset=offset)


async def stats() -> Stats:
    """Totals and resumes per predicted field, counted by PostgreSQL."""
    rows = await User.raw(
        """
        SELECT (SELECT count(*) FROM "user") AS users,
               (SELECT count(*) FROM resume) AS resumes,
               (SELECT count(*) FROM analysis) AS analyses,
               (SELECT count(*) FROM cold_mail_request) AS cold_mail_requests,
               (SELECT count(*) FROM interview_request) AS interview_requests,
               (SELECT COALESCE(jsonb_object_agg(predicted_field, n), jsonb_build_object())
                FROM (SELECT predicted_field, count(*) AS n FROM analysis
                      GROUP BY predicted_field) AS fields) AS resumes_by_field
        """
    )
    row = dict(rows[0])
    by_field = json.loads(row.pop("resumes_by_field"))  # asyncpg hands jsonb over as text
    return Stats(**row, resumes_by_field=by_field)


_RECRUITER_COLUMNS = "id, email, company_name, created_at"


async def get_recruiter(admin_id: UUID) -> RecruiterOut:
    rows = await Recruiter.raw(
        f"SELECT {_RECRUITER_COLUMNS} FROM recruiter WHERE admin_id = {{}}", admin_id
    )
    if not rows:
        raise NotFoundException("No recruiter profile yet")
    return RecruiterOut(**rows[0])


async def put_recruiter(admin_id: UUID, email: str, company_name: str) -> RecruiterOut:
    rows = await Recruiter.raw(
        "INSERT INTO recruiter (admin_id, email, company_name) VALUES ({}, {}, {}) "
        "ON CONFLICT (admin_id) DO UPDATE SET email = EXCLUDED.email, "
        f"company_name = EXCLUDED.company_name RETURNING {_RECRUITER_COLUMNS}",
        admin_id,
        email.lower(),
        company_name,
    )
    return RecruiterOut(**rows[0])


async def delete_recruiter(admin_id: UUID) -> None:
    deleted = await Recruiter.delete().where(Recruiter.admin_id == admin_id).returning(Recruiter.id)
    if not deleted:
        raise NotFoundException("No recruiter profile")
