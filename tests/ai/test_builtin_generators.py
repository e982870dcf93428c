"""The built-in cold-mail writer and interview coach: content, determinism, limits, odd input."""

from __future__ import annotations

import msgspec
import pytest

from app.ai.builtin_coach import BuiltinInterviewCoach, trim_to_words, word_count
from app.ai.builtin_writer import BuiltinColdMailWriter, read_instruction
from app.ai.generation import (
    ColdMailDraft,
    ColdMailRequest,
    ColdMailWriter,
    InterviewCoach,
    InterviewRequest,
    ResumeContext,
)
from app.ai.schemas import ComprehensiveAnalysis, Experience, Project, Skills

STAR = ("Situation:", "Task:", "Action:", "Result:")

ANALYSIS = ComprehensiveAnalysis(
    skills=Skills(technical=["Python", "Django", "PostgreSQL", "Celery"], soft=["Mentoring"]),
    experience=[
        Experience(
            company="Northwind Software",
            role="Senior Python Developer",
            duration="2019 - Present",
            highlights=[
                "Designed Django REST Framework services for billing, 40 endpoints.",
                "Moved nightly jobs to Celery workers; cut run time from 3 hours to 20 min.",
            ],
        ),
        Experience(company="Bluebird Systems", role="Python Developer"),
    ],
    projects=[
        Project(
            name="Invoice Parser",
            description="Extracts line items from scanned invoices. Uses OpenCV.",
            technologies=["Python", "OpenCV"],
        )
    ],
)
RESUME = ResumeContext(
    custom_name="Backend CV", predicted_field="Python Developer", analysis=ANALYSIS
)

MAIL = ColdMailRequest(
    recipient_name="Jane Doe",
    recipient_role="Engineering Manager",
    company_name="Acme Analytics",
    sender_name="Priya Raman",
    key_points="Built billing APIs\nMentored two juniors",
    additional_info="I can relocate to Berlin.",
    company_url="https://acme.example",
    resume=RESUME,
)

QUESTION = InterviewRequest(
    question="Tell me about a challenging problem you solved.",
    word_limit=150,
    role="Backend Engineer",
    company_name="Acme Analytics",
    resume=RESUME,
)

writer = BuiltinColdMailWriter()
coach = BuiltinInterviewCoach()


def test_they_satisfy_the_protocols() -> None:
    assert isinstance(writer, ColdMailWriter)
    assert isinstance(coach, InterviewCoach)


async def test_cold_mail_uses_the_request_and_the_resume() -> None:
    draft = await writer.write(MAIL)
    assert "Jane Doe" in draft.body
    assert "Engineering Manager" in draft.body
    assert "Acme Analytics" in draft.subject
    assert "Acme Analytics" in draft.body
    assert "https://acme.example" in draft.body
    assert any(skill in draft.body for skill in ANALYSIS.skills.technical)
    assert "Senior Python Developer at Northwind Software" in draft.body
    assert "Invoice Parser" in draft.body
    assert "Built billing APIs" in draft.body
    assert "relocate to Berlin" in draft.body
    assert draft.body.rstrip().endswith("Priya Raman")


async def test_cold_mail_is_deterministic() -> None:
    assert await writer.write(MAIL) == await writer.write(MAIL)


async def test_shorter_drops_optional_paragraphs() -> None:
    first = await writer.write(MAIL)
    shorter = await writer.write(
        msgspec.structs.replace(MAIL, instruction="Make it shorter please", previous=first)
    )
    assert len(shorter.body) < len(first.body)
    assert "Jane Doe" in shorter.body
    assert "Acme Analytics" in shorter.body


async def test_tone_and_mention_instructions() -> None:
    formal = await writer.write(msgspec.structs.replace(MAIL, instruction="more formal"))
    friendly = await writer.write(msgspec.structs.replace(MAIL, instruction="make it warmer"))
    assert formal.body.startswith("Dear Jane Doe,")
    assert "Yours sincerely," in formal.body
    assert friendly.body.startswith("Hi Jane,")
    assert "Warm regards," in friendly.body
    mention = await writer.write(
        msgspec.structs.replace(MAIL, instruction="Mention my AWS certification and keep it brief")
    )
    assert "my AWS certification." in mention.body
    assert read_instruction("add more detail").mention is None


