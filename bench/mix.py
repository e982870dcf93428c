"""Issue 18, item 3: a realistic mix of simulated users, against the default server and the
two-worker one.

One wrk thread per simulated user, each with one connection: a user sends a request, waits for
its answer, then picks the next kind at random by weight (its own random sequence). With one
connection a thread, the Lua script pairs each answer with its request and times it (LuaJIT's
ffi reads CLOCK_MONOTONIC), per kind; `done()` prints every latency, from which this module
makes req/s and p50/p99 per kind.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from bench.report import Scenario, Target
from bench.wrk import MARKER, Load, Request, Summary, Wrk, WrkFailed, _lua_string, wrk_path

# kind: (weight in percent, label). list/get 60, central search 15, create from text 10, cold
# mail or interview 10, sign-in 5.
KINDS: dict[str, tuple[int, str]] = {
    "list": (30, "GET /resumes?limit=20"),
    "get": (30, "GET /resumes/{id}"),
    "central": (15, "GET /central/resumes, rotating"),
    "create": (10, "POST /resumes (JSON text)"),
    "cold_mail": (5, "POST /cold-mails (builtin)"),
    "interview": (5, "POST /interviews (builtin)"),
    "login": (5, "POST /auth/login (bcrypt 12)"),
}
DEFAULT_USERS = 16

LUA = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

local threads = {}
local started = 0
setup = function(thread)
  started = started + 1
  thread:set("id", started)
  table.insert(threads, thread)
end

local total = 0
for _, k in ipairs(kinds) do total = total + k.weight end
local pending, since = nil, 0
-- Flat tables only: wrk's thread:get copies nested ones wrongly.
local lat, turn = {}, {}
errors = {}

init = function(args)
  math.randomseed(7919 * id)
  for _, k in ipairs(kinds) do
    lat[k.name] = {}
    _G["lat_" .. k.name] = lat[k.name]
    errors[k.name] = 0
    turn[k.name] = id
  end
end

request = function()
  local pick, acc = math.random() * total, 0
  local kind = kinds[#kinds]
  for _, k in ipairs(kinds) do
    acc = acc + k.weight
    if pick < acc then kind = k break end
  end
  turn[kind.name] = turn[kind.name] % #kind.variants + 1
  local v = kind.variants[turn[kind.name]]
  pending, since = kind.name, now_us()
  return wrk.format(kind.method, v[1], kind.headers, v[2])
end

response = function(status, headers, body)
  if pending == nil then return end
  local list = lat[pending]
  list[#list + 1] = math.floor(now_us() - since)
  if status >= 400 then errors[pending] = errors[pending] + 1 end
  pending = nil
end

done = function(summary, latency, requests)
  local out = {}
  for _, t in ipairs(threads) do
    local errs = t:get("errors")
    for _, k in ipairs(kinds) do
      local each = {}
      for i, v in ipairs(t:get("lat_" .. k.name)) do each[i] = string.format("%d", v) end
      table.insert(out, string.format('{"kind":"%s","errors":%d,"lat":[%s]}',
        k.name, errs[k.name], table.concat(each, ",")))
    end
  end
  io.write(string.format('MARKER{"duration_us":%d,"socket_errors":%d,"per_thread":[%s]}\n',
    summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(out, ",")))
end
""".replace("MARKER", MARKER)


def lua(requests: dict[str, Request]) -> str:
    """The script: each kind's method, headers, and (path, body) variants, then LUA."""
    lines = ["kinds = {"]
    for kind, (weight, _) in KINDS.items():
        request = requests[kind]
        headers = ", ".join(
            f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in request.headers.items()
        )
        variants = ", ".join(
            "{" + _lua_string(path) + ", " + ("nil" if body is None else _lua_string(body)) + "}"
            for path, body in (request.variants or ((request.path, request.body),))
        )
        lines.append(
            f"  {{name = {_lua_string(kind)}, weight = {weight}, method = "
            f"{_lua_string(request.method)}, headers = {{{headers}}}, variants = {{{variants}}}}},"
        )
    lines.append("}")
    return "\n".join(lines) + "\n" + LUA


@dataclass
class MixRun:
    duration_s: float
    socket_errors: int
    latencies_us: dict[str, list[int]]
    errors: dict[str, int]


