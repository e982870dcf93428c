"""HTTP for GET /api/v1/skills: the vocabulary of technical skills, for any signed-in user."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from app.skills import service
from app.skills.schemas import SkillOut

SkillQuery = Annotated[
    str | None, QueryParameter(max_length=100, description="Part of a name or an alias, any case")
]
SkillLimit = Annotated[int, QueryParameter(ge=1, le=50, description="At most this many (1..50)")]


class SkillController(Controller):
    path = "/api/v1/skills"
    tags = ["reference"]

    @get(
        "/",
        description=(
            "The canonical technical skills the analyser writes, with the other spellings it "
            "reads as each (`k8s` for Kubernetes). The central search accepts any of them."
        ),
    )
    async def list_skills(self, q: SkillQuery = None, limit: SkillLimit = 20) -> list[SkillOut]:
        return service.search(q.strip() if q else None, limit)