async def test_unknown_instruction_keeps_the_previous_draft() -> None:
    previous = ColdMailDraft(subject="Hand-edited", body="My own words.")
    again = await writer.write(
        msgspec.structs.replace(MAIL, instruction="translate into Klingon", previous=previous)
    )
    assert again == previous


@pytest.mark.parametrize(
    "request_",
    [
        ColdMailRequest(recipient_name="", recipient_role="", company_name=""),
        ColdMailRequest(
            recipient_name="  A  ",
            recipient_role="\n",
            company_name="X" * 10_000,
            sender_name="S" * 10_000,
            key_points="point; " * 20_000,
            additional_info="info " * 20_000,
            company_url="https://" + "u" * 5000,
            resume=ResumeContext(custom_name="", predicted_field=None, analysis=None),
            instruction="",
        ),
        msgspec.structs.replace(MAIL, key_points="x" * 100_000, instruction="mention " * 500),
    ],
)
async def test_cold_mail_survives_odd_input(request_: ColdMailRequest) -> None:
    draft = await writer.write(request_)
    assert 0 < len(draft.subject) <= 150
    assert 0 < len(draft.body) <= 5000


@pytest.mark.parametrize("limit", [50, 150, 500])
async def test_interview_answer_respects_the_word_limit(limit: int) -> None:
    answer = await coach.answer(msgspec.structs.replace(QUESTION, word_limit=limit))
    assert word_count(answer) <= limit
    assert all(label in answer for label in STAR)
    assert "Northwind Software" in answer
    assert "Senior Python Developer" in answer


async def test_interview_answer_without_resume_still_has_star() -> None:
    question = "Tell me about a time you had to meet a tight deadline."
    answer = await coach.answer(InterviewRequest(question=question, word_limit=50))
    assert word_count(answer) <= 50
    assert all(label in answer for label in STAR)
    assert "I had to meet a tight deadline" in answer


async def test_a_motivation_question_gets_a_direct_answer() -> None:
    answer = await coach.answer(InterviewRequest(question="Why should we hire you?", word_limit=50))
    assert word_count(answer) <= 50
    assert "hire" in answer
    assert "Situation:" not in answer


async def test_interview_answer_is_deterministic() -> None:
    assert await coach.answer(QUESTION) == await coach.answer(QUESTION)


async def test_interview_instructions() -> None:
    base = await coach.answer(QUESTION)
    shorter = await coach.answer(
        msgspec.structs.replace(QUESTION, instruction="shorter", previous_answer=base)
    )
    detailed = await coach.answer(msgspec.structs.replace(QUESTION, instruction="more detail"))
    focused = await coach.answer(msgspec.structs.replace(QUESTION, instruction="focus on testing"))
    kept = await coach.answer(
        msgspec.structs.replace(QUESTION, instruction="rhyme it", previous_answer="My answer.")
    )
    assert word_count(shorter) < word_count(base) <= word_count(detailed) <= 150
    assert "focused on testing" in focused
    assert kept == "My answer."


@pytest.mark.parametrize("limit", [1, 5, 12, 50])
async def test_interview_answer_survives_odd_input(limit: int) -> None:
    huge = msgspec.structs.replace(
        ANALYSIS,
        experience=[Experience(company="C " * 300, role="R " * 300, highlights=["word " * 400])],
    )
    request = InterviewRequest(
        question="? " * 1000,
        word_limit=limit,
        role="",
        company_name="",
        resume=ResumeContext(custom_name="", predicted_field="", analysis=huge),
        instruction="   ",
    )
    assert 0 < word_count(await coach.answer(request)) <= limit


def test_trim_prefers_a_sentence_end() -> None:
    text = "One two three. Four five six seven. Eight nine ten eleven twelve."
    assert trim_to_words(text, 8) == "One two three. Four five six seven."
    assert trim_to_words(text, 100) == text
    assert word_count(trim_to_words("a b c d e f g h", 3)) == 3
