"""Issue 18, item 4: growth curves. The p50/p99 of a request at growing sizes of the data it
reads, on the default server:

- one user's resume list (first page, and the last page by `offset`) and GET of one of them
  (rotating over 50 ids spread along the list), at BENCH_GROWTH_SIZES resumes of that user;
- the central search (rotating queries) and POST /central/matches (rotating job descriptions)
  at the same numbers of shared resumes: below the seeded 10,000 by hiding the oldest from the
  repository for the measurement (`show_in_central = false`, put back afterwards), above it by
  growing the repository with COPY (seed_data.grow_central, irreversible: this group runs last);
- DELETE /me of users with BENCH_DELETE_SIZES resumes (each with its analysis).

The growth user's resumes are copies of the seed texts cut to their first 1,500 characters
(COPY of 100,000 full texts costs minutes of PostgreSQL's text-vector work; the list and GET
read one page or one row either way).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import asyncpg
import httpx

from bench import central, seed_data
from bench.report import Scenario, Target
from bench.seed_data import ANALYSIS_COLUMNS, RESUME_COLUMNS, Source
from bench.wrk import Load, Request, Wrk, summarise

DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_DELETE_SIZES = (100, 1_000, 10_000)
GROWTH_EMAIL = "bench-growth@bench.example"
TEXT_CHARS = 1_500
GET_IDS = 50
FLAT = 1.5  # list and GET: p99 at the largest size / at the smallest
RANKED = 2.0  # ranked searches and matches: p99 at the largest size / the one before
DELETE_LINEAR = 12.0  # DELETE /me: seconds at the largest / at the one before, for 10x rows


def sizes_from_env(name: str, default: Sequence[int]) -> list[int]:
    value = os.environ.get(name, "")
    if not value:
        return list(default)
    try:
        sizes = sorted({int(part) for part in value.split(",") if part.strip()})
    except ValueError:
        raise SystemExit(
            f"error: {name} must be numbers separated by commas, not {value!r}"
        ) from None
    if not sizes or sizes[0] < 1:
        raise SystemExit(f"error: {name} must name sizes of at least 1")
    return sizes


def _size(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


# -- the database ------------------------------------------------------------------------------


async def _connect(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(dsn=url, timeout=10)


async def make_user(url: str, email: str, like: str) -> uuid.UUID:
    """A verified user with `like`'s password hash and role."""
    conn = await _connect(url)
    try:
        user_id = uuid.uuid4()
        await conn.execute(
            'INSERT INTO "user" (id, email, password_hash, name, email_verified, role_id) '
            'SELECT $1, $2, password_hash, $3, now(), role_id FROM "user" WHERE email = $4',
            user_id,
            email,
            email.split("@")[0],
            like,
        )
        return user_id
    finally:
        await conn.close()


async def add_resumes(
    url: str, user_id: uuid.UUID, sources: Sequence[Source], count: int, chars: int | None
) -> list[uuid.UUID]:
    """Give the user `count` resumes more (with analyses), older than those it has, by COPY."""
    conn = await _connect(url)
    try:
        have: int = await conn.fetchval("SELECT count(*) FROM resume WHERE user_id = $1", user_id)
        oldest = await conn.fetchval(
            "SELECT min(uploaded_at) FROM resume WHERE user_id = $1", user_id
        )
        start = oldest or dt.datetime.now(dt.UTC)
        built = seed_data._Resumes()
        ids = []
        for i in range(have, have + count):
            source = sources[i % len(sources)]
            if chars is not None:
                source = replace(source, text=source.text[:chars])
            at = start - dt.timedelta(seconds=i - have + 1)
            ids.append(built.add(user_id, source, i, central=False, at=at))
        async with conn.transaction():
            await conn.copy_records_to_table(
                "resume", records=built.resumes, columns=[c[0] for c in RESUME_COLUMNS]
            )
            await conn.copy_records_to_table(
                "analysis", records=built.analyses, columns=[c[0] for c in ANALYSIS_COLUMNS]
            )
        await conn.execute("VACUUM ANALYZE resume")
        await conn.execute("VACUUM ANALYZE analysis")
        return ids
    finally:
        await conn.close()


async def spread_ids(url: str, user_id: uuid.UUID, n: int) -> list[uuid.UUID]:
    """`n` of the user's resume ids, evenly along its list (newest to oldest)."""
    conn = await _connect(url)
    try:
        rows = await conn.fetch(
            "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY uploaded_at DESC) AS k, "
            "count(*) OVER () AS total FROM resume WHERE user_id = $1) r "
            "WHERE (k - 1) % greatest(1, total / $2) = 0 LIMIT $2",
            user_id,
            n,
        )
        return [r["id"] for r in rows]
    finally:
        await conn.close()


