"""Public reference data: job categories and roles."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get

from app.core.structs import CamelStruct
from tables import Category, Role


class NamedItem(CamelStruct):
    id: UUID
    name: str


class ReferenceController(Controller):
    path = "/api/v1"
    tags = ["reference"]

    @get("/categories", exclude_from_auth=True, summary="The job categories, sorted by name")
    async def categories(self) -> list[NamedItem]:
        rows = await Category.select(Category.id, Category.name).order_by(Category.name)
        return [NamedItem(**row) for row in rows]

    @get("/roles", exclude_from_auth=True, summary="The user roles, sorted by name")
    async def roles(self) -> list[NamedItem]:
        rows = await Role.select(Role.id, Role.name).order_by(Role.name)
        return [NamedItem(**row) for row in rows]
