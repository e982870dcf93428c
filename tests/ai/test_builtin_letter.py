"""The built-in cover-letter writer: the facts a letter must contain, tone, instructions."""

from __future__ import annotations

import msgspec
import pytest

from app.ai.builtin_letter import MAX_LETTER, BuiltinCoverLetterWriter
from app.ai.generation import CoverLetterRequest, CoverLetterWriter, ResumeContext
from app.ai.schemas import ComprehensiveAnalysis, Experience, Project, Skills
from tests.ai.test_builtin_generators import RESUME

writer = BuiltinCoverLetterWriter()
JOB = (
    "We need a Backend Engineer for our billing platform.\n"
    "Requirements: PostgreSQL, Celery and Python.\n"
    "Nice to have: Kubernetes."
)
LETTER = CoverLetterRequest(
    company_name="Initech",
    job_title="Backend Engineer",
    job_description=JOB,
    resume=RESUME,
)


def test_it_satisfies_the_protocol() -> None:
    assert isinstance(writer, CoverLetterWriter)


async def test_the_letter_names_the_job_and_puts_forward_matching_skills() -> None:
    letter = await writer.write_letter(LETTER)
    assert letter.startswith("Dear Hiring Manager,")
    assert "Backend Engineer position at Initech" in letter
    # Required skills the resume has, in the job's order; Django is the resume's but not asked.
    assert "Your description asks for PostgreSQL, Celery and Python" in letter
    assert "Django" not in letter.split("asks for")[1].split(".")[0]
    # The highlight that shares most with the job (Celery, billing), from the latest job.
    assert "Moved nightly jobs to Celery workers".lower() in letter.lower()
    assert "Senior Python Developer at Northwind Software" in letter
    assert await writer.write_letter(LETTER) == letter  # deterministic


async def test_a_project_can_be_the_highlight() -> None:
    ocr = msgspec.structs.replace(LETTER, job_title="Computer Vision Engineer",
                                  job_description="Scanned invoices, OCR and OpenCV.")  # fmt: skip
    letter = await writer.write_letter(ocr)
    assert "One project I am proud of is Invoice Parser: Extracts line items" in letter


async def test_without_a_job_description_the_resumes_own_skills_are_used() -> None:
    letter = await writer.write_letter(msgspec.structs.replace(LETTER, job_description=None))
    assert "My core skills include Python, Django, PostgreSQL and Celery" in letter


async def test_without_a_resume_nothing_is_claimed() -> None:
    letter = await writer.write_letter(msgspec.structs.replace(LETTER, resume=None))
    assert "Initech" in letter
    assert "Backend Engineer" in letter
    assert "The role's focus on PostgreSQL, Celery and Python" in letter
    assert "I work with" not in letter


async def test_recipient_sender_goal_points_and_extras_are_woven_in() -> None:
    letter = await writer.write_letter(
        msgspec.structs.replace(
            LETTER,
            recipient_name="Bill Lumbergh",
            sender_name="Peter Gibbons",
            sender_role_or_goal="a backend developer moving into payments",
            key_points="Cut billing run time by 80%",
            additional_info="Available from March",
        )
    )
    assert letter.startswith("Dear Bill Lumbergh,")
    assert "I am a backend developer moving into payments." in letter
    assert "Cut billing run time by 80%." in letter
    assert "Available from March." in letter
    assert letter.endswith("Kind regards,\nPeter Gibbons")


async def test_instructions() -> None:
    base = await writer.write_letter(msgspec.structs.replace(LETTER, recipient_name="Jane Doe"))
    revise = msgspec.structs.replace(LETTER, recipient_name="Jane Doe", previous=base)
    friendly = await writer.write_letter(msgspec.structs.replace(revise, instruction="friendlier"))
    formal = await writer.write_letter(msgspec.structs.replace(revise, instruction="formal"))
    mention = await writer.write_letter(
        msgspec.structs.replace(revise, instruction="mention my AWS certification")
    )
    kept = await writer.write_letter(msgspec.structs.replace(revise, instruction="rhyme it"))
    assert friendly.startswith("Hello Jane,")
    assert "Yours sincerely," in formal
    assert "my AWS certification." in mention
    assert kept == base
    for letter in (friendly, formal, mention):
        assert "Initech" in letter
        assert "Backend Engineer" in letter


@pytest.mark.parametrize(
    "resume",
    [
        None,
        ResumeContext(custom_name="", predicted_field=None, analysis=None),
        ResumeContext(
            custom_name="",
            predicted_field="",
            analysis=ComprehensiveAnalysis(
                skills=Skills(technical=["  ", "x" * 500] * 50),
                experience=[Experience(company="C " * 300, role="", highlights=["w " * 900])],
                projects=[Project(name="", description="d " * 900)],
            ),
        ),
    ],
)
async def test_odd_input_still_gives_a_bounded_letter(resume: ResumeContext | None) -> None:
    letter = await writer.write_letter(
        CoverLetterRequest(
            company_name="A" * 200,
            job_title="B" * 200,
            job_description="? " * 10_000,
            key_points="\n\n;;\n" * 100,
            resume=resume,
        )
    )
    assert "A" * 200 in letter
    assert 0 < len(letter) <= MAX_LETTER
