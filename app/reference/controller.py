"""Public reference data: job categories and roles."""

from __future__ import annotations

from litestar import Controller, get

from app.reference import service
from app.reference.schemas import NamedItem


class ReferenceController(Controller):
    path = "/api/v1"
    tags = ["reference"]

    @get("/categories", exclude_from_auth=True, summary="The job categories, sorted by name")
    async def categories(self) -> list[NamedItem]:
        return await service.categories()

    @get("/roles", exclude_from_auth=True, summary="The user roles, sorted by name")
    async def roles(self) -> list[NamedItem]:
        return await service.roles()
