"""Gauges of the background work, read from the database at each scrape of /metrics.

Jobs run in worker processes, often on other machines: what they did is in the database, so
each scrape counts it there (a few grouped counts on small tables). The gauges live in a
registry of this app's own, never prometheus_client's process-global one: several apps in one
process (the tests) each keep their own, and no app's values stand in for another's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import get_args

from prometheus_client import CollectorRegistry, Gauge

from app.core.problems import DATABASE_DOWN_ERRORS
from app.jobs.schemas import JobKind, JobStatus
from app.metrics import repository
from app.metrics.schemas import JobCounts

logger = logging.getLogger("talentsync.metrics")

# procrastinate's statuses of a job still in the queue: waiting, running.
QUEUE_STATUSES = ("todo", "doing")
# A scrape must not hang on a stuck database (as readiness).
READ_TIMEOUT_SECONDS = 2


async def read_counts() -> JobCounts | None:
    """The queue's depth and our jobs by kind and status; None when the database is away."""
    try:
        async with asyncio.timeout(READ_TIMEOUT_SECONDS):
            queue = await repository.queue_depth()
            jobs = await repository.jobs_by_kind()
    except DATABASE_DOWN_ERRORS as exc:
        logger.warning("job metrics unavailable: database unavailable (%s)", type(exc).__name__)
        return None
    return JobCounts(
        queue={(row["task"], row["status"]): int(row["jobs"]) for row in queue},
        jobs={(row["kind"], row["status"]): int(row["jobs"]) for row in jobs},
    )


class JobGauges:
    """The job series of one app. Every known task, kind and status has a series, 0 included,
    so that a rate or an alert sees a series start at 0 rather than appear."""

    def __init__(self, task_names: Iterable[str]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._task_names = tuple(sorted(set(task_names)))
        self._queue = Gauge(
            "talentsync_job_queue_depth",
            "Jobs in the queue by task: waiting (todo) or running (doing)",
            ["task", "status"],
            registry=self.registry,
        )
        self._jobs = Gauge(
            "talentsync_jobs",
            "Jobs (as Admins see them) by kind and status: done and failed are outcomes",
            ["kind", "status"],
            registry=self.registry,
        )
        self._up = Gauge(
            "talentsync_job_metrics_up",
            "1 when this scrape read the job series from the database; 0 (and none) otherwise",
            registry=self.registry,
        )

    async def refresh(self) -> None:
        """Read the counts, then set every gauge at once (no await in between, so that two
        scrapes at once never render a half-set registry)."""
        counts = await read_counts()
        self._queue.clear()
        self._jobs.clear()
        if counts is None:  # no stale values: the series are absent until the database answers
            self._up.set(0)
            return
        self._up.set(1)
        queue = dict.fromkeys(((t, s) for t in self._task_names for s in QUEUE_STATUSES), 0)
        jobs = dict.fromkeys(((k, s) for k in get_args(JobKind) for s in get_args(JobStatus)), 0)
        for (task, status), count in {**queue, **counts.queue}.items():
            self._queue.labels(task=task, status=status).set(count)
        for (kind, status), count in {**jobs, **counts.jobs}.items():
            self._jobs.labels(kind=kind, status=status).set(count)
