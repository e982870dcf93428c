"""bench/matching.py, the matching evaluation, on made-up resumes: it prints its table and fails
(exit 1) when precision@5 or the ATS share misses its target, 2 on unreadable input."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench import matching

# Per category: a headline, the work, and skills; each resume takes a different slice.
PROFILES = {
    "Java Developer": (
        "Java Developer",
        "built order services in Java with Spring Boot and Hibernate on Oracle",
        ["Java", "Spring Boot", "Hibernate", "Maven", "SQL", "REST APIs", "JUnit", "Git"],
    ),
    "Sales": (
        "Sales Executive",
        "grew key accounts and met quarterly sales targets through lead generation",
        ["Business Development", "Lead Generation", "CRM", "Negotiation", "Key Account Management"],
    ),
    "Civil Engineer": (
        "Civil Site Engineer",
        "supervised reinforced concrete structures and prepared the bill of quantities",
        ["AutoCAD", "STAAD Pro", "Quantity Surveying", "Site Supervision", "Estimation"],
    ),
    "HR": (
        "HR Executive",
        "ran recruitment, onboarding and payroll for a plant of 400 employees",
        ["Recruitment", "Onboarding", "Payroll", "Employee Engagement", "HRIS"],
    ),
}
JOBS = {
    "java-developer": "Java Developer\nWe need a Java developer: Java, Spring Boot, Hibernate, SQL "
    "and REST APIs, 3+ years of experience building services.",
    "sales": "Sales Executive\nWe need a sales executive for business development, lead "
    "generation and key account management with a CRM; 2+ years in sales.",
    "civil-engineer": "Civil Site Engineer\nSupervise construction sites, estimation and quantity "
    "surveying, drawings in AutoCAD and design in STAAD Pro.",
    "hr": "HR Executive\nRun recruitment, onboarding, payroll and employee engagement; keep "
    "records in the HRIS. 2+ years of experience in human resources.",
}


def _resumes() -> list[tuple[str, str]]:
    rows = []
    for category, (title, work, skills) in PROFILES.items():
        for n in range(5):
            chosen = skills[n % 3 :] if n % 2 else skills[: len(skills) - n % 3]
            rows.append(
                (
                    category,
                    f"Person {n}\n{title}\nExperience\nJan {2015 + n} - Dec 2023: {work}\n"
                    f"Skills\n{', '.join(chosen)}\nEducation\nBachelor's degree, {2010 + n}",
                )
            )
    return rows


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "resumes.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["category", "resume"])
        writer.writerows(_resumes())
    return path


def _jobs(tmp_path: Path, texts: dict[str, str]) -> Path:
    directory = tmp_path / "jobs"
    directory.mkdir()
    for slug, text in texts.items():
        (directory / f"{slug}.txt").write_text(text, encoding="utf-8")
    return directory


def test_separable_categories_meet_the_targets(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert matching.main(["--data", str(data), "--jobs", str(_jobs(tmp_path, JOBS))]) == 0
    out = capsys.readouterr().out
    assert "mean precision@5: 1.000 (target >= 0.8) met" in out
    assert "ATS, above the others' median: 1.000 (20/20, target >= 0.9) met" in out


def test_a_job_description_for_another_category_is_a_miss(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each category's file holds the next category's posting: nothing ranks its own first.
    slugs = list(JOBS)
    swapped = {slug: JOBS[slugs[(i + 1) % len(slugs)]] for i, slug in enumerate(slugs)}
    assert matching.main(["--data", str(data), "--jobs", str(_jobs(tmp_path, swapped))]) == 1
    out = capsys.readouterr().out
    assert "MISSED" in out


def test_unreadable_input_exits_2(data: Path, tmp_path: Path) -> None:
    assert matching.main(["--data", str(tmp_path / "none.csv")]) == 2
    assert (
        matching.main(["--data", str(data), "--jobs", str(_jobs(tmp_path, {"astronaut": "x"}))])
        == 2
    )
