"""What one scrape reads from the database, before it becomes gauges."""

from __future__ import annotations

import msgspec


class JobCounts(msgspec.Struct, frozen=True):
    # (task name, 'todo' | 'doing') -> jobs in the engine's queue
    queue: dict[tuple[str, str], int]
    # (kind, status) -> our job rows
    jobs: dict[tuple[str, str], int]
