"""Re-analysis's SQL: which resumes a job covers, and which of a batch still need the analyser.

A resume needs it unless a client stored its analysis (origin `client`) or it was analysed
since the job was queued (by this job's earlier run of the batch, or by its owner).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from app.db import fetch

_SCOPES = {"all": "TRUE", "central": "r.show_in_central"}
_NOT_CLIENTS = "a.origin IS DISTINCT FROM 'client'"


def _in_scope(scope: str) -> str:
    return _SCOPES[scope]  # a fixed fragment per scope: never the caller's text


async def covered(scope: str) -> list[UUID]:
    """The resumes a job of this scope re-analyses, in a stable order (batches are slices)."""
    rows = await fetch(
        "SELECT r.id FROM resume r LEFT JOIN analysis a ON a.resume_id = r.id "
        f"WHERE {_in_scope(scope)} AND {_NOT_CLIENTS} ORDER BY r.id"
    )
    return [row["id"] for row in rows]


async def pending(resume_ids: list[UUID], scope: str, since: dt.datetime) -> list[dict[str, Any]]:
    """Those of the batch still in scope that need the analyser: their id and text."""
    return await fetch(
        "SELECT r.id, r.raw_text FROM resume r LEFT JOIN analysis a ON a.resume_id = r.id "
        f"WHERE r.id = ANY({{}}::uuid[]) AND {_in_scope(scope)} AND {_NOT_CLIENTS} "
        "AND (a.analyzed_at IS NULL OR a.analyzed_at < {}) ORDER BY r.id",
        resume_ids,
        since,
    )
