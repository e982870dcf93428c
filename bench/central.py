"""Issue 15's central scenarios: the recruiters' search with rotating queries (so that no cache
of one query's result can flatter it), and POST /central/matches rotating job descriptions."""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from bench.wrk import Request

SEARCH_PATH = "/api/v1/central/resumes"
MATCH_PATH = "/api/v1/central/matches"
JOB_DESCRIPTIONS = Path(__file__).resolve().with_name("job_descriptions")

# (q, skills, field): what recruiters of the 25 categories of the data would type. Plain words
# (a word that is a known skill also finds its other spellings), some with skill filters (on
# the GIN index) or a field. Each finds something in the seeded data (~110 to ~2,200 of the
# 10,000): a query that finds nothing costs a few ms and would flatter the row (`devops
# kubernetes`, `tableau power bi` or `skill=kubernetes` find nothing in these texts).
SEARCHES: list[tuple[str | None, list[str], str | None]] = [
    ("python developer", [], None),
    ("java spring", [], None),
    ("data science machine learning", [], None),
    ("devops jenkins", [], None),
    ("sap abap", [], None),
    ("network security", [], None),
    ("etl informatica", [], None),
    ("hadoop spark", [], None),
    ("selenium automation", [], None),
    ("blockchain solidity", [], None),
    ("hr recruitment", [], None),
    ("civil engineer autocad", [], None),
    ("mechanical design", [], None),
    ("sales manager", [], None),
    ("business analyst", [], None),
    ("dotnet c#", [], None),
    ("web designer html css", [], None),
    ("oracle database", [], None),
    ("project manager pmo", [], None),
    ("electrical engineer", [], None),
    ("advocate legal", [], None),
    ("fitness trainer", [], None),
    ("operations manager logistics", [], None),
    ("manual testing", [], None),
    ("javascript jquery", [], None),
    ("aws cloud", [], None),
    ("sql server", [], None),
    ("tableau", [], None),
    ("android developer", [], None),
    ("ui designer", [], None),
    ("developer", ["python", "django"], None),
    ("engineer", ["java"], None),
    ("data", ["sql"], None),
    (None, ["docker"], None),
    ("analyst", [], "Business Analyst"),
    ("testing", [], "Automation Testing"),
]

# Used only when bench/job_descriptions/ is missing: five short postings.
INLINE_JOBS: dict[str, str] = {
    "python-developer": (
        "Python Developer. We build web applications for logistics companies. You will develop "
        "REST APIs in Python with Django and Flask, design PostgreSQL schemas, write unit tests "
        "and review code. Requirements: 3+ years of Python, Django or Flask, SQL, Git, Linux. "
        "Nice to have: Docker, AWS, Celery, Redis, pandas."
    ),
    "java-developer": (
        "Java Developer. Join the team behind our payments platform. Build microservices in Java "
        "with Spring Boot and Hibernate, write JUnit tests, tune Oracle and MySQL queries. "
        "Requirements: 4+ years of Java, Spring, REST, SQL, Maven, Git. Nice to have: Kafka, "
        "Kubernetes, Angular."
    ),
    "data-science": (
        "Data Scientist. Turn our sales data into forecasts. Clean data with pandas and NumPy, "
        "train models with scikit-learn, present results in Tableau. Requirements: 2+ years of "
        "Python, machine learning, statistics, SQL. Nice to have: TensorFlow, NLP, Spark."
    ),
    "devops-engineer": (
        "DevOps Engineer. Run our cloud. Automate build and deployment pipelines with Jenkins, "
        "run containers with Docker and Kubernetes on AWS, write Terraform and Ansible. "
        "Requirements: 3+ years of Linux administration, CI/CD, shell and Python scripting. "
        "Nice to have: Prometheus, Grafana."
    ),
    "hr": (
        "HR Executive. Own recruitment from sourcing to onboarding: screen candidates, schedule "
        "interviews, run induction, keep employee records and payroll inputs. Requirements: MBA "
        "in HR, 2+ years in recruitment, MS Office and Excel, good communication. Nice to have: "
        "HRMS tools, labour law."
    ),
}


def search_path(q: str | None, skills: list[str], field: str | None) -> str:
    params: list[tuple[str, str]] = [("q", q)] if q else []
    params += [("skill", skill) for skill in skills]
    if field:
        params.append(("field", field))
    return f"{SEARCH_PATH}?{urlencode(params, quote_via=quote)}"


def search_request(token: str) -> Request:
    paths = [search_path(*search) for search in SEARCHES]
    return Request.rotating(
        "GET", {"Authorization": f"Bearer {token}"}, [(path, None) for path in paths]
    )


def job_descriptions() -> tuple[dict[str, str], str]:
    """The postings by name, and where they came from."""
    files = sorted(JOB_DESCRIPTIONS.glob("*.txt"))
    if files:
        return {f.stem: f.read_text(encoding="utf-8") for f in files}, "bench/job_descriptions"
    return dict(INLINE_JOBS), "bench/central.py (bench/job_descriptions/ is missing)"


def match_body(description: str) -> str:
    return json.dumps({"jobDescription": description})


def match_request(token: str, jobs: dict[str, str]) -> Request:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return Request.rotating(
        "POST", headers, [(MATCH_PATH, match_body(text)) for text in jobs.values()]
    )


@dataclass(frozen=True)
class Timing:
    """One variant alone, on an idle server: sequential requests, one at a time."""

    name: str
    status: int
    median_ms: float
    max_ms: float
    total: int | None  # the response's `total`: matches, or resumes scored

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "median_ms": self.median_ms,
            "max_ms": self.max_ms,
            "total": self.total,
        }


def time_each(base_url: str, request: Request, names: list[str], repeats: int) -> list[Timing]:
    """Each variant of a rotating request, `repeats` times in a row (after one unmeasured),
    slowest first: which queries or descriptions the p99 comes from."""
    timings = []
    with httpx.Client(base_url=base_url, headers=request.headers, timeout=60) as client:
        for name, single in zip(names, request.each(), strict=True):
            client.request(single.method, single.path, content=single.body)
            seconds = []
            for _ in range(repeats):
                started = time.perf_counter()
                response = client.request(single.method, single.path, content=single.body)
                seconds.append(time.perf_counter() - started)
            total = response.json().get("total") if response.is_success else None
            timings.append(
                Timing(
                    name=name,
                    status=response.status_code,
                    median_ms=round(statistics.median(seconds) * 1000, 2),
                    max_ms=round(max(seconds) * 1000, 2),
                    total=total,
                )
            )
    return sorted(timings, key=lambda t: -t.median_ms)


def search_names() -> list[str]:
    names = []
    for q, skills, field in SEARCHES:
        parts = [f"q={q}"] if q else []
        parts += [f"skill={skill}" for skill in skills]
        parts += [f"field={field}"] if field else []
        names.append("&".join(parts))
    return names
