"""`make bench`: load-test the API as production runs it, next to a raw asyncpg baseline.

Run from the repository root: python -m bench.load
Environment: BENCH_DURATION (s per run, 8), BENCH_WARMUP (s, 3), BENCH_RUNS (3),
BENCH_THREADS (2), BENCH_CONNECTIONS (8), BENCH_OUTPUT (bench/results/latest.json),
BENCH_ONLY (`bulk`, `central`, `http`, `workers`, `mix` or `growth`: those scenarios alone),
BENCH_CENTRAL_GROWTH (shared resumes the central repository is grown to at the end, then its
scenarios measured again: 100000 with BENCH_ONLY=central, else 0; 0 skips it),
BENCH_REDIS_URL (the two-worker server's Redis, redis://127.0.0.1:6379/14), BENCH_MIX_USERS
(simulated users of the mix, 16), BENCH_GROWTH_SIZES (1000,10000,100000) and
BENCH_DELETE_SIZES (100,1000,10000) for the growth curves;
DATABASE_URL to use that server instead of an embedded one in .data/bench.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg
import bcrypt
import httpx

from bench import bulk, central, database, growth, mix, report, seed_data, servers, workers
from bench.hostile import HostileUploads
from bench.report import Scenario
from bench.wrk import Load, Request, RunResult, Wrk, summarise, wrk_path
from tests.resumes.files import cpu_burning_pdf

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTLE_SECONDS = 2.0
BUSY_WARNING = 0.25  # cores busy while everything of ours is idle
RESULTS = REPO_ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
# Production limits login to 10 attempts a minute per address: a load test from one address
# would only measure 429s. The bench server gets a limit it never reaches.
AUTH_RATE_LIMIT = "1000000000"
# Likewise the per-user budget of uploads and generations (60 a minute by default).
GENERATION_RATE_LIMIT = "1000000000"
# Uploads of a CPU-burning PDF kept in flight while /health is measured.
HOSTILE_UPLOADS = 4
# Each rotating variant timed alone on the idle server, this many times (issue 15's rows).
SEARCH_REPEATS = 5
MATCH_REPEATS = 3
BENCH_ONLY_CHOICES = ("", "bulk", "central", "http", "workers", "mix", "growth")
# The central scenarios measured again on the grown repository, under these keys.
GROWN = {
    key: f"{key}_grown"
    for key in ("central_q", "central_skills", "central_rotating", "central_match")
}
# Settings the bench server must not inherit from the caller's shell.
UNSET_FOR_SERVER = (
    "BCRYPT_ROUNDS",
    "REDIS_URL",
    "TALENTSYNC_DATA_DIR",
    "HOST",
    "PORT",
    "WEB_CONCURRENCY",
)
# uvicorn with the options `talentsync serve` passes it: one worker, no access log, uvloop and
# httptools (`--http uvloop`, the default).
RAW_APP_ARGS = [
    "-m",
    "uvicorn",
    "bench.raw_app:create_app",
    "--factory",
    "--host=127.0.0.1",
    "--workers=1",
    "--no-access-log",
    "--log-level=warning",
]
UVLOOP_ARGS = ["--loop=uvloop", "--http=httptools"]
ASYNCIO_ARGS = ["--loop=asyncio", "--http=h11"]  # uvicorn's stack before issue 18
# Granian (Rust HTTP server, its own worker process) on the same app: one worker, uvloop.
GRANIAN_ARGS = [
    "--interface=asgi",
    "--factory",
    "--host=127.0.0.1",
    "--workers=1",
    "--loop=uvloop",
    "--no-ws",
    "--no-access-log",
    "--log-level=warning",
]
# A resume created from JSON text (the create scenario).
CREATE_TEXT = (
    "Jordan Lee\nBackend Engineer\n\nSummary\nSeven years building Python services on "
    "PostgreSQL.\n\nSkills\nPython, SQL, PostgreSQL, Docker, Kubernetes, Redis, Litestar\n\n"
    "Experience\nSenior Engineer, Acme Corp (2019-2026): led the billing platform, cut p99 "
    "latency by half.\nEngineer, Initech (2016-2019): APIs and data pipelines.\n\n"
    "Education\nBSc Computer Science, 2016\n"
)


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    try:
        return float(value) if value else default
    except ValueError:
        sys.exit(f"error: {name} must be a number, not {value!r}")


def load_from_env() -> Load:
    return Load(
        threads=int(_env_number("BENCH_THREADS", 2)),
        connections=int(_env_number("BENCH_CONNECTIONS", 8)),
        duration=_env_number("BENCH_DURATION", 8),
        warmup=_env_number("BENCH_WARMUP", 3),
        runs=max(1, int(_env_number("BENCH_RUNS", 3))),
    )


def server_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET_FOR_SERVER}
    env.update(
        DATABASE_URL=database_url,
        ACCESS_LOG="false",
        LOG_LEVEL="WARNING",
        AUTH_RATE_LIMIT=AUTH_RATE_LIMIT,
        GENERATION_RATE_LIMIT=GENERATION_RATE_LIMIT,
        AI_PROVIDER="builtin",
        # The API alone, as compose runs it (jobs run in workers of their own).
        WORKER_IN_SERVE="false",
    )
    return env


def talentsync(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [str(BIN / "talentsync"), *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"talentsync {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# -- the API under load ------------------------------------------------------------------------


def login(base_url: str, email: str, password: str) -> str:
    response = httpx.post(
        f"{base_url}/api/v1/auth/login", json={"email": email, "password": password}, timeout=30
    )
    response.raise_for_status()
    token: str = response.json()["token"]
    return token


def check(base_url: str, request: Request) -> int:
    """One request before the load (one of each variant of a rotating request): a scenario that
    fails shows its status (the first that is not 2xx) in the table."""
    status = 0
    for single in request.each():
        response = httpx.request(
            single.method,
            base_url + single.path,
            headers=single.headers,
            content=single.body,
            timeout=60,
        )
        status = response.status_code
        if not response.is_success:
            break
    return status


def requests_for(
    info: seed_data.SeedInfo, tokens: dict[str, str], jobs: dict[str, str]
) -> dict[str, Request]:
    def bearer(who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[who]}"}

    json_type = {"Content-Type": "application/json"}
    return {
        "health": Request("GET", "/health"),
        "me": Request("GET", "/api/v1/me", bearer("bench")),
        "list": Request("GET", "/api/v1/resumes?limit=20", bearer("bench")),
        "list_big": Request("GET", "/api/v1/resumes?limit=20", bearer("big")),
        "create": Request(
            "POST",
            "/api/v1/resumes",
            {**bearer("writer"), **json_type},
            json.dumps({"customName": "Bench create", "rawText": CREATE_TEXT}),
        ),
        "get": Request("GET", f"/api/v1/resumes/{info.bench_resume_id}", bearer("bench")),
        "central_q": Request(
            "GET", "/api/v1/central/resumes?q=python%20developer", bearer("admin")
        ),
        "central_skills": Request(
            "GET", "/api/v1/central/resumes?skill=python&skill=sql", bearer("admin")
        ),
        "central_rotating": central.search_request(tokens["admin"]),
        "central_match": central.match_request(tokens["admin"], jobs),
        "cold_mail": Request(
            "POST",
            "/api/v1/cold-mails",
            {**bearer("writer"), **json_type},
            json.dumps(
                {
                    "recipientName": "Jordan Lee",
                    "recipientRole": "Engineering Manager",
                    "companyName": "Acme Corp",
                }
            ),
        ),
        "interview": Request(
            "POST",
            "/api/v1/interviews",
            {**bearer("writer"), **json_type},
            json.dumps(
                {
                    "question": "Tell me about a system you scaled.",
                    "role": "Backend Engineer",
                    "companyName": "Acme Corp",
                }
            ),
        ),
        "central": central.search_request(tokens["admin"]),
        "login": Request(
            "POST",
            "/api/v1/auth/login",
            json_type,
            json.dumps({"email": info.emails["login"], "password": info.password}),
        ),
    }


LABELS = {
    "health": "GET /health",
    "me": "GET /api/v1/me",
    "list": "GET /api/v1/resumes?limit=20",
    "raw_list": "  raw baseline (asyncpg, no Piccolo)",
    "list_big": "GET /api/v1/resumes?limit=20, 10,000 resumes",
    "create": "POST /api/v1/resumes (JSON text)",
    "health_asyncio": "GET /health, asyncio+h11",
    "list_asyncio": "GET /api/v1/resumes?limit=20, asyncio+h11",
    "raw_list_asyncio": "  raw baseline, asyncio+h11",
    "create_asyncio": "POST /api/v1/resumes, asyncio+h11",
    "health_granian": "GET /health, Granian",
    "list_granian": "GET /api/v1/resumes?limit=20, Granian",
    "create_granian": "POST /api/v1/resumes, Granian",
    "get": "GET /api/v1/resumes/{id}",
    "central_q": "GET /central/resumes?q=python developer",
    "central_skills": "GET /central/resumes?skill=python&skill=sql",
    "central_rotating": f"GET /central/resumes, {len(central.SEARCHES)} rotating queries",
    "central_match": "POST /central/matches (job descriptions)",
    "cold_mail": "POST /api/v1/cold-mails (builtin)",
    "login": "POST /api/v1/auth/login (bcrypt 12)",
    "health_under_login": "GET /health while logins saturate",
    "login_background": "  the logins meanwhile",
    "health_under_hostile": f"GET /health while {HOSTILE_UPLOADS} hostile PDFs upload",
    "hostile_background": "  the hostile uploads meanwhile",
    "list_bulk_idle": "GET /api/v1/resumes?limit=20, worker idle",
    "list_bulk_busy": "  the same, the worker on a bulk upload",
}


def health_under_logins(
    wrk: Wrk, load: Load, health: Request, logins: Request
) -> tuple[list[RunResult], list[RunResult]]:
    """Per run: logins in the background; after they ramp up, /health with a second wrk."""
    ramp = 1.5
    health_runs, login_runs = [], []
    for _ in range(load.runs):
        background = wrk.start(logins, load.duration + ramp + 1.5)
        try:
            time.sleep(ramp)
            health_runs.append(wrk.run(health, load.duration))
        except BaseException:
            background.kill()
            background.wait()
            raise
        login_runs.append(wrk.finish(background, load.duration + ramp + 1.5))
    return health_runs, login_runs


def health_under_hostile_uploads(
    wrk: Wrk, load: Load, health: Request, base_url: str, token: str
) -> tuple[list[RunResult], list[RunResult], dict[int, int]]:
    """Per run: hostile uploads in the background; once their files are being read, /health.
    Stopping them hangs up on the uploads in flight, whose extractions the server then kills."""
    ramp = 1.5
    health_runs, upload_runs = [], []
    statuses: dict[int, int] = {}
    for _ in range(load.runs):
        uploads = HostileUploads(base_url, token, HOSTILE_UPLOADS)
        uploads.start()
        try:
            time.sleep(ramp)
            health_runs.append(wrk.run(health, load.duration))
        finally:
            upload_runs.append(uploads.stop())
        for status, n in uploads.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
        time.sleep(SETTLE_SECONDS)
    return health_runs, upload_runs, statuses


def bulk_uploads(
    bench: bulk.BulkBench,
    wrk: Wrk,
    load: Load,
    requests: dict[str, Request],
    scenarios: dict[str, Scenario],
) -> tuple[dict[str, Any], dict[str, float | None]]:
    """Files/s of one upload with 1 and 2 workers; the list while one worker reads uploads."""
    log(f"bulk uploads of {bulk.FILES} files: {load.runs} rounds of 1 and 2 workers")
    try:
        runs = bench.throughput(load.runs)
        for n, done in runs.items():
            rates = ", ".join(f"{r.files_per_s:.1f}" for r in done)
            log(f"  {n} worker(s): {rates} files/s")
        status = check(wrk.base_url, requests["list"])
        log(f"{LABELS['list_bulk_idle']} and {LABELS['list_bulk_busy'].strip()}: {load.runs} runs")
        latency = bench.list_latency(wrk, load, requests["list"], bulk.median_files_per_s(runs[1]))
    finally:
        bench.close()
    idle, busy = summarise(latency.idle), summarise(latency.busy)
    busy.cpu_ms_per_request = None  # PostgreSQL's CPU went to the worker's writes as well
    scenarios["list_bulk_idle"] = Scenario("list_bulk_idle", LABELS["list_bulk_idle"], idle, status)
    scenarios["list_bulk_busy"] = Scenario(
        "list_bulk_busy",
        LABELS["list_bulk_busy"],
        busy,
        200,
        note=f"{latency.uploads_per_run} upload(s) of {bulk.FILES} files queued per run",
    )
    figures = {
        "files": bulk.FILES,
        "throughput": {
            str(n): {
                "files_per_s": bulk.median_files_per_s(done),
                "runs": [r.to_dict() for r in done],
            }
            for n, done in runs.items()
        },
        "latency": {
            "uploads_per_run": latency.uploads_per_run,
            "worker_busy_until_wrk_ended": latency.overlapped,
        },
    }
    ratios = {
        "bulk_two_over_one": paired_ratio(
            [r.files_per_s for r in runs[2]], [r.files_per_s for r in runs[1]]
        ),
        "list_p99_bulk_over_idle": round(busy.p99_ms / idle.p99_ms, 3) if idle.p99_ms else None,
    }
    return figures, ratios


def time_delete_me(base_url: str, token: str, password: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = httpx.request(
        "DELETE",
        f"{base_url}/api/v1/me",
        headers={"Authorization": f"Bearer {token}"},
        json={"password": password},
        timeout=60,
    )
    return time.perf_counter() - started, response.status_code


async def remaining_rows(url: str, email: str) -> int:
    conn = await asyncpg.connect(dsn=url, timeout=10)
    try:
        n: int = await conn.fetchval('SELECT count(*) FROM "user" WHERE email = $1', email)
        n += await conn.fetchval(
            'SELECT (SELECT count(*) FROM resume r LEFT JOIN "user" u ON u.id = r.user_id '
            "WHERE u.id IS NULL) + (SELECT count(*) FROM cold_mail_response m "
            "LEFT JOIN cold_mail_request q ON q.id = m.request_id WHERE q.id IS NULL)"
        )
        return n
    finally:
        await conn.close()


def paired_ratio(numerators: list[float], denominators: list[float]) -> float | None:
    """The median of the per-round ratios (rounds taken back to back)."""
    ratios = [n / d for n, d in zip(numerators, denominators, strict=True) if d]
    return round(statistics.median(ratios), 3) if ratios else None


def bcrypt_verify_seconds() -> float:
    stored = bcrypt.hashpw(b"x" * 44, bcrypt.gensalt(seed_data.PRODUCTION_BCRYPT_ROUNDS))
    started = time.perf_counter()
    bcrypt.checkpw(b"x" * 44, stored)
    return time.perf_counter() - started


# -- orchestration -----------------------------------------------------------------------------


def _terminate(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)  # unwinds through the `finally` that stops everything


def growth_from_env(only: str) -> int:
    return int(_env_number("BENCH_CENTRAL_GROWTH", 100_000 if only == "central" else 0))


def run(load: Load, only: str = "", grow_to: int = 0) -> dict[str, Any]:
    started = time.monotonic()
    peak_memory = servers.PeakMemory()
    bench_db: database.BenchDatabase | None = None
    running: list[servers.Server] = []
    wrk: Wrk | None = None
    try:
        bench_db = database.provision()  # dropped and created
        log(bench_db.describe())
        env = server_env(bench_db.url)
        talentsync(env, "migrate")
        talentsync(env, "seed")

        log("analysing the source texts once each")
        sources, source_name = seed_data.load_sources()
        log(f"seeding in bulk from {source_name} ({len(sources)} distinct texts)")
        info = asyncio.run(seed_data.seed(bench_db.url, sources, source_name))
        log(f"seeded {info.counts} in {info.seconds}")
        if only in ("", "bulk"):
            bulk_archive, bulk_kinds = bulk.build_archive(sources)
            log(f"a ZIP of {bulk.FILES} resumes for the bulk uploads: {bulk_kinds}")
        jobs, jobs_source = central.job_descriptions()

        api_port, raw_port = servers.free_port(), servers.free_port()
        api = servers.start(
            "talentsync serve",
            [str(BIN / "talentsync"), "serve", "--port", str(api_port), "--workers", "1"],
            env,
            api_port,
            RESULTS / "server.log",
            REPO_ROOT,
        )
        running.append(api)
        raw = servers.start(
            "raw baseline",
            [str(BIN / "python"), *RAW_APP_ARGS, *UVLOOP_ARGS, "--port", str(raw_port)],
            env,
            raw_port,
            RESULTS / "raw_app.log",
            REPO_ROOT,
        )
        running.append(raw)
        two: servers.Server | None = None
        if only in ("", "workers", "mix"):
            redis_url = workers.redis_url()
            if workers.redis_answers(redis_url):
                port = servers.free_port()
                two = servers.start(
                    f"talentsync serve --workers {workers.WORKERS}",
                    [str(BIN / "talentsync"), "serve", "--port", str(port), "--workers", "2"],
                    {**env, "REDIS_URL": redis_url},
                    port,
                    RESULTS / "server-2-workers.log",
                    REPO_ROOT,
                )
                running.append(two)
            else:
                log(f"WARNING: no Redis at {redis_url} (BENCH_REDIS_URL): no 2-worker server")
        servers.wait_ready(api)
        servers.wait_ready(raw)
        if two is not None:
            servers.wait_ready(two)
        others: dict[str, servers.Server] = {}
        if only in ("", "http"):
            # The stacks compared (issue 18): uvicorn before (asyncio + h11), its raw baseline,
            # and Granian, each one worker process.
            starts = {
                "asyncio": (
                    "talentsync serve --http asyncio",
                    [str(BIN / "talentsync"), "serve", "--workers", "1", "--http", "asyncio"],
                ),
                "raw_asyncio": (
                    "raw baseline, asyncio+h11",
                    [str(BIN / "python"), *RAW_APP_ARGS, *ASYNCIO_ARGS],
                ),
                "granian": (
                    "granian",
                    [str(BIN / "granian"), *GRANIAN_ARGS, "app.main:create_app"],
                ),
            }
            for name, (title, command) in starts.items():
                port = servers.free_port()
                command = [*command, "--port", str(port)]
                log_file = RESULTS / f"{name}.log"
                others[name] = servers.start(title, command, env, port, log_file, REPO_ROOT)
                running.append(others[name])
            for server in others.values():
                servers.wait_ready(server)
        pid = api.process.pid
        # With --workers 1 uvicorn serves in the process it was started in: no children but
        # multiprocessing's helpers (the extraction forkserver and its resource tracker), and
        # that process holds the listening socket.
        child_pids, listeners = servers.children(pid), servers.listening_pids(api_port)
        helpers = [c for c in child_pids if servers.is_multiprocessing_helper(c)]
        child_pids = [c for c in child_pids if c not in helpers]
        single_process = {
            "pid": pid,
            "children": child_pids,
            "helpers": helpers,
            "listening_pids": listeners,
            "verified": not child_pids and listeners == [pid],
        }
        log(f"API on {api.base_url} (pid {pid}), raw baseline on {raw.base_url}")
        idle_busy = servers.busy_cores(2.0)
        log(f"CPU busy before the load (servers idle): {idle_busy:.2f} of {os.cpu_count()} cores")
        if idle_busy > BUSY_WARNING:
            log("WARNING: something else is using the CPU; the figures will be lower and noisier")

        tokens = {
            who: login(api.base_url, info.emails[who], info.password)
            for who in ("bench", "admin", "writer", "doomed", "big")
        }
        requests = requests_for(info, tokens, jobs)
        monitor = servers.CpuMonitor(bench_db.postmaster_pids, bench_db.name)
        api_wrk = Wrk(api.base_url, load, monitor, api.process.pid)
        wrk = api_wrk
        raw_wrk = Wrk(raw.base_url, load, monitor, raw.process.pid)
        two_wrk = Wrk(two.base_url, load, monitor, two.process.pid) if two else None
        other_wrk = {
            name: Wrk(server.base_url, load, monitor, server.process.pid)
            for name, server in others.items()
        }

        scenarios: dict[str, Scenario] = {}

        def measure(key: str, target: Wrk, request: Request, note: str = "") -> None:
            status = check(target.base_url, request)
            log(f"{LABELS[key]}: check {status}, warm-up {load.warmup:g} s, {load.runs} runs")
            summary = summarise(target.measure(request))
            scenarios[key] = Scenario(key, LABELS[key], summary, status, note)

        def measure_interleaved(group: list[tuple[str, Wrk, Request]]) -> dict[str, list[float]]:
            """Runs taken in turns (A B C A B C ...), so that a change in the machine's load
            hits every member alike; returns each member's requests/s per round."""
            statuses = {}
            for key, target, request in group:
                statuses[key] = check(target.base_url, request)
                log(f"{LABELS[key].strip()}: check {statuses[key]}, warm-up {load.warmup:g} s")
                if load.warmup > 0:
                    target.run(request, load.warmup)
            log(f"{load.runs} rounds of {', '.join(LABELS[k].strip() for k, _, _ in group)}")
            runs: dict[str, list[RunResult]] = {key: [] for key, _, _ in group}
            for _ in range(load.runs):
                for key, target, request in group:
                    runs[key].append(target.run(request, load.duration))
            for key, _, _ in group:
                scenarios[key] = Scenario(key, LABELS[key], summarise(runs[key]), statuses[key])
            return {key: [r.rps for r in results] for key, results in runs.items()}

        def measure_central() -> dict[str, Any]:
            """Issue 15's rows: the search with rotating queries and the matches rotating job
            descriptions; then each query and description alone (which ones are slow)."""
            measure("central_q", api_wrk, requests["central_q"])
            measure("central_skills", api_wrk, requests["central_skills"])
            measure(
                "central_rotating",
                api_wrk,
                requests["central_rotating"],
                note="q, skill and field values in turns; each wrk thread from its own offset",
            )
            measure(
                "central_match",
                api_wrk,
                requests["central_match"],
                note=f"{len(jobs)} job descriptions from {jobs_source} in turns",
            )
            time.sleep(SETTLE_SECONDS)
            log(
                f"each central query alone ({SEARCH_REPEATS} times), each job description "
                f"({MATCH_REPEATS} times)"
            )
            searches = central.time_each(
                api.base_url,
                requests["central_rotating"],
                central.search_names(),
                SEARCH_REPEATS,
            )
            matches = central.time_each(
                api.base_url, requests["central_match"], list(jobs), MATCH_REPEATS
            )
            return {
                "job_descriptions": jobs_source,
                "searches_alone": [t.to_dict() for t in searches],
                "matches_alone": [t.to_dict() for t in matches],
            }

        def measure_grown() -> dict[str, Any]:
            """The central scenarios again, on a repository grown to `grow_to` shared resumes."""
            log(f"growing the central repository to {grow_to:,} shared resumes (COPY)")
            grown = asyncio.run(seed_data.grow_central(bench_db.url, sources, grow_to))
            log(f"grown: {grown}")
            time.sleep(SETTLE_SECONDS)
            for key, grown_key in GROWN.items():
                LABELS[grown_key] = f"  {LABELS[key]}, {grown['central_resumes'] // 1000}k"
                measure(grown_key, api_wrk, requests[key])
            return grown

        rounds: dict[str, list[float]] = {
            key: [] for key in ("health", "list", "raw_list", "health_asyncio", "list_big")
        }
        delete: tuple[float, int] | None = None
        hostile_statuses: dict[int, int] = {}
        bulk_figures: dict[str, Any] | None = None
        bulk_ratios: dict[str, float | None] = {}
        central_figures: dict[str, Any] | None = None
        grown_figures: dict[str, Any] | None = None
        workers_ratios: dict[str, float | None] = {}
        mix_totals: dict[str, dict[str, float | int]] | None = None
        growth_figures: growth.Growth | None = None
        try:
            if only == "central":
                central_figures = measure_central()
            if only in ("", "http"):
                # The HTTP stacks side by side and the list at 20 and 10,000 resumes, in turns.
                asyncio_wrk, raw_asyncio_wrk = other_wrk["asyncio"], other_wrk["raw_asyncio"]
                granian_wrk = other_wrk["granian"]
                rounds = measure_interleaved(
                    [
                        ("health", api_wrk, requests["health"]),
                        ("health_asyncio", asyncio_wrk, requests["health"]),
                        ("health_granian", granian_wrk, requests["health"]),
                        ("list", api_wrk, requests["list"]),
                        ("raw_list", raw_wrk, requests["list"]),
                        ("list_big", api_wrk, requests["list_big"]),
                        ("list_asyncio", asyncio_wrk, requests["list"]),
                        ("raw_list_asyncio", raw_asyncio_wrk, requests["list"]),
                        ("list_granian", granian_wrk, requests["list"]),
                        ("create", api_wrk, requests["create"]),
                        ("create_asyncio", asyncio_wrk, requests["create"]),
                        ("create_granian", granian_wrk, requests["create"]),
                    ]
                )
                # Done with: their idle pooled connections would count against PostgreSQL's
                # max_connections for the rest of the bench (the 2-worker server has 2 pools).
                for server in others.values():
                    server.stop()
            if only == "":
                measure("me", api_wrk, requests["me"])
                measure("get", api_wrk, requests["get"])
                central_figures = measure_central()
                measure("cold_mail", api_wrk, requests["cold_mail"])

                # On an idle server, before the logins (whose bcrypt work outlives wrk's runs).
                time.sleep(SETTLE_SECONDS)
                log("timing DELETE /api/v1/me for the user with 1,000 resumes")
                delete = time_delete_me(api.base_url, tokens["doomed"], info.password)
                measure(
                    "login",
                    api_wrk,
                    requests["login"],
                    note=f"AUTH_RATE_LIMIT={AUTH_RATE_LIMIT}: the default (10/min) would give 429s",
                )
                log(f"{LABELS['health_under_login']}: {load.runs} runs")
                health_runs, login_runs = health_under_logins(
                    api_wrk, load, requests["health"], requests["login"]
                )
                mixed = summarise(health_runs)
                mixed.cpu_ms_per_request = None  # the server's CPU went mostly to the logins
                scenarios["health_under_login"] = Scenario(
                    "health_under_login", LABELS["health_under_login"], mixed, 200
                )
                scenarios["login_background"] = Scenario(
                    "login_background", LABELS["login_background"], summarise(login_runs), 200
                )
                time.sleep(SETTLE_SECONDS)
                log(f"{LABELS['health_under_hostile']}: {load.runs} runs")
                health_runs, upload_runs, hostile_statuses = health_under_hostile_uploads(
                    api_wrk, load, requests["health"], api.base_url, tokens["bench"]
                )
                mixed = summarise(health_runs)
                mixed.cpu_ms_per_request = None  # the server's CPU went mostly to the extractions
                scenarios["health_under_hostile"] = Scenario(
                    "health_under_hostile", LABELS["health_under_hostile"], mixed, 200
                )
                scenarios["hostile_background"] = Scenario(
                    "hostile_background",
                    LABELS["hostile_background"],
                    summarise(upload_runs),
                    note="422 (CPU limit) and 503 (no slot free) expected; others are errors",
                )
            if only in ("", "bulk"):
                bench = bulk.BulkBench(
                    base_url=api.base_url,
                    admin_token=tokens["admin"],
                    archive=bulk_archive,
                    database_url=bench_db.url,
                    worker_command=[str(BIN / "talentsync"), "worker"],
                    env=env,  # the server's: same DATABASE_URL, AI_PROVIDER=builtin
                    log_dir=RESULTS,
                    cwd=REPO_ROOT,
                    monitor=monitor,
                )
                bulk_figures, bulk_ratios = bulk_uploads(bench, api_wrk, load, requests, scenarios)
                bulk_figures["archive"] = {"bytes": len(bulk_archive), "files": bulk_kinds}
            if only in ("", "workers") and two_wrk is not None:
                time.sleep(SETTLE_SECONDS)
                found, workers_ratios = workers.measure(
                    api_wrk, two_wrk, load, requests, check, health_under_logins, log
                )
                scenarios.update(found)
            if only in ("", "mix"):
                time.sleep(SETTLE_SECONDS)
                targets = {"": api_wrk, **({"_w2": two_wrk} if two_wrk else {})}
                found, mix_totals = mix.measure(targets, load, requests, log)
                scenarios.update(found)
            if grow_to and central_figures is not None:
                grown_figures = measure_grown()
            if only in ("", "growth"):  # last: it grows the central repository for good
                time.sleep(SETTLE_SECONDS)
                growth_figures = growth.measure(
                    api_wrk, load, bench_db.url, sources, info, tokens["admin"], jobs, log
                )
                scenarios.update(growth_figures.scenarios)
        finally:
            raw_wrk.close()
            if two_wrk is not None:
                two_wrk.close()
            for target in other_wrk.values():
                target.close()

        paired = {
            "list_over_health": paired_ratio(rounds["list"], rounds["health"]),
            "list_over_raw": paired_ratio(rounds["list"], rounds["raw_list"]),
            "health_over_asyncio": paired_ratio(rounds["health"], rounds["health_asyncio"]),
            "list_big_over_list": paired_ratio(rounds["list_big"], rounds["list"]),
            **bulk_ratios,
        }
        delete_me = None
        if delete is not None:
            delete_me = {
                "seconds": round(delete[0], 3),
                "status": delete[1],
                "rows_left": asyncio.run(remaining_rows(bench_db.url, info.emails["doomed"])),
                "bcrypt_verify_seconds": round(bcrypt_verify_seconds(), 3),
            }
        memory = servers.memory_kib(pid)
        peak_memory.record("talentsync serve --workers 1", api)
        if two is not None:
            peak_memory.record(f"--workers {workers.WORKERS}", two)
    finally:
        for server in reversed(running):
            server.stop()
        if wrk is not None:
            wrk.close()
        if bench_db is not None:
            bench_db.close()

    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - started, 1),
        "machine": {
            "arch": platform.machine(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "kernel": platform.release(),
            "postgresql": bench_db.server_version,
            "database": "embedded" if bench_db.embedded else "DATABASE_URL",
            "cpu_busy_before_load_cores": round(idle_busy, 2),
            "loadavg_at_end": os.getloadavg(),
        },
        "load": {
            "threads": load.threads,
            "connections": load.connections,
            "duration_s": load.duration,
            "warmup_s": load.warmup,
            "runs": load.runs,
        },
        "server": {
            "command": "talentsync serve --workers 1",
            "env": {
                "ACCESS_LOG": "false",
                "LOG_LEVEL": "WARNING",
                "AUTH_RATE_LIMIT": AUTH_RATE_LIMIT,
                "GENERATION_RATE_LIMIT": GENERATION_RATE_LIMIT,
                "BCRYPT_ROUNDS": "12 (default)",
            },
            "single_process": single_process,
        },
        "seed": {
            "source": info.source,
            "distinct_texts": info.distinct_texts,
            "counts": info.counts,
            "seconds": info.seconds,
        },
        "scenarios": scenarios,
        "ratios": paired,
        "hostile_uploads": {
            "clients": HOSTILE_UPLOADS,
            "statuses": {str(k): n for k, n in sorted(hostile_statuses.items())},
        },
        "delete_me": delete_me,
        "bulk_uploads": bulk_figures,
        "central": central_figures,
        "central_grown": grown_figures,
        "memory_kib": memory,
        "peak_memory": peak_memory,
        "workers": {"ratios": workers_ratios, "redis": two is not None},
        "mix": mix_totals,
        "growth": growth_figures,
    }


