"""Reference data anyone may read: the job categories and the user roles."""

from __future__ import annotations

from app.reference import repository
from app.reference.schemas import NamedItem


async def categories() -> list[NamedItem]:
    return [NamedItem(**row) for row in await repository.categories()]


async def roles() -> list[NamedItem]:
    return [NamedItem(**row) for row in await repository.roles()]
