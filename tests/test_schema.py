"""The migrations build exactly the schema DESIGN.md describes, and undo it cleanly."""

from __future__ import annotations

import json
from typing import get_args

import asyncpg
import pytest
from piccolo.apps.migrations.commands.backwards import run_backwards

from app.bootstrap import migrate, seed
from app.jobs.engine import apply_engine_schema
from app.jobs.schemas import JobKind, JobStatus
from app.resumes.schemas import AnalysisOrigin, ResumeSource
from tables import ALL_TABLES, BulkUpload, Resume
from tables.jobs import JOB_KINDS, JOB_STATUSES
from tables.piccolo_migrations.tables_2026_12_01t02_29_40_000000 import (
    forwards as mark_bulk_rows,
)
from tables.piccolo_migrations.tables_2026_12_01t05_30_00_000000 import (
    FORWARDS as CENTRAL_FACETS_STEPS,
)
from tables.piccolo_migrations.tables_2026_12_01t11_00_00_000000 import (
    FORWARDS as CENTRAL_FACET_STEPS,
)
from tables.resumes import ANALYSIS_ORIGINS, RESUME_SOURCES
from tests.helpers import create_user

pytestmark = pytest.mark.embedded_smoke

OUR_TABLES = {table._meta.tablename for table in ALL_TABLES}

# (table, column) -> (referenced table, ON DELETE action, NOT NULL)
EXPECTED_LINKS = {
    ("user", "role_id"): ("role", "SET NULL", False),
    ("account", "user_id"): ("user", "CASCADE", True),
    ("session", "user_id"): ("user", "CASCADE", True),
    ("email_verification_token", "user_id"): ("user", "CASCADE", True),
    ("password_reset_token", "user_id"): ("user", "CASCADE", True),
    ("resume", "user_id"): ("user", "CASCADE", True),
    ("analysis", "resume_id"): ("resume", "CASCADE", True),
    ("cold_mail_request", "user_id"): ("user", "CASCADE", True),
    ("cold_mail_request", "resume_id"): ("resume", "SET NULL", False),
    ("cold_mail_response", "request_id"): ("cold_mail_request", "CASCADE", True),
    ("interview_request", "user_id"): ("user", "CASCADE", True),
    ("interview_request", "resume_id"): ("resume", "SET NULL", False),
    ("interview_answer", "request_id"): ("interview_request", "CASCADE", True),
    ("cover_letter_request", "user_id"): ("user", "CASCADE", True),
    ("cover_letter_request", "resume_id"): ("resume", "SET NULL", False),
    ("cover_letter_response", "request_id"): ("cover_letter_request", "CASCADE", True),
    ("ats_evaluation", "user_id"): ("user", "CASCADE", True),
    ("ats_evaluation", "resume_id"): ("resume", "CASCADE", True),
    ("bulk_upload", "admin_id"): ("user", "CASCADE", True),
    ("recruiter", "admin_id"): ("user", "CASCADE", True),
    ("llm_config", "user_id"): ("user", "CASCADE", True),
    # Job history outlives its starter; a resume outlives the upload it came in.
    ("job", "created_by_id"): ("user", "SET NULL", False),
    ("bulk_upload", "job_id"): ("job", "SET NULL", False),
    ("resume", "bulk_upload_id"): ("bulk_upload", "SET NULL", False),
    # A tailored copy outlives the resume it was made from.
    ("resume", "parent_id"): ("resume", "SET NULL", False),
}

EXPECTED_UNIQUE = {
    ("user", ("email",)),
    ("session", ("session_token",)),
    ("email_verification_token", ("token",)),
    ("password_reset_token", ("token",)),
    ("account", ("provider", "provider_account_id")),
    ("analysis", ("resume_id",)),
    ("recruiter", ("admin_id",)),
    ("role", ("name",)),
    ("category", ("name",)),
    ("resume", ("bulk_entry", "bulk_upload_id")),
    ("llm_config", ("label", "user_id")),
}

ON_DELETE = {"c": "CASCADE", "n": "SET NULL", "a": "NO ACTION", "r": "RESTRICT", "d": "DEFAULT"}


async def _fetch(database: str, query: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database)
    try:
        return await conn.fetch(query)
    finally:
        await conn.close()


