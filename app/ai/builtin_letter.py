"""The built-in cover-letter writer: a letter assembled from the request and the resume, offline.

It names the company and the job title, greets the recipient (or the hiring manager), and with a
resume puts forward the skills the job description asks for that the resume has, and the
experience or project that shares most with the job.
"""

from __future__ import annotations

import re

from app.ai.builtin_writer import (
    Revision,
    Tone,
    join_words,
    one_line,
    read_instruction,
    sentence,
)
from app.ai.generation import CoverLetterRequest
from app.ai.relevance import as_action, most_relevant, resume_skills
from app.ats.scoring import read_job

MAX_LETTER = 10_000

_ARTICLE = re.compile(r"(a|an|the|currently)\s", re.I)

_GREETING = {"neutral": "Dear {name},", "formal": "Dear {name},", "friendly": "Hello {first},"}
_NO_NAME = {"neutral": "Dear Hiring Manager,", "formal": "Dear Hiring Manager,",
            "friendly": "Hello,"}  # fmt: skip
_CLOSING = {"neutral": "Kind regards,", "formal": "Yours sincerely,", "friendly": "Warm regards,"}
_OPENING = {
    "neutral": "I am writing to apply for the {title} position at {company}.",
    "formal": "I am writing to submit my application for the position of {title} at {company}.",
    "friendly": "I was excited to see the {title} opening at {company}, and I would love to apply.",
}
_THANKS = {
    "neutral": "I would welcome the chance to discuss how I could contribute to {company} as "
    "{title}. Thank you for your time and consideration.",
    "formal": "I would be grateful for the opportunity to discuss how I could contribute to "
    "{company} as {title}. Thank you for your consideration.",
    "friendly": "I would love to talk about how I could help {company} as {title}. "
    "Thanks a lot for reading!",
}


def _greeting(name: str, tone: Tone) -> str:
    if not name:
        return _NO_NAME[tone]
    return _GREETING[tone].format(name=name, first=name.split(" ")[0])


def _skills(request: CoverLetterRequest, count: int) -> tuple[list[str], list[str]]:
    """(skills of the resume the job asks for, required first; other skills of the resume)."""
    analysis = request.resume.analysis if request.resume else None
    mine = resume_skills(analysis)
    if not request.job_description:
        return [], mine[:count]
    job = read_job(request.job_description)
    have = set(mine)
    matched = [name for name in (*job.required, *job.preferred) if name in have]
    return matched[:count], ([] if matched else mine[:count])


def _resume_paragraph(request: CoverLetterRequest, short: bool) -> str:
    """The resume's field, its strongest matching skills and one highlight."""
    resume = request.resume
    if resume is None:
        return ""
    analysis = resume.analysis
    field = one_line(resume.predicted_field, 80)
    matched, other = _skills(request, 3 if short else 5)
    ask = " ".join(p for p in (request.job_title, request.job_description, request.key_points) if p)
    evidence = most_relevant(analysis, ask)
    parts = [f"My background is in the {field} field." if field else ""]
    if matched:
        parts.append(
            f"Your description asks for {join_words(matched)}, which I work with and would "
            "bring to the role from day one."
        )
    elif other:
        parts.append(f"My core skills include {join_words(other)}.")
    if evidence is not None:
        if evidence.kind == "project":
            detail = f": {sentence(evidence.line)}" if evidence.line else "."
            parts.append(f"One project I am proud of is {evidence.name}{detail}")
        elif evidence.line:
            where = evidence.where
            intro = f"As {where}" if evidence.role else where[:1].upper() + where[1:]
            action = as_action(evidence.line)
            parts.append(
                f"{intro}, {action if action.startswith('I ') else action[:1].lower() + action[1:]}"
            )
        elif evidence.where:
            parts.append(f"Most recently I worked as {evidence.where}.")
    return " ".join(p for p in parts if p)


def _job_interest(request: CoverLetterRequest) -> str:
    """Without a resume: what in the description drew the writer, in its own terms."""
    if request.resume is not None or not request.job_description:
        return ""
    job = read_job(request.job_description)
    focus = list(job.required[:3]) or list(job.keywords[:3])
    return f"The role's focus on {join_words(focus)} is what drew me to it." if focus else ""


def _points(text: str | None, short: bool) -> str:
    items = [one_line(i.strip().lstrip("-*•·").strip(), 300) for i in (text or "").split("\n")]
    items = [sentence(i) for i in items if i][: 3 if short else 8]
    if not items:
        return ""
    if len(items) == 1:
        return f"I would especially like to highlight one point: {items[0]}"
    return "In particular:\n" + "\n".join(f"- {item}" for item in items)


def compose_letter(request: CoverLetterRequest, revision: Revision) -> str:
    """Every optional paragraph appears only when its field is given."""
    tone, short = revision.tone, revision.shorter
    company = one_line(request.company_name, 200)
    title = one_line(request.job_title, 200)
    goal = one_line(request.sender_role_or_goal, 500)
    topic = revision.mention or revision.focus
    opening = _OPENING[tone].format(title=title, company=company)
    if goal:
        opening += " " + sentence(f"I am {goal}" if _ARTICLE.match(goal) else f"In short: {goal}")
    paragraphs = [
        _greeting(one_line(request.recipient_name, 200), tone),
        opening,
        _resume_paragraph(request, short),
        _job_interest(request),
        _points(request.key_points, short),
        "" if short else sentence(one_line(request.additional_info, 1500)),
        f"I would also like to mention {sentence(topic)}" if topic else "",
        _THANKS[tone].format(company=company, title=title),
        "\n".join(p for p in (_CLOSING[tone], one_line(request.sender_name, 200)) if p),
    ]
    return "\n\n".join(p for p in paragraphs if p)[:MAX_LETTER]


class BuiltinCoverLetterWriter:
    """Fills the letter from the request and the resume: offline and deterministic."""

    def write_sync(self, request: CoverLetterRequest) -> str:
        """Same request, same letter; an unrecognised instruction returns the previous letter."""
        revision = read_instruction(request.instruction)
        if request.instruction and not revision.recognised and request.previous:
            return request.previous[:MAX_LETTER]
        return compose_letter(request, revision)

    async def write_letter(self, request: CoverLetterRequest) -> str:
        """Cheap enough to run on the event loop."""
        return self.write_sync(request)
