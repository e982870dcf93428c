"""The built-in cold-mail writer: a plain template filled from the request, no model involved.

Also home of the small text helpers and the instruction reader the built-in coach shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.ai.generation import ColdMailDraft, ColdMailRequest, ResumeContext
from app.ai.schemas import ComprehensiveAnalysis, Experience

MAX_SUBJECT = 150
MAX_BODY = 5000

Tone = Literal["neutral", "formal", "friendly"]

_SHORTER = re.compile(r"\b(shorter|shorten|concise|brief|briefer|short|trim|tighter)\b", re.I)
_LONGER = re.compile(r"\b(more details?|detailed|longer|expand|elaborate)\b", re.I)
_FRIENDLY = re.compile(
    r"\b(friendly|friendlier|casual|warm|warmer|relaxed|informal|less formal)\b", re.I
)
_FORMAL = re.compile(r"\b(formal|more formal|professional|polite)\b", re.I)
_MENTION = re.compile(r"\b(?:mention|add|include|highlight)\s+(?P<topic>[^.;!?\n]+)", re.I)
_FOCUS = re.compile(r"\bfocus(?:\s+more)?\s+on\s+(?P<topic>[^.;!?\n]+)", re.I)
# "mention X and make it shorter": the topic stops where the next request starts.
_NEXT_REQUEST = re.compile(r"\s*(?:,|\band\b|\bbut\b)\s*(?:make|keep|use|be|sound|write)\b.*", re.I)
_SPACES = re.compile(r"\s+")
_LIST_SPLIT = re.compile(r"[\n;]+")


@dataclass(frozen=True)
class Revision:
    """What a regeneration instruction asks for, as far as a template can honour it."""

    shorter: bool = False
    longer: bool = False
    tone: Tone = "neutral"
    mention: str | None = None
    focus: str | None = None

    @property
    def recognised(self) -> bool:
        return self != Revision()


def _topic(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    topic = one_line(_NEXT_REQUEST.sub("", match.group("topic")), 200)
    # "add more detail" or "add a friendlier tone" are style requests, not topics.
    if not topic or any(p.search(topic) for p in (_SHORTER, _LONGER, _FRIENDLY, _FORMAL)):
        return None
    return topic


def read_instruction(instruction: str | None) -> Revision:
    """Recognise a few plain-English requests; anything else yields an empty Revision."""
    text = instruction or ""
    tone: Tone = "neutral"
    if _FRIENDLY.search(text):
        tone = "friendly"
    elif _FORMAL.search(text):
        tone = "formal"
    return Revision(
        shorter=bool(_SHORTER.search(text)),
        longer=bool(_LONGER.search(text)),
        tone=tone,
        mention=_topic(_MENTION.search(text)),
        focus=_topic(_FOCUS.search(text)),
    )


def one_line(text: str | None, limit: int) -> str:
    """Collapse whitespace and cut at a word boundary so the result has at most `limit` chars."""
    flat = _SPACES.sub(" ", text or "").strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit + 1].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut[:limit].rstrip(" ,;:-")


def sentence(text: str) -> str:
    """End the text with a full stop unless it already ends a sentence."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text.rstrip(",;:-") + "."


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def latest_job(analysis: ComprehensiveAnalysis | None) -> Experience | None:
    """The first experience entry naming a role or a company (resumes list the latest first)."""
    if analysis is None:
        return None
    return next(
        (job for job in analysis.experience if job.role.strip() or job.company.strip()), None
    )


def top_skills(analysis: ComprehensiveAnalysis | None, count: int) -> list[str]:
    """The first `count` distinct technical skills, in the analysis's order."""
    if analysis is None:
        return []
    seen: dict[str, str] = {}
    for skill in analysis.skills.technical:
        name = one_line(skill, 60)
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())[:count]


def _job_sentence(job: Experience | None) -> str:
    role, company = (one_line(job.role, 100), one_line(job.company, 100)) if job else ("", "")
    if role and company:
        return f"Most recently I worked as {role} at {company}."
    if role or company:
        return f"Most recently I worked {'as ' + role if role else 'at ' + company}."
    return ""


def _background(resume: ResumeContext | None, skill_count: int) -> str:
    if resume is None:
        return ""
    field = one_line(resume.predicted_field, 80)
    skills = top_skills(resume.analysis, skill_count)
    sentences = [
        f"My experience is in the {field} field." if field else "",
        _job_sentence(latest_job(resume.analysis)),
        f"My core skills include {join_words(skills)}." if skills else "",
    ]
    return " ".join(s for s in sentences if s)