async def hide_central(url: str, keep: int) -> list[uuid.UUID]:
    """Take all but the newest `keep` shared resumes out of the repository; their ids."""
    conn = await _connect(url)
    try:
        rows = await conn.fetch(
            "UPDATE resume SET show_in_central = false WHERE id IN (SELECT id FROM resume WHERE "
            "show_in_central ORDER BY uploaded_at DESC OFFSET $1) RETURNING id",
            keep,
        )
        await conn.execute("VACUUM ANALYZE resume")
        await conn.execute("VACUUM ANALYZE central_facet")
        return [r["id"] for r in rows]
    finally:
        await conn.close()


async def show_central(url: str, ids: list[uuid.UUID]) -> None:
    conn = await _connect(url)
    try:
        await conn.execute("UPDATE resume SET show_in_central = true WHERE id = ANY($1)", ids)
        await conn.execute("VACUUM ANALYZE resume")
        await conn.execute("VACUUM ANALYZE central_facet")
    finally:
        await conn.close()


async def central_count(url: str) -> int:
    conn = await _connect(url)
    try:
        n: int = await conn.fetchval("SELECT count(*) FROM resume WHERE show_in_central")
        return n
    finally:
        await conn.close()


# -- the measurements --------------------------------------------------------------------------


def _login(base_url: str, email: str, password: str) -> str:
    response = httpx.post(
        f"{base_url}/api/v1/auth/login", json={"email": email, "password": password}, timeout=30
    )
    response.raise_for_status()
    token: str = response.json()["token"]
    return token


@dataclass
class Growth:
    """Scenarios by key `growth_<what>_<size>`, and what the table and the targets need."""

    scenarios: dict[str, Scenario]
    rows: dict[str, dict[int, tuple[float, float]]]  # what -> size -> (p50, p99)
    delete_seconds: dict[int, tuple[float, int]]  # resumes -> (seconds, status)
    central_seconds: dict[str, Any]


LABELS = {
    "list": "GET /resumes, first page",
    "list_last": "GET /resumes, last page by offset",
    "get": f"GET /resumes/{{id}}, {GET_IDS} ids",
    "central": f"GET /central/resumes, {len(central.SEARCHES)} rotating",
    "match": "POST /central/matches, rotating",
}


def measure(
    wrk: Wrk,
    load: Load,
    database_url: str,
    sources: Sequence[Source],
    info: seed_data.SeedInfo,
    admin_token: str,
    jobs: dict[str, str],
    log: Callable[[str], None],
) -> Growth:
    sizes = sizes_from_env("BENCH_GROWTH_SIZES", DEFAULT_SIZES)
    delete_sizes = sizes_from_env("BENCH_DELETE_SIZES", DEFAULT_DELETE_SIZES)
    result = Growth({}, {key: {} for key in LABELS}, {}, {})

    def one(what: str, size: int, request: Request) -> None:
        status = 0
        for single in request.each()[:3]:
            status = httpx.request(
                single.method,
                wrk.base_url + single.path,
                headers=single.headers,
                content=single.body,
                timeout=60,
            ).status_code
        key = f"growth_{what}_{_size(size)}"
        label = f"  {LABELS[what]}, {_size(size)}"
        runs = wrk.measure(request)
        summary = summarise(runs)
        result.scenarios[key] = Scenario(key, label, summary, status)
        result.rows[what][size] = (summary.p50_ms, summary.p99_ms)
        log(f"{label.strip()}: p50 {summary.p50_ms} ms, p99 {summary.p99_ms} ms (check {status})")

    # One user's list and GET.
    user_id = asyncio.run(make_user(database_url, GROWTH_EMAIL, info.emails["bench"]))
    token = _login(wrk.base_url, GROWTH_EMAIL, info.password)
    bearer = {"Authorization": f"Bearer {token}"}
    have = 0
    for size in sizes:
        started = time.perf_counter()
        asyncio.run(add_resumes(database_url, user_id, sources, size - have, TEXT_CHARS))
        have = size
        log(f"growth user at {size:,} resumes ({time.perf_counter() - started:.1f} s to add)")
        ids = asyncio.run(spread_ids(database_url, user_id, GET_IDS))
        one("list", size, Request("GET", "/api/v1/resumes?limit=20", bearer))
        one(
            "list_last",
            size,
            Request("GET", f"/api/v1/resumes?limit=20&offset={max(0, size - 20)}", bearer),
        )
        one(
            "get",
            size,
            Request.rotating("GET", bearer, [(f"/api/v1/resumes/{i}", None) for i in ids]),
        )

    # The central repository.
    search = central.search_request(admin_token)
    match = central.match_request(admin_token, jobs)
    for size in sizes:
        seeded = asyncio.run(central_count(database_url))
        hidden: list[uuid.UUID] = []
        if size < seeded:
            hidden = asyncio.run(hide_central(database_url, size))
        elif size > seeded:
            log(f"growing the central repository to {size:,} shared resumes (COPY)")
            result.central_seconds[str(size)] = asyncio.run(
                seed_data.grow_central(database_url, sources, size)
            )["seconds"]
        try:
            one("central", size, search)
            one("match", size, match)
        finally:
            if hidden:
                asyncio.run(show_central(database_url, hidden))

    # DELETE /me.
    for n in delete_sizes:
        email = f"bench-delete-{n}@bench.example"
        doomed = asyncio.run(make_user(database_url, email, info.emails["bench"]))
        asyncio.run(add_resumes(database_url, doomed, sources, n, None))
        doomed_token = _login(wrk.base_url, email, info.password)
        time.sleep(1.0)
        started = time.perf_counter()
        response = httpx.request(
            "DELETE",
            f"{wrk.base_url}/api/v1/me",
            headers={"Authorization": f"Bearer {doomed_token}"},
            json={"password": info.password},
            timeout=120,
        )
        seconds = time.perf_counter() - started
        result.delete_seconds[n] = (round(seconds, 3), response.status_code)
        log(f"DELETE /me with {n:,} resumes: {seconds * 1000:.0f} ms, {response.status_code}")
    return result