def run_once(wrk: Wrk, requests: dict[str, Request], users: int, duration: float) -> MixRun:
    script = wrk._dir / f"mix-{users}.lua"
    script.write_text(lua(requests))
    command = [
        wrk_path() or "wrk",
        f"-t{users}",
        f"-c{users}",
        f"-d{max(1, round(duration))}s",
        f"--timeout={wrk.load.timeout:g}s",
        "-s",
        str(script),
        wrk.base_url,
    ]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=duration + wrk.load.timeout + 60,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            latencies: dict[str, list[int]] = {kind: [] for kind in KINDS}
            errors = dict.fromkeys(KINDS, 0)
            for part in data["per_thread"]:
                latencies[part["kind"]] += part["lat"]
                errors[part["kind"]] += part["errors"]
            return MixRun(data["duration_us"] / 1e6, data["socket_errors"], latencies, errors)
    raise WrkFailed(f"wrk (mix) exited {done.returncode}: {done.stderr.strip() or done.stdout}")


def _percentile(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000 if ordered else 0.0


def summaries(runs: list[MixRun]) -> dict[str, Summary]:
    """Per kind: req/s and percentiles over all the runs' requests of that kind."""
    found = {}
    for kind in KINDS:
        latencies = [v for r in runs for v in r.latencies_us[kind]]
        errors = sum(r.errors[kind] for r in runs)
        rps = statistics.median(len(r.latencies_us[kind]) / r.duration_s for r in runs)
        found[kind] = Summary(
            rps=round(rps, 1),
            p50_ms=round(_percentile(latencies, 0.50), 2),
            p99_ms=round(_percentile(latencies, 0.99), 2),
            requests=len(latencies),
            errors=errors,
            errors_by_kind={"status": errors} if errors else {},
            other_cpu_cores=None,
            cpu_ms_per_request=None,
            runs=[],
        )
    return found


def users_from_env() -> int:
    value = os.environ.get("BENCH_MIX_USERS", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_USERS


def measure(
    servers: dict[str, Wrk],
    load: Load,
    requests: dict[str, Request],
    log: Callable[[str], None],
) -> tuple[dict[str, Scenario], dict[str, dict[str, float | int]]]:
    """The mix against each server (`suffix: wrk`), runs in turns; per kind a scenario
    `mix_<kind><suffix>`, and per server the totals."""
    users = users_from_env()
    runs: dict[str, list[MixRun]] = {suffix: [] for suffix in servers}
    for suffix, target in servers.items():
        log(f"mix of {users} simulated users ({suffix or 'default server'}): warm-up")
        if load.warmup > 0:
            run_once(target, requests, users, load.warmup)
    log(f"mix: {load.runs} rounds on {', '.join(s or 'default' for s in servers)}, in turns")
    for _ in range(load.runs):
        for suffix, target in servers.items():
            runs[suffix].append(run_once(target, requests, users, load.duration))
    scenarios: dict[str, Scenario] = {}
    totals: dict[str, dict[str, float | int]] = {}
    for suffix, done in runs.items():
        where = "2w" if suffix else "1w"
        for kind, summary in summaries(done).items():
            key = f"mix_{kind}{suffix}"
            label = f"mix {where}: {KINDS[kind][1]}"
            scenarios[key] = Scenario(key, label, summary, note=f"{users} simulated users")
        totals["2 workers" if suffix else "default (1 worker)"] = {
            "users": users,
            "rps": round(
                statistics.median(
                    sum(len(v) for v in r.latencies_us.values()) / r.duration_s for r in done
                ),
                1,
            ),
            "errors": sum(sum(r.errors.values()) + r.socket_errors for r in done),
        }
    return scenarios, totals


def targets(totals: dict[str, dict[str, float | int]] | None) -> list[Target]:
    """The mix has no speed target of its own (its figures are read next to the others'):
    it must run without an error on either server."""
    errors = None if totals is None else sum(int(t["errors"]) for t in totals.values())
    return [Target("mix: errors (status >= 400, socket), every server", errors, 1, "", False)]


def lines(totals: dict[str, dict[str, float | int]]) -> list[str]:
    weights = ", ".join(f"{kind} {weight}%" for kind, (weight, _) in KINDS.items())
    each = "; ".join(
        f"{where}: {t['rps']} req/s, {t['errors']} errors" for where, t in totals.items()
    )
    users = next(iter(totals.values()))["users"] if totals else DEFAULT_USERS
    return [
        f"mix: {users} simulated users (one wrk thread and connection each, next request at "
        f"random by weight: {weights}); all kinds together: {each}"
    ]
