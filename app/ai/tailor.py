"""Tailoring a resume to a job: the built-in rearranger and the configured model's rewrite.

Both only rearrange and emphasise what the resume already says; app/tailoring/service.py checks
the result afterwards (no skill or employer the source lacks) whoever made it.
"""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Protocol, runtime_checkable

import msgspec

from app.ai.openai_compatible import MAX_RESUME_CHARS, ChatCompletionsClient
from app.ai.schemas import ComprehensiveAnalysis
from app.ai.sections import Section, cut_at_headings, repair_glued_headings
from app.ai.skills import SkillTerm
from app.ai.text import fold, normalise
from app.ai.vocabulary import scan
from app.ats.resume_profile import resume_years
from app.ats.scoring import read_job
from app.skills.service import canonical

MAX_HIGHLIGHTS = 3
MAX_SUMMARY_SKILLS = 5
_WORD = re.compile(r"[a-z][a-z0-9+#]*")
# "description - Built ...": a field label some resumes put before a line.
_FIELD_LABEL = re.compile(r"^[a-z ]{2,20}\s*[-:]\s+")
# Where sections go in a tailored resume: what the job reads first comes first.
_ORDER = (Section.SKILLS, Section.EXPERIENCE, Section.PROJECTS, Section.OTHER, Section.EDUCATION)


class TailorRequest(msgspec.Struct, frozen=True):
    """The source resume (text and analysis) and the job it is tailored to."""

    resume_text: str
    analysis: ComprehensiveAnalysis | None
    job_description: str
    job_title: str | None = None
    company_name: str | None = None


# Runtime-checkable: Litestar checks injected dependencies against their annotation.
@runtime_checkable
class ResumeTailor(Protocol):
    """Writes the text of a resume tailored to a job from the source resume's own content."""

    async def tailor(self, request: TailorRequest) -> str: ...


def source_skills(text: str, analysis: ComprehensiveAnalysis | None) -> set[str]:
    """Canonical technical skills the source shows: in its analysis and named in its text."""
    named = {term.name for _, term in scan(text) if isinstance(term, SkillTerm) and not term.soft}
    listed = {canonical(name) for name in analysis.skills.technical} if analysis else named
    return named & listed


def _unknown_skills(text: str, have: set[str]) -> list[tuple[int, str]]:
    return [
        (offset, term.name)
        for offset, term in scan(text)
        if isinstance(term, SkillTerm) and term.name not in have
    ]


def without_unknown_skills(role: str, have: set[str]) -> str:
    """The role's name with every skill the source lacks taken out ("Kotlin Developer" ->
    "Developer"), so that the summary claims nothing new."""
    words = role.replace("/", " ").split()
    while unknown := _unknown_skills(" ".join(words), have):
        offset, name = unknown[0]
        first = len(" ".join(words)[:offset].split())
        # The fewest words from there that still name the skill.
        count = next(
            (
                n
                for n in range(1, len(words) - first + 1)
                if any(
                    found == name
                    for _, found in _unknown_skills(" ".join(words[first : first + n]), have)
                )
            ),
            len(words) - first,
        )
        del words[first : first + count]
    return " ".join(words).strip(" -,&") or "Professional"


def summary_line(role: str, skills: list[str], years: int | None) -> str:
    """One line naming the target role, the years and the skills the job asks for."""
    parts = [role]
    if years:
        parts.append(f"with {years} year{'s' if years != 1 else ''} of experience")
    if skills:
        parts.append(("in " if years else "skilled in ") + _listed(skills))
    return " ".join(parts) + "."


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _relevance(line: str, skills: set[str], keywords: set[str]) -> int:
    """How much of the job a line names: its skills count twice, its keywords once."""
    named = {term.name for _, term in scan(line) if isinstance(term, SkillTerm)}
    words = set(_WORD.findall(fold(line)))
    return 2 * len(named & skills) + len(words & keywords)


def tailor_text(request: TailorRequest) -> str:
    """The source's own lines, rearranged for the job: a summary naming the role, the job's
    skills first, the most relevant lines as highlights, the sections the job cares about first."""
    text = repair_glued_headings(normalise(request.resume_text))
    lines = text.split("\n")
    job = read_job(request.job_description, request.job_title)
    have = source_skills(text, request.analysis)
    wanted = [name for name in (*job.required, *job.preferred) if name in have]
    keywords = {word for keyword in job.keywords for word in keyword.split()}
    blocks = cut_at_headings(lines)
    body_lines = [line for section, block in blocks[1:] for line in block[1:] if line.strip()]
    work = [
        line
        for section, block in blocks
        if section in (Section.EXPERIENCE, Section.PROJECTS)
        for line in block[1:]
        if line.strip()
    ] or body_lines
    scored = sorted(
        (
            (score, index, line)
            for index, line in enumerate(work)
            if (score := _relevance(line, set(wanted), keywords)) > 0
        ),
        key=lambda item: (-item[0], item[1]),
    )
    highlights: dict[str, str] = {}  # the same line under two labels counts once
    for _, _, line in scored:
        tidy = " ".join(line.strip(" \t\u2022*-").split())
        highlights.setdefault(fold(_FIELD_LABEL.sub("", tidy)), tidy)
    chosen = list(highlights.values())[:MAX_HIGHLIGHTS]

    role = without_unknown_skills(request.job_title or job.field or "Professional", have)
    experience_lines = [
        line for section, block in blocks if section is Section.EXPERIENCE for line in block
    ]
    years = resume_years(experience_lines or lines, text, request.analysis)
    out = [line for line in blocks[0][1] if line.strip()]
    out += ["", "Summary", summary_line(role, wanted[:MAX_SUMMARY_SKILLS], years)]
    if wanted:
        out += ["", "Key Skills", ", ".join(wanted + sorted(have - set(wanted)))]
    if chosen:
        out += ["", "Highlights", *(f"- {line}" for line in chosen)]
    for section in _ORDER:
        for found, block in blocks[1:]:
            if found is not section:
                continue
            heading, rest = block[0], block[1:]
            if section is Section.SKILLS:
                rest = sorted(rest, key=lambda line: -_relevance(line, set(wanted), set()))
            while rest and not rest[-1].strip():
                rest = rest[:-1]
            out += ["", heading, *rest]
    return "\n".join(out).strip() + "\n"


class BuiltinResumeTailor:
    """Offline and deterministic: rearranges the source's own lines (tailor_text)."""

    async def tailor(self, request: TailorRequest) -> str:
        return await asyncio.to_thread(tailor_text, request)


TAILOR_PROMPT = """\
You tailor a resume to a job description. Rewrite the resume so that what the job asks for comes
first: a one-line summary naming the target role, the skills the job asks for that the resume
already shows, then the most relevant experience. Use only what the resume says: never add a
skill, tool, employer, title, date or number that it does not contain, and do not drop its jobs,
dates or education. Plain text with one heading per section (Summary, Skills, Experience,
Projects, Education, ...). Reply with one JSON object only: {"text": string}."""


class TailorReply(msgspec.Struct):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_RESUME_CHARS * 2)]


class OpenAIResumeTailor:
    """The configured model rewrites; the service checks it invented nothing."""

    def __init__(self, client: ChatCompletionsClient) -> None:
        self._client = client

    async def tailor(self, request: TailorRequest) -> str:
        message = {
            "jobTitle": request.job_title,
            "companyName": request.company_name,
            "jobDescription": request.job_description,
            "resume": request.resume_text[:MAX_RESUME_CHARS],
        }
        reply = await self._client.ask(
            "tailoring", TAILOR_PROMPT, msgspec.json.encode(message).decode(), TailorReply
        )
        return reply.text.strip()