def bulk_lines(bulk_figures: dict[str, Any], ratios: dict[str, float | None]) -> list[str]:
    archive = bulk_figures["archive"]
    busy_until_end = bulk_figures["latency"]["worker_busy_until_wrk_ended"]
    return [
        f"bulk uploads: a {archive['bytes'] / 1024:.0f} KiB ZIP of "
        + ", ".join(f"{n} {kind.upper()}" for kind, n in archive["files"].items())
        + " from the seed texts; built-in analyser; `talentsync worker` processes (concurrency "
        "1) beside the API, whose own worker is off; runs taken in turns (1 2 1 2 ...); "
        f"2 workers / 1: {ratios['bulk_two_over_one']}x (median of the per-round ratios)",
        f"list during a bulk upload: {bulk_figures['latency']['uploads_per_run']} upload(s) "
        "queued per run, the worker still reading when wrk stopped in "
        f"{sum(busy_until_end)}/{len(busy_until_end)} runs"
        + ("" if all(busy_until_end) else " <-- the overlap was partial")
        + f"; p99 {ratios['list_p99_bulk_over_idle']}x the idle one",
        "",
        *report.bulk_table(bulk_figures["throughput"]),
    ]


def central_lines(figures: dict[str, Any], slowest: int = 5) -> list[str]:
    """Which queries and job descriptions are slow alone (sequential requests, idle server)."""

    def row(t: dict[str, Any]) -> str:
        return f"{t['name']} {t['median_ms']:.1f} ms ({t['total']})"

    searches, matches = figures["searches_alone"], figures["matches_alone"]
    failed = [t for t in searches + matches if not 200 <= t["status"] < 300]
    return [
        f"central queries alone (median of {SEARCH_REPEATS}, one at a time, total matches in "
        f"brackets): median {statistics.median(t['median_ms'] for t in searches):.1f} ms; "
        "slowest: " + "; ".join(row(t) for t in searches[:slowest]),
        f"job descriptions alone (median of {MATCH_REPEATS}, resumes scored in brackets): "
        f"median {statistics.median(t['median_ms'] for t in matches):.1f} ms; slowest: "
        + "; ".join(row(t) for t in matches[:slowest]),
        *(f"  <-- {t['name']} got {t['status']}" for t in failed),
    ]


