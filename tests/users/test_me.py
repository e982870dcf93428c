import httpx

from tables import ALL_TABLES, Category, Role, User
from tests.factories import populate_user
from tests.helpers import PASSWORD, bearer, create_user, login, signed_in

ME = "/api/v1/me"


async def test_me_has_the_user_and_counts(client: httpx.AsyncClient) -> None:
    user_id, headers = await signed_in(client, "me@x.co")
    await populate_user(user_id)
    response = await client.get(ME, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(user_id)
    assert body["email"] == "me@x.co"
    assert body["counts"] == {"resumes": 1, "coldMailRequests": 1, "interviewRequests": 1}
    assert "passwordHash" not in body
    assert "password_hash" not in body


async def test_patch_me_changes_only_what_is_given(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "patch@x.co")
    renamed = await client.patch(ME, json={"name": "  Grace  "}, headers=headers)
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Grace"
    pictured = await client.patch(ME, json={"image": "https://img.example/g.png"}, headers=headers)
    assert pictured.json() == {**renamed.json(), "image": "https://img.example/g.png"}
    cleared = await client.patch(ME, json={"image": None}, headers=headers)
    assert cleared.json()["image"] is None
    assert cleared.json()["name"] == "Grace"
    for bad in ({"image": "javascript:alert(1)"}, {"email": "x@y.co"}, {"role": "Admin"}):
        response = await client.patch(ME, json=bad, headers=headers)
        assert response.status_code == 400, bad
    me = (await client.get(ME, headers=headers)).json()
    assert (me["email"], me["role"]) == ("patch@x.co", "User")


async def test_delete_me_needs_the_password(client: httpx.AsyncClient) -> None:
    user_id, headers = await signed_in(client, "del@x.co")
    missing = await client.request("DELETE", ME, headers=headers)
    assert missing.status_code == 400
    wrong = await client.request("DELETE", ME, json={"password": "wrong one"}, headers=headers)
    assert wrong.status_code == 401
    assert await User.exists().where(User.id == user_id)


async def test_delete_me_removes_every_row_of_the_user_in_every_table(
    client: httpx.AsyncClient,
) -> None:
    doomed, headers = await signed_in(client, "gone@x.co")
    kept, _ = await signed_in(client, "stays@x.co")
    await populate_user(doomed)
    await populate_user(kept)

    response = await client.request("DELETE", ME, json={"password": PASSWORD}, headers=headers)
    assert response.status_code == 204

    for table in ALL_TABLES:
        if table in (Role, Category):
            continue
        # Only the other user's rows remain (their session from signing in included).
        rows = await table.raw(f"SELECT * FROM {table._meta.get_formatted_tablename()}")  # noqa: S608
        assert all(str(doomed) not in str(row) for row in rows), table._meta.tablename
        assert rows, table._meta.tablename
    assert (await client.get(ME, headers=headers)).status_code == 401


async def test_account_without_password_deletes_without_one(client: httpx.AsyncClient) -> None:
    user_id = await create_user("oauth-only@x.co", password=None)
    from app.auth.service import start_session
    from app.settings import get_settings

    signed_in = await start_session(user_id, get_settings())
    response = await client.request("DELETE", ME, headers=bearer(signed_in.token))
    assert response.status_code == 204
    assert not await User.exists().where(User.id == user_id)


async def test_the_last_admin_cannot_delete_themselves(client: httpx.AsyncClient) -> None:
    admin_id = await create_user("boss@x.co", role="Admin")
    token = await login(client, "boss@x.co")
    response = await client.request(
        "DELETE", ME, json={"password": PASSWORD}, headers=bearer(token)
    )
    assert response.status_code == 409
    assert await User.exists().where(User.id == admin_id)
