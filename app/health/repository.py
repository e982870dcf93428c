"""The one query readiness needs: the database answers, and how many job workers run."""

from __future__ import annotations

from app.db import fetch_one

# procrastinate's workers register a row on start, beat its `last_heartbeat` while they run and
# delete it when they stop; a killed worker's row stays, beating no more.
_RECENT_WORKERS = """
SELECT count(*) AS workers FROM procrastinate_workers
WHERE last_heartbeat > now() - make_interval(secs => {})
"""


async def recent_workers(within_seconds: float) -> int:
    """Workers whose last heartbeat is at most `within_seconds` old."""
    row = await fetch_one(_RECENT_WORKERS, within_seconds)
    return int(row["workers"]) if row else 0
