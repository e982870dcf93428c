"""The shared resumes' facets newest first, one row a facet: the filter-only central search.

`GET /central/resumes?skill=python&skill=sql` (no `q`) shows the newest shared resumes that
have every facet. Its page was cheap (a walk of the newest-first index), but a full page needs
`total`, counted up to 1,001, and the GIN index that holds `central_facets` cannot stop early:
it intersects every entry of each facet before the first row counts (8,888 of 100,000 resumes
for that pair; 3-4 ms, ten times what it cost at 10,000). `central_facet` holds the same facts
as ordered lists, one per facet, each newest first on its primary key: resumes with every
facet are a merge of these lists, which stops at the page's end or at the count's cap, so its
cost follows the page and the cap, not the repository's size.

A resume's place in the lists is one value, `at` (`central_facet_at`: the upload time's
8 bytes, then the id's 16, which sort like `uploaded_at, id`): joined on one column,
the planner estimates how many resumes two facets share (on two, it multiplies the columns'
selectivities, expects none, and picks a nested loop or a hash join over both lists).

Kept by statement triggers on `resume` (transition tables: a bulk insert, an upsert of many
analyses or a cascade costs one statement each), from `show_in_central`, `uploaded_at` and
`central_facets` (itself kept from the analysis). No foreign key: the delete trigger removes a
resume's rows by their primary key, where a key to `resume` would need an index of its own.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-01T11:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "central_facet: each facet's shared resumes, newest first"


def _facet_rows(rows: str) -> str:
    """A set of resume rows (a transition table) as the facet rows it implies; the key is
    computed once a resume (OFFSET 0 keeps the planner from moving it to each facet row)."""
    return f"""
        SELECT facet, r.at
        FROM (SELECT central_facet_at(uploaded_at, id) AS at, central_facets FROM {rows}
              WHERE show_in_central OFFSET 0) AS r,
             unnest(r.central_facets) AS facet
        WHERE facet IS NOT NULL"""


def _remove(gone: str) -> str:
    return f"""
        DELETE FROM central_facet AS c USING ({gone}) AS gone (facet, at)
        WHERE c.facet = gone.facet AND c.at = gone.at;"""


_OLD, _NEW = _facet_rows("old_rows"), _facet_rows("new_rows")

FORWARDS = [
    # A timestamp's binary form is its microseconds since 2000 (a big-endian int64): with the
    # sign bit flipped, its bytes sort like the times, infinities and years before 2000 too
    # (six times cheaper than numeric epoch arithmetic, which fails on an infinite time).
    """
    CREATE FUNCTION central_facet_at(uploaded_at timestamptz, id uuid) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT set_byte(timestamptz_send(uploaded_at), 0,
                        get_byte(timestamptz_send(uploaded_at), 0) # 128)
            || uuid_send(id)
    $$
    """,
    """
    CREATE TABLE central_facet (
        facet text NOT NULL,
        at bytea NOT NULL,
        PRIMARY KEY (facet, at)
    )
    """,
    f"""
    CREATE FUNCTION central_facet_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO central_facet (facet, at) {_facet_rows("added")}
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$
    """,
    # Only what changed: a rename or an unrelated column's update touches no facet row.
    f"""
    CREATE FUNCTION central_facet_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {_remove(f"{_OLD} EXCEPT {_NEW}")}
        INSERT INTO central_facet (facet, at) {_NEW} EXCEPT {_OLD}
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE FUNCTION central_facet_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {_remove(_facet_rows("removed"))}
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION central_facet_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE central_facet;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER central_facet_insert AFTER INSERT ON resume
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION central_facet_added()
    """,
    # Transition tables allow no column list: every UPDATE fires it, and finds nothing to do
    # unless sharing, upload time or facets changed.
    """
    CREATE TRIGGER central_facet_update AFTER UPDATE ON resume
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION central_facet_changed()
    """,
    """
    CREATE TRIGGER central_facet_delete AFTER DELETE ON resume
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION central_facet_removed()
    """,
    """
    CREATE TRIGGER central_facet_truncate AFTER TRUNCATE ON resume
    FOR EACH STATEMENT EXECUTE FUNCTION central_facet_emptied()
    """,
    f"INSERT INTO central_facet (facet, at) {_facet_rows('resume')}",
    "ANALYZE central_facet",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS central_facet_truncate ON resume",
    "DROP TRIGGER IF EXISTS central_facet_delete ON resume",
    "DROP TRIGGER IF EXISTS central_facet_update ON resume",
    "DROP TRIGGER IF EXISTS central_facet_insert ON resume",
    "DROP FUNCTION IF EXISTS central_facet_emptied()",
    "DROP FUNCTION IF EXISTS central_facet_removed()",
    "DROP FUNCTION IF EXISTS central_facet_changed()",
    "DROP FUNCTION IF EXISTS central_facet_added()",
    "DROP TABLE IF EXISTS central_facet",
    "DROP FUNCTION IF EXISTS central_facet_at(timestamptz, uuid)",
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
