"""Deleting a user is one statement, and it leaves nothing of theirs behind."""

from tables import ALL_TABLES, Category, Job, Role, User
from tests.factories import populate_user
from tests.helpers import create_user

REFERENCE_TABLES = {Role, Category}
# History that outlives whoever started it: only the link to them goes.
KEPT_TABLES = {Job}


async def _counts() -> dict[str, int]:
    return {
        table._meta.tablename: await table.count()
        for table in ALL_TABLES
        if table not in REFERENCE_TABLES
    }


async def test_deleting_a_user_removes_their_rows_from_every_table(database: str) -> None:
    doomed = await create_user(password=None)
    kept = await create_user(password=None)
    await populate_user(doomed)
    await populate_user(kept)
    before = await _counts()
    # One row of each per user (two users), so every table starts at exactly 2.
    assert all(count == 2 for count in before.values()), before

    await User.delete().where(User.id == doomed)

    after = await _counts()
    assert all(
        count == (2 if table in {t._meta.tablename for t in KEPT_TABLES} else 1)
        for table, count in after.items()
    ), after
    assert await Job.count().where(Job.created_by_id.is_null()) == 1
    remaining_users = await User.select(User.id)
    assert [row["id"] for row in remaining_users] == [kept]
    assert await Role.count() == 2
    assert await Category.count() == 25
