import httpx

from tables.reference import CATEGORIES


async def test_categories_are_the_25_seeded_sorted_by_name(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/categories")
    assert response.status_code == 200
    items = response.json()
    names = [item["name"] for item in items]
    assert len(names) == 25
    assert names == sorted(names)
    assert set(names) == set(CATEGORIES)
    assert {"Data Science", "Python Developer", "Web Designing"} <= set(names)
    assert all(set(item) == {"id", "name"} for item in items)


async def test_roles_are_user_and_admin(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/roles")
    assert response.status_code == 200
    assert sorted(item["name"] for item in response.json()) == ["Admin", "User"]
