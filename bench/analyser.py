"""Evaluate the built-in analyser on labelled resumes: category accuracy, skills found, speed.

Run from the repository root: python -m bench.analyser [--data PATH] [--explain]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from app.ai.analyser import AnalysisResult, BuiltinAnalyser

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "resumes-dev.csv"
MIN_SKILLS = 3


@dataclass(frozen=True, slots=True)
class Labelled:
    category: str
    resume: str


@dataclass(frozen=True, slots=True)
class Report:
    count: int
    top1: int
    top3: int
    with_min_skills: int
    with_experience: int
    with_education: int
    with_projects: int
    mean_ms: float
    misses: dict[str, Counter[str]]
    totals: Counter[str]


def load(path: Path) -> list[Labelled]:
    """The labelled resumes of a CSV file with columns category,resume."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        if not {"category", "resume"} <= set(reader.fieldnames or ()):
            raise ValueError(f"{path} needs the columns category,resume")
        return [Labelled(row["category"].strip(), row["resume"] or "") for row in reader]


def evaluate(rows: list[Labelled]) -> Report:
    """Analyse every resume once and tally the figures of the report."""
    analyser = BuiltinAnalyser()  # builds the shared tables: not part of the per-resume time
    results: list[AnalysisResult] = []
    started = time.perf_counter()
    for row in rows:
        results.append(analyser.analyse_sync(row.resume))
    elapsed = time.perf_counter() - started
    misses: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for row, result in zip(rows, results, strict=True):
        totals[row.category] += 1
        if result.predicted_field != row.category:
            misses[row.category][result.predicted_field] += 1
    return Report(
        count=len(rows),
        top1=sum(r.predicted_field == row.category for row, r in zip(rows, results, strict=True)),
        top3=sum(row.category in r.ranking[:3] for row, r in zip(rows, results, strict=True)),
        with_min_skills=sum(len(r.analysis.skills.technical) >= MIN_SKILLS for r in results),
        with_experience=sum(bool(r.analysis.experience) for r in results),
        with_education=sum(bool(r.analysis.education) for r in results),
        with_projects=sum(bool(r.analysis.projects) for r in results),
        mean_ms=1000 * elapsed / max(len(rows), 1),
        misses=dict(misses),
        totals=totals,
    )


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def print_report(report: Report) -> None:
    print(f"resumes:                 {report.count}")
    print(f"top-1 accuracy:          {_percent(report.top1, report.count)} ({report.top1})")
    print(f"top-3 accuracy:          {_percent(report.top3, report.count)} ({report.top3})")
    print(
        f"with >= {MIN_SKILLS} tech skills:   "
        f"{_percent(report.with_min_skills, report.count)} ({report.with_min_skills})"
    )
    for label, found in (
        ("experience", report.with_experience),
        ("education", report.with_education),
        ("projects", report.with_projects),
    ):
        print(f"with {label + ':':<20}{_percent(found, report.count)} ({found})")
    print(f"mean time per resume:    {report.mean_ms:.2f} ms")
    if not report.misses:
        print("misses: none")
        return
    print("misses (true category: predicted x count):")
    for category in sorted(report.misses):
        wrong = ", ".join(f"{p} x{n}" for p, n in report.misses[category].most_common())
        missed = sum(report.misses[category].values())
        print(f"  {category} ({missed}/{report.totals[category]} missed): {wrong}")


def _top_terms(terms: dict[str, float], limit: int = 8) -> str:
    ranked = sorted(terms.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return ", ".join(f"{term} {score:.1f}" for term, score in ranked)


def explain_misses(rows: list[Labelled]) -> None:
    """For each miss, the terms that drove the predicted and the true category."""
    analyser = BuiltinAnalyser()
    for number, row in enumerate(rows, start=1):
        predicted = analyser.analyse_sync(row.resume).predicted_field
        if predicted == row.category:
            continue
        terms = analyser.explain(row.resume)
        print(f"\n#{number} {row.category} -> {predicted}")
        for category in (predicted, row.category):
            total = sum(terms[category].values())
            print(f"  {category} {total:.1f}: {_top_terms(terms[category])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.analyser", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="CSV: category,resume")
    parser.add_argument("--explain", action="store_true", help="show the terms behind every miss")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"error: no evaluation data at {args.data} (pass --data PATH)", file=sys.stderr)
        return 2
    try:
        rows = load(args.data)
    except (OSError, ValueError, csv.Error) as error:
        print(f"error: cannot read {args.data}: {error}", file=sys.stderr)
        return 2
    if not rows:
        print(f"error: {args.data} holds no resumes", file=sys.stderr)
        return 2
    print_report(evaluate(rows))
    if args.explain:
        explain_misses(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
