"""The built-in coach answers the question asked: its subject, the company, the resume's most
relevant experience, the candidate's notes, within the word limit."""

from __future__ import annotations

import msgspec
import pytest

from app.ai.builtin_coach import BuiltinInterviewCoach, word_count
from app.ai.generation import InterviewRequest, ResumeContext
from app.ai.questions import read_question
from app.ai.schemas import ComprehensiveAnalysis, Experience, Project, Skills

coach = BuiltinInterviewCoach()
ANALYSIS = ComprehensiveAnalysis(
    skills=Skills(technical=["Python", "PostgreSQL", "Kubernetes", "Redis"], soft=[]),
    experience=[
        Experience(
            company="Orbital Systems",
            role="Platform Engineer",
            highlights=["Cut deploy time by half with a new CI pipeline."],
        ),
        Experience(
            company="Acme Corp",
            role="Backend Developer",
            highlights=[
                "Built REST APIs for billing.",
                "Reduced API latency from 800 ms to 120 ms with Redis caching.",
            ],
        ),
    ],
    projects=[
        Project(
            name="Rate Guard",
            description="A token-bucket rate limiter for public APIs.",
            technologies=["Go", "Redis"],
        )
    ],
)
RESUME = ResumeContext(custom_name="CV", predicted_field="DevOps Engineer", analysis=ANALYSIS)
PERFORMANCE = "Tell me about a time you improved the performance of a system"


def ask(question: str, limit: int = 60, **fields: object) -> str:
    request = InterviewRequest(
        question=question, word_limit=limit, company_name="Initech", resume=RESUME
    )
    return coach.answer_sync(msgspec.structs.replace(request, **fields))


@pytest.mark.parametrize("limit", [50, 60, 150, 500])
def test_the_initech_performance_question(limit: int) -> None:
    answer = ask(PERFORMANCE, limit)
    assert word_count(answer) <= limit
    assert "Initech" in answer
    assert "performance of a system" in answer
    # The experience about latency, not merely the latest job.
    assert "Acme Corp" in answer
    assert "latency" in answer
    assert answer.startswith("Situation:")


def test_without_a_resume_the_answer_still_takes_up_the_question() -> None:
    answer = ask(PERFORMANCE, resume=None)
    assert word_count(answer) <= 60
    assert "Initech" in answer
    assert "performance of a system" in answer
    assert all(label in answer for label in ("Situation:", "Task:", "Action:", "Result:"))


@pytest.mark.parametrize(
    ("question", "subject", "evidence"),
    [
        (
            "Describe a situation where you had to deal with a difficult stakeholder.",
            "I had to deal with a difficult stakeholder",
            "Platform Engineer at Orbital Systems",
        ),
        (
            "How would you design a rate limiter for a public API?",
            "design a rate limiter for a public API",
            "Rate Guard",
        ),
        (
            "What would you do if a deploy broke production?",
            "If a deploy broke production",
            "Cut deploy time by half",
        ),
        (
            "How do you keep PostgreSQL queries fast?",
            "keep PostgreSQL queries fast",
            "Reduced API latency".lower(),
        ),
        (
            "Give an example of a difficult decision you made.",
            "a difficult decision I made",
            "Orbital Systems",
        ),
    ],
)
def test_answers_take_up_the_question_and_the_relevant_experience(
    question: str, subject: str, evidence: str
) -> None:
    for limit in (50, 150):
        answer = ask(question, limit)
        assert word_count(answer) <= limit
        assert subject in answer, answer
        assert evidence.lower() in answer.lower(), answer
        assert "Initech" in answer, answer


@pytest.mark.parametrize(
    "question",
    ["Why do you want to work here?", "Why do you want to work at Initech?", "Why us?"],
)
def test_why_here_names_the_company_and_gives_proof(question: str) -> None:
    answer = ask(question, 60, role="SRE")
    assert word_count(answer) <= 60
    assert answer.startswith("I want to join Initech in the SRE role")
    assert "Platform Engineer at Orbital Systems" in answer
    assert "Situation:" not in answer


def test_the_candidates_notes_are_drawn_on() -> None:
    notes = "I enjoy mentoring. I once halved the p99 latency of our search service."
    answer = ask(PERFORMANCE, 150, user_knowledge=notes)
    assert "I once halved the p99 latency of our search service." in answer
    answer = ask("Tell me about a time you mentored someone", 150, user_knowledge=notes)
    assert "I enjoy mentoring." in answer


def test_shorter_and_longer_stay_on_the_question() -> None:
    base = ask(PERFORMANCE, 150)
    shorter = ask(PERFORMANCE, 150, instruction="shorter", previous_answer=base)
    longer = ask(PERFORMANCE, 150, instruction="more detail")
    assert word_count(shorter) < word_count(base) <= word_count(longer) <= 150
    for answer in (shorter, longer):
        assert "performance of a system" in answer
        assert "Initech" in answer


@pytest.mark.parametrize(
    ("question", "kind", "ask_"),
    [
        (PERFORMANCE, "behavioural", "I improved the performance of a system"),
        ("Have you ever led a team through a crisis?", "behavioural",
         "I have led a team through a crisis"),
        ("Tell me about a time someone criticised you.", "behavioural", "someone criticised me"),
        ("How would you design a cache?", "approach", "design a cache"),
        ("What is the difference between a process and a thread?", "approach",
         "the difference between a process and a thread"),
        ("Where do you see yourself in five years?", "approach",
         "where I see myself in five years"),
        ("Why should we hire you?", "motivation", ""),
        ("Tell me about yourself.", "motivation", ""),
    ],
)  # fmt: skip
def test_reading_questions(question: str, kind: str, ask_: str) -> None:
    read = read_question(question)
    assert (read.kind, read.ask) == (kind, ask_)
