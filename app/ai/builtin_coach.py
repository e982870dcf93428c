"""The built-in interview coach: an answer to the question asked, assembled without a model.

The answer takes up the question's own words ("I improved the performance of a system"), names
the company, draws on the resume's experience or project that shares most with the question
(and on the candidate's notes), and never exceeds the word limit: its sentences are ranked, and
the most important ones are kept when the limit is tight. Behavioural questions get a labelled
Situation / Task / Action / Result answer; motivation and approach questions a direct one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.ai.builtin_writer import Revision, join_words, one_line, read_instruction, sentence
from app.ai.generation import InterviewRequest
from app.ai.questions import Question, read_question, theme
from app.ai.relevance import (
    Evidence,
    as_action,
    ask_terms,
    most_relevant,
    resume_skills,
    skills_in,
    terms,
)

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
STAR = ("Situation", "Task", "Action", "Result")
_NO_EVIDENCE = "I broke the work into steps and agreed priorities with everyone involved."


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
class Line:
    """One sentence of the answer: its part, and how much it matters (1 = most)."""

    part: str
    priority: int
    text: str


def _render(lines: list[Line], parts: tuple[str, ...], labelled: bool) -> str:
    paragraphs = []
    for part in parts:
        chosen = " ".join(line.text for line in lines if line.part == part)
        if chosen:
            paragraphs.append(f"{part}: {chosen}" if labelled else chosen)
    return "\n\n".join(paragraphs)


def fit(lines: list[Line], parts: tuple[str, ...], labelled: bool, limit: int, most: int) -> str:
    """The most important lines (priority up to `most`) that fit in `limit` words, in answer
    order; only the opening is ever shortened to fit (a cut sentence elsewhere reads badly)."""

    def render(chosen: dict[int, Line]) -> str:
        return _render([chosen[i] for i in sorted(chosen)], parts, labelled)

    candidates = [i for i, line in enumerate(lines) if line.priority <= most]
    kept: dict[int, Line] = {}
    for index in sorted(candidates, key=lambda i: (lines[i].priority, i)):
        line = lines[index]
        if word_count(render({**kept, index: line})) <= limit:
            kept[index] = line
            continue
        spare = limit - word_count(render(kept))
        if line.priority == 1 or not kept:  # the opening, shortened, rather than no answer
            short = Line(line.part, line.priority, trim_to_words(line.text, max(1, spare - 1)))
            if word_count(render({**kept, index: short})) <= limit:
                kept[index] = short
    if not kept and lines:  # a limit too small even for a label: the first line, bare
        return trim_to_words(lines[0].text, limit)
    return trim_to_words(render(kept), limit)


@dataclass(frozen=True)
class Context:
    """What every kind of answer draws on."""

    question: Question
    company: str
    target: str  # "the SRE role at Initech", "Initech", "the SRE role" or ""
    evidence: Evidence | None
    skills: list[str]
    field: str
    notes: str  # the candidate's note that shares most with the question
    notes_priority: int  # high when it shares words with the question


def _context(request: InterviewRequest) -> Context:
    question = read_question(request.question)
    analysis = request.resume.analysis if request.resume else None
    evidence = most_relevant(analysis, question.text)
    mine = resume_skills(analysis)
    asked = skills_in(question.text)
    wanted = [s for s in mine if s in asked]
    wanted += [s for s in (evidence.skills if evidence else ()) if s in mine and s not in wanted]
    role, company = one_line(request.role, 100), one_line(request.company_name, 100)
    notes = _best_note(request.user_knowledge, question.text)
    target = " at ".join(p for p in (f"the {role} role" if role else "", company) if p)
    return Context(
        question=question,
        company=company,
        target=target,
        evidence=evidence,
        skills=(wanted or mine)[:3],
        field=one_line(request.resume.predicted_field, 80) if request.resume else "",
        notes=notes,
        notes_priority=3 if ask_terms(question.text) & terms(notes) else 6,
    )


def _best_note(knowledge: str | None, question: str) -> str:
    """The sentence of the candidate's notes sharing most words with the question (else the
    first), as a sentence of its own."""
    notes = [one_line(n, 300) for n in _SENTENCES.split(knowledge or "") if n.strip()]
    if not notes:
        return ""
    asked = ask_terms(question)
    best = max(notes, key=lambda note: (len(asked & terms(note)), -notes.index(note)))
    return sentence(best[:1].upper() + best[1:])


def _where(evidence: Evidence | None) -> str:
    """'As Platform Engineer at Orbital Systems', 'At Orbital Systems', 'In my X project'."""
    if evidence is None:
        return ""
    if evidence.kind == "project":
        return f"In my {evidence.name} project"
    return f"As {evidence.where}" if evidence.role else f"At {evidence.company}"


def _proof(ctx: Context) -> str:
    """The resume's most relevant highlight, said where it happened."""
    evidence = ctx.evidence
    if evidence is None or not evidence.line:
        return ""
    action = as_action(evidence.line)
    where = _where(evidence)
    if not where:
        return action
    return f"{where}, {action if action.startswith('I ') else action[:1].lower() + action[1:]}"


def _optional(template: str, value: str) -> str:
    return template.format(value) if value else ""