def _project(resume: ResumeContext | None) -> str:
    projects = resume.analysis.projects if resume and resume.analysis else []
    for project in projects:
        name = one_line(project.name, 100)
        if name:
            summary = one_line(re.split(r"(?<=[.!?])\s", project.description.strip())[0], 200)
            tail = f": {sentence(summary)}" if summary else "."
            return f"One project I am proud of is {name}{tail}"
    return ""


def _key_points(text: str | None) -> str:
    items = [one_line(i.strip().lstrip("-*•·").strip(), 300) for i in _LIST_SPLIT.split(text or "")]
    items = [i for i in items if i][:8]
    if not items:
        return ""
    if len(items) == 1:
        return f"A point I would like to highlight: {sentence(items[0])}"
    bullets = "\n".join(f"- {sentence(i)}" for i in items)
    return f"A few points I would like to highlight:\n{bullets}"


def _greeting(name: str, tone: Tone) -> str:
    if tone == "formal":
        return f"Dear {name}," if name else "Dear Sir or Madam,"
    if tone == "friendly":
        return f"Hi {name.split(' ')[0]}," if name else "Hi there,"
    return f"Hello {name}," if name else "Hello,"


_INTRO = {
    "neutral": "I am reaching out because of {who}, as I would like to learn whether my "
    "experience could help your team.",
    "formal": "I am writing to you in view of {who}, to introduce myself and to enquire about "
    "opportunities with your team.",
    "friendly": "I came across {who} and wanted to say hello, as I would love to learn more "
    "about your team.",
}
_CALL_TO_ACTION = {
    "neutral": (
        "Would you be open to a short call in the coming weeks? I would be glad to share more "
        "about my experience and to hear about your team's plans.",
        "Would you be open to a short call?",
    ),
    "formal": (
        "I would welcome the opportunity to discuss how I could contribute. Thank you for your "
        "time and consideration.",
        "Thank you for your consideration.",
    ),
    "friendly": (
        "Would you be up for a quick chat sometime soon? Thanks a lot for reading!",
        "Up for a quick chat?",
    ),
}
_CLOSING = {"neutral": "Best regards,", "formal": "Yours sincerely,", "friendly": "Warm regards,"}


def _subject(request: ColdMailRequest, company: str) -> str:
    field = one_line(request.resume.predicted_field, 80) if request.resume else ""
    sender = one_line(request.sender_name, 60)
    subject = f"Opportunities at {company}"
    if field:
        subject = f"{field} background and opportunities at {company}"
    return one_line(f"{sender}: {subject}" if sender else subject, MAX_SUBJECT)


def compose_cold_mail(request: ColdMailRequest, revision: Revision) -> ColdMailDraft:
    """The template itself: every optional part appears only when its field is given."""
    tone, short = revision.tone, revision.shorter
    role = one_line(request.recipient_role, 100)
    company = one_line(request.company_name, 100) or "your company"
    url = one_line(request.company_url, 200)
    who = f"your role as {role} at {company}" if role else f"your work at {company}"
    topic = revision.mention or revision.focus
    paragraphs = [
        _greeting(one_line(request.recipient_name, 100), tone),
        _INTRO[tone].format(who=who + (f" ({url})" if url else "")),
        _background(request.resume, 3 if short else 5),
        "" if short else _project(request.resume),
        _key_points(request.key_points),
        "" if short else sentence(one_line(request.additional_info, 800)),
        f"I would also like to mention {sentence(topic)}" if topic else "",
        _CALL_TO_ACTION[tone][1 if short else 0],
        "\n".join(p for p in (_CLOSING[tone], one_line(request.sender_name, 100)) if p),
    ]
    body = "\n\n".join(p for p in paragraphs if p)
    return ColdMailDraft(subject=_subject(request, company), body=body[:MAX_BODY])


class BuiltinColdMailWriter:
    """Fills a fixed template from the request: offline, deterministic, never pretends to be AI."""

    def write_sync(self, request: ColdMailRequest) -> ColdMailDraft:
        """Same request, same draft; an unrecognised instruction returns the previous draft."""
        revision = read_instruction(request.instruction)
        previous = request.previous
        if request.instruction and not revision.recognised and previous is not None:
            return ColdMailDraft(
                subject=one_line(previous.subject, MAX_SUBJECT), body=previous.body[:MAX_BODY]
            )
        return compose_cold_mail(request, revision)

    async def write(self, request: ColdMailRequest) -> ColdMailDraft:
        """Cheap enough to run on the event loop."""
        return self.write_sync(request)
