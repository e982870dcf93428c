"""Issue 18, item 2: the API in one process and in two (`talentsync serve --workers 2`, which
needs REDIS_URL: rate limits and OAuth state live in Redis then).

Both servers run side by side on the same database; the runs are taken in turns (1 2 1 2 ...),
so that a change in the machine's load hits both alike. Measured: the resume list (req/s and CPU
ms per request), sign-ins (bcrypt 12: logins/s), and /health while sign-ins saturate the
two-process server (its bcrypt threads, one a process on 2 cores, run at nice +10).
"""

from __future__ import annotations

import contextlib
import os
import statistics
from collections.abc import Callable

from bench.report import Scenario, Target
from bench.wrk import Load, Request, RunResult, Wrk, summarise

WORKERS = 2  # as `serve --workers 2` in bench/load.py
# A Redis database of the bench's own (the rate limiter's keys are prefixed, but stay apart).
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"

LABELS = {
    "list_w1": "GET /api/v1/resumes?limit=20, 1 worker",
    "list_w2": f"GET /api/v1/resumes?limit=20, {WORKERS} workers",
    "login_w1": "POST /api/v1/auth/login, 1 worker",
    "login_w2": f"POST /api/v1/auth/login, {WORKERS} workers",
    "health_under_login_w2": f"GET /health while logins saturate, {WORKERS} workers",
    "login_background_w2": "  the logins meanwhile",
}

LIST_TARGET = 1.25  # list req/s, 2 workers / 1
LOGIN_TARGET = 4.5  # logins/s with 2 workers
HEALTH_P99_TARGET = 25.0  # ms, /health while logins saturate the 2-worker server


def redis_url() -> str:
    return os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL


def redis_answers(url: str) -> bool:
    """Whether Redis answers a PING at `url` (the two-worker server refuses to start without)."""
    import redis

    with contextlib.suppress(Exception):
        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    return False


def _paired(twos: list[float], ones: list[float]) -> float | None:
    ratios = [a / b for a, b in zip(twos, ones, strict=True) if b]
    return round(statistics.median(ratios), 3) if ratios else None


def measure(
    one: Wrk,
    two: Wrk,
    load: Load,
    requests: dict[str, Request],
    check: Callable[[str, Request], int],
    under_logins: Callable[[Wrk, Load, Request, Request], tuple[list[RunResult], list[RunResult]]],
    log: Callable[[str], None],
) -> tuple[dict[str, Scenario], dict[str, float | None]]:
    """The scenarios of this group and its ratios (list 2/1, logins 2/1)."""
    scenarios: dict[str, Scenario] = {}
    rates: dict[str, list[float]] = {}
    for kind in ("list", "login"):
        pair = {f"{kind}_w1": one, f"{kind}_w2": two}
        statuses = {key: check(target.base_url, requests[kind]) for key, target in pair.items()}
        for key, target in pair.items():
            log(f"{LABELS[key]}: check {statuses[key]}, warm-up {load.warmup:g} s")
            if load.warmup > 0:
                target.run(requests[kind], load.warmup)
        log(f"{load.runs} rounds of {kind} on 1 and {WORKERS} workers, in turns")
        runs: dict[str, list[RunResult]] = {key: [] for key in pair}
        for _ in range(load.runs):
            for key, target in pair.items():
                runs[key].append(target.run(requests[kind], load.duration))
        for key in pair:
            scenarios[key] = Scenario(key, LABELS[key], summarise(runs[key]), statuses[key])
            rates[key] = [r.rps for r in runs[key]]
        busy = [r.ours_cores for r in runs[f"{kind}_w1"] if r.ours_cores is not None]
        if busy:
            rates[f"{kind}_w1_cores"] = busy

    log(f"{LABELS['health_under_login_w2']}: {load.runs} runs")
    health_runs, login_runs = under_logins(two, load, requests["health"], requests["login"])
    health = summarise(health_runs)
    health.cpu_ms_per_request = None  # the server's CPU went mostly to the logins
    scenarios["health_under_login_w2"] = Scenario(
        "health_under_login_w2", LABELS["health_under_login_w2"], health, 200
    )
    scenarios["login_background_w2"] = Scenario(
        "login_background_w2", LABELS["login_background_w2"], summarise(login_runs), 200
    )
    cores = os.cpu_count() or 1
    one_busy = rates.get("list_w1_cores")
    ratios = {
        "list_two_over_one": _paired(rates["list_w2"], rates["list_w1"]),
        "login_two_over_one": _paired(rates["login_w2"], rates["login_w1"]),
        # What one worker's list runs left idle bounds what a second process can add.
        "list_w1_busy_cores": round(statistics.median(one_busy), 2) if one_busy else None,
        "list_ceiling": round(cores / statistics.median(one_busy), 2) if one_busy else None,
    }
    return scenarios, ratios


def targets(scenarios: dict[str, Scenario], ratios: dict[str, float | None]) -> list[Target]:
    login = scenarios.get("login_w2")
    health = scenarios.get("health_under_login_w2")
    return [
        Target(
            f"list req/s, {WORKERS} workers / 1 worker",
            ratios.get("list_two_over_one"),
            LIST_TARGET,
            "x",
            True,
        ),
        Target(
            f"logins/s with {WORKERS} workers (bcrypt 12)",
            login.summary.rps if login else None,
            LOGIN_TARGET,
            "/s",
            True,
        ),
        Target(
            f"/health p99 while logins saturate {WORKERS} workers",
            health.summary.p99_ms if health else None,
            HEALTH_P99_TARGET,
            "ms",
            False,
        ),
    ]


def lines(scenarios: dict[str, Scenario], ratios: dict[str, float | None]) -> list[str]:
    def cost(key: str) -> str:
        found = scenarios.get(key)
        value = found.summary.cpu_ms_per_request if found else None
        return "n/a" if value is None else f"{value:.2f}"

    return [
        f"1 and {WORKERS} workers (`talentsync serve --workers {WORKERS}` with REDIS_URL), runs "
        f"in turns: list {ratios.get('list_two_over_one')}x (CPU ms/req {cost('list_w1')} and "
        f"{cost('list_w2')}), logins {ratios.get('login_two_over_one')}x (CPU ms/login "
        f"{cost('login_w1')} and {cost('login_w2')}); bcrypt threads: one per process on 2 "
        "cores, at nice +10",
        f"  the list on 1 worker kept {ratios.get('list_w1_busy_cores')} of "
        f"{os.cpu_count()} cores busy (server, PostgreSQL and wrk together): more processes "
        f"could give at most {ratios.get('list_ceiling')}x",
    ]