def _behavioural(ctx: Context, revision: Revision) -> list[Line]:
    q = ctx.question
    situation, task, result, _ = theme(q.text)
    where = _where(ctx.evidence) or "In a previous role"
    if q.form == "verb" and q.ask:
        opening = f"{where}, I had to {q.ask}."
    elif q.form == "noun" and q.ask:
        opening = f"My example: {q.ask}, {where[:1].lower()}{where[1:]}."
    else:
        opening = f"{where}, {q.ask or 'I faced a situation like this'}."
    evidence = ctx.evidence
    lines = [
        Line("Situation", 1, sentence(opening)),
        Line("Situation", 8, situation),
        Line("Situation", 9, _optional("It drew directly on my {} background.", ctx.field)),
        Line("Task", 4, task),
        Line("Action", 3, as_action(evidence.line) if evidence and evidence.line else ""),
        Line("Action", 4, "" if evidence and evidence.line else _NO_EVIDENCE),
        Line("Action", ctx.notes_priority, ctx.notes),
        Line("Action", 2, _optional("Throughout, I focused on {}", sentence(revision.focus or ""))),
        Line(
            "Action", 7, _optional("I relied on {}.", join_words(ctx.skills) if ctx.skills else "")
        ),
        Line("Result", 5, f"As a result, {result}"),
        Line("Result", 3, _optional("I would also mention {}", sentence(revision.mention or ""))),
        Line("Result", 2, _optional("I would bring this to {}.", ctx.target)),
    ]
    return [line for line in lines if line.text]


def _motivation(ctx: Context, revision: Revision) -> list[Line]:
    role = ctx.target.split(" at ")[0] if ctx.target.startswith("the ") else ""
    if re.search(r"\bhire\b", ctx.question.text, re.I):
        opening = (
            f"I would be a strong hire for {ctx.target or 'this role'}: I bring hands-on "
            "experience, and I deliver."
        )
    elif ctx.company:
        opening = (
            f"I want to join {ctx.company}{' in ' + role if role else ''} because it is where "
            "my experience can make a real difference from day one."
        )
    else:
        opening = (
            f"I want {role or 'this role'} because it is where my experience can make a real "
            "difference from day one."
        )
    skills = join_words(ctx.skills) if ctx.skills else ""
    lines = [
        Line("Why", 1, opening),
        Line("Proof", 3, _proof(ctx)),
        Line("Proof", ctx.notes_priority, ctx.notes),
        Line("Proof", 2, _optional("Throughout, I focus on {}", sentence(revision.focus or ""))),
        Line("Proof", 4, _optional("I would bring {} to the team from the start.", skills)),
        Line(
            "Close",
            5,
            _optional("My background is in the {} field, and I want to grow in it.", ctx.field),
        ),
        Line("Close", 3, _optional("I would also mention {}", sentence(revision.mention or ""))),
        Line(
            "Close",
            6,
            _optional("That is why {} is where I want to take my next step.", ctx.company),
        ),
    ]
    return [line for line in lines if line.text]


def _approach(ctx: Context, revision: Revision) -> list[Line]:
    q = ctx.question
    _, _, _, steps = theme(q.text)
    if q.form == "verb" and q.ask:
        opening = f"To {q.ask}, I would first clarify what is needed and how we will know it works."
    elif q.form == "if" and q.ask:
        opening = f"{q.ask[:1].upper()}{q.ask[1:]}, I would first find out what happened and why."
    elif q.ask:
        opening = f"On {q.ask}, let me be concrete."
    else:
        opening = "Let me answer with how I work."
    skills = join_words(ctx.skills) if ctx.skills else ""
    lines = [
        Line("Plan", 1, opening),
        Line("Plan", 4, steps),
        Line(
            "Plan", 2, _optional("Throughout, I would focus on {}", sentence(revision.focus or ""))
        ),
        Line("Proof", 3, _proof(ctx)),
        Line("Proof", ctx.notes_priority, ctx.notes),
        Line("Proof", 6, _optional("I would use {}, which I know well.", skills)),
        Line("Close", 3, _optional("I would also mention {}", sentence(revision.mention or ""))),
        Line("Close", 2, _optional("I would bring this way of working to {}.", ctx.target)),
        Line(
            "Close", 7, "Finally, I would check the result and share what I learned with the team."
        ),
    ]
    return [line for line in lines if line.text]


class BuiltinInterviewCoach:
    """Answers from templates, the question's words and the resume: offline, deterministic."""

    def answer_sync(self, request: InterviewRequest) -> str:
        """Never more than word_limit words; an unrecognised instruction keeps the old answer."""
        limit = max(1, request.word_limit)
        revision = read_instruction(request.instruction)
        previous = request.previous_answer
        if request.instruction and not revision.recognised and previous:
            return trim_to_words(previous, limit)
        if revision.shorter and previous:
            limit = min(limit, max(1, word_count(previous) * 2 // 3))
        most = 5 if revision.shorter else 99 if revision.longer else 9
        ctx = _context(request)
        kind = ctx.question.kind
        if kind == "behavioural":
            return fit(_behavioural(ctx, revision), STAR, True, limit, most)
        lines = _motivation(ctx, revision) if kind == "motivation" else _approach(ctx, revision)
        parts = ("Why", "Plan", "Proof", "Close")
        return fit(lines, parts, False, limit, most)

    async def answer(self, request: InterviewRequest) -> str:
        """Cheap enough to run on the event loop."""
        return self.answer_sync(request)