# -- the report --------------------------------------------------------------------------------


def _ratio(by_size: dict[int, tuple[float, float]], a: int, b: int) -> float | None:
    if a in by_size and b in by_size and by_size[b][1]:
        return round(by_size[a][1] / by_size[b][1], 2)
    return None


def targets(growth: Growth | None) -> list[Target]:
    rows = growth.rows if growth else {key: {} for key in LABELS}
    sizes = sorted({size for by_size in rows.values() for size in by_size})
    small, large = (sizes[0], sizes[-1]) if sizes else (0, 0)
    before = sizes[-2] if len(sizes) > 1 else 0
    deletes = sorted(growth.delete_seconds) if growth else []
    delete_ratio = None
    if growth and len(deletes) > 1:
        last, prior = growth.delete_seconds[deletes[-1]], growth.delete_seconds[deletes[-2]]
        if last[1] == prior[1] == 204 and prior[0]:
            delete_ratio = round(last[0] / prior[0], 2)
    span = f"{_size(large)} / {_size(small)}" if sizes else "largest / smallest"
    step = f"{_size(large)} / {_size(before)}" if sizes else "largest / the one before"
    dstep = f"{_size(deletes[-1])} / {_size(deletes[-2])}" if len(deletes) > 1 else ""
    return [
        Target(
            f"growth: list p99, {span} resumes",
            _ratio(rows["list"], large, small),
            FLAT,
            "x",
            False,
        ),
        Target(
            f"growth: GET p99, {span} resumes", _ratio(rows["get"], large, small), FLAT, "x", False
        ),
        Target(
            f"growth: central search p99, {step}",
            _ratio(rows["central"], large, before),
            RANKED,
            "x",
            False,
        ),
        Target(
            f"growth: central matches p99, {step}",
            _ratio(rows["match"], large, before),
            RANKED,
            "x",
            False,
        ),
        Target(
            f"growth: DELETE /me time, {dstep} resumes".replace(",  ", ", "),
            delete_ratio,
            DELETE_LINEAR,
            "x",
            False,
        ),
    ]


def lines(growth: Growth) -> list[str]:
    """The small table: p50 / p99 ms per size, and the DELETE /me timings."""
    sizes = sorted({size for by_size in growth.rows.values() for size in by_size})
    head = f"  {'growth (p50 / p99 ms)':<48}" + "".join(f"{f'{s:,}':>18}" for s in sizes)
    out = [head, "  " + "-" * (48 + 18 * len(sizes))]
    for what, label in LABELS.items():
        cells = ""
        for size in sizes:
            p50p99 = growth.rows[what].get(size)
            cell = f"{p50p99[0]:.1f} / {p50p99[1]:.1f}" if p50p99 else ""
            cells += f"{cell:>18}"
        out.append(f"  {label:<48}{cells}")
    deletes = ", ".join(
        f"{n:,} resumes {s * 1000:.0f} ms" + ("" if status == 204 else f" (status {status})")
        for n, (s, status) in sorted(growth.delete_seconds.items())
    )
    out.append(f"  DELETE /me (resumes with analyses): {deletes}")
    last = growth.rows["list_last"]
    if len(last) > 1:
        a, b = max(last), min(last)
        p50 = round(last[a][0] / last[b][0], 2) if last[b][0] else None
        out.append(
            f"  the last page by offset at {a:,} / at {b:,} resumes: p50 {p50}x, p99 "
            f"{_ratio(last, a, b)}x (an offset skips that many index entries: README, Performance)"
        )
    return out
