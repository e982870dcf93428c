"""Evaluate the ATS scorer on real resumes: does a job description rank its own category first?

Run from the repository root: python -m bench.matching [--data PATH] [--jobs DIR] [--explain].
Exits 1 when a figure misses its target, 2 when the data or the job descriptions cannot be read.

Every resume of the data (bench.analyser.load) is analysed once with the built-in analyser. Each
file bench/job_descriptions/<slug>.txt is a hand-written posting for the data category whose slug
it bears (lower case, runs of other characters as "-": "DevOps Engineer" -> devops-engineer.txt).
Every resume is scored against every description with
app.ats.scoring.score_against(read_job(description), text, analysis, field=predicted field),
as the recruiters' matching scores a stored resume.

- precision@5: of the 5 best scores, the resumes of the description's category, divided by
  min(5, resumes of that category); averaged over the descriptions. Equal scores are ranked
  against the category (a tie at the cut does not count as a hit).
- ATS: the share of (description, resume of its category) pairs whose score is above the median
  score of the other categories' resumes against that description.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from app.ai.analyser import AnalysisResult, BuiltinAnalyser
from app.ats.scoring import AtsResult, read_job, score_against
from bench.analyser import DEFAULT_DATA, Labelled, load

DEFAULT_JOBS = Path(__file__).resolve().with_name("job_descriptions")
PRECISION_TARGET = 0.8
ATS_TARGET = 0.9
TOP = 5


@dataclass(frozen=True, slots=True)
class Ranking:
    """One description's results: every resume's score, best first, with its row number."""

    category: str
    job_field: str | None  # the category the description reads as
    of_category: int  # resumes of the category in the data
    hits: int  # of them in the top TOP
    above_median: int  # of them scored above the median of the other categories' resumes
    median_others: float
    ranked: list[tuple[int, AtsResult]]  # (row index, result), best first

    @property
    def precision(self) -> float:
        return self.hits / min(TOP, self.of_category)


def slug(category: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", category.casefold()).strip("-")


def load_jobs(directory: Path, categories: set[str]) -> dict[str, str]:
    """Description text by category; raises ValueError for a file that names no category."""
    by_slug = {slug(category): category for category in categories}
    jobs = {}
    for path in sorted(directory.glob("*.txt")):
        if path.stem not in by_slug:
            raise ValueError(f"{path.name} names no category of the data")
        jobs[by_slug[path.stem]] = path.read_text(encoding="utf-8")
    if not jobs:
        raise ValueError(f"no job descriptions (*.txt) in {directory}")
    return jobs


def rank(
    category: str, description: str, rows: list[Labelled], analyses: list[AnalysisResult]
) -> Ranking:
    job = read_job(description)
    results = [
        score_against(job, row.resume, result.analysis, field=result.predicted_field)
        for row, result in zip(rows, analyses, strict=True)
    ]
    mine = [n for n, row in enumerate(rows) if row.category == category]
    others = [
        result.score for row, result in zip(rows, results, strict=True) if row.category != category
    ]
    median = statistics.median(others)
    order = sorted(
        range(len(rows)), key=lambda n: (-results[n].score, rows[n].category == category)
    )
    return Ranking(
        category=category,
        job_field=job.field,
        of_category=len(mine),
        hits=sum(rows[n].category == category for n in order[:TOP]),
        above_median=sum(results[n].score > median for n in mine),
        median_others=median,
        ranked=[(n, results[n]) for n in order],
    )


def explain(ranking: Ranking, rows: list[Labelled]) -> None:
    """The top TOP and every resume of the category outside it (marked *), by row number in the
    data (#1 is the first resume), with the parts of the score: the skills the category's
    resumes miss, the skills that brought the others in."""
    print(
        f"\n{ranking.category} (reads as {ranking.job_field}; median of the others "
        f"{ranking.median_others:g})"
    )
    for place, (n, result) in enumerate(ranking.ranked, start=1):
        mine = rows[n].category == ranking.category
        if place > TOP and not mine:
            continue
        parts = result.components
        if mine:
            detail = "missing: " + ", ".join(result.skills.missing[:8])
        else:
            detail = "matched: " + ", ".join(skill.name for skill in result.skills.matched[:8])
        print(
            f"  {place:>2}. #{n + 1:<3}{'*' if mine else ' '} {rows[n].category:<26}"
            f"{result.score:>3}  skills {parts.skills:>3} keywords {parts.keywords:>3} "
            f"experience {parts.experience:>3} sections {parts.sections:>3}  {detail}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="CSV: category,resume")
    parser.add_argument("--jobs", type=Path, default=DEFAULT_JOBS, help="job descriptions")
    parser.add_argument("--explain", action="store_true", help="show the top of every ranking")
    args = parser.parse_args(argv)
    try:
        rows = load(args.data)
        jobs = load_jobs(args.jobs, {row.category for row in rows})
    except (OSError, ValueError, csv.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    analyser = BuiltinAnalyser()
    analyses = [analyser.analyse_sync(row.resume) for row in rows]
    started = time.perf_counter()
    rankings = [rank(category, text, rows, analyses) for category, text in jobs.items()]
    mean_ms = 1000 * (time.perf_counter() - started) / (len(rows) * len(jobs))

    print(f"{'category':<28}{'resumes':>8}{'hits':>6}{'precision@5':>13}{'above median':>14}")
    for r in rankings:
        print(
            f"{r.category:<28}{r.of_category:>8}{r.hits:>6}{r.precision:>13.2f}"
            f"{f'{r.above_median}/{r.of_category}':>14}"
        )
    precision = statistics.mean(r.precision for r in rankings)
    pairs = sum(r.of_category for r in rankings)
    ats = sum(r.above_median for r in rankings) / pairs
    met = [round(precision, 3) >= PRECISION_TARGET, round(ats, 3) >= ATS_TARGET]
    print(f"\n{len(rows)} resumes, {len(jobs)} job descriptions")
    print(
        f"mean precision@{TOP}: {precision:.3f} (target >= {PRECISION_TARGET}) "
        f"{'met' if met[0] else 'MISSED'}"
    )
    print(
        f"ATS, above the others' median: {ats:.3f} ({sum(r.above_median for r in rankings)}/"
        f"{pairs}, target >= {ATS_TARGET}) {'met' if met[1] else 'MISSED'}"
    )
    print(f"mean time per score: {mean_ms:.2f} ms (read_job included)")
    if args.explain:
        for ranking in rankings:
            explain(ranking, rows)
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
