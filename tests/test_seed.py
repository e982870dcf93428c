import pytest

from app.bootstrap import ROLES, seed
from tables import Category, Role
from tables.reference import CATEGORIES

pytestmark = pytest.mark.embedded_smoke


async def _snapshot() -> tuple[list[dict], list[dict]]:
    roles = await Role.select().order_by(Role.name)
    categories = await Category.select().order_by(Category.name)
    return roles, categories


async def test_seed_creates_roles_and_25_categories(database: str) -> None:
    roles, categories = await _snapshot()
    assert sorted(r["name"] for r in roles) == sorted(ROLES)
    assert len(categories) == 25
    assert sorted(c["name"] for c in categories) == sorted(CATEGORIES)


async def test_seed_twice_changes_nothing(database: str) -> None:
    before = await _snapshot()
    await seed()
    await seed()
    assert await _snapshot() == before


async def test_seed_restores_a_missing_category_without_touching_others(database: str) -> None:
    before = await _snapshot()
    await Category.delete().where(Category.name == "Arts")
    await seed()
    _roles, categories = await _snapshot()
    assert len(categories) == 25
    kept = {c["name"]: c["id"] for c in before[1] if c["name"] != "Arts"}
    assert {c["name"]: c["id"] for c in categories if c["name"] != "Arts"} == kept
