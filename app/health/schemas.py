"""Bodies of the probes."""

from __future__ import annotations

from app.core.structs import CamelStruct


class HealthStatus(CamelStruct):
    status: str
