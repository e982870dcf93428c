"""Driving wrk: a generated Lua script per scenario (method, headers, body, and a `done()` that
prints the figures as one JSON line), bounded runs, and medians over the runs."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.servers import CpuMonitor

MARKER = "BENCH_RESULT "
MIN_REQUESTS_FOR_COST = 100

DONE_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    "MARKER", summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
""".replace("MARKER", MARKER)


def wrk_path() -> str | None:
    return shutil.which("wrk")


def _lua_string(value: str) -> str:
    # A JSON string literal is a valid Lua one (no \u escapes with ensure_ascii=False).
    return json.dumps(value, ensure_ascii=False)


# A rotating request: each wrk thread cycles through the (path, body) pairs, thread k starting
# k/threads of the way along, so that the connections do not all send the same request.
ROTATE_LUA = r"""
local turn = nil
request = function()
  if turn == nil then turn = first or 0 end
  turn = turn % #variants + 1
  local v = variants[turn]
  return wrk.format(nil, v[1], nil, v[2])
end
"""


def _setup_lua(threads: int, count: int) -> str:
    stride = max(1, count // max(1, threads))
    return (
        "local started = 0\n"
        "setup = function(thread)\n"
        f'  thread:set("first", (started * {stride}) % {count})\n'
        "  started = started + 1\n"
        "end\n"
    )


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    # When given, wrk cycles through these (path, body) pairs instead (`path` and `body` are
    # the first pair's).
    variants: tuple[tuple[str, str | None], ...] = ()

    @classmethod
    def rotating(
        cls, method: str, headers: dict[str, str], variants: list[tuple[str, str | None]]
    ) -> Request:
        path, body = variants[0]
        return cls(method, path, headers, body, tuple(variants))

    def each(self) -> list[Request]:
        """Every request this one sends, as single requests (for the checks)."""
        if not self.variants:
            return [self]
        return [Request(self.method, path, self.headers, body) for path, body in self.variants]

    def lua(self, threads: int = 1) -> str:
        lines = [f"wrk.method = {_lua_string(self.method)}", f"wrk.path = {_lua_string(self.path)}"]
        for name, value in self.headers.items():
            lines.append(f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}")
        if self.body is not None:
            lines.append(f"wrk.body = {_lua_string(self.body)}")
        if self.variants:
            lines.append("variants = {")
            for path, body in self.variants:
                lua_body = "nil" if body is None else _lua_string(body)
                lines.append(f"  {{{_lua_string(path)}, {lua_body}}},")
            lines.append("}")
            lines.append(_setup_lua(threads, len(self.variants)) + ROTATE_LUA)
        return "\n".join(lines) + "\n" + DONE_LUA


@dataclass(frozen=True)
class Load:
    threads: int = 2
    connections: int = 8
    duration: float = 8.0
    warmup: float = 3.0
    runs: int = 3
    timeout: float = 10.0


@dataclass
class RunResult:
    requests: int
    duration_us: int
    errors: dict[str, int]
    latency_us: dict[str, float]
    bytes: int = 0
    other_cpu_cores: float | None = None  # CPU used by other programs meanwhile
    cpu_ms_per_request: float | None = None  # the server's and PostgreSQL's CPU per request
    ours_cores: float | None = None  # cores kept busy by ours (servers, PostgreSQL, wrk)

    @property
    def rps(self) -> float:
        return self.requests / (self.duration_us / 1e6) if self.duration_us else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


class WrkFailed(RuntimeError):
    pass


class Wrk:
    """Runs wrk against one base URL; scripts go to a temporary folder."""

    def __init__(
        self,
        base_url: str,
        load: Load,
        monitor: CpuMonitor | None = None,
        server_pid: int | None = None,
    ) -> None:
        self.base_url = base_url
        self.load = load
        self.monitor = monitor
        self.server_pid = server_pid
        self._dir = Path(tempfile.mkdtemp(prefix="talentsync-bench-"))
        self._count = 0

    def close(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)

    def _script(self, request: Request) -> Path:
        self._count += 1
        path = self._dir / f"scenario-{self._count}.lua"
        path.write_text(request.lua(min(self.load.threads, self.load.connections)))
        return path

    def command(self, request: Request, duration: float) -> list[str]:
        return [
            wrk_path() or "wrk",
            f"-t{min(self.load.threads, self.load.connections)}",
            f"-c{self.load.connections}",
            f"-d{max(1, round(duration))}s",
            f"--timeout={self.load.timeout:g}s",
            "-s",
            str(self._script(request)),
            self.base_url,
        ]

    def start(self, request: Request, duration: float) -> subprocess.Popen[str]:
        """wrk in the background (the caller collects it with `finish`)."""
        return subprocess.Popen(
            self.command(request, duration),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(self, process: subprocess.Popen[str], duration: float) -> RunResult:
        try:
            out, err = process.communicate(timeout=duration + self.load.timeout + 30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise WrkFailed("wrk did not finish in time") from None
        except BaseException:  # interrupted: never leave a wrk running
            process.kill()
            process.wait()
            raise
        return parse(out, err, process.returncode)

    def run(self, request: Request, duration: float) -> RunResult:
        if self.monitor is not None:
            self.monitor.start()
        result = self.finish(self.start(request, duration), duration)
        if self.monitor is not None:
            cpu = self.monitor.stop(self.server_pid)
            result.other_cpu_cores = round(cpu.other_cores, 2)
            if result.duration_us:
                result.ours_cores = round(cpu.ours_seconds / (result.duration_us / 1e6), 2)
            # Too few requests and the work in flight at either end of the run distorts it.
            if result.requests >= MIN_REQUESTS_FOR_COST:
                busy = cpu.server_seconds + cpu.postgres_seconds
                result.cpu_ms_per_request = round(1000 * busy / result.requests, 3)
        return result

    def measure(self, request: Request) -> list[RunResult]:
        """A warm-up (discarded), then the configured number of runs."""
        if self.load.warmup > 0:
            self.run(request, self.load.warmup)
        return [self.run(request, self.load.duration) for _ in range(self.load.runs)]


def parse(out: str, err: str, returncode: int | None) -> RunResult:
    for line in out.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            return RunResult(
                requests=data["requests"],
                duration_us=data["duration_us"],
                errors=data["errors"],
                latency_us=data["latency_us"],
                bytes=data["bytes"],
            )
    raise WrkFailed(f"wrk exited {returncode} without figures: {err.strip() or out.strip()}")


@dataclass
class Summary:
    """Medians over the runs; errors are summed (any error makes the scenario suspect)."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    errors_by_kind: dict[str, int]
    other_cpu_cores: float | None  # the most other programs used during any run
    cpu_ms_per_request: float | None  # median; the API's (or raw app's) and PostgreSQL's
    runs: list[dict[str, object]]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def summarise(runs: list[RunResult]) -> Summary:
    kinds: dict[str, int] = {}
    others = [r.other_cpu_cores for r in runs if r.other_cpu_cores is not None]
    costs = [r.cpu_ms_per_request for r in runs if r.cpu_ms_per_request is not None]
    for run in runs:
        for kind, n in run.errors.items():
            kinds[kind] = kinds.get(kind, 0) + n
    return Summary(
        rps=round(statistics.median(r.rps for r in runs), 1),
        p50_ms=round(statistics.median(r.latency_us["p50"] for r in runs) / 1000, 2),
        p99_ms=round(statistics.median(r.latency_us["p99"] for r in runs) / 1000, 2),
        requests=sum(r.requests for r in runs),
        errors=sum(kinds.values()),
        errors_by_kind={k: n for k, n in kinds.items() if n},
        other_cpu_cores=max(others) if others else None,
        cpu_ms_per_request=round(statistics.median(costs), 3) if costs else None,
        runs=[
            {
                "rps": round(r.rps, 1),
                "requests": r.requests,
                "duration_s": round(r.duration_us / 1e6, 2),
                "latency_us": r.latency_us,
                "errors": r.errors,
                "other_cpu_cores": r.other_cpu_cores,
                "cpu_ms_per_request": r.cpu_ms_per_request,
            }
            for r in runs
        ],
    )
