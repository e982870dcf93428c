"""The built-in scorer: pure, deterministic, and what API.md guarantees."""

from __future__ import annotations

import datetime as dt

import msgspec

from app.ai.schemas import ComprehensiveAnalysis, Skills
from app.ats.scoring import WEIGHTS, read_job, score_against
from tests.ats.samples import JOB, STRONG, WEAK


def test_reads_required_and_preferred_skills_keywords_and_years() -> None:
    job = read_job(JOB)
    assert {"Python", "PostgreSQL", "Docker", "Kubernetes", "Kafka"} <= set(job.required)
    assert {"Terraform", "AWS", "GraphQL"} <= set(job.preferred)
    assert not set(job.required) & set(job.preferred)
    assert job.required_years == 5
    assert "shipment" in job.keywords or "tracking" in job.keywords
    # Keywords are not skills, and stop words are left out.
    assert not {"python", "kafka", "the", "and", "years"} & set(job.keywords)
    assert len(job.keywords) <= 20


def test_at_least_years_and_no_years() -> None:
    assert (
        read_job("You need at least 3 years of professional experience with Java.").required_years
        == 3
    )
    assert (
        read_job("We build Java services for banks and insurers all over Europe.").required_years
        is None
    )


def test_deterministic() -> None:
    job = read_job(JOB)
    first = msgspec.json.encode(score_against(job, STRONG, None))
    again = msgspec.json.encode(score_against(read_job(JOB), STRONG, None))
    assert first == again


def test_every_required_skill_scores_higher_than_none() -> None:
    job = read_job(JOB)
    strong = score_against(job, STRONG, None)
    weak = score_against(job, WEAK, None)
    assert strong.score > weak.score
    assert strong.skills.missing == []
    assert weak.components.skills == 0
    assert strong.components.skills > weak.components.skills


def test_each_missing_required_skill_is_listed_and_suggested() -> None:
    job = read_job(JOB)
    weak = score_against(job, WEAK, None)
    assert weak.skills.missing == list(job.required)
    for name in job.required:
        assert any(name in tip for tip in weak.suggestions), name
    # Missing sections are named too.
    assert set(weak.sections.missing) == {"education", "skills", "projects", "contact"}
    for section in ("Education", "Skills", "Projects"):
        assert any(section in tip for tip in weak.suggestions)


def test_evidence_is_a_line_of_the_resume() -> None:
    result = score_against(read_job(JOB), STRONG, None)
    lines = {" ".join(line.split()) for line in STRONG.splitlines()}
    matched = {m.name: m.evidence for m in result.skills.matched}
    assert {"Python", "Kafka", "Terraform"} <= set(matched)
    for evidence in matched.values():
        assert evidence in lines
    assert "Kafka" in matched["Kafka"]


def test_analysis_skills_count_and_are_canonical() -> None:
    job = read_job(JOB)
    analysis = ComprehensiveAnalysis(skills=Skills(technical=["postgres", "k8s"]))
    result = score_against(job, WEAK, analysis)
    names = {m.name for m in result.skills.matched}
    assert {"PostgreSQL", "Kubernetes"} <= names
    assert "PostgreSQL" not in result.skills.missing


def test_score_is_the_documented_weighted_combination() -> None:
    result = score_against(read_job(JOB), STRONG, None)
    c = result.components
    expected = round(
        WEIGHTS["skills"] * c.skills
        + WEIGHTS["keywords"] * c.keywords
        + WEIGHTS["experience"] * c.experience
        + WEIGHTS["sections"] * c.sections
    )
    assert result.score == expected
    assert all(0 <= v <= 100 for v in (c.skills, c.keywords, c.experience, c.sections))
    assert result.sections.present == ["experience", "education", "skills", "projects", "contact"]
    assert result.experience.required_years == 5
    assert result.experience.resume_years is not None
    assert result.experience.resume_years >= 9
    assert result.provider == "builtin"


def test_years_from_ranges_merge_overlaps() -> None:
    text = "Experience\nAcme - Engineer\n2010 - 2014\nBeta - Engineer\n2012 - 2015\n"
    result = score_against(read_job(JOB), text, None)
    assert result.experience.resume_years == 6  # 2010 through 2015, counted once


def test_any_text_gives_a_bounded_result() -> None:
    job = read_job("x" * 60)
    for text in ("", "\x00\ufffd" * 100, "Python " * 5000):
        result = score_against(job, text, None)
        assert 0 <= result.score <= 100


def test_education_dates_are_not_experience() -> None:
    job = read_job("Requirements: 3+ years of experience with Python and Django for our clients.")
    studied = score_against(job, "Ann\nEducation\nBSc Physics 2012 - 2016\nSkills\nPython", None)
    assert studied.experience.resume_years is None
    # Both read as Python development (the role: 100); years asked for but not shown: 50.
    assert studied.experience.job_field == studied.experience.resume_field == "Python Developer"
    assert studied.components.experience == round(0.6 * 100 + 0.4 * 50)
    worked = "Ann\nWorked at Foo 2019 till 2021 with Python\nEducation\nBSc Physics 2012 - 2016"
    assert score_against(job, worked, None).experience.resume_years == 3


