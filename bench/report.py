"""The targets of issues 7, 13 and 15, the printed tables and the JSON file of the figures."""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.central import SEARCHES
from bench.wrk import Summary


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    summary: Summary
    check_status: int | None = None  # the status of one request sent before the load
    note: str = ""


@dataclass(frozen=True)
class Target:
    name: str
    value: float | None
    limit: float
    unit: str
    at_least: bool  # True: value >= limit passes; False: value < limit passes

    @property
    def passed(self) -> bool:
        if self.value is None:
            return False
        return self.value >= self.limit if self.at_least else self.value < self.limit

    def row(self) -> str:
        value = "n/a" if self.value is None else f"{self.value:.3g}"
        op = ">=" if self.at_least else "<"
        verdict = "PASS" if self.passed else "FAIL"
        limit = f"{op} {self.limit:g} {self.unit}"
        return f"  {self.name:<46} {value:>9} {self.unit:<4} {limit:<12} {verdict}"


def targets(
    by_key: dict[str, Scenario],
    ratios: dict[str, float | None],
    delete_seconds: float | None,
    peak_rss_mib: float | None,
    grown: dict[str, str] | None = None,
) -> list[Target]:
    """Every target; a scenario that did not run (BENCH_ONLY) leaves its value None. `grown`:
    the central scenarios' keys measured again on the grown repository."""

    def p99(key: str) -> float | None:
        return by_key[key].summary.p99_ms if key in by_key else None

    growth = growth_of(by_key, grown or {})

    return [
        Target("list req/s / health req/s", ratios.get("list_over_health"), 0.30, "x", True),
        Target("list req/s / raw baseline req/s", ratios.get("list_over_raw"), 0.9, "x", True),
        Target(
            "/health req/s, uvloop+httptools / asyncio+h11",
            ratios.get("health_over_asyncio"),
            1.5,
            "x",
            True,
        ),
        Target(
            "list req/s, 10,000 resumes / 20 resumes",
            ratios.get("list_big_over_list"),
            round(1 / 1.5, 3),
            "x",
            True,
        ),
        Target("/health p99 while logins saturate", p99("health_under_login"), 25, "ms", False),
        Target("central search (q) p99", p99("central_q"), 50, "ms", False),
        Target("central search (2 skills) p99", p99("central_skills"), 50, "ms", False),
        Target(
            f"central search, {len(SEARCHES)} rotating queries p99",
            p99("central_rotating"),
            50,
            "ms",
            False,
        ),
        Target("POST /central/matches p99", p99("central_match"), 150, "ms", False),
        Target("central search (q) p99, 100k / 10k", growth.get("central_q"), 2, "x", False),
        Target(
            "central search (2 skills) p99, 100k / 10k",
            growth.get("central_skills"),
            2,
            "x",
            False,
        ),
        Target(
            "central search, rotating p99, 100k / 10k",
            growth.get("central_rotating"),
            2,
            "x",
            False,
        ),
        Target("POST /central/matches p99, 100k / 10k", growth.get("central_match"), 2, "x", False),
        Target(
            "/health p99 while hostile PDFs upload", p99("health_under_hostile"), 100, "ms", False
        ),
        Target("DELETE /me (1,000 resumes, 400 generations)", delete_seconds, 0.5, "s", False),
        Target("peak RSS (VmHWM) of any API process", peak_rss_mib, 200, "MiB", False),
        Target(
            "bulk upload files/s, 2 workers / 1 worker",
            ratios.get("bulk_two_over_one"),
            1.5,
            "x",
            True,
        ),
        Target(
            "list p99 during a bulk upload / idle p99",
            ratios.get("list_p99_bulk_over_idle"),
            3,
            "x",
            False,
        ),
    ]


def growth(by_key: dict[str, Scenario], grown: dict[str, str]) -> dict[str, tuple[float, float]]:
    """(p50, p99) of each central scenario on the grown repository over the same before."""
    ratios = {}
    for key, grown_key in grown.items():
        if key in by_key and grown_key in by_key:
            before, after = by_key[key].summary, by_key[grown_key].summary
            ratios[key] = (
                round(after.p50_ms / before.p50_ms, 2) if before.p50_ms else float("nan"),
                round(after.p99_ms / before.p99_ms, 2) if before.p99_ms else float("nan"),
            )
    return ratios


def growth_of(by_key: dict[str, Scenario], grown: dict[str, str]) -> dict[str, float]:
    return {key: ratios[1] for key, ratios in growth(by_key, grown).items()}


def table(scenarios: list[Scenario]) -> str:
    lines = [
        f"  {'scenario':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'CPU ms/req':>10} {'other':>5}",
        "  " + "-" * 95,
    ]
    for s in scenarios:
        m = s.summary
        flag = ""
        if m.errors:
            flag = "  <-- " + ", ".join(f"{k}={n}" for k, n in m.errors_by_kind.items())
        if s.check_status is not None and not 200 <= s.check_status < 300:
            flag += f"  <-- check request got {s.check_status}"
        other = "" if m.other_cpu_cores is None else f"{m.other_cpu_cores:.2f}"
        cost = "" if m.cpu_ms_per_request is None else f"{m.cpu_ms_per_request:.2f}"
        lines.append(
            f"  {s.label:<44} {m.rps:>8.1f} {m.p50_ms:>8.2f} {m.p99_ms:>8.2f} {m.errors:>6} "
            f"{cost:>10} {other:>5}{flag}".rstrip()
        )
    return "\n".join(lines)


def bulk_table(throughput: dict[str, dict[str, Any]]) -> list[str]:
    """Files per second of one bulk upload, per number of worker processes."""
    lines = [
        f"  {'bulk upload (uploadedAt to finishedAt)':<44} {'files/s':>8} {'seconds':>8} "
        f"{'failed':>6} {'CPU ms/file':>11} {'other':>5}  runs (files/s)",
        "  " + "-" * 95,
    ]
    for workers, figures in throughput.items():
        runs = figures["runs"]
        seconds = statistics.median(r["seconds"] for r in runs)
        failed = sum(r["failed"] for r in runs)
        errors = [e for r in runs for e in r["errors"]]
        label = f"{runs[0]['files']} files, {workers} talentsync worker" + "s" * (workers != "1")
        each = " ".join(f"{r['files_per_s']:.1f}" for r in runs)
        cost = statistics.median(r["cpu_ms_per_file"] for r in runs)
        other = max(r["other_cpu_cores"] for r in runs)
        flag = f"  <-- {errors[0]['file']}: {errors[0]['reason']}" if errors else ""
        lines.append(
            f"  {label:<44} {figures['files_per_s']:>8.1f} {seconds:>8.2f} {failed:>6} "
            f"{cost:>11.1f} {other:>5.2f}  {each}{flag}"
        )
    return lines


def render(
    scenarios: list[Scenario], extra_lines: list[str], goals: list[Target], header: list[str]
) -> str:
    parts = [*header, "", table(scenarios), "", *extra_lines, "", "Targets:"]
    parts += [t.row() for t in goals]
    missed = [t.name for t in goals if not t.passed]
    parts.append("")
    parts.append(f"{len(goals) - len(missed)}/{len(goals)} targets met")
    return "\n".join(parts)


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")


def scenario_dict(s: Scenario) -> dict[str, Any]:
    return {"label": s.label, "check_status": s.check_status, "note": s.note, **s.summary.to_dict()}


def target_dict(t: Target) -> dict[str, Any]:
    return {**asdict(t), "passed": t.passed}
