"""Each user's number of resumes, kept by triggers: the list's `total` without counting.

`GET /api/v1/resumes` picks its page on the owner's index (the same cost at any size), but a
full page needs the total, and `count(*)` walks every one of the user's index entries: about
1 ms at 10,000 resumes, 10 at 100,000, and a second round trip. `resume_count` holds the number,
updated in the same transaction as the rows (statement-level triggers with transition tables,
so a bulk INSERT or a cascade costs one update per user, not per row); a user's deletion takes
its row with it. The text-filtered list (`q=`) still counts its matches. Rows of several users
are locked in the order of their ids, so that two bulk statements touching the same users
(the bench's parallel COPY, two job workers) wait for each other instead of deadlocking.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "resume_count per user, kept by triggers"

FORWARDS = [
    """
    CREATE TABLE resume_count (
        user_id uuid PRIMARY KEY REFERENCES "user"(id) ON DELETE CASCADE,
        n bigint NOT NULL CHECK (n >= 0)
    )
    """,
    """
    CREATE FUNCTION resume_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO resume_count AS c (user_id, n)
        SELECT user_id, count(*) FROM added GROUP BY user_id ORDER BY user_id
        ON CONFLICT (user_id) DO UPDATE SET n = c.n + EXCLUDED.n;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION resume_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM FROM resume_count WHERE user_id IN (SELECT user_id FROM removed)
        ORDER BY user_id FOR UPDATE;
        UPDATE resume_count AS c SET n = c.n - r.n
        FROM (SELECT user_id, count(*) AS n FROM removed GROUP BY user_id) AS r
        WHERE c.user_id = r.user_id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER resume_count_insert AFTER INSERT ON resume
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION resume_count_added()
    """,
    """
    CREATE TRIGGER resume_count_delete AFTER DELETE ON resume
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION resume_count_removed()
    """,
    # A resume that changes owner (nothing does today) moves between the two counts; a row
    # trigger that fires only then (transition tables would copy every updated row).
    """
    CREATE FUNCTION resume_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE resume_count SET n = n - 1 WHERE user_id = OLD.user_id;
        INSERT INTO resume_count AS c (user_id, n) VALUES (NEW.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET n = c.n + 1;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER resume_count_update AFTER UPDATE OF user_id ON resume
    FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION resume_count_moved()
    """,
    """
    INSERT INTO resume_count (user_id, n) SELECT user_id, count(*) FROM resume GROUP BY user_id
    """,
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS resume_count_update ON resume",
    "DROP TRIGGER IF EXISTS resume_count_delete ON resume",
    "DROP TRIGGER IF EXISTS resume_count_insert ON resume",
    "DROP FUNCTION IF EXISTS resume_count_moved()",
    "DROP FUNCTION IF EXISTS resume_count_removed()",
    "DROP FUNCTION IF EXISTS resume_count_added()",
    "DROP TABLE IF EXISTS resume_count",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="tables", description=DESCRIPTION)
    for statement in FORWARDS:
        manager.add_raw(_raw(statement))
    for statement in BACKWARDS:
        manager.add_raw_backwards(_raw(statement))
    return manager


# Piccolo's pattern for raw SQL in a migration: a table of its own, never the live tables,
# so that renaming or removing one later cannot break this step of history.
class RawTable(Table):
    pass


def _raw(statement: str):
    async def run():
        await RawTable.raw(statement)

    return run
