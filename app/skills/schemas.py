"""Body of GET /skills."""

from __future__ import annotations

from app.core.structs import CamelStruct


class SkillOut(CamelStruct):
    name: str
    aliases: list[str]
