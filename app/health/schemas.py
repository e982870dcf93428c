"""Bodies of the probes."""

from __future__ import annotations

from typing import Literal

from app.core.structs import CamelStruct


class HealthStatus(CamelStruct):
    status: str


class ReadyStatus(CamelStruct):
    status: Literal["ok"]
    database: Literal["ok"]
    # Job workers heard from recently (WORKER_STALLED_SECONDS); none is no failure of the API's.
    workers: int