def main() -> int:
    if wrk_path() is None:
        print(
            "error: wrk is not installed. Install it (Debian/Ubuntu: `sudo apt-get install wrk`, "
            "macOS: `brew install wrk`) and run `make bench` again.",
            file=sys.stderr,
        )
        return 2
    signal.signal(signal.SIGTERM, _terminate)
    load = load_from_env()
    only = os.environ.get("BENCH_ONLY", "")
    if only not in BENCH_ONLY_CHOICES:
        choices = ", ".join(f"`{c}`" for c in BENCH_ONLY_CHOICES if c)
        sys.exit(f"error: BENCH_ONLY may only be one of {choices}, not {only!r}")
    output = Path(os.environ.get("BENCH_OUTPUT") or RESULTS / "latest.json")
    data = run(load, only, growth_from_env(only))

    scenarios: dict[str, Scenario] = data["scenarios"]
    peak_memory: servers.PeakMemory = data["peak_memory"]
    peak_mib = peak_memory.peak_mib()
    delete = data["delete_me"]
    delete_s = None
    if delete is not None and delete["status"] == 204 and not delete["rows_left"]:
        delete_s = delete["seconds"]
    ratios = data["ratios"]
    goals = report.targets(scenarios, ratios, delete_s, peak_mib, GROWN)
    goals += workers.targets(scenarios, data["workers"]["ratios"])
    goals += mix.targets(data["mix"])
    goals += growth.targets(data["growth"])
    if only:  # the targets of the scenarios that ran
        goals = [t for t in goals if t.value is not None]
    elif data["growth"] is not None:
        # The growth group measured the central search and matches at 100k / 10k itself: the
        # rows of BENCH_CENTRAL_GROWTH, when it did not run, would only read n/a.
        goals = [t for t in goals if t.value is not None or "100k / 10k" not in t.name]
    m = data["machine"]
    header = [
        f"TalentSync API load benchmark, {data['when']}",
        f"{m['cpus']}-core {m['arch']}, Python {m['python']}, PostgreSQL {m['postgresql']} "
        f"({m['database']}); wrk -t{load.threads} -c{load.connections}, "
        f"{load.runs} x {load.duration:g} s after {load.warmup:g} s warm-up; medians of the runs; "
        f"CPU busy before the load: {m['cpu_busy_before_load_cores']} cores",
        f"server: talentsync serve --workers 1, ACCESS_LOG=false, LOG_LEVEL=WARNING, "
        f"BCRYPT_ROUNDS=12; AUTH_RATE_LIMIT={AUTH_RATE_LIMIT} (the default 10/min per address "
        f"would make the login scenario measure 429s), GENERATION_RATE_LIMIT="
        f"{GENERATION_RATE_LIMIT}",
        f"data: {data['seed']['counts']['central_resumes']:,} shared resumes with analyses over "
        f"100 owners; bench user with 20 resumes, another with 10,000; texts from "
        f"{data['seed']['source']}",
    ]
    single = data["server"]["single_process"]
    answers = ", ".join(f"{k}: {n}" for k, n in data["hostile_uploads"]["statuses"].items())
    others = [s.summary.other_cpu_cores or 0.0 for s in scenarios.values()]
    disturbed = [
        s.label.strip()
        for s in scenarios.values()
        if (s.summary.other_cpu_cores or 0) > BUSY_WARNING
    ]
    bulk_figures = data["bulk_uploads"]
    if bulk_figures is not None:
        disturbed += [
            f"bulk upload, {n} worker(s)"
            for n, figures in bulk_figures["throughput"].items()
            if max(r["other_cpu_cores"] for r in figures["runs"]) > BUSY_WARNING
        ]
    extra = [
        "other: cores of CPU that other programs used during a scenario's runs (the most of any "
        f"run); {max(others):.2f} at most"
        + (f" -- DISTURBED (> {BUSY_WARNING}): {', '.join(disturbed)}" if disturbed else ""),
        "CPU ms/req: the server's and PostgreSQL's CPU time per request (wrk's excluded); "
        "steadier than req/s on a busy machine",
    ]
    if only in ("", "http"):
        extra.append(
            f"list / health: {ratios['list_over_health']}x, list / raw baseline: "
            f"{ratios['list_over_raw']}x, /health uvloop+httptools / asyncio+h11: "
            f"{ratios['health_over_asyncio']}x, list at 10,000 / at 20 resumes: "
            f"{ratios['list_big_over_list']}x (medians of the ratios of back-to-back runs)"
        )
    if not only:
        extra += [
            f"DELETE /me (1,000 resumes + analyses, 200 cold mails + responses, 200 interviews "
            f"+ answers): {delete['seconds'] * 1000:.0f} ms, status {delete['status']}, rows "
            f"left {delete['rows_left']} (one bcrypt-12 check alone: "
            f"{delete['bcrypt_verify_seconds'] * 1000:.0f} ms)",
        ]
    extra.append(peak_memory.line())
    extra.append(
        f"API worker memory (default server): RSS at the end "
        f"{data['memory_kib']['VmRSS'] / 1024:.1f} MiB; single process serving: "
        f"{'yes' if single['verified'] else 'NO'} (pid {single['pid']}, children "
        f"{single['children'] or 'none'} besides the extraction forkserver and resource tracker "
        f"{single['helpers']}, listening {single['listening_pids']})"
    )
    if not only:
        extra.append(
            f"hostile uploads ({HOSTILE_UPLOADS} clients, a {len(cpu_burning_pdf()):,}-byte "
            f"PDF needing minutes of CPU, cut off at EXTRACTION_CPU_SECONDS): answers "
            f"{answers or 'none'}"
        )
    if data["central"] is not None:
        extra += central_lines(data["central"])
    if data["central_grown"] is not None:
        grown = data["central_grown"]
        extra.append(
            f"central repository grown to {grown['central_resumes']:,} shared resumes "
            f"({grown['added']:,} added with COPY in {grown['seconds']}), its scenarios "
            "measured again: growth = p50 and p99 there over the same at "
            f"{data['seed']['counts']['central_resumes']:,}: "
            + "; ".join(
                f"{key.removeprefix('central_')} p50 {g[0]}x, p99 {g[1]}x"
                for key, g in report.growth(scenarios, GROWN).items()
            )
        )
    if bulk_figures is not None:
        extra += bulk_lines(bulk_figures, ratios)
    if data["workers"]["ratios"]:
        extra += workers.lines(scenarios, data["workers"]["ratios"])
    elif only in ("", "workers"):
        extra.append("1 and 2 workers: not measured (no Redis at BENCH_REDIS_URL)")
    if data["mix"] is not None:
        extra += mix.lines(data["mix"])
    if data["growth"] is not None:
        extra += growth.lines(data["growth"])
    print()
    print(report.render(list(scenarios.values()), extra, goals, header))

    data["scenarios"] = {k: report.scenario_dict(s) for k, s in scenarios.items()}
    data["peak_memory"] = peak_memory.to_dict()
    if data["growth"] is not None:
        found: growth.Growth = data["growth"]
        data["growth"] = {
            "p50_p99_ms": {
                what: {str(n): v for n, v in rows.items()} for what, rows in found.rows.items()
            },
            "delete_me_seconds_status": {str(n): v for n, v in found.delete_seconds.items()},
            "central_grown_seconds": found.central_seconds,
        }
    data["targets"] = [report.target_dict(t) for t in goals]
    data["disturbed_scenarios"] = disturbed
    report.write_json(output, data)
    print(f"\nfigures written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
