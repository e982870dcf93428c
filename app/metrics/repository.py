"""What /metrics reads from the database at each scrape: the queue's depth and our job rows."""

from __future__ import annotations

from typing import Any

from app.db import fetch

# The engine's queue (procrastinate_jobs): waiting and running jobs by task. Finished ones are
# deleted or kept as failed, so the table stays small.
_QUEUE_DEPTH = """
SELECT task_name AS task, status::text AS status, count(*) AS jobs
FROM procrastinate_jobs
WHERE status IN ('todo', 'doing')
GROUP BY task_name, status
"""
# Our job rows (what Admins see): how each kind of job went.
_JOBS_BY_KIND = """
SELECT kind, status, count(*) AS jobs
FROM job
GROUP BY kind, status
"""


async def queue_depth() -> list[dict[str, Any]]:
    """Rows of `task`, `status` ('todo' or 'doing') and `jobs`."""
    return await fetch(_QUEUE_DEPTH)


async def jobs_by_kind() -> list[dict[str, Any]]:
    """Rows of `kind`, `status` and `jobs`."""
    return await fetch(_JOBS_BY_KIND)
