"""The benchmark's data set, inserted in bulk with asyncpg (unnest arrays, one statement per
chunk): the bench users, 10,000 shared resumes with analyses over 100 owners, and a user with a
large account for the DELETE /me timing."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import random
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import msgspec

from app.ai.analyser import BuiltinAnalyser
from app.ai.profiles import CATEGORIES
from app.ats.resume_profile import profile_of
from app.auth.passwords import hash_password_sync

REPO_ROOT = Path(__file__).resolve().parent.parent
DEV_CSV = REPO_ROOT.parent / "shared" / "data" / "resumes-dev.csv"
PASSWORD = "bench-password-1"  # noqa: S105 (a throwaway account in a throwaway database)
PRODUCTION_BCRYPT_ROUNDS = 12
CHUNK = 1000

CENTRAL_RESUMES = 10_000
CENTRAL_OWNERS = 100
BENCH_RESUMES = 20
DOOMED_RESUMES = 1_000
BIG_RESUMES = 10_000  # one user's, for the list at scale (issue 18, item 4)
DOOMED_COLD_MAILS = 200
DOOMED_INTERVIEWS = 200


@dataclass(frozen=True)
class Source:
    category: str
    text: str
    predicted_field: str
    analysis_json: str  # the ComprehensiveAnalysis, encoded once and reused by every copy
    # Its ATS profile, as the API stores it with an analysis: the same for every copy (a copy's
    # numbered first line adds only the word "candidate", in every copy).
    profile_json: str


@dataclass
class SeedInfo:
    password: str
    emails: dict[str, str]  # bench, admin, login, writer, doomed, big
    bench_resume_id: uuid.UUID
    source: str
    distinct_texts: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


# -- texts -------------------------------------------------------------------------------------


def read_dev_csv(path: Path) -> list[tuple[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = [(r["category"].strip(), r["resume"] or "") for r in csv.DictReader(handle)]
    seen: set[str] = set()
    distinct = []
    for category, text in rows:
        if text.strip() and text not in seen:
            seen.add(text)
            distinct.append((category, text))
    return distinct


_SKILLS = {
    "Python Developer": ["Python", "Django", "Flask", "SQL", "PostgreSQL", "REST APIs", "Git"],
    "Data Science": ["Python", "Pandas", "scikit-learn", "SQL", "Machine Learning", "Tableau"],
    "Java Developer": ["Java", "Spring Boot", "Hibernate", "SQL", "Maven", "JUnit"],
    "DevOps Engineer": ["Docker", "Kubernetes", "Jenkins", "AWS", "Terraform", "Linux", "Python"],
    "Database": ["Oracle", "SQL Server", "MySQL", "PL/SQL", "Performance Tuning", "SQL"],
    "Web Designing": ["HTML", "CSS", "JavaScript", "Photoshop", "Bootstrap", "jQuery"],
    "Testing": ["Manual Testing", "Test Case Design", "JIRA", "SQL", "Regression Testing"],
    "Hadoop": ["Hadoop", "Hive", "Spark", "Sqoop", "Python", "SQL"],
}
_GENERIC = ["MS Office", "Excel", "Communication", "Team Leadership", "Reporting", "Windows"]
_COMPANIES = ["Acme Corp", "Globex", "Initech", "Umbrella Systems", "Stark Industries", "Hooli"]
_CITIES = ["Pune", "Bangalore", "Hyderabad", "Chennai", "Mumbai", "Delhi"]


def generated_texts(count: int = 90) -> list[tuple[str, str]]:
    """Plausible resumes when the shared data set is not there (a fresh clone)."""
    rng = random.Random(7)
    texts = []
    for i in range(count):
        category = CATEGORIES[i % len(CATEGORIES)]
        skills = rng.sample(_SKILLS.get(category, _GENERIC), k=min(5, len(_GENERIC)))
        years = rng.randint(2, 12)
        jobs = []
        for j in range(rng.randint(1, 3)):
            start = 2024 - years + j * 2
            jobs.append(
                f"{category} - {rng.choice(_COMPANIES)}, {rng.choice(_CITIES)}\n"
                f"{start} - {start + 2}\n"
                f"- Delivered {category.lower()} work with {skills[j % len(skills)]} "
                f"for {rng.randint(3, 40)} clients.\n"
                f"- Improved turnaround by {rng.randint(10, 60)}% and mentored "
                f"{rng.randint(1, 8)} colleagues."
            )
        texts.append(
            (
                category,
                f"Summary\n{category} professional with {years} years of experience in "
                f"{', '.join(skills[:3])}.\n\nSkills\n{', '.join(skills)}\n\nExperience\n"
                + "\n\n".join(jobs)
                + f"\n\nEducation\nB.E. in Engineering, University of {rng.choice(_CITIES)}, "
                f"{2024 - years - 4}\n",
            )
        )
    return texts


def analysed_sources(texts: Sequence[tuple[str, str]]) -> list[Source]:
    """Analyse each distinct text once."""
    analyser = BuiltinAnalyser()
    sources = []
    for category, text in texts:
        result = analyser.analyse_sync(text)
        sources.append(
            Source(
                category=category,
                text=text,
                predicted_field=result.predicted_field,
                analysis_json=msgspec.json.encode(result.analysis).decode(),
                profile_json=msgspec.json.encode(
                    profile_of(_copy_text(0, text), result.analysis, result.predicted_field)
                ).decode(),
            )
        )
    return sources


# -- bulk insertion ----------------------------------------------------------------------------

# (column, array type of the parameter, expression over the unnested column)
Column = tuple[str, str, str]


async def insert_rows(
    conn: asyncpg.Connection, table: str, columns: Sequence[Column], rows: Sequence[tuple[Any, ...]]
) -> None:
    """INSERT ... SELECT FROM unnest(...): one statement (and one argument per column) a chunk."""
    names = ", ".join(c[0] for c in columns)
    params = ", ".join(f"${i}::{c[1]}" for i, c in enumerate(columns, 1))
    exprs = ", ".join(c[2] for c in columns)
    sql = f"INSERT INTO {table} ({names}) SELECT {exprs} FROM unnest({params}) AS t({names})"  # noqa: S608
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        await conn.execute(sql, *(list(col) for col in zip(*chunk, strict=True)))


USER_COLUMNS: list[Column] = [
    ("id", "uuid[]", "id"),
    ("email", "text[]", "email"),
    ("password_hash", "text[]", "password_hash"),
    ("name", "text[]", "name"),
    ("email_verified", "timestamptz[]", "email_verified"),
    ("role_id", "uuid[]", "role_id"),
]
RESUME_COLUMNS: list[Column] = [
    ("id", "uuid[]", "id"),
    ("user_id", "uuid[]", "user_id"),
    ("custom_name", "text[]", "custom_name"),
    ("raw_text", "text[]", "raw_text"),
    ("show_in_central", "bool[]", "show_in_central"),
    ("uploaded_at", "timestamptz[]", "uploaded_at"),
]
ANALYSIS_COLUMNS: list[Column] = [
    ("resume_id", "uuid[]", "resume_id"),
    ("predicted_field", "text[]", "predicted_field"),
    ("comprehensive_analysis", "text[]", "comprehensive_analysis::jsonb"),
    ("ats_profile", "text[]", "ats_profile::jsonb"),
]
COLD_MAIL_COLUMNS: list[Column] = [
    ("id", "uuid[]", "id"),
    ("user_id", "uuid[]", "user_id"),
    ("recipient_name", "text[]", "recipient_name"),
    ("recipient_role", "text[]", "recipient_role"),
    ("company_name", "text[]", "company_name"),
    ("sender_name", "text[]", "sender_name"),
    ("key_points", "text[]", "key_points"),
    ("resume_id", "uuid[]", "resume_id"),
]
COLD_MAIL_RESPONSE_COLUMNS: list[Column] = [
    ("request_id", "uuid[]", "request_id"),
    ("subject", "text[]", "subject"),
    ("email_content", "text[]", "email_content"),
]
INTERVIEW_COLUMNS: list[Column] = [
    ("id", "uuid[]", "id"),
    ("user_id", "uuid[]", "user_id"),
    ("question", "text[]", "question"),
    ("role", "text[]", "role"),
    ("company_name", "text[]", "company_name"),
    ("resume_id", "uuid[]", "resume_id"),
]
INTERVIEW_ANSWER_COLUMNS: list[Column] = [
    ("request_id", "uuid[]", "request_id"),
    ("answer", "text[]", "answer"),
]


def _copy_text(number: int, text: str) -> str:
    return f"Candidate {number:05d}\n{text}"


class _Resumes:
    """Resume rows and their analysis rows, built together."""

    def __init__(self) -> None:
        self.resumes: list[tuple[Any, ...]] = []
        self.analyses: list[tuple[Any, ...]] = []

    def add(
        self, user_id: uuid.UUID, source: Source, number: int, central: bool, at: dt.datetime
    ) -> uuid.UUID:
        resume_id = uuid.uuid4()
        # A copy differs a little from its text: a numbered name line of its own.
        text = _copy_text(number, source.text)
        name = f"{source.category} resume {number:05d}"
        self.resumes.append((resume_id, user_id, name, text, central, at))
        self.analyses.append(
            (resume_id, source.predicted_field, source.analysis_json, source.profile_json)
        )
        return resume_id


def _mail_rows(
    user_id: uuid.UUID, resume_ids: Sequence[uuid.UUID], rng: random.Random
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    requests, responses = [], []
    for i in range(DOOMED_COLD_MAILS):
        request_id = uuid.uuid4()
        company = rng.choice(_COMPANIES)
        requests.append(
            (
                request_id,
                user_id,
                f"Recipient {i}",
                "Engineering Manager",
                company,
                "Bench Doomed",
                "Shipped a billing system; led a team of five; PostgreSQL and Python.",
                resume_ids[i % len(resume_ids)],
            )
        )
        body = (
            f"Dear Recipient {i},\n\nI am writing to express my interest in joining {company}. "
            + "I have built and run production services in Python and PostgreSQL. " * 8
            + "\n\nKind regards,\nBench Doomed"
        )
        responses.append((request_id, f"Application to {company}", body))
    return requests, responses


def _interview_rows(
    user_id: uuid.UUID, resume_ids: Sequence[uuid.UUID]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    requests, answers = [], []
    for i in range(DOOMED_INTERVIEWS):
        request_id = uuid.uuid4()
        requests.append(
            (
                request_id,
                user_id,
                f"Tell me about a time you solved a hard problem ({i}).",
                "Backend Engineer",
                _COMPANIES[i % len(_COMPANIES)],
                resume_ids[(i * 3) % len(resume_ids)],
            )
        )
        answers.append((request_id, "In my last role I traced a slow query to a plan. " * 15))
    return requests, answers


async def seed(url: str, sources: Sequence[Source], source_name: str) -> SeedInfo:
    """Insert the data set into a migrated, seeded database; VACUUM ANALYZE afterwards."""
    started = time.perf_counter()
    password_hash = hash_password_sync(PASSWORD, PRODUCTION_BCRYPT_ROUNDS)  # once, for all
    now = dt.datetime.now(dt.UTC)
    rng = random.Random(11)
    emails = {
        role: f"bench-{role}@bench.example"
        for role in ("bench", "admin", "login", "writer", "doomed", "big")
    }
    ids = {role: uuid.uuid4() for role in emails}
    owners = [uuid.uuid4() for _ in range(CENTRAL_OWNERS)]

    conn = await asyncpg.connect(dsn=url, timeout=10)
    try:
        roles = {r["name"]: r["id"] for r in await conn.fetch("SELECT id, name FROM role")}
        users = [
            (
                ids[role],
                email,
                password_hash,
                f"Bench {role.title()}",
                now,
                roles["Admin" if role == "admin" else "User"],
            )
            for role, email in emails.items()
        ] + [
            (
                owner,
                f"bench-owner-{i:03d}@bench.example",
                password_hash,
                f"Owner {i:03d}",
                now,
                roles["User"],
            )
            for i, owner in enumerate(owners)
        ]

        built = _Resumes()
        bench_ids = [
            built.add(
                ids["bench"],
                sources[i % len(sources)],
                i,
                central=False,
                at=now - dt.timedelta(hours=i),
            )
            for i in range(BENCH_RESUMES)
        ]
        for i in range(CENTRAL_RESUMES):
            built.add(
                owners[i % CENTRAL_OWNERS],
                sources[i % len(sources)],
                i,
                central=True,
                at=now - dt.timedelta(minutes=7 * i + rng.randint(0, 6)),
            )
        doomed_ids = [
            built.add(
                ids["doomed"],
                sources[i % len(sources)],
                i,
                central=False,
                at=now - dt.timedelta(minutes=i),
            )
            for i in range(DOOMED_RESUMES)
        ]
        for i in range(BIG_RESUMES):
            built.add(
                ids["big"],
                sources[i % len(sources)],
                i,
                central=False,
                at=now - dt.timedelta(minutes=i),
            )
        mails, mail_responses = _mail_rows(ids["doomed"], doomed_ids, rng)
        interviews, answers = _interview_rows(ids["doomed"], doomed_ids)
        built_at = time.perf_counter()

        async with conn.transaction():
            await insert_rows(conn, '"user"', USER_COLUMNS, users)
            await insert_rows(conn, "resume", RESUME_COLUMNS, built.resumes)
            await insert_rows(conn, "analysis", ANALYSIS_COLUMNS, built.analyses)
            await insert_rows(conn, "cold_mail_request", COLD_MAIL_COLUMNS, mails)
            await insert_rows(
                conn, "cold_mail_response", COLD_MAIL_RESPONSE_COLUMNS, mail_responses
            )
            await insert_rows(conn, "interview_request", INTERVIEW_COLUMNS, interviews)
            await insert_rows(conn, "interview_answer", INTERVIEW_ANSWER_COLUMNS, answers)
        inserted_at = time.perf_counter()
        await conn.execute("VACUUM ANALYZE")
        counts = {
            table: await conn.fetchval(f'SELECT count(*) FROM "{table}"')  # noqa: S608
            for table in ("user", "resume", "analysis", "cold_mail_request", "interview_request")
        }
        counts["central_resumes"] = await conn.fetchval(
            "SELECT count(*) FROM resume WHERE show_in_central"
        )
    finally:
        await conn.close()
    done = time.perf_counter()
    return SeedInfo(
        password=PASSWORD,
        emails=emails,
        bench_resume_id=bench_ids[0],
        source=source_name,
        distinct_texts=len(sources),
        counts=counts,
        seconds={
            "build": round(built_at - started, 2),
            "insert": round(inserted_at - built_at, 2),
            "vacuum_analyze": round(done - inserted_at, 2),
        },
    )


def load_sources() -> tuple[list[Source], str]:
    """The shared development resumes when present, else generated ones; analysed once each."""
    if DEV_CSV.is_file():
        texts, name = read_dev_csv(DEV_CSV), str(DEV_CSV.relative_to(REPO_ROOT.parent))
    else:
        texts, name = generated_texts(), "generated (../shared/data/resumes-dev.csv not found)"
    return analysed_sources(texts), name


# -- growing the central repository ------------------------------------------------------------

# Connections inserting at once: PostgreSQL computes each row's text vectors (most of the cost),
# one backend a connection, so two keep two cores busy.
GROW_CONNECTIONS = 2


async def _copy_central(
    url: str, resumes: list[tuple[Any, ...]], analyses: list[tuple[Any, ...]]
) -> None:
    conn = await asyncpg.connect(dsn=url, timeout=10)
    try:
        async with conn.transaction():
            await conn.copy_records_to_table(
                "resume", records=resumes, columns=[c[0] for c in RESUME_COLUMNS]
            )
            await conn.copy_records_to_table(
                "analysis", records=analyses, columns=[c[0] for c in ANALYSIS_COLUMNS]
            )
    finally:
        await conn.close()


async def grow_central(url: str, sources: Sequence[Source], total: int) -> dict[str, Any]:
    """More shared resumes (copies of the same texts, older than the first ones, same owners)
    until the central repository holds `total`, with COPY on GROW_CONNECTIONS connections at
    once; then VACUUM ANALYZE. Returns the counts and seconds."""
    started = time.perf_counter()
    conn = await asyncpg.connect(dsn=url, timeout=10)
    try:
        have: int = await conn.fetchval("SELECT count(*) FROM resume WHERE show_in_central")
        owners = [
            r["id"]
            for r in await conn.fetch(
                "SELECT id FROM \"user\" WHERE email LIKE 'bench-owner-%' ORDER BY email"
            )
        ]
        oldest: dt.datetime = await conn.fetchval(
            "SELECT min(uploaded_at) FROM resume WHERE show_in_central"
        )
    finally:
        await conn.close()
    rng = random.Random(13)
    parts = [_Resumes() for _ in range(GROW_CONNECTIONS)]
    for n, i in enumerate(range(have, total)):
        parts[n % GROW_CONNECTIONS].add(
            owners[i % len(owners)],
            sources[i % len(sources)],
            i,
            central=True,
            at=oldest - dt.timedelta(minutes=7 * (i - have + 1) + rng.randint(0, 6)),
        )
    built_at = time.perf_counter()
    await asyncio.gather(*(_copy_central(url, p.resumes, p.analyses) for p in parts))
    inserted_at = time.perf_counter()
    conn = await asyncpg.connect(dsn=url, timeout=10)
    try:
        await conn.execute("VACUUM ANALYZE resume")
        await conn.execute("VACUUM ANALYZE analysis")
        await conn.execute("VACUUM ANALYZE central_facet")
        central: int = await conn.fetchval("SELECT count(*) FROM resume WHERE show_in_central")
    finally:
        await conn.close()
    return {
        "central_resumes": central,
        "added": central - have,
        "seconds": {
            "build": round(built_at - started, 2),
            "copy": round(inserted_at - built_at, 2),
            "vacuum_analyze": round(time.perf_counter() - inserted_at, 2),
        },
    }