def test_company_names_and_ad_phrasing_are_not_keywords_or_skills() -> None:
    job = read_job(
        "We are hiring at Quillbyte Labs. Quillbyte builds invoicing software for bakeries. "
        "You will own the invoicing service, written in Python. We offer a competitive salary."
    )
    assert job.required == ("Python",)
    assert "invoicing" in job.keywords
    assert not {"quillbyte", "labs", "salary", "competitive"} & set(job.keywords)


def test_a_phrase_that_comes_back_is_one_keyword() -> None:
    job = read_job(
        "You will own patient scheduling end to end. Patient scheduling is where clinics "
        "lose the most time, so the patient scheduling screens matter. Python on the backend."
    )
    assert "patient scheduling" in job.keywords
    assert "patient" not in job.keywords
    result = score_against(job, "Built patient scheduling for clinics in Python.", None)
    assert "patient scheduling" in result.keywords.matched
    assert "patient scheduling" in score_against(job, "Scheduling patients", None).keywords.missing


def test_present_is_this_month_or_the_given_day() -> None:
    job = read_job(JOB)
    text = "Experience\nAcme - Engineer\nMar 2020 - Present\n"
    at = dt.date(2025, 3, 15)
    assert score_against(job, text, None, today=at).experience.resume_years == 5
    assert score_against(job, text, None, today=dt.date(2022, 3, 1)).experience.resume_years == 2


# Every required skill and nothing else, against no required skill and everything else.
BARE = "Python, PostgreSQL, Docker, Kubernetes, Kafka"
POLISHED = """Sam Roe
sam.roe@example.net
Experience
Lumen Freight - Senior Backend Engineer (shipment tracking platform, event streaming)
Jan 2010 - Present
Backend services for the shipment tracking platform; deployment and production on-call.
Education
BSc, 2009
Skills
Terraform, AWS, GraphQL
Projects
Tracking dashboards
"""


def test_every_required_skill_beats_none_whatever_else_they_hold() -> None:
    job = read_job(JOB)
    bare = score_against(job, BARE, None, today=dt.date(2026, 1, 1))
    polished = score_against(job, POLISHED, None, today=dt.date(2026, 1, 1))
    assert bare.skills.missing == []
    assert polished.skills.missing == list(job.required)
    assert polished.components.sections == 100
    assert polished.components.experience == 100
    assert bare.score >= 51 > 49 >= polished.score
    assert bare.score > polished.score


def test_years_from_skill_lists_with_months_of_use() -> None:
    text = "Skills\nJava - Experience - 48 months\nSQL - Experience - 30 months\n"
    assert score_against(read_job(JOB), text, None).experience.resume_years == 4


ROLE_JOB = """Java Developer

We are looking for a Java developer to build our order services with Spring Boot, Hibernate and
SQL. You have at least 3 years of experience writing Java services."""
ROLE_RESUME = "Experience\nJan 2018 - Dec 2023 built order services in Java, Spring Boot and SQL"


def test_the_role_is_part_of_experience() -> None:
    job = read_job(ROLE_JOB)
    assert job.field == "Java Developer"
    same = score_against(job, ROLE_RESUME, None, field="Java Developer")
    other = score_against(job, ROLE_RESUME, None, field="Sales")
    # Same skills, keywords, years and sections: only the role differs, by its 60% share.
    assert same.components.skills == other.components.skills
    assert same.components.experience == 100
    assert other.components.experience == 40
    assert same.score - other.score == round(WEIGHTS["experience"] * 60)
    assert (other.experience.job_field, other.experience.resume_field) == (
        "Java Developer",
        "Sales",
    )
    tip = "The job is a Java Developer role and your resume reads as Sales"
    assert any(t.startswith(tip) for t in other.suggestions)
    assert not any("role" in t for t in same.suggestions)


def test_without_a_given_field_the_resume_text_tells_it() -> None:
    job = read_job(ROLE_JOB)
    result = score_against(job, "Java Developer\n" + ROLE_RESUME, None)
    assert result.experience.resume_field == "Java Developer"


def test_a_job_title_given_apart_counts_as_the_headline() -> None:
    plain = "You will greet our guests and keep the lobby friendly for twenty hours a week."
    assert read_job(plain).field is None
    assert read_job(plain, title="Python Developer").field == "Python Developer"
    # No role to compare: experience is the years alone (none asked for: 100).
    result = score_against(read_job(plain), ROLE_RESUME, None, field="Java Developer")
    assert result.components.experience == 100