async def _tables(database: str) -> set[str]:
    rows = await _fetch(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return {row["tablename"] for row in rows}


async def test_every_table_exists(database: str) -> None:
    assert len(OUR_TABLES) == 20
    tables = await _tables(database)
    assert tables >= OUR_TABLES
    # Piccolo Admin's own sign-in tables come from the apps in the registry.
    assert {"piccolo_user", "sessions"} <= tables
    # The job engine's queue, created by migrate().
    assert {"procrastinate_jobs", "procrastinate_workers", "procrastinate_events"} <= tables


async def test_migrate_again_changes_nothing(database: str) -> None:
    conn = await asyncpg.connect(database)
    try:
        assert not await apply_engine_schema(conn)  # present: left alone
    finally:
        await conn.close()
    await migrate()
    assert {"procrastinate_jobs", "job"} <= await _tables(database)


async def test_job_kinds_and_statuses_are_checked(database: str) -> None:
    admin_id = await create_user(role="Admin")
    refused = [
        ("INSERT INTO job (kind, status) VALUES ('bulk_upload', $1)", "paused"),
        ("INSERT INTO job (kind) VALUES ($1)", "mining"),
        (
            "INSERT INTO bulk_upload (admin_id, file_name, status) VALUES ($1, 'a.zip', 'lost')",
            admin_id,
        ),
    ]
    conn = await asyncpg.connect(database)
    try:
        for statement, value in refused:
            with pytest.raises(asyncpg.CheckViolationError):
                await conn.execute(statement, value)
    finally:
        await conn.close()


def test_statuses_and_kinds_agree_with_the_api() -> None:
    assert get_args(JobStatus) == JOB_STATUSES
    assert get_args(JobKind) == JOB_KINDS
    assert get_args(AnalysisOrigin) == ANALYSIS_ORIGINS
    assert get_args(ResumeSource) == RESUME_SOURCES


async def test_every_link_cascades_or_clears_and_is_indexed(database: str) -> None:
    rows = await _fetch(
        database,
        """
        SELECT rel.relname AS tbl, a.attname AS col, ref.relname AS ref,
               c.confdeltype::text AS on_delete, a.attnotnull AS not_null,
               EXISTS (SELECT 1 FROM pg_index i
                       WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1]) AS indexed
        FROM pg_constraint c
        JOIN pg_class rel ON rel.oid = c.conrelid
        JOIN pg_class ref ON ref.oid = c.confrelid
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND rel.relnamespace = 'public'::regnamespace
        """,
    )
    found = {
        (r["tbl"], r["col"]): (r["ref"], ON_DELETE[r["on_delete"]], r["not_null"])
        for r in rows
        if r["tbl"] in OUR_TABLES
    }
    assert found == EXPECTED_LINKS
    unindexed = [(r["tbl"], r["col"]) for r in rows if r["tbl"] in OUR_TABLES and not r["indexed"]]
    assert unindexed == []


async def test_unique_constraints(database: str) -> None:
    rows = await _fetch(
        database,
        """
        SELECT rel.relname AS tbl, array_agg(a.attname::text ORDER BY a.attname) AS cols
        FROM pg_constraint c
        JOIN pg_class rel ON rel.oid = c.conrelid
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.contype = 'u' AND rel.relnamespace = 'public'::regnamespace
        GROUP BY c.oid, rel.relname
        """,
    )
    found = {(r["tbl"], tuple(r["cols"])) for r in rows if r["tbl"] in OUR_TABLES}
    assert found == EXPECTED_UNIQUE


async def test_keys_are_generated_uuids_and_times_default_to_now(database: str) -> None:
    rows = await _fetch(
        database,
        """
        SELECT table_name, column_name, data_type, column_default
        FROM information_schema.columns WHERE table_schema = 'public'
        """,
    )
    columns = {(r["table_name"], r["column_name"]): r for r in rows}
    for table in OUR_TABLES:
        key = columns[(table, "id")]
        assert key["data_type"] == "uuid"
        assert key["column_default"] == "gen_random_uuid()", table
    timestamps = [
        r for r in rows if r["table_name"] in OUR_TABLES and "timestamp" in r["data_type"]
    ]
    assert all(r["data_type"] == "timestamp with time zone" for r in timestamps)
    created = [r for r in timestamps if r["column_name"] in {"created_at", "uploaded_at"}]
    assert created
    assert all(r["column_default"] == "CURRENT_TIMESTAMP" for r in created)


async def test_search_column_and_gin_indexes(database: str) -> None:
    rows = await _fetch(
        database,
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    )
    indexes = {r["indexname"]: r["indexdef"] for r in rows}
    assert "USING gin (search_vector)" in indexes["resume_search_vector_gin"]
    assert "USING gin (comprehensive_analysis" in indexes["analysis_comprehensive_analysis_gin"]
    generated = await _fetch(
        database,
        """
        SELECT is_generated FROM information_schema.columns
        WHERE table_name = 'resume' AND column_name = 'search_vector'
        """,
    )
    assert generated[0]["is_generated"] == "ALWAYS"


async def test_one_active_llm_config_per_user_is_a_partial_unique_index(database: str) -> None:
    rows = await _fetch(
        database,
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'llm_config_one_active_per_user'",
    )
    assert rows, "the partial unique index is missing"
    assert rows[0]["indexdef"].startswith("CREATE UNIQUE INDEX")
    assert rows[0]["indexdef"].endswith("(user_id) WHERE active")


@pytest.mark.slow
async def test_migrations_go_backwards_then_forwards(database: str) -> None:
    result = await run_backwards(app_name="tables", migration_id="all", auto_agree=True)
    assert result.success, result.message
    assert not (await _tables(database)) & OUR_TABLES

    await migrate()
    await seed()
    assert await _tables(database) >= OUR_TABLES
    await test_every_link_cascades_or_clears_and_is_indexed(database)
    await test_search_column_and_gin_indexes(database)
    await test_one_active_llm_config_per_user_is_a_partial_unique_index(database)


async def test_resumes_from_before_sources_get_bulk_or_upload() -> None:
    """The data step of the migration that added `source`, run on rows as it found them."""
    user_id = await create_user("old@x.co")
    upload = BulkUpload(admin_id=user_id, file_name="old.zip")
    await upload.save()
    await Resume.insert(
        Resume(user_id=user_id, custom_name="plain", raw_text="x"),
        Resume(user_id=user_id, custom_name="bulk", raw_text="x", bulk_upload_id=upload.id),
    )
    await (await mark_bulk_rows()).run()
    rows = await Resume.select(Resume.custom_name, Resume.source)
    assert {r["custom_name"]: r["source"] for r in rows} == {"plain": "upload", "bulk": "bulk"}


async def _facets() -> dict[str, list[str] | None]:
    rows = await Resume.raw("SELECT custom_name, central_facets FROM resume")
    return {r["custom_name"]: r["central_facets"] for r in rows}


async def test_central_facets_follow_the_analysis_from_before_and_after_the_migration() -> None:
    """The facets the central search filters on: filled for the rows the migration found, kept
    by the triggers on every write of an analysis, cleared when an operator deletes one, and
    a resume's deletion still cascades to its analysis."""
    user_id = await create_user("facets@x.co")
    await Resume.insert(
        Resume(user_id=user_id, custom_name="analysed", raw_text="x"),
        Resume(user_id=user_id, custom_name="bare", raw_text="x"),
    )
    await Resume.raw(
        """
        INSERT INTO analysis (resume_id, predicted_field, comprehensive_analysis)
        SELECT id, 'Data Science', {}::jsonb FROM resume WHERE custom_name = 'analysed'
        """,
        json.dumps({"skills": {"technical": ["Python", "SQL", "python"]}}),
    )
    expected = {"analysed": ["field:Data Science", "skill:python", "skill:sql"], "bare": None}
    assert await _facets() == expected

    # As the migration found older rows: no facets yet; its backfill step fills them.
    await Resume.raw("UPDATE resume SET central_facets = NULL")
    backfill = next(s for s in CENTRAL_FACETS_STEPS if s.strip().startswith("UPDATE resume"))
    await Resume.raw(backfill)
    assert await _facets() == expected

    # A skill list that is not a list (only a client could store one) counts as none.
    await Resume.raw(
        "UPDATE analysis SET predicted_field = 'HR', comprehensive_analysis = {}::jsonb",
        json.dumps({"skills": {"technical": "Python"}}),
    )
    assert (await _facets())["analysed"] == ["field:HR"]

    await Resume.raw("DELETE FROM analysis")
    assert await _facets() == {"analysed": None, "bare": None}
    await Resume.raw("DELETE FROM resume")
    assert await _facets() == {}


async def _facet_lists() -> set[tuple[str, str]]:
    """`central_facet` as (facet, resume name); a row that points at no resume shows as '?'."""
    rows = await Resume.raw(
        """
        SELECT c.facet, coalesce(r.custom_name, '?') AS name
        FROM central_facet c LEFT JOIN resume r ON central_facet_at(r.uploaded_at, r.id) = c.at
        """
    )
    return {(r["facet"], r["name"]) for r in rows}


async def test_facet_lists_follow_sharing_analysis_upload_time_and_deletion() -> None:
    """The filter-only search's lists hold each facet of each shared resume, under the key of
    its upload time and id: kept by the triggers on resume through every change, filled for
    the rows the migration found, and emptied with the table."""
    user_id = await create_user("lists@x.co")
    await Resume.insert(
        Resume(user_id=user_id, custom_name="shared", raw_text="x", show_in_central=True),
        Resume(user_id=user_id, custom_name="private", raw_text="x"),
        Resume(user_id=user_id, custom_name="bare", raw_text="x", show_in_central=True),
    )
    await Resume.raw(
        """
        INSERT INTO analysis (resume_id, predicted_field, comprehensive_analysis)
        SELECT id, 'Data Science', {}::jsonb FROM resume WHERE custom_name <> 'bare'
        """,
        json.dumps({"skills": {"technical": ["Python", "SQL"]}}),
    )
    shared = {("field:Data Science", "shared"), ("skill:python", "shared"), ("skill:sql", "shared")}
    assert await _facet_lists() == shared

    await Resume.raw("UPDATE resume SET show_in_central = NOT show_in_central")
    assert await _facet_lists() == {(facet, "private") for facet, _ in shared}
    await Resume.raw(
        "UPDATE analysis SET comprehensive_analysis = {}::jsonb",
        json.dumps({"skills": {"technical": ["Go"]}}),
    )
    assert await _facet_lists() == {("field:Data Science", "private"), ("skill:go", "private")}
    # A new upload time moves the rows; a rename leaves them.
    await Resume.raw("UPDATE resume SET uploaded_at = uploaded_at - interval '1 day'")
    await Resume.raw("UPDATE resume SET custom_name = custom_name || '!'")
    assert await _facet_lists() == {("field:Data Science", "private!"), ("skill:go", "private!")}

    # As the migration found older rows: no lists yet; its step fills them.
    await Resume.raw("DELETE FROM central_facet")
    backfill = next(s for s in CENTRAL_FACET_STEPS if s.startswith("INSERT INTO central_facet"))
    await Resume.raw(backfill)
    assert await _facet_lists() == {("field:Data Science", "private!"), ("skill:go", "private!")}

    await Resume.raw("DELETE FROM resume WHERE custom_name = 'private!'")
    assert await _facet_lists() == set()
    await Resume.raw("UPDATE resume SET show_in_central = true")
    assert {name for _, name in await _facet_lists()} == {"shared!"}
    await Resume.raw('DELETE FROM "user"')  # the cascade
    assert await _facet_lists() == set()

    other = await create_user("truncated@x.co")
    await Resume.insert(Resume(user_id=other, custom_name="t", raw_text="x", show_in_central=True))
    await Resume.raw(
        "INSERT INTO analysis (resume_id, predicted_field, comprehensive_analysis) "
        "SELECT id, 'HR', {}::jsonb FROM resume",
        "{}",
    )
    assert await _facet_lists() == {("field:HR", "t")}
    await Resume.raw("TRUNCATE resume CASCADE")
    assert await _facet_lists() == set()


async def test_the_facet_key_sorts_like_upload_time_then_id() -> None:
    """`central_facet_at` orders resumes as the search does (`uploaded_at, id`), before 2000
    and at the infinities too, and within one microsecond by id."""
    rows = await Resume.raw(
        """
        WITH r (uploaded_at, id) AS (
            SELECT t, u FROM unnest(ARRAY[
                '-infinity', '1960-01-01 00:00:00+00', '1999-12-31 23:59:59.999999+00',
                '2000-01-01 00:00:00+00', '2026-12-01 10:00:00.000001+00',
                '2026-12-01 10:00:00.000002+00', '2200-01-01 00:00:00+00', 'infinity'
            ]::timestamptz[]) AS t,
            unnest(ARRAY[
                '00000000-0000-0000-0000-000000000001', 'ffffffff-0000-0000-0000-000000000000',
                '80000000-0000-0000-0000-000000000000'
            ]::uuid[]) AS u
        )
        SELECT array_agg((uploaded_at, id) ORDER BY uploaded_at, id)
            = array_agg((uploaded_at, id) ORDER BY central_facet_at(uploaded_at, id)) AS same,
            count(DISTINCT central_facet_at(uploaded_at, id)) AS keys
        FROM r
        """
    )
    assert rows == [{"same": True, "keys": 24}]
