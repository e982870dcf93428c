"""Bodies of the reference data."""

from __future__ import annotations

from uuid import UUID

from app.core.structs import CamelStruct


class NamedItem(CamelStruct):
    id: UUID
    name: str
