"""The built-in interview coach: a STAR-shaped answer assembled from the resume, no model."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.ai.builtin_writer import (
    Revision,
    join_words,
    latest_job,
    one_line,
    read_instruction,
    sentence,
    top_skills,
)
from app.ai.generation import InterviewRequest

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")
_PAST_TENSE = re.compile(
    r"^(\w+ed|led|built|ran|wrote|made|set|cut|drove|grew|won|took|began|kept|brought|taught|"
    r"sold|spent|oversaw|undertook|rebuilt|rewrote|shipped)$",
    re.I,
)

# (question words, the situation, the task, the result): generic enough for any of the fields.
_THEMES: tuple[tuple[re.Pattern[str], str, str, str], ...] = tuple(
    (re.compile(pattern, re.I), situation, task, result)
    for pattern, situation, task, result in (
        (
            r"conflict|disagree|argument|difficult (colleague|person|stakeholder|customer)",
            "a disagreement about how to move forward",
            "bring everyone to a decision they could support",
            "we agreed on a plan and delivered it together",
        ),
        (
            r"deadline|pressure|urgent|prioriti",
            "a tight deadline",
            "deliver on time without cutting corners",
            "we delivered on time",
        ),
        (
            r"fail|mistake|wrong|error",
            "a mistake that needed fixing quickly",
            "put it right and make sure it could not happen again",
            "the issue was fixed and did not recur",
        ),
        (
            r"lead|mentor|manag|ownership",
            "a piece of work that needed someone to lead it",
            "organise the work and keep everyone aligned",
            "the work was delivered and the team stayed aligned",
        ),
        (
            r"challeng|difficult|problem|obstacle|complex",
            "a difficult problem",
            "find a solution that would hold up",
            "the problem was solved for good",
        ),
        (
            r"team|collaborat|cooperat",
            "a project that depended on close teamwork",
            "make the collaboration work",
            "the project landed and the team worked better together",
        ),
        (
            r"improv|initiative|innovat|proud|achiev",
            "a chance to improve how things were done",
            "turn the idea into a measurable improvement",
            "the improvement stuck and became standard practice",
        ),
    )
)
_DEFAULT_THEME = (
    "a situation much like this one",
    "deliver a clear outcome",
    "the outcome was clear and positive",
)


def word_count(text: str) -> int:
    return len(text.split())


def trim_to_words(text: str, limit: int) -> str:
    """At most `limit` words, cut at a sentence end if that keeps at least half of them."""
    words = list(_WORD.finditer(text))
    if len(words) <= limit:
        return text.strip()
    if limit <= 0:
        return ""
    kept = words[:limit]
    for word in reversed(kept[limit // 2 :]):
        if _SENTENCE_END.search(word.group()):
            return text[: word.end()].strip()
    return text[: kept[-1].end()].rstrip(" ,;:-—") + "…"


@dataclass(frozen=True)
class Section:
    """One STAR part: the sentences it may use, the first `required` always included."""

    label: str
    sentences: tuple[str, ...]
    required: int = 1


def _render(sections: list[tuple[str, list[str]]]) -> str:
    return "\n\n".join(f"{label}: {' '.join(lines)}" for label, lines in sections if lines)


def fit_sections(sections: list[Section], limit: int, extras: int) -> str:
    """Required sentences first, then up to `extras` more per section, round-robin, in budget."""
    chosen = [(s.label, list(s.sentences[: s.required])) for s in sections]
    text = _render(chosen)
    if word_count(text) > limit:
        # Keep all four parts visible: each gets an equal share of the words left after labels.
        share = max(1, (limit - len(sections)) // len(sections))
        squeezed = [(label, [trim_to_words(" ".join(lines), share)]) for label, lines in chosen]
        return trim_to_words(_render(squeezed), limit)
    for round_ in range(extras):
        for section, (_, lines) in zip(sections, chosen, strict=True):
            index = section.required + round_
            if index < len(section.sentences):
                lines.append(section.sentences[index])
                if word_count(_render(chosen)) > limit:
                    lines.pop()
    return _render(chosen)


def _as_action(highlight: str) -> str:
    """'Designed X.' -> 'I designed X.'; other phrasings become 'My work included ...'."""
    text = sentence(" ".join(highlight.split()[:30]))
    first = text.split(" ", 1)[0]
    lowered = text if first[1:2].isupper() else text[:1].lower() + text[1:]
    return f"I {lowered}" if _PAST_TENSE.match(first) else f"My work included {lowered}"


def star_sections(request: InterviewRequest, revision: Revision) -> list[Section]:
    """Situation, Task, Action, Result from the question's theme and the resume's latest job."""
    question = one_line(request.question, 2000)
    situation, task, result = next(
        ((s, t, r) for pattern, s, t, r in _THEMES if pattern.search(question)), _DEFAULT_THEME
    )
    analysis = request.resume.analysis if request.resume else None
    field = one_line(request.resume.predicted_field, 80) if request.resume else ""
    job = latest_job(analysis)
    job_role, job_company = (
        (one_line(job.role, 100), one_line(job.company, 100)) if job else ("", "")
    )
    where = " at ".join(p for p in (job_role, job_company) if p)
    highlights = [h for h in (job.highlights if job else []) if h.strip()]
    metric = next((h for h in highlights[1:] if re.search(r"\d", h)), None)
    actions = [_as_action(h) for h in highlights[:4] if h is not metric][:3] or [
        "I broke the work into steps and agreed priorities with everyone involved."
    ]
    skills = top_skills(analysis, 4)
    role = one_line(request.role, 100)
    company = one_line(request.company_name, 100)
    target = " at ".join(p for p in (f"the {role} role" if role else "", company) if p)
    focus = revision.focus
    action_lines = [actions[0]]
    if focus:
        action_lines.append(f"Throughout, I focused on {sentence(focus)}")
    if skills:
        action_lines.append(f"I relied on {join_words(skills)}.")
    action_lines.extend(actions[1:])
    result_lines = [f"As a result, {result}."]
    if revision.mention:
        result_lines.append(f"I would also mention {sentence(revision.mention)}")
    if target:
        result_lines.append(f"I would bring the same approach to {target}.")
    if metric:
        result_lines.append(f"In numbers: {sentence(metric[:1].lower() + metric[1:])}")
    return [
        Section(
            "Situation",
            (
                f"{'As ' + where if job_role else 'At ' + where}, I faced {situation}."
                if where
                else f"In a previous role, I faced {situation}.",
                *([f"It drew directly on my {field} background."] if field else []),
            ),
        ),
        Section("Task", (f"My task was to {task}.",)),
        Section("Action", tuple(action_lines), required=2 if focus else 1),
        Section("Result", tuple(result_lines)),
    ]


class BuiltinInterviewCoach:
    """Assembles a STAR answer from templates and the resume: offline and deterministic."""

    def answer_sync(self, request: InterviewRequest) -> str:
        """Never more than word_limit words; an unrecognised instruction keeps the old answer."""
        limit = max(1, request.word_limit)
        revision = read_instruction(request.instruction)
        previous = request.previous_answer
        if request.instruction and not revision.recognised and previous:
            return trim_to_words(previous, limit)
        if revision.shorter and previous:
            limit = min(limit, max(1, word_count(previous) * 2 // 3))
        extras = 0 if revision.shorter else 10 if revision.longer else 2
        return fit_sections(star_sections(request, revision), limit, extras)

    async def answer(self, request: InterviewRequest) -> str:
        """Cheap enough to run on the event loop."""
        return self.answer_sync(request)
